"""Thin query, mutation and subscription functions: parse input, ask the caller's access
(info.context.access(obj), models/access/records.py), call the domain."""
