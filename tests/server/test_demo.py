"""The demo company that `make run` serves: every role template can sign in and see itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from models import Company, Contact, Deal
from models.access.role_templates import TEMPLATES
from server import cli as cli_module
from server.demo_data import DEMO_PASSWORD, demo_loaded, load_demo
from server.settings import Settings
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


def test_every_start_of_the_demo_prints_its_users_and_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TANDEM_DATABASE_URL", f"sqlite://{tmp_path / 'demo.sqlite3'}")
    monkeypatch.setenv("TANDEM_BROADCAST_URL", "memory://")
    monkeypatch.chdir(tmp_path)  # no stray .env file from the developer's checkout
    served: list[Settings] = []
    monkeypatch.setattr(cli_module, "_serve", served.append)
    runner = CliRunner()
    outputs = [runner.invoke(cli_module.cli, ["demo"]) for _ in range(2)]
    assert [r.exit_code for r in outputs] == [0, 0]
    assert len(served) == 2
    first, second = (r.output for r in outputs)
    assert "demo data already loaded" in second
    for out in (first, second):
        assert DEMO_PASSWORD in out
        for template in TEMPLATES:
            assert f"{template.key.replace('_', '.')}@demo.tandem.test" in out
