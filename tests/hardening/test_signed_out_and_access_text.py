"""Text the generated inputs found reaching the ORM: an over-long address on the signed-out
reset request, and IP block arguments that are no address (the lock key built from them
was longer than its column)."""

from __future__ import annotations

import pytest

from models.security import IpBlock
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

RESET = "mutation($e: String!) { passwordResetRequest(email: $e) }"


async def test_an_address_longer_than_any_account_is_bad_input(api: GraphQLClient) -> None:
    error = await api.error(RESET, {"e": "a" * 600 + "@acme.test"})

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "email"


@pytest.mark.parametrize("mutation", ["ipBlock", "ipUnblock"])
@pytest.mark.parametrize("ip", ["1" * 590, "not an address", "300.1.1.1", ""])
async def test_an_ip_argument_that_is_no_address_is_bad_input(
    api: GraphQLClient, mutation: str, ip: str
) -> None:
    owner = await signed_in(api, "owner")
    selection = " { ip }" if mutation == "ipBlock" else ""

    error = await api.error(
        f"mutation($ip: String!) {{ {mutation}(ip: $ip){selection} }}",
        {"ip": ip},
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "ip"}
    assert await IpBlock.all().count() == 0


async def test_an_ipv6_block_is_stored_in_normal_form(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    data = await api.ok(
        'mutation { ipBlock(ip: " 2001:DB8::0:1 ") { ip } }', token=owner.access_token
    )

    assert data["ipBlock"]["ip"] == "2001:db8::1"
