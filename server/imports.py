"""``POST /import/contacts``: upload a CSV or XLSX file and start an import job.

The request body is the file itself (``Content-Type: text/csv`` or the XLSX media type, or
``?format=csv|xlsx``), streamed to disk chunk by chunk. The query string takes ``mapping``
(JSON: file column -> contact field), ``dryRun``, ``skipInvalid`` and ``fileName``. Checked
before the job is created: the token (401), the contact create permission (403, before the body
is read), the size, the header and the mapping (400 naming the field; 403 naming a mapped field
the caller may not write). The answer is ``202 {"id", "state"}``; the import is a background
job (``contact.import``, resolvers/import_jobs.py): a process with an in-process worker runs it
right after the response is sent, as before; otherwise a ``tandem worker`` does. ``importJob(id)``
shows its progress and errors, ``jobs`` and ``jobUpdated`` the job's.
Errors use the GraphQL error shape, as exports do.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import anyio
import orjson
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from auth.authenticate import authenticate, bearer
from exports.formats import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE
from jobs.queue import JobQueue
from models.access.records import RecordAccess
from models.errors import BadInput, DomainError, Unauthenticated
from models.i18n import msg
from models.job import Job
from resolvers.context import Services
from resolvers.import_jobs import queue_job
from schema.types.node import to_global_id
from server.exports import error_response
from server.settings import Settings

MEDIA_TYPES = {
    CSV_MEDIA_TYPE.split(";")[0]: "csv",
    "text/csv": "csv",
    "application/csv": "csv",
    XLSX_MEDIA_TYPE: "xlsx",
}
TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no", ""}


def _flag(request: Request, name: str) -> bool:
    value = request.query_params.get(name, "").lower()
    if value not in TRUE | FALSE:
        raise BadInput(msg("{name} is true or false", name=name), field=name)
    return value in TRUE


def _format(request: Request) -> str:
    given = request.query_params.get("format")
    if given is not None:
        if given not in ("csv", "xlsx"):
            raise BadInput("format is csv or xlsx", field="format")
        return given
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    found = MEDIA_TYPES.get(media)
    if found is None:
        raise BadInput("Send text/csv or an XLSX file, or say ?format=", field="format")
    return found


def _mapping(request: Request) -> dict[str, str] | None:
    raw = request.query_params.get("mapping")
    if raw is None:
        return None
    try:
        data: Any = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadInput("mapping must be JSON", field="mapping") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise BadInput("mapping is an object of column -> field names", field="mapping")
    return data


class ImportEndpoint:
    def __init__(self, services: Services, settings: Settings, jobs: JobQueue) -> None:
        self.services = services
        self.settings = settings
        self.jobs = jobs

    async def handle(self, request: Request) -> Response:
        path: Path | None = None
        try:
            token = bearer(request.headers.get("authorization"))
            if token is None:
                raise Unauthenticated()
            contacts = RecordAccess.of_principal(
                await authenticate(self.services.codec, token), "contact"
            )
            # Refused before a byte of the file is read: without it nothing else matters.
            contacts.require("create")
            fmt = _format(request)
            mapping = _mapping(request)
            dry_run, skip_invalid = _flag(request, "dryRun"), _flag(request, "skipInvalid")
            path = await self._spool(request, fmt)
            job, background = await queue_job(
                contacts,
                path,
                fmt,
                file_name=request.query_params.get("fileName", f"upload.{fmt}"),
                mapping=mapping,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                batch_size=self.settings.import_batch_size,
            )
        except DomainError as error:
            if path is not None:
                await _remove(path)
            return error_response(error, request)
        return JSONResponse(
            {"id": to_global_id("ImportJob", job.pk), "state": job.state},
            status_code=202,
            background=BackgroundTask(self._run, background),
        )

    async def _run(self, job: Job) -> None:
        # Here and now when this process runs jobs (the embedded default: the import is done
        # when the client's connection is free again); otherwise a worker is woken. The file
        # is removed by the job when the import is over, not here: a retry needs it.
        await self.jobs.submit(job, here=True)

    async def _spool(self, request: Request, fmt: str) -> Path:
        settings = self.settings
        folder = settings.import_dir or None
        handle, name = tempfile.mkstemp(prefix="tandem-import-", suffix=f".{fmt}", dir=folder)
        path = Path(name)
        size = 0
        try:
            with os.fdopen(handle, "wb") as file:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > settings.import_max_bytes:
                        raise BadInput(
                            msg(
                                "The file is larger than {import_max_bytes} bytes",
                                import_max_bytes=settings.import_max_bytes,
                            ),
                            field="file",
                        )
                    await anyio.to_thread.run_sync(file.write, chunk)
            if size == 0:
                raise BadInput("The file is empty", field="file")
        except BaseException:
            await _remove(path)
            raise
        return path


async def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        await anyio.Path(path).unlink(missing_ok=True)
