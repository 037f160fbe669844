"""The GraphQL schema: Strawberry types, inputs, the permission extension, error mapping."""
