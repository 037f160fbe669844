"""A mobile-style client: keeps a local copy of the deals it may see, in sync, across restarts.

First run: pages through `deals` (cursor pagination) and remembers the newest event cursor.
Every run after: subscribes to `recordEvents(after: <saved cursor>)`, so the changes made while
it was away are replayed first and then arrive live, with no gap and nothing twice. The local
copy is a JSON file; only fields the signed-in role may read ever reach it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import httpx
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken }
}"""
PAGE = """query($after: String) {
  deals(first: 200, after: $after, orderBy: [{ field: CREATED_AT, direction: ASC }]) {
    edges { node { id title status } }
    pageInfo { hasNextPage endCursor }
  }
}"""
EVENTS = """subscription($after: String) {
  recordEvents(objects: [DEAL], after: $after) {
    cursor kind recordId record { ... on Deal { id title status } }
  }
}"""


def graphql(client: httpx.Client, query: str, variables: dict[str, Any], token: str | None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    data = body.json()
    if data.get("errors"):
        error = data["errors"][0]
        sys.exit(f"{error['extensions'].get('code')}: {error['message']}")
    return data["data"]


def full_load(client: httpx.Client, token: str) -> dict[str, dict[str, Any]]:
    deals: dict[str, dict[str, Any]] = {}
    after = None
    while True:
        page = graphql(client, PAGE, {"after": after}, token)["deals"]
        deals.update({edge["node"]["id"]: edge["node"] for edge in page["edges"]})
        if not page["pageInfo"]["hasNextPage"]:
            return deals
        after = page["pageInfo"]["endCursor"]


async def follow(url: str, token: str, state: dict[str, Any], store: Path, limit: int) -> None:
    transport = WebsocketsTransport(
        url=url.replace("http", "ws", 1) + "/graphql",
        init_payload={"Authorization": f"Bearer {token}"},
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )
    request = gql(EVENTS)
    request.variable_values = {"after": state["cursor"]}
    seen = 0
    async with Client(transport=transport) as session:
        async for result in session.subscribe(request):
            event = result["recordEvents"]
            if event["kind"] in ("DELETED", "LEFT_VIEW"):
                # LEFT_VIEW carries no record: the viewer may no longer see it, so it is
                # dropped like a deletion rather than kept as a null or a stale copy.
                state["deals"].pop(event["recordId"], None)
            else:
                state["deals"][event["recordId"]] = event["record"]
            # Saved after every event: a crash resumes exactly here.
            state["cursor"] = event["cursor"]
            await asyncio.to_thread(store.write_text, json.dumps(state, indent=1))
            print(
                f"{event['cursor']} {event['kind'].lower()} {event['record'] or event['recordId']}"
            )
            seen += 1
            if limit and seen >= limit:
                return


def default_url() -> str:
    """TANDEM_URL, else where `tandem demo` listens: TANDEM_HOST / TANDEM_PORT as the server
    reads them (127.0.0.1:8000 by default; 0.0.0.0 is reached at localhost)."""
    if os.environ.get("TANDEM_URL"):
        return os.environ["TANDEM_URL"].rstrip("/")
    host = os.environ.get("TANDEM_HOST", "127.0.0.1")
    host = "localhost" if host in ("0.0.0.0", "::", "") else host
    return f"http://{host}:{os.environ.get('TANDEM_PORT', '8000')}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=default_url(), help="default: TANDEM_URL")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--store", type=Path, default=Path("deals-sync.json"))
    parser.add_argument("--events", type=int, default=0, help="stop after this many (0: never)")
    args = parser.parse_args()
    with httpx.Client(base_url=args.url, timeout=10) as client:
        token = graphql(client, LOGIN, {"email": args.email, "password": args.password}, None)[
            "login"
        ]["accessToken"]
        if args.store.exists():
            state = json.loads(args.store.read_text())
        else:
            # "0" replays every kept event after the load; applying one twice is harmless.
            state = {"cursor": "0", "deals": full_load(client, token)}
            args.store.write_text(json.dumps(state, indent=1))
            print(f"loaded {len(state['deals'])} deals")
    asyncio.run(follow(args.url, token, state, args.store, args.events))


if __name__ == "__main__":
    main()
