"""A filter by a related record the caller cannot see answers exactly as one by an id that does
not exist: no count, no rows, no error that tells the record exists.

The walk reads every list spec's filters, so a new filter by a Company, Contact or Deal id is
covered (and must declare ``related``) without editing this test.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from models.access.catalogue import CATALOGUE
from resolvers import list_specs
from resolvers.lists import FilterKey, ListSpec
from schema.types.node import to_global_id
from tests.support import crm
from tests.support.accounts import make_user, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

# The related types a filter can name that have row scope, and how to arrange one.
SCOPED_TYPES = {"Company": "company", "Contact": "contact", "Deal": "deal"}
LIST_FIELDS = {
    "company": "companies",
    "contact": "contacts",
    "deal": "deals",
    "activity": "activities",
}
ARRANGE = {
    "company": crm.company,
    "contact": crm.contact,
    "deal": crm.deal,
    "activity": crm.activity,
}


def _specs() -> list[ListSpec]:
    return [v for v in vars(list_specs).values() if isinstance(v, ListSpec)]


def _expected_type(key: FilterKey) -> str | None:
    convert = key.convert
    return convert.keywords.get("expected") if isinstance(convert, partial) else None


def _relation_filters() -> list[tuple[ListSpec, str, FilterKey]]:
    return [
        (spec, attr, key)
        for spec in _specs()
        for attr, key in spec.filters.items()
        if _expected_type(key) in SCOPED_TYPES
    ]


def _camel(attr: str) -> str:
    head, *rest = attr.split("_")
    return head + "".join(part.title() for part in rest)


def test_every_filter_by_a_scoped_record_declares_it() -> None:
    undeclared = [
        f"{spec.obj}.{attr}" for spec, attr, key in _relation_filters() if key.related is None
    ]
    assert undeclared == []
    assert len(_relation_filters()) >= 6


@pytest.mark.parametrize(
    ("spec", "attr", "key"),
    _relation_filters(),
    ids=[f"{s.obj}.{a}" for s, a, _ in _relation_filters()],
)
async def test_a_hidden_related_record_answers_as_a_missing_one(
    api: GraphQLClient, spec: ListSpec, attr: str, key: FilterKey
) -> None:
    owner = (await make_user("owner", department="Board")).user
    elsewhere = await crm.department("Board")
    # A role that reads only its own records of every kind involved.
    role = await custom_role(
        "Own only",
        20,
        {
            obj: grant(["read"], "own", "own", {f: "read" for f in CATALOGUE.objects[obj].fields})
            for obj in ARRANGE
        },
    )
    seller = await signed_in(api, role)
    related_obj = SCOPED_TYPES[str(_expected_type(key))]
    # Not the seller's, not in the seller's department: outside every scope it has.
    hidden = await ARRANGE[related_obj](owner, elsewhere)
    values: dict[str, Any] = {key.lookup: hidden.id}
    # A row the seller does see, linked to the hidden record.
    await ARRANGE[spec.obj](seller.user, None, **values)
    query = (
        f"query($id: ID!) {{ {LIST_FIELDS[spec.obj]}(filter: {{{_camel(attr)}: $id}}) "
        "{ totalCount edges { node { id } } } }"
    )
    missing = to_global_id(str(_expected_type(key)), hidden.id + 1000)

    by_hidden = await api.execute(query, {"id": crm.gid(hidden)}, token=seller.access_token)
    by_missing = await api.execute(query, {"id": missing}, token=seller.access_token)

    assert by_hidden.errors == by_missing.errors == []
    assert by_hidden.data == by_missing.data
    assert by_hidden.data[LIST_FIELDS[spec.obj]]["totalCount"] == 0  # type: ignore[index]
