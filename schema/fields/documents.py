"""Root fields of sales documents: quotes and orders."""

from __future__ import annotations

import strawberry

from resolvers import orders, quotes
from schema.types.connection import Connection
from schema.types.documents import Order, Quote

DOCUMENTS_QUERY = {
    "quotes": strawberry.field(
        quotes.quotes, graphql_type=Connection[Quote], description="Quotes the caller may see"
    ),
    "orders": strawberry.field(
        orders.orders,
        graphql_type=Connection[Order],
        description="Orders the caller may see; a contact's or company's history by filter",
    ),
}

DOCUMENTS_MUTATION = {
    "quote_create": strawberry.mutation(quotes.quote_create, graphql_type=Quote),
    "quote_update": strawberry.mutation(quotes.quote_update, graphql_type=Quote),
    "quote_send": strawberry.mutation(
        quotes.quote_send, graphql_type=Quote, description="Mark a draft quote sent"
    ),
    "quote_accept": strawberry.mutation(
        quotes.quote_accept,
        graphql_type=Order,
        description="Accept a sent quote: returns the order it creates",
    ),
    "quote_reject": strawberry.mutation(quotes.quote_reject, graphql_type=Quote),
    "order_create": strawberry.mutation(orders.order_create, graphql_type=Order),
}
