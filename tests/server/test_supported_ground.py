"""Supported ground (issue 16): private names of third-party libraries are used only in one
adapter module per library, each with a contract test that fails when the library changes them,
within the version bounds pyproject.toml sets."""

from __future__ import annotations

from pathlib import Path

from tests.support.import_graph import ROOT
from tests.support.private_names import uses

FOLDERS = (
    "models",
    "auth",
    "realtime",
    "mail",
    "imports",
    "exports",
    "resolvers",
    "schema",
    "server",
)
# Adapter module -> the library whose private names it holds, and its contract test.
ADAPTERS = {
    "models/tortoise_adapter.py": (
        "tortoise",
        ("tests/server/test_tortoise_adapter.py", "tests/server/test_tortoise_adapter_rows.py"),
    ),
    "resolvers/strawberry_adapter.py": ("strawberry", ("tests/server/test_strawberry_adapter.py",)),
}


def test_private_library_names_are_used_only_in_their_adapter() -> None:
    outside = [use for use in uses(ROOT, FOLDERS) if use.path not in ADAPTERS]
    assert outside == [], "private library names outside the adapters:\n" + "\n".join(
        f"  {use}" for use in outside
    )


def test_every_adapter_uses_private_names_and_has_its_contract_test() -> None:
    found = {use.path for use in uses(ROOT, FOLDERS)}
    for adapter, (library, contracts) in ADAPTERS.items():
        assert adapter in found, f"{adapter} uses no private {library} name: drop it from ADAPTERS"
        assert all((ROOT / test).is_file() for test in contracts), contracts


def test_the_check_sees_private_names_and_leaves_ours_alone(tmp_path: Path) -> None:
    (tmp_path / "server").mkdir()
    (tmp_path / "server" / "thing.py").write_text(
        "from starlette._utils import get_route_path\n"
        "from strawberry.utils.str_converters import to_camel_case\n"
        "import broadcaster._backends.memory\n"
        "class Ours:\n"
        "    def __init__(self):\n"
        "        self._mine = 1\n"
        "def use(schema, row, parts):\n"
        "    return schema._schema, Ours()._mine, parts._replace(path='/'), row.__dict__\n"
    )
    found = [str(use) for use in uses(tmp_path, ("server",))]
    assert found == [
        "server/thing.py:1: from starlette._utils import get_route_path",
        "server/thing.py:2: from strawberry.utils.str_converters import to_camel_case",
        "server/thing.py:3: import broadcaster._backends.memory",
        "server/thing.py:8: ._schema",
    ]
