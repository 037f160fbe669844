"""GraphiQL works offline: its page names no outside host, and every asset it loads is served
by Tandem itself."""

from __future__ import annotations

import re

import httpx

from server.graphiql import ASSET_PATH


async def test_the_graphiql_page_loads_nothing_from_another_host(
    http: httpx.AsyncClient,
) -> None:
    page = await http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
    # The favicon is inline (a data: URL); everything else is fetched.
    loaded = [
        u for u in re.findall(r'(?:src|href)="([^"]+)"', page.text) if not u.startswith("data:")
    ]
    assert loaded, "the page loads its scripts and styles"
    outside = [url for url in loaded if re.match(r"^(?:[a-z]+:)?//", url)]
    assert outside == []
    assert "unpkg.com" not in page.text and "jsdelivr" not in page.text
    assert len(loaded) == 7
    for url in loaded:
        assert url.startswith(f"{ASSET_PATH}/")
        asset = await http.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 500
        assert asset.headers["content-type"].split(";")[0] in (
            "text/javascript",
            "application/javascript",
            "text/css",
        )


async def test_an_unknown_asset_is_404(http: httpx.AsyncClient) -> None:
    response = await http.get(f"{ASSET_PATH}/../settings.py")
    assert response.status_code == 404
