"""Text and null: NUL characters anywhere, text longer than its column in writes and in equality
filters, over-long search, and an explicit null for an input with no null meaning, are each
BAD_USER_INPUT naming the field, with nothing written."""

from __future__ import annotations

import pytest

from models.contact import Contact
from models.deal import Deal
from models.department import Department
from models.security import IpBlock, LoginAttempt, MailLog
from models.segment import Segment
from tests.hardening.written import snapshot
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

DEAL_UPDATE = "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }"
CONTACT_UPDATE = "mutation($input: ContactUpdateInput!) { contactUpdate(input: $input) { id } }"
CONTACTS = "query($f: ContactFilter) { contacts(filter: $f) { totalCount } }"


@pytest.mark.parametrize(
    ("query", "variables", "field"),
    [
        (
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
            {"e": "a\x00@example.com", "p": "whatever-password"},
            "e",
        ),
        (
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
            {"e": "a@example.com", "p": "pass\x00word"},
            "p",
        ),
        ("mutation($e: String!) { passwordResetRequest(email: $e) }", {"e": "x\x00@y.z"}, "e"),
        (
            "mutation($t: String!, $p: String!) { passwordReset(token: $t, newPassword: $p) }",
            {"t": "tok\x00en", "p": "a-long-enough-password"},
            "t",
        ),
        (
            "mutation($t: String!, $p: String!) { inviteAccept(token: $t, password: $p) "
            "{ accessToken } }",
            {"t": "token", "p": "a-long-\x00password"},
            "p",
        ),
    ],
)
async def test_a_nul_character_is_refused_even_signed_out(
    api: GraphQLClient, query: str, variables: dict[str, str], field: str
) -> None:
    before = await snapshot(LoginAttempt, MailLog)

    error = await api.error(query, variables)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert await snapshot(LoginAttempt, MailLog) == before


async def test_a_nul_character_in_a_write_is_refused_and_nothing_is_written(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    deal = await crm.deal(seller.user)
    before = await snapshot(Deal)

    error = await api.error(
        DEAL_UPDATE,
        {"input": {"id": crm.gid(deal), "title": "Big\x00deal"}},
        token=seller.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "input.title"}
    assert await snapshot(Deal) == before


async def test_a_nul_character_in_a_literal_is_refused(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")

    error = await api.error(
        '{ contacts(filter: {search: "a\\u0000b"}) { totalCount } }', token=seller.access_token
    )

    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_text_longer_than_its_column_is_refused_and_nothing_is_written(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    contact = await crm.contact(seller.user, first_name="Ada", last_name="Lovelace")
    deal = await crm.deal(seller.user)
    before = await snapshot(Contact, Deal)

    long_country = await api.error(
        CONTACT_UPDATE,
        {"input": {"id": crm.gid(contact), "country": "DEU"}},
        token=seller.access_token,
    )
    long_title = await api.error(
        DEAL_UPDATE,
        {"input": {"id": crm.gid(deal), "title": "x" * 256}},
        token=seller.access_token,
    )

    assert long_country["extensions"] == {"code": "BAD_USER_INPUT", "field": "country"}
    assert "at most 2 characters" in long_country["message"]
    assert long_title["extensions"] == {"code": "BAD_USER_INPUT", "field": "title"}
    assert "at most 255 characters" in long_title["message"]
    assert await snapshot(Contact, Deal) == before


async def test_an_equality_filter_longer_than_its_column_is_refused(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    await crm.contact(seller.user, country="DE")

    error = await api.error(CONTACTS, {"f": {"country": "DEU"}}, token=seller.access_token)
    fits = await api.ok(CONTACTS, {"f": {"country": "DE"}}, token=seller.access_token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "filter.country"}
    assert fits["contacts"]["totalCount"] == 1


async def test_search_text_beyond_the_limit_is_refused(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")

    error = await api.error(CONTACTS, {"f": {"search": "a" * 201}}, token=seller.access_token)
    fits = await api.ok(CONTACTS, {"f": {"search": "a" * 200}}, token=seller.access_token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "filter.search"}
    assert fits["contacts"]["totalCount"] == 0


@pytest.mark.parametrize("attr", ["title", "stageId", "amount", "currency", "status"])
async def test_an_explicit_null_without_a_meaning_is_refused_and_nothing_is_written(
    api: GraphQLClient, attr: str
) -> None:
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user)
    before = await snapshot(Deal)

    error = await api.error(
        DEAL_UPDATE, {"input": {"id": crm.gid(deal), attr: None}}, token=owner.access_token
    )

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == attr
    assert await snapshot(Deal) == before


async def test_a_segment_with_a_filter_that_cannot_run_is_not_saved(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    before = await snapshot(Segment)

    error = await api.error(
        "mutation($input: SegmentInput!) { segmentCreate(input: $input) { id count } }",
        {"input": {"name": "Germans", "filter": {"country": "DEU"}}},
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "filter.country"}
    assert await snapshot(Segment) == before


async def test_text_beyond_its_column_in_an_admin_write_is_refused(api: GraphQLClient) -> None:
    """Writes that map their input themselves (departments, IP blocks) meet the same column
    limits, checked on the row before it is saved."""
    owner = await signed_in(api, "owner")
    before = await snapshot(Department, IpBlock)

    department = await api.error(
        "mutation($input: DepartmentCreateInput!) { departmentCreate(input: $input) { id } }",
        {"input": {"name": "D" * 101}},
        token=owner.access_token,
    )
    block = await api.error(
        "mutation($ip: String!, $reason: String!) { ipBlock(ip: $ip, reason: $reason) { ip } }",
        {"ip": "203.0.113.9", "reason": "r" * 256},
        token=owner.access_token,
    )

    assert department["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    assert block["extensions"] == {"code": "BAD_USER_INPUT", "field": "reason"}
    assert await snapshot(Department, IpBlock) == before


async def test_a_sign_in_with_an_address_longer_than_any_account_is_refused(
    api: GraphQLClient,
) -> None:
    before = await snapshot(LoginAttempt)

    error = await api.error(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
        {"e": "a" * 300 + "@example.com", "p": "whatever-password"},
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}
    assert await snapshot(LoginAttempt) == before
