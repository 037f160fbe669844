"""The demo company that `make run` serves: every role template can sign in and see itself."""

from __future__ import annotations

from auth.role_templates import TEMPLATES
from models import Company, Contact, Deal
from server.demo_data import DEMO_PASSWORD, demo_loaded, load_demo
from tests.support.accounts import LOGIN
from tests.support.graphql import GraphQLClient


async def test_every_demo_user_signs_in_with_their_role(api: GraphQLClient) -> None:
    summary = await load_demo(companies=5, contacts=20, deals=15)
    for (role_name, email), template in zip(summary.users, TEMPLATES, strict=True):
        token = (await api.ok(LOGIN, {"email": email, "password": DEMO_PASSWORD}))["login"][
            "accessToken"
        ]
        me = await api.ok("query { me { role { name level } } }", token=token)
        assert me["me"]["role"] == {"name": role_name, "level": template.level}


async def test_the_demo_holds_customers_and_deals_and_loads_once(api: GraphQLClient) -> None:
    assert not await demo_loaded()
    await load_demo(companies=5, contacts=20, deals=15)
    assert await demo_loaded()
    assert (await Company.all().count(), await Contact.all().count()) == (5, 20)
    assert await Deal.filter(stage__pipeline__name="Sales").count() == 15
