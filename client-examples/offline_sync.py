"""A mobile-style client: keeps a local copy of the deals it may see, in sync, across restarts,
and lets you edit deals while offline.

First run: pages through `deals` (cursor pagination). Every run after: sends the edits queued
while offline (`dealUpdate` with `expectedVersion`: the version each edit was based on) and
reports the conflicts, then subscribes to `recordEvents(after: <saved cursor>, markCaughtUp:
true)`: the changes made while it was away are replayed first, applied to a copy and shown only
when the server says `CAUGHT_UP`, so a value the replay replaces is never shown; then changes
arrive live. The local copy (the server's deals as last seen, the cursor, the queued edits) is
one JSON file; only fields the signed-in role may read ever reach it.

    offline_sync.py --store deals.json --edit <deal id> title=Crates status=WON   # offline
    offline_sync.py --store deals.json --email ... --password ... --once          # back online
"""

from __future__ import annotations

import argparse
import asyncio
import copy
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
    edges { node { id title status version } }
    pageInfo { hasNextPage endCursor }
  }
}"""
EVENTS = """subscription($after: String) {
  recordEvents(objects: [DEAL], after: $after, markCaughtUp: true) {
    cursor kind recordId record { ... on Deal { id title status version } }
  }
}"""
UPDATE = """mutation($input: DealUpdateInput!) {
  dealUpdate(input: $input) { id title status version }
}"""
CURRENT = "query($id: ID!) { node(id: $id) { ... on Deal { id title status version } } }"


def post(client: httpx.Client, query: str, variables: dict[str, Any], token: str | None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    return body.json()


def graphql(client: httpx.Client, query: str, variables: dict[str, Any], token: str | None) -> Any:
    data = post(client, query, variables, token)
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


def save(store: Path, state: dict[str, Any]) -> None:
    # Written whole to a side file, then renamed over the store: a crash leaves one or the other.
    partial = store.with_name(store.name + ".partial")
    partial.write_text(json.dumps(state, indent=1))
    partial.replace(store)


def shown(state: dict[str, Any], deal_id: str) -> dict[str, Any]:
    """A deal as the user sees it: the server's copy with the edits still queued for it."""
    pending = [e["values"] for e in state.get("queue", []) if e["dealId"] == deal_id]
    return {**state["deals"][deal_id], **{k: v for values in pending for k, v in values.items()}}


def render(state: dict[str, Any]) -> None:
    """What the screen shows: every deal, one line each, after a catch-up."""
    print(f"caught up at {state['cursor']}: {len(state['deals'])} deals")
    for deal_id in state["deals"]:
        print("show " + json.dumps(shown(state, deal_id), sort_keys=True))


