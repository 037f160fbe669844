"""The fast paths (models/fast_paths.py) in tests that compare them with the plain path.

CI runs the whole suite once with every fast path switched off by the environment
(``TANDEM_LEAN_POST=false TANDEM_COMPILED_READS=false``); the tests that check a fast path ran,
and that it agrees with the plain path, switch them on for their own app whatever the
environment says.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from models import fast_paths

ALL_ON: dict[str, Any] = dict.fromkeys(fast_paths.PATHS, True)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Every fast path on for this module's app (import it into the test module)."""
    return dict(ALL_ON)


@contextmanager
def all_off() -> Iterator[None]:
    """The plain path for the block, then every path on again (as this module's app has them)."""
    for path in fast_paths.PATHS:
        fast_paths.use(path, False)
    try:
        yield
    finally:
        for path in fast_paths.PATHS:
            fast_paths.use(path, True)
