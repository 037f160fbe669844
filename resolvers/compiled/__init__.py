"""Reads compiled to SQL (issue 16, part 1): a connection root field's selection answered by one
statement whose result the database builds as JSON (docs/architecture.md, "Reads compiled to
SQL").

One module per concern, read in this order:
- ``selection``: the field's selection from graphql-core's public AST (fragments, @skip/@include);
- ``items``: what a plan is made of (per response key: a column, money, a refusal, a relation);
- ``values``: a column's JSON value back as the row's Python value and the scalar's;
- ``plan``: selection + record declarations + the caller's access -> a plan, or Unsupported
  (the plain path answers);
- ``many``: to-many relations (a pipeline's stages, nested connections' first pages) and the
  parts of a record (a Stage);
- ``dialect``: the SQL pieces PostgreSQL and SQLite spell differently;
- ``sql``: plan + the list builder's prepared statement -> one statement;
- ``response``: the statement's JSON -> the field's data and errors, as the plain path gives them;
- ``reads``: the entry the root connection resolvers call, behind the ``compiled_reads`` switch;
- ``list_reads``: the same for a root list (``pipelines``: the board).
"""
