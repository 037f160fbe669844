"""The generated pages of the documentation site (docs/, built by MkDocs Material).

Outside the application, like benchmarks/: it reads models/, schema and server settings and
writes Markdown. `python -m docs_gen` rewrites the pages (`make docs-generate`);
`python -m docs_gen --check` lists the ones that differ (tests/docs/test_generated_pages.py).
"""
