"""The root fields of Query, Mutation and Subscription, by area; schema/schema.py joins them."""
