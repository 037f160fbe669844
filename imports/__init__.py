"""Imports of large files: rows streamed from CSV or XLSX, never the whole file in memory."""
