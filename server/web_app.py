"""The web client's built files (client-examples/web, `make web`) at ``/app``.

Mounted only when a build exists: a machine without Node.js still serves the API, and
`make run` stays one command there. The page calls ``/graphql`` on the same origin, so it needs
no CORS setting.
"""

from __future__ import annotations

from pathlib import Path

from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

APP_PATH = "/app"
# Where `make web` (vite build) writes the client, in this checkout.
DEFAULT_WEB_DIR = Path(__file__).resolve().parents[1] / "client-examples" / "web" / "dist"


def web_dir(configured: str) -> Path:
    return Path(configured) if configured else DEFAULT_WEB_DIR


def has_build(directory: Path) -> bool:
    return (directory / "index.html").is_file()


def web_routes(directory: Path) -> list[BaseRoute]:
    """``/app/`` serves ``index.html`` and its hashed assets; nothing when ``directory`` holds no
    build (it is checked once, at start: build, then start the server)."""
    if not has_build(directory):
        return []

    async def to_slash(_request: object) -> RedirectResponse:
        return RedirectResponse(f"{APP_PATH}/", status_code=308)

    return [
        Route(APP_PATH, to_slash),
        Mount(APP_PATH, StaticFiles(directory=directory, html=True), name="web-app"),
    ]
