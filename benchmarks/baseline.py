"""The no-permission baseline: the benchmark's deal page without GraphQL and without the gate.

``GET /bench/raw-deals?first=200`` answers with the same JSON shape as the GraphQL query in
``benchmarks/scenarios.py``: the newest deals, each with its stage, owner and company names,
cursors, page info and totalCount. It issues the same kind of SQL (a page, a count, one batched
load per related model) through the same Tortoise models and connection, and serializes with
orjson. No authentication, no role, no row scope, no field checks, no GraphQL parsing,
validation or execution: the difference to the Owner's GraphQL time is what that layer costs.

Mounted only by ``benchmarks/server.py``; never part of the product.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from tortoise.models import Model

from models import Company, Deal, Stage, User

PATH = "/bench/raw-deals"


def _gid(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode()


def _cursor(row: Deal) -> str:
    blob = orjson.dumps([["createdAt", "id"], [row.created_at, row.id]], default=str)
    return base64.urlsafe_b64encode(blob).decode()


async def _names(model: type[Model], ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {row.pk: row.name for row in await model.filter(pk__in=wanted)}  # type: ignore[attr-defined]


def _named(names: dict[int, str], pk: int | None) -> dict[str, str] | None:
    return None if pk is None or pk not in names else {"name": names[pk]}


def _amount(value: Decimal) -> str:
    return str(value)


async def raw_deals(request: Request) -> Response:
    size = min(int(request.query_params.get("first", "200")), 500)
    live = Deal.filter(deleted_at__isnull=True)
    rows = list(await live.order_by("-created_at", "-id").limit(size + 1))
    more, rows = len(rows) > size, rows[:size]
    stages = await _names(Stage, (r.stage_id for r in rows))
    users = await _names(User, (r.owner_id for r in rows))
    companies = await _names(Company, (r.company_id for r in rows))
    edges: list[dict[str, Any]] = [
        {
            "cursor": _cursor(row),
            "node": {
                "id": _gid("Deal", row.id),
                "title": row.title,
                "amount": {"amount": _amount(row.amount), "currency": row.currency},
                "probability": row.probability,
                "status": row.status,
                "stage": _named(stages, row.stage_id),
                "owner": _named(users, row.owner_id),
                "company": _named(companies, row.company_id),
                "createdAt": row.created_at.isoformat(),
            },
        }
        for row in rows
    ]
    payload = {
        "data": {
            "deals": {
                "totalCount": await live.count(),
                "edges": edges,
                "pageInfo": {
                    "endCursor": edges[-1]["cursor"] if edges else None,
                    "hasNextPage": more,
                },
            }
        }
    }
    return Response(orjson.dumps(payload), media_type="application/json")
