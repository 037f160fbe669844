"""TANDEM_PUBLIC_URL: where links in mail point; by default where the server listens."""

from __future__ import annotations

from server.settings import Settings


def test_the_public_url_defaults_to_where_the_server_listens() -> None:
    settings = Settings(port=9123, host="10.0.0.5", _env_file=None)  # type: ignore[call-arg]
    assert settings.public_url == "http://10.0.0.5:9123"


def test_a_wildcard_host_links_to_localhost_and_a_set_url_wins() -> None:
    wildcard = Settings(host="0.0.0.0", port=8001, _env_file=None)  # type: ignore[call-arg]
    assert wildcard.public_url == "http://localhost:8001"
    given = Settings(public_url="https://crm.acme.test/", _env_file=None)  # type: ignore[call-arg]
    assert given.public_url == "https://crm.acme.test"
