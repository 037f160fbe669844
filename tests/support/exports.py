"""Downloading exports through HTTP, as a client would, and reading the files back."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import openpyxl
import orjson


async def download(
    http: httpx.AsyncClient,
    path: str,
    token: str | None,
    *,
    filter: dict[str, Any] | None = None,
    search: str | None = None,
) -> httpx.Response:
    params = {}
    if filter is not None:
        params["filter"] = orjson.dumps(filter).decode()
    if search is not None:
        params["search"] = search
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return await http.get(path, params=params, headers=headers)


def csv_table(response: httpx.Response) -> list[list[str]]:
    """Header row first; the byte order mark Excel needs is not part of the first header."""
    assert response.status_code == 200, response.text
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def csv_records(response: httpx.Response) -> list[dict[str, str]]:
    header, *rows = csv_table(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def xlsx_table(response: httpx.Response) -> list[list[Any]]:
    assert response.status_code == 200, response.text
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    try:
        return [list(row) for row in workbook.active.iter_rows(values_only=True)]
    finally:
        workbook.close()


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The one error of a refused export, in the GraphQL error shape."""
    body = response.json()
    assert len(body["errors"]) == 1, body
    return dict(body["errors"][0])