def queue_edit(state: dict[str, Any], deal_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Queue an edit made offline. It is based on the version of the local copy; a second edit
    of the same deal joins the first, so both go as one change of that version."""
    if deal_id not in state["deals"]:
        sys.exit(f"NOT_FOUND: no deal {deal_id} in the local copy")
    queue = state.setdefault("queue", [])
    for edit in queue:
        if edit["dealId"] == deal_id:
            edit["values"].update(values)
            return edit
    edit = {"dealId": deal_id, "basedOn": state["deals"][deal_id]["version"], "values": values}
    queue.append(edit)
    return edit


def send_queue(
    client: httpx.Client, token: str, state: dict[str, Any], store: Path
) -> list[dict[str, Any]]:
    """Send the queued edits, oldest first, each with the version it was based on. Returns one
    report per edit: applied, conflict (with the deal as it is now: nothing was written) or
    failed (another error). Each edit leaves the queue once answered, so a conflict or a
    failure loses none of the others; a dropped connection keeps the rest for the next run."""
    reports = []
    while state.get("queue"):
        edit = state["queue"][0]
        update = {"id": edit["dealId"], "expectedVersion": edit["basedOn"], **edit["values"]}
        try:
            answer = post(client, UPDATE, {"input": update}, token)
        except httpx.TransportError as lost:
            print(f"offline ({lost.__class__.__name__}): {len(state['queue'])} edits kept")
            break
        report: dict[str, Any] = {"dealId": edit["dealId"], "yours": edit["values"]}
        errors = answer.get("errors")
        code = errors[0]["extensions"].get("code") if errors else None
        if not errors:
            deal = answer["data"]["dealUpdate"]
            report.update(outcome="applied", version=deal["version"])
            keep(state["deals"], deal)
        elif code == "CONFLICT":
            # Someone changed the deal since the edit's version: show both, let the user choose.
            now = post(client, CURRENT, {"id": edit["dealId"]}, token).get("data") or {}
            report.update(outcome="conflict", basedOn=edit["basedOn"], current=now.get("node"))
            if now.get("node"):
                keep(state["deals"], now["node"])
        else:
            report.update(outcome="failed", code=code, message=errors[0]["message"])
        print(f"{report['outcome']} {json.dumps(report, sort_keys=True)}")
        reports.append(report)
        state["queue"].pop(0)
        save(store, state)
    return reports


def keep(deals: dict[str, Any], deal: dict[str, Any]) -> None:
    """Keep a deal unless the copy already holds a later version of it: the answer to a sent
    edit can be newer than the events replayed after it (the server relays a change a moment
    after it answers), and an older one must not replace it."""
    held = deals.get(deal["id"])
    if held is None or deal["version"] >= held["version"]:
        deals[deal["id"]] = deal


def apply(deals: dict[str, Any], event: dict[str, Any]) -> None:
    if event["kind"] in ("DELETED", "LEFT_VIEW"):
        # LEFT_VIEW carries no record: the viewer may no longer see it, so it is dropped
        # like a deletion rather than kept as a null or a stale copy.
        deals.pop(event["recordId"], None)
    else:
        keep(deals, event["record"])


async def follow(
    url: str, token: str, state: dict[str, Any], store: Path, limit: int, once: bool
) -> None:
    transport = WebsocketsTransport(
        url=url.replace("http", "ws", 1) + "/graphql",
        init_payload={"Authorization": f"Bearer {token}"},
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )
    request = gql(EVENTS)
    request.variable_values = {"after": state["cursor"]}
    # The replay goes to a copy: a deal renamed twice while away is shown once, as it is now.
    replay: dict[str, Any] | None = copy.deepcopy(state["deals"])
    seen = 0
    async with Client(transport=transport) as session:
        async for result in session.subscribe(request):
            event = result["recordEvents"]
            if replay is not None:
                if event["kind"] != "CAUGHT_UP":
                    apply(replay, event)
                    continue
                state["deals"], replay = replay, None
                state["cursor"] = event["cursor"]
                await asyncio.to_thread(save, store, state)
                render(state)
                if once:
                    return
                continue
            apply(state["deals"], event)
            # Saved after every live event: a crash resumes exactly here.
            state["cursor"] = event["cursor"]
            await asyncio.to_thread(save, store, state)
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


def edit_values(pairs: list[str]) -> dict[str, Any]:
    """FIELD=VALUE pairs (fields of DealUpdateInput); a value is read as JSON when it is JSON
    (probability=40, tags=["a"]), else as text (title=Crates)."""
    values: dict[str, Any] = {}
    for pair in pairs:
        field, sep, raw = pair.partition("=")
        if not sep or not field:
            sys.exit(f"BAD_USER_INPUT: {pair!r} is not FIELD=VALUE")
        try:
            values[field] = json.loads(raw)
        except json.JSONDecodeError:
            values[field] = raw
    return values


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default=default_url(), help="default: TANDEM_URL")
    parser.add_argument("--email")
    parser.add_argument("--password")
    parser.add_argument("--store", type=Path, default=Path("deals-sync.json"))
    parser.add_argument("--events", type=int, default=0, help="stop after this many (0: never)")
    parser.add_argument("--once", action="store_true", help="stop once caught up")
    parser.add_argument(
        "--edit",
        nargs="+",
        metavar="ARG",
        help="DEAL_ID FIELD=VALUE...: queue an edit, offline (no server is asked)",
    )
    args = parser.parse_args()
    if args.edit:
        if not args.store.exists():
            sys.exit(f"no local copy at {args.store}: sync once online first")
        state = json.loads(args.store.read_text())
        queue_edit(state, args.edit[0], edit_values(args.edit[1:]))
        save(args.store, state)
        print("queued " + json.dumps(shown(state, args.edit[0]), sort_keys=True))
        return
    if not (args.email and args.password):
        parser.error("--email and --password are needed to sync")
    with httpx.Client(base_url=args.url, timeout=10) as client:
        token = graphql(client, LOGIN, {"email": args.email, "password": args.password}, None)[
            "login"
        ]["accessToken"]
        if args.store.exists():
            state = json.loads(args.store.read_text())
            send_queue(client, token, state, args.store)
        else:
            # "0" replays every kept event after the load, to a copy shown once caught up.
            state = {"cursor": "0", "deals": full_load(client, token), "queue": []}
            save(args.store, state)
            print(f"loaded {len(state['deals'])} deals")
    asyncio.run(follow(args.url, token, state, args.store, args.events, args.once))


if __name__ == "__main__":
    main()
