"""Malformed CSV in every way in: ``POST /import/contacts`` (a job), the ``contactImport``
mutation and ``tandem import contacts``. A file that cannot be read to the end is refused as a
whole with a coded error naming the line; a row that cannot be a contact (a NUL byte, more
cells than columns) is a row error. Never INTERNAL_SERVER_ERROR, never a crashed job, nothing
written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from imports.reader import MAX_COLUMNS, MAX_LINE
from models.contact import Contact
from server.cli import cli
from tests.customers.test_import_jobs import JOB, upload
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

HEAD = b"firstName,email\n"
# name -> (file, line where reading stops)
BROKEN_FILES: dict[str, tuple[bytes, int]] = {
    "a bare CR": (HEAD + b"Ada,ada@example.com\rGrace,grace@example.com\n", 2),
    "an unbalanced quote": (HEAD + b'Ada,ada@example.com\n"Grace,grace@example.com\n', 3),
    "text after a closing quote": (HEAD + b'"Ada"x,ada@example.com\n', 2),
    "a line longer than the limit": (HEAD + b"Ada," + b"x" * MAX_LINE + b"\n", 2),
    # Past the first block the decoder reads (the header's block is checked at upload).
    "invalid UTF-8": (HEAD + b"Ada,\n" * 5000 + b"Ad\xffa,ada@example.com\n", 0),
}
# name -> (file, bad row, field)
BROKEN_ROWS: dict[str, tuple[bytes, int, str | None]] = {
    "a NUL byte": (HEAD + b"Ada,ada@example.com\nGr\x00ace,grace@example.com\n", 2, "firstName"),
    "too many columns": (HEAD + b"Ada,ada@example.com,extra,more\n", 1, None),
}
IMPORT = """
mutation($input: ContactImportInput!) {
  contactImport(input: $input) { rows valid created errors { row field code message } }
}
"""


@pytest.mark.parametrize("case", list(BROKEN_FILES))
async def test_an_unreadable_file_fails_the_job_with_a_coded_error(
    http: httpx.AsyncClient, api: GraphQLClient, case: str
) -> None:
    owner = await signed_in(api, "owner")
    body, line = BROKEN_FILES[case]
    response = await upload(http, owner.access_token, body)
    assert response.status_code == 202, response.text
    job = (await api.ok(JOB, {"id": response.json()["id"]}, token=owner.access_token))["importJob"]
    assert job["state"] == "FAILED"
    assert job["rowsWritten"] == 0
    [error] = [e["node"] for e in job["errors"]["edges"]]
    assert (error["row"], error["field"], error["code"]) == (line, "file", "MALFORMED_FILE")
    assert await Contact.all().count() == 0


@pytest.mark.parametrize("case", list(BROKEN_ROWS))
async def test_an_impossible_row_is_a_row_error_of_the_job(
    http: httpx.AsyncClient, api: GraphQLClient, case: str
) -> None:
    owner = await signed_in(api, "owner")
    body, row, field = BROKEN_ROWS[case]
    response = await upload(http, owner.access_token, body)
    assert response.status_code == 202, response.text
    job = (await api.ok(JOB, {"id": response.json()["id"]}, token=owner.access_token))["importJob"]
    assert job["state"] == "REJECTED"
    errors = [e["node"] for e in job["errors"]["edges"]]
    assert [(e["row"], e["field"], e["code"]) for e in errors] == [(row, field, "BAD_USER_INPUT")]
    assert await Contact.all().count() == 0


async def test_a_header_with_too_many_columns_is_refused_up_front(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")
    header = ",".join(["firstName", *(f"c{i}" for i in range(MAX_COLUMNS))])
    response = await upload(http, owner.access_token, header + "\nAda\n")
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "file",
    }


async def test_invalid_utf8_at_the_start_is_refused_at_upload(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")
    response = await upload(http, owner.access_token, HEAD + b"Ad\xffa,ada@example.com\n")
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "file",
    }


def _text(body: bytes) -> str:
    return body.decode("utf-8", errors="strict")


@pytest.mark.parametrize("case", [c for c in BROKEN_FILES if c != "invalid UTF-8"])
async def test_the_mutation_refuses_an_unreadable_csv_naming_it(
    api: GraphQLClient, case: str
) -> None:
    owner = await signed_in(api, "owner")
    csv = _text(BROKEN_FILES[case][0])
    error = await api.error(IMPORT, {"input": {"csv": csv}}, token=owner.access_token)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "csv"}
    assert await Contact.all().count() == 0


async def test_the_mutation_refuses_a_csv_with_a_nul_byte_as_its_argument(
    api: GraphQLClient,
) -> None:
    """Text given inline is GraphQL text: a NUL in it is refused with the argument (the one
    rule for every text argument), before any row is read."""
    owner = await signed_in(api, "owner")
    body = _text(BROKEN_ROWS["a NUL byte"][0])
    error = await api.error(IMPORT, {"input": {"csv": body}}, token=owner.access_token)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "input.csv"}
    assert await Contact.all().count() == 0


@pytest.mark.parametrize("case", [c for c in BROKEN_ROWS if c != "a NUL byte"])
async def test_the_mutation_reports_an_impossible_row(api: GraphQLClient, case: str) -> None:
    owner = await signed_in(api, "owner")
    body, row, field = BROKEN_ROWS[case]
    data = await api.ok(IMPORT, {"input": {"csv": _text(body)}}, token=owner.access_token)
    result: dict[str, Any] = data["contactImport"]
    assert result["created"] == 0
    errors = [(e["row"], e["field"], e["code"]) for e in result["errors"]]
    assert errors == [(row, field, "BAD_USER_INPUT")]
    assert await Contact.all().count() == 0


@pytest.mark.parametrize("case", ["a bare CR", "an unbalanced quote", "invalid UTF-8"])
def test_the_command_line_names_the_malformed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    runner = CliRunner()
    monkeypatch.setenv("TANDEM_DATABASE_URL", f"sqlite://{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("TANDEM_BROADCAST_URL", "memory://")
    monkeypatch.setenv("TANDEM_OWNER_PASSWORD", "a-long-and-unusual-passphrase")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["migrate"]).exit_code == 0
    made = runner.invoke(cli, ["create-owner", "--email", "boss@acme.test", "--name", "Boss"])
    assert made.exit_code == 0, made.output
    file = tmp_path / "people.csv"
    file.write_bytes(BROKEN_FILES[case][0])
    result = runner.invoke(cli, ["import", "contacts", str(file), "--as-user", "boss@acme.test"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert ("not valid CSV" in result.output) or ("not UTF-8" in result.output)
