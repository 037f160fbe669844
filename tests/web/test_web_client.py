"""The web client (client-examples/web) in headless Chromium: an Owner and a Salesperson on one
board, each in their own browser session, against a real server.

The browser part is client-examples/web/e2e/two-roles.mjs (Playwright, driving Debian's
/usr/bin/chromium: nothing is downloaded). This test arranges the data, serves Tandem with the
built client at /app, runs the script and checks what it saw. Its screenshots are kept in
.artefacts/web-e2e/<run>/ (ignored by git). A missing build or browser is a failure, not a skip:
`make web` builds the client, Debian's `chromium` package brings the browser.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from server.web_app import DEFAULT_WEB_DIR
from tests.conftest import is_postgres
from tests.support import crm
from tests.support.accounts import make_user
from tests.support.live import serve

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "client-examples" / "web" / "e2e" / "two-roles.mjs"
CHROMIUM = os.environ.get("TANDEM_CHROMIUM", "/usr/bin/chromium")
# One folder per Python and backend, so the runs of one CI job keep their own screenshots.
BACKEND = "postgres" if is_postgres() else "sqlite"
PYTHON = f"py{sys.version_info[0]}.{sys.version_info[1]}"
ARTEFACTS = ROOT / ".artefacts" / "web-e2e" / f"{PYTHON}-{BACKEND}"
# What the issue asks of the live board: a move shows in the other session within a second.
LIVE_WITHIN_MS = 1000


@pytest.fixture
async def base_url(app: Starlette) -> AsyncIterator[str]:
    async with serve(app) as base:
        yield base


def _require_browser_and_build() -> None:
    if not (DEFAULT_WEB_DIR / "index.html").is_file():
        pytest.fail(f"no web client build in {DEFAULT_WEB_DIR}: run `make web`")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set TANDEM_CHROMIUM)")
    if shutil.which("node") is None:
        pytest.fail("node is not on PATH (apt: nodejs)")


async def _run_browsers(settings: dict[str, Any]) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        "node",
        str(SCRIPT),
        env={**os.environ, "TANDEM_E2E": json.dumps(settings)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 90)
    assert process.returncode == 0, err.decode()
    result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return result


async def test_an_owner_and_a_salesperson_work_one_board_live(base_url: str) -> None:
    _require_browser_and_build()
    owner = await make_user("owner")
    seller = await make_user("salesperson")
    sales = await crm.department("Sales")
    support = await crm.department("Support")
    pipeline = await crm.pipeline("Sales", ("New", "Qualified", "Won"))
    new = await crm.first_stage(pipeline)
    for title in ("Big deal", "Warm-up deal", "Leaving deal", "Conflict deal"):
        await crm.deal(seller.user, sales, stage=new, title=title, cost="400.00")
    shutil.rmtree(ARTEFACTS, ignore_errors=True)

    result = await _run_browsers(
        {
            "baseUrl": base_url,
            "owner": {"email": owner.email, "password": owner.password},
            "seller": {"email": seller.email, "password": seller.password},
            "deal": "Big deal",
            "warmup": "Warm-up deal",
            "leaving": "Leaving deal",
            "conflict": "Conflict deal",
            "fromStage": "New",
            "toStage": "Qualified",
            "sellerId": crm.gid(seller.user),
            "departmentId": crm.gid(sales),
            "ownerId": crm.gid(owner.user),
            "otherDepartmentId": crm.gid(support),
            "screenshots": str(ARTEFACTS),
            "chromium": CHROMIUM,
        }
    )

    print(f"web e2e: move seen after {result.get('moveSeenMs')} ms; screenshots in {ARTEFACTS}")
    assert "error" not in result, result["error"]
    assert result["pageErrors"] == []
    # Hidden fields are absent, not blank; the amount a Salesperson may read is there.
    assert (result["ownerCost"], result["sellerCost"], result["sellerAmount"]) == (1, 0, 1)
    assert result["panelCost"] == 0
    assert result["moveSeenMs"] < LIVE_WITHIN_MS, result["moveSeenMs"]
    assert "created deal appeared" in [step["name"] for step in result["steps"]]
    conflict = result["conflict"]
    assert "in New (version 2)" in conflict["notice"], conflict
    assert (conflict["version"], conflict["stayed"], conflict["amount"]) == (2, 1, "€1,500.00")
    assert result["refreshed"] is True
    assert result["presence"] == ["Owner", "Salesperson"]
    assert result["mention"] == "@Owner"
    assert result["ownerStillSeesLeaving"] == 1
    assert result["chartBars"] == 3
    assert [step["name"] for step in result["steps"]][-1] == "dashboard"
    shots = sorted(p.name for p in ARTEFACTS.glob("*.png"))
    assert shots == [
        "1-owner-board.png",
        "1-salesperson-board.png",
        "2-salesperson-after-move.png",
        "2-salesperson-conflict.png",
        "3-owner-deal-panel.png",
        "3-salesperson-deal-panel.png",
        "4-owner-dashboard.png",
    ]
