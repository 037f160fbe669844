"""`tandem demo --language es`: the demo company's labels and users in Spanish."""

from __future__ import annotations

from typer.testing import CliRunner

from models import Deal, Department, Pipeline
from server import cli as cli_module
from server.demo_data import DEMO_PASSWORD, load_demo
from tests.support.accounts import LOGIN
from tests.support.graphql import GraphQLClient

STAGES = "query { pipelines { name stages { name } } }"


async def test_a_spanish_demo_has_spanish_labels_and_spanish_users(api: GraphQLClient) -> None:
    summary = await load_demo(companies=3, contacts=6, deals=8, language="es")
    role_name, email = summary.users[0]
    token = (await api.ok(LOGIN, {"email": email, "password": DEMO_PASSWORD}))["login"][
        "accessToken"
    ]

    me = await api.ok("query { me { name locale role { name } } }", token=token)
    pipelines = await api.ok(STAGES, token=token)
    refused = await api.error('query { node(id: "not-an-id") { id } }', token=token)

    assert role_name == "Propietario"
    assert me["me"] == {
        "name": "Propietario de demostración",
        "locale": "es",
        "role": {"name": "Propietario"},
    }
    sales = next(p for p in pipelines["pipelines"] if p["name"] == "Ventas")
    assert [s["name"] for s in sales["stages"]] == [
        "Nueva",
        "Cualificada",
        "Propuesta",
        "Negociación",
        "Ganada",
        "Perdida",
    ]
    assert {d.name for d in await Department.all()} >= {"Ventas", "Marketing", "Soporte"}
    assert await Pipeline.filter(name="Alianzas").exists()
    titles = [d.title for d in await Deal.all()]
    assert titles and all(" para " in title for title in titles)
    assert (refused["message"], refused["extensions"]) == (
        "No existe ese registro",
        {"code": "NOT_FOUND"},
    )


def test_a_demo_language_tandem_does_not_speak_is_refused() -> None:
    result = CliRunner().invoke(cli_module.cli, ["demo", "--language", "de"])

    assert result.exit_code == 2
    assert "one of en, es, fr" in result.output
