"""Exports: any list of records as CSV or XLSX, as the caller may see it, streamed in batches.

Domain code: no GraphQL here. ``service.Export`` takes the caller's access to an object
(models/access/records.py) and a checked filter (a Tortoise Q); ``columns`` says what each
object exports and which columns a caller gets; ``rows`` reads keyset batches; ``formats``
writes them. The HTTP endpoint is server/exports.py.
"""
