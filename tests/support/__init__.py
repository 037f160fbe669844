"""Test helpers: a GraphQL client, a live server, SQL counting, private services for fault tests."""
