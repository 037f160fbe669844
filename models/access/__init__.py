"""Who may do and see what: the catalogue of objects and fields, role policies, principals, the
gate that decides, and the per-record-type access object (records.py) through which everything
above the domain asks it. Domain code: it imports models only, never the request side of auth/."""
