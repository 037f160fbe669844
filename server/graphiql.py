"""GraphiQL without a CDN: the page Strawberry renders, pointed at assets this package ships.

Strawberry's page loads React, GraphiQL and its explorer plugin from a CDN, so it is blank
offline or behind a firewall. The same files (same versions, byte for byte: the page's
``integrity`` hashes still hold) live in ``server/static/graphiql/`` (see the README there for
versions and how to update them) and are served under ``/graphiql-assets/``.
"""

from __future__ import annotations

from pathlib import Path

from starlette.staticfiles import StaticFiles

ASSET_PATH = "/graphiql-assets"
FOLDER = Path(__file__).parent / "static" / "graphiql"
# The CDN address in Strawberry's page -> the file here.
ASSETS = {
    "https://unpkg.com/react@18.2.0/umd/react.production.min.js": "react.production.min.js",
    "https://unpkg.com/react-dom@18.2.0/umd/react-dom.production.min.js": (
        "react-dom.production.min.js"
    ),
    "https://unpkg.com/js-cookie@3.0.5/dist/js.cookie.min.js": "js.cookie.min.js",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.css": "graphiql.min.css",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.js": "graphiql.min.js",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/style.css": "plugin-explorer.css",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/index.umd.js": (
        "plugin-explorer.umd.js"
    ),
}


class UnknownAsset(RuntimeError):
    """Strawberry's page names an asset not vendored here: update server/static/graphiql."""


def local_page(html: str) -> str:
    for remote, name in ASSETS.items():
        if remote not in html:
            raise UnknownAsset(f"GraphiQL page no longer loads {remote}")
        html = html.replace(remote, f"{ASSET_PATH}/{name}")
    if "https://unpkg.com/" in html:
        raise UnknownAsset("GraphiQL page loads an asset that is not vendored")
    return html


def asset_files() -> StaticFiles:
    return StaticFiles(directory=FOLDER)
