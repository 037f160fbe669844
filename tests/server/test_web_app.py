"""Tandem serves the built web client at /app, and only a build: without one, /app is not found
and everything else works as before."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from server.app import create_app
from server.settings import Settings


@pytest.fixture
def build(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    page = '<div id="root"></div><script src="/app/assets/a.js"></script>'
    (dist / "index.html").write_text(page)
    (dist / "assets" / "a.js").write_text("console.log('tandem');")
    return dist


async def _client(settings: Settings, web_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    # Static routes need no lifespan: the app is only routed, not started.
    app = create_app(settings.model_copy(update={"web_dir": str(web_dir)}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tandem.test") as client:
        yield client


@pytest.fixture
async def with_build(settings: Settings, build: Path) -> AsyncIterator[httpx.AsyncClient]:
    async for client in _client(settings, build):
        yield client


@pytest.fixture
async def without_build(settings: Settings, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async for client in _client(settings, tmp_path / "nothing-built"):
        yield client


async def test_app_serves_the_page_and_its_assets(with_build: httpx.AsyncClient) -> None:
    page = await with_build.get("/app/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<div id="root">' in page.text
    asset = await with_build.get("/app/assets/a.js")
    assert asset.status_code == 200
    assert "tandem" in asset.text


async def test_app_without_a_slash_redirects_to_the_page(with_build: httpx.AsyncClient) -> None:
    response = await with_build.get("/app")
    assert response.status_code == 308
    assert response.headers["location"] == "/app/"


async def test_an_unknown_file_is_not_found(with_build: httpx.AsyncClient) -> None:
    assert (await with_build.get("/app/assets/missing.js")).status_code == 404


async def test_without_a_build_there_is_no_app(without_build: httpx.AsyncClient) -> None:
    assert (await without_build.get("/app/")).status_code == 404
    assert (await without_build.get("/healthz")).status_code == 200
