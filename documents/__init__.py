"""Sales documents as files: a quote, order, invoice or credit note as PDF (HTML/CSS templates
rendered by WeasyPrint) or XLSX (openpyxl), in the customer's language, with the company's
branding, showing only what the caller's role may read (docs/architecture.md, "Documents")."""
