"""The common tasks page (docs/api/examples.md) does what it says: its operations, as written,
sign in, list, move a deal, and a pipelineEvents subscription resumed with `after` replays the
move it missed."""

from __future__ import annotations

import re
from pathlib import Path

from server.demo_data import DEMO_PASSWORD, load_demo
from tests.support.doc_steps import graphql_blocks
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import subscribed

PAGE = Path(__file__).resolve().parents[2] / "docs" / "api" / "examples.md"
NAME = re.compile(r"^(?:query|mutation|subscription) (\w+)", re.M)
OPERATIONS = {
    match.group(1): block
    for block in graphql_blocks(PAGE.read_text())
    if (match := NAME.search(block))
}
PIPELINES = "query { pipelines { id stages { id name } } }"


async def _sign_in(api: GraphQLClient) -> str:
    data = await api.ok(
        OPERATIONS["SignIn"],
        {"email": "manager@demo.tandem.test", "password": DEMO_PASSWORD},
    )
    refreshed = await api.ok(OPERATIONS["Refresh"], {"refreshToken": data["login"]["refreshToken"]})
    return str(refreshed["tokenRefresh"]["accessToken"])


async def test_the_listed_deals_are_open_in_the_pipeline_and_largest_first(
    api: GraphQLClient,
) -> None:
    await load_demo(companies=5, contacts=20, deals=40)
    token = await _sign_in(api)
    pipeline = (await api.ok(PIPELINES, token=token))["pipelines"][0]
    data = await api.ok(OPERATIONS["OpenDeals"], {"pipeline": pipeline["id"]}, token=token)
    amounts = [float(e["node"]["amount"]["amount"]) for e in data["deals"]["edges"]]
    assert amounts, "the demo has open deals above 10000 in the Sales pipeline"
    assert amounts == sorted(amounts, reverse=True)
    assert min(amounts) >= 10000


async def test_a_subscription_resumed_after_its_last_cursor_replays_the_move_it_missed(
    api: GraphQLClient, ws_url: str
) -> None:
    await load_demo(companies=5, contacts=20, deals=40)
    token = await _sign_in(api)
    pipeline = (await api.ok(PIPELINES, token=token))["pipelines"][0]
    stages = [s["id"] for s in pipeline["stages"]]
    listed = await api.ok(OPERATIONS["OpenDeals"], {"pipeline": pipeline["id"]}, token=token)
    deal = listed["deals"]["edges"][0]["node"]
    move = OPERATIONS["MoveDeal"]
    board = OPERATIONS["Board"]
    variables = {"pipeline": pipeline["id"], "after": None}

    async with subscribed(ws_url, token, board, variables) as heard:
        # markCaughtUp without `after`: the marker comes at once, before anything live.
        assert (await heard.next())["pipelineEvents"]["kind"] == "CAUGHT_UP"
        moved = await api.ok(
            move,
            {"id": deal["id"], "stage": stages[1], "position": 0, "version": deal["version"]},
            token=token,
        )
        first = (await heard.next())["pipelineEvents"]
    assert (first["recordId"], first["record"]["stage"]["id"]) == (deal["id"], stages[1])

    # While nobody listens, the deal moves again.
    version = moved["dealMove"]["version"]
    await api.ok(
        move,
        {"id": deal["id"], "stage": stages[2], "position": 0, "version": version},
        token=token,
    )
    resumed = {**variables, "after": first["cursor"]}
    async with subscribed(ws_url, token, board, resumed) as heard:
        events = [(await heard.next())["pipelineEvents"] for _ in range(2)]
    # The move comes replayed, then CAUGHT_UP; or, when the server had not yet relayed it as
    # the subscription began, CAUGHT_UP and then the move, live.
    (replayed,) = [e for e in events if e["kind"] != "CAUGHT_UP"]
    assert "CAUGHT_UP" in {e["kind"] for e in events}
    assert replayed["recordId"] == deal["id"]
    assert replayed["record"]["stage"]["id"] == stages[2]
    assert replayed["cursor"] != first["cursor"]


async def test_a_move_with_a_stale_version_is_a_conflict_naming_the_current_one(
    api: GraphQLClient,
) -> None:
    await load_demo(companies=5, contacts=20, deals=40)
    token = await _sign_in(api)
    pipeline = (await api.ok(PIPELINES, token=token))["pipelines"][0]
    listed = await api.ok(OPERATIONS["OpenDeals"], {"pipeline": pipeline["id"]}, token=token)
    deal = listed["deals"]["edges"][0]["node"]
    target = {"id": deal["id"], "position": 0, "version": deal["version"]}
    await api.ok(
        OPERATIONS["MoveDeal"], {**target, "stage": pipeline["stages"][1]["id"]}, token=token
    )

    error = await api.error(
        OPERATIONS["MoveDeal"], {**target, "stage": pipeline["stages"][2]["id"]}, token=token
    )

    assert error["extensions"]["code"] == "CONFLICT"
    assert error["extensions"]["currentVersion"] == deal["version"] + 1
    again = await api.ok(
        f'query {{ node(id: "{deal["id"]}") {{ ... on Deal {{ stage {{ id }} }} }} }}', token=token
    )
    assert again["node"]["stage"]["id"] == pipeline["stages"][1]["id"]
