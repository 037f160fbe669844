"""Who may do and see what: the catalogue of objects and fields, role policies, principals and
the gate that decides. Domain code: it imports models only, never the request side of auth/."""
