"""A GraphQL-over-HTTP client for tests: what a front end would send, nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(slots=True)
class Result:
    status: int
    data: dict[str, Any] | None
    errors: list[dict[str, Any]]

    @property
    def codes(self) -> list[str | None]:
        return [e.get("extensions", {}).get("code") for e in self.errors]


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient, path: str = "/graphql") -> None:
        self.http = http
        self.path = path
        self.token: str | None = None

    def headers(self, token: str | None) -> dict[str, str]:
        token = token or self.token
        return {"authorization": f"Bearer {token}"} if token else {}

    async def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Result:
        response = await self.http.post(
            self.path,
            json={"query": query, "variables": variables or {}},
            headers={"accept": "application/json", **self.headers(token), **(headers or {})},
        )
        body = response.json()
        return Result(response.status_code, body.get("data"), body.get("errors") or [])

    async def ok(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        """Execute and insist on success: returns ``data``."""
        result = await self.execute(query, variables, token=token)
        assert not result.errors, result.errors
        assert result.data is not None
        return result.data

    async def error(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Execute and insist on failure: returns the first error (``headers``: extra request
        headers, such as Accept-Language)."""
        result = await self.execute(query, variables, token=token, headers=headers)
        assert result.errors, f"expected an error, got {result.data}"
        return result.errors[0]
