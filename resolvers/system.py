"""Root fields about the service itself."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def server_version() -> str:
    try:
        return version("tandem-crm")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0.0.0+source"
