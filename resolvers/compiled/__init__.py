"""Reads compiled to SQL (issue 16, part 1): a connection root field's selection answered by one
statement whose result the database builds as JSON (docs/architecture.md, "Reads compiled to
SQL").

One module per concern, read in this order:
- ``selection``: the field's selection from graphql-core's public AST (fragments, @skip/@include);
- ``plan``: selection + record declarations + the caller's access -> a plan, or None (the plain
  path answers);
- ``dialect``: the SQL pieces PostgreSQL and SQLite spell differently;
- ``sql``: plan + the list builder's prepared statement -> one statement;
- ``response``: the statement's JSON -> the field's data and errors, as the plain path gives them;
- ``reads``: the entry the root resolvers call, behind the ``compiled_reads`` switch.
"""
