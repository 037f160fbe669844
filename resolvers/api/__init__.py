"""The GraphQL vocabulary the resolvers speak: the inputs, filters, orders and enums their
arguments are made of, and the few plain value types they build (Money, a custom field's
definition, a permission matrix).

It sits below the resolver modules so that they can name these types without importing
schema/: what reaches the client (record types, connections, payloads) is declared in schema/,
which imports downward. Nothing here calls a resolver.
"""
