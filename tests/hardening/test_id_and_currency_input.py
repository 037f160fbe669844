"""Global ids whose key no table can hold are NOT_FOUND on every path that takes an id; a
currency that is not ISO 4217 is BAD_USER_INPUT. Nothing is written either way."""

from __future__ import annotations

import base64

import pytest

from models.deal import Deal
from models.task import Task
from tests.hardening.written import snapshot
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient


def raw_id(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


OUT_OF_RANGE = ["99999999999999999999", "9223372036854775808", "-1", "0"]


@pytest.mark.parametrize("key", OUT_OF_RANGE)
async def test_node_answers_not_found(api: GraphQLClient, key: str) -> None:
    seller = await signed_in(api, "salesperson")

    one = await api.execute(
        "query($id: ID!) { node(id: $id) { id } }",
        {"id": raw_id(f"Deal:{key}")},
        token=seller.access_token,
    )
    many = await api.execute(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [raw_id(f"Deal:{key}")]},
        token=seller.access_token,
    )

    assert one.codes == ["NOT_FOUND"]
    assert many.codes == ["NOT_FOUND"]
    assert many.data == {"nodes": [None]}


@pytest.mark.parametrize("key", OUT_OF_RANGE)
async def test_a_filter_answers_not_found(api: GraphQLClient, key: str) -> None:
    seller = await signed_in(api, "salesperson")

    result = await api.execute(
        "query($f: ActivityFilter) { activities(filter: $f) { totalCount } }",
        {"f": {"dealId": raw_id(f"Deal:{key}")}},
        token=seller.access_token,
    )

    assert result.codes == ["NOT_FOUND"]


@pytest.mark.parametrize("key", OUT_OF_RANGE)
async def test_mutations_answer_not_found_and_write_nothing(api: GraphQLClient, key: str) -> None:
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user)
    before = await snapshot(Deal, Task)

    update = await api.execute(
        "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }",
        {"input": {"id": raw_id(f"Deal:{key}"), "title": "x"}},
        token=owner.access_token,
    )
    delete = await api.execute(
        "mutation($id: ID!) { dealDelete(id: $id) }",
        {"id": raw_id(f"Deal:{key}")},
        token=owner.access_token,
    )
    linked = await api.execute(
        "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }",
        {"input": {"id": crm.gid(deal), "contactId": raw_id(f"Contact:{key}")}},
        token=owner.access_token,
    )
    task = await api.execute(
        "mutation($input: TaskCreateInput!) { taskCreate(input: $input) { id } }",
        {"input": {"title": "Call", "linkedRecordId": raw_id(f"Deal:{key}")}},
        token=owner.access_token,
    )

    assert update.codes == ["NOT_FOUND"]
    assert delete.codes == ["NOT_FOUND"]
    assert linked.codes == ["NOT_FOUND"]
    assert task.codes == ["NOT_FOUND"]
    assert await snapshot(Deal, Task) == before


@pytest.mark.parametrize("currency", ["XYZ", "ABC", "E1R"])
async def test_a_currency_that_is_not_iso_4217_is_refused(
    api: GraphQLClient, currency: str
) -> None:
    seller = await signed_in(api, "salesperson")
    deal = await crm.deal(seller.user)
    before = await snapshot(Deal)

    error = await api.error(
        "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }",
        {"input": {"id": crm.gid(deal), "currency": currency}},
        token=seller.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "currency"}
    assert await snapshot(Deal) == before


async def test_an_iso_4217_currency_is_accepted_in_any_case(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    deal = await crm.deal(seller.user)

    data = await api.ok(
        "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { amount { currency } } }",
        {"input": {"id": crm.gid(deal), "currency": "jpy"}},
        token=seller.access_token,
    )

    assert data["dealUpdate"]["amount"]["currency"] == "JPY"


async def test_a_forged_cursor_beyond_the_key_range_is_refused(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    await crm.deal(seller.user)
    forged = base64.urlsafe_b64encode(
        b'[["createdAt","id"],["2026-01-01T00:00:00+00:00",99999999999999999999]]'
    ).decode()

    error = await api.error(
        "query($after: String) { deals(after: $after) { totalCount } }",
        {"after": forged},
        token=seller.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}
