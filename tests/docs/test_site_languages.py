"""The documentation site speaks each guide's language: Material's own texts (the search box,
<html lang>) on the Spanish and French role guides are Spanish and French (docs_theme/)."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


async def test_the_spanish_and_french_guides_get_the_theme_in_their_language(
    tmp_path: Path,
) -> None:
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)),
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()

    def theme(page: str) -> tuple[str, str]:
        html = (tmp_path / page).read_text()
        lang = re.search(r'<html lang="([a-z]+)"', html)
        search = re.search(r'class="md-search__input"[^>]*placeholder="([^"]+)"', html)
        assert lang and search, page
        return lang.group(1), search.group(1)

    assert theme("roles/es/owner.html") == ("es", "Búsqueda")
    assert theme("roles/fr/salesperson.html") == ("fr", "Rechercher")
    assert theme("roles/en/owner.html") == ("en", "Search")
    assert theme("api/examples.html") == ("en", "Search")
