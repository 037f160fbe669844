"""One attempt at a contact import: the checking pass, then the writing pass (see
resolvers/import_jobs.py for the job around it: creating, queueing, resuming).

Pass 1 (validating) reads every row, checks it as contactCreate would, finds duplicates (in
the file, and among the contacts the importer may see), runs the row guard on the good rows and
stages their values (imports/staging.py); pass 2 (writing) reads the staged rows back and creates
them, a batch per transaction, each batch one item of the background job. Split from
resolvers/import_jobs.py by responsibility.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
from tortoise import connections

from imports.reader import RowReader, UnreadableFile
from imports.staging import Staging
from jobs.context import JobContext
from models import bulk_rows, clock, field_limits, import_keys
from models import import_job as states
from models.access.records import RecordAccess
from models.audit import write_audit
from models.contact import Contact
from models.errors import BadInput, Forbidden
from models.i18n import N_
from models.import_actions import create_batch
from models.import_job import ImportJob, ImportRowError
from models.job_actions import LeaseLost
from resolvers.customers import CONTACT_WRITES
from resolvers.import_rows import RowChecker, RowError, check_mapping, email_key, known

log = logging.getLogger("tandem.imports")
BATCH_SIZE = 500
Progress = Callable[[ImportJob], None]
# extensions code of the error a job stores for a file it cannot read to the end.
MALFORMED_FILE = "MALFORMED_FILE"
LANDING = N_("The contacts would end up outside your write scope")


def open_reader(path: Path, fmt: str) -> RowReader:
    try:
        return RowReader(path, fmt)
    except UnreadableFile as exc:
        raise BadInput(exc.text, field="file") from exc


class JobRun:
    def __init__(
        self,
        job: ImportJob,
        access: RecordAccess,
        path: Path,
        progress: Progress | None,
        batch_size: int,
        ctx: JobContext | None = None,
    ) -> None:
        self.batch_size = batch_size
        # The background job this run is an attempt of (None: `tandem import contacts`).
        self.ctx = ctx
        # Batches an earlier attempt wrote (their numbers): not written again.
        self.written: set[int] = set()
        self.job = job
        self.access = access  # the importer's access to contact
        self.path = path
        self.progress = progress or (lambda job: None)
        # The checking pass's good rows, for the writing pass (None: a dry run stages nothing).
        self.staging: Staging | None = None
        # The columns every written row gets: the importer as owner, in one of its departments.
        principal = access.principal
        self.owned: dict[str, Any] = {"owner_id": principal.user_id}
        if principal.department_ids:
            self.owned["department_id"] = min(principal.department_ids)

    async def _save(self, *columns: str) -> None:
        await self.job.save(update_fields=[*columns, "updated_at"])
        self.progress(self.job)
        await self._report()

    async def _report(self) -> None:
        """The job's progress: rows checked, then rows checked and written of all to do."""
        job = self.job
        if self.ctx is None or job.state in states.FINISHED:
            return  # a finished import's job reports its end itself
        if job.state == states.WRITING:
            await self.ctx.progress(
                job.rows_read + job.rows_written, job.rows_read + job.rows_valid
            )
        else:
            await self.ctx.progress(job.rows_read)

    async def run(self) -> ImportJob:
        job = self.job
        if self.ctx is not None:
            self.written = {
                int(key.removeprefix("batch:")) for key in await self.ctx.done_items("batch:")
            }
        try:
            job.state = states.VALIDATING
            await self._save("state")
            if not job.dry_run:
                self.staging = Staging()
            await self._validate()
            if not job.dry_run and job.rows_valid and (job.skip_invalid or not job.rows_invalid):
                job.state = states.WRITING
                await self._save("state")
                await self._write()
            job.state = (
                states.REJECTED if job.rows_invalid and not job.skip_invalid else states.DONE
            )
        except UnreadableFile as exc:
            # Malformed file (bad CSV, not UTF-8, a line too long): a coded error for the file,
            # at the line where reading stopped. Validation reads the whole file before any
            # write, so nothing was written.
            job.state, job.message = states.FAILED, str(exc)
            await ImportRowError.create(
                job_id=job.pk, row=exc.line, field="file", code=MALFORMED_FILE, message=str(exc)
            )
        except (BadInput, Forbidden) as exc:
            job.state, job.message = states.FAILED, str(getattr(exc, "message", exc))
        except LeaseLost:
            raise  # another worker runs this import now: nothing more is ours to write
        except Exception:
            if self.ctx is not None and self.ctx.job.attempts < self.ctx.job.max_attempts:
                # The job is tried again (after its backoff); the import is not over yet.
                raise
            log.exception("import job %s failed", job.pk)
            job.state, job.message = states.FAILED, "The import stopped on an internal error"
        finally:
            if self.staging is not None:
                self.staging.remove()
                self.staging = None
        job.finished_at = clock.now()
        await self._save("state", "message", "finished_at")
        await write_audit(
            self.access.principal.user_id,
            "contact.import",
            "contact",
            None,
            None,
            {
                "job": job.pk,
                "file": job.file_name,
                "state": job.state,
                "dryRun": job.dry_run,
                "rows": job.rows_read,
                "invalid": job.rows_invalid,
                "written": job.rows_written,
            },
        )
        return job

    async def _batches(self) -> Any:
        reader = await anyio.to_thread.run_sync(RowReader, self.path, self.job.file_format)
        try:
            checker = RowChecker(self.access, reader.header, self.job.mapping)
            index = 0
            while (
                batch := await anyio.to_thread.run_sync(reader.batch, self.batch_size)
            ) is not None:
                yield index, checker, batch
                index += 1
        finally:
            reader.close()

    async def _validate(self) -> None:
        job = self.job
        check_mapping(self.access, await self._header(), job.mapping)
        try:
            async for index, checker, batch in self._batches():
                await self._validate_batch(index, checker, batch)
        finally:
            await import_keys.forget(job.pk)

    async def _validate_batch(
        self, index: int, checker: RowChecker, batch: list[tuple[int, list[str]]]
    ) -> None:
        job = self.job
        errors: list[ImportRowError] = []
        good: dict[int, dict[str, Any]] = {}
        # This batch's keys (key -> first row with it); earlier batches' are in the database.
        emails: dict[str, int] = {}
        phones: dict[str, int] = {}
        for number, cells in batch:
            try:
                values = checker.values(cells)
            except RowError as exc:
                errors.append(self._error(number, exc))
                continue
            good[number] = values
        before_emails = await import_keys.earlier(
            job.pk, "email", {e: n for n, v in good.items() if (e := email_key(v))}
        )
        before_phones = await import_keys.earlier(
            job.pk, "phone", {p: n for n, v in good.items() if (p := v.get("phone"))}
        )
        for number in sorted(good):
            values = good[number]
            email, phone = email_key(values), values.get("phone")
            first_email = before_emails.get(email or "") or emails.get(email or "")
            first_phone = before_phones.get(phone or "") or phones.get(phone or "")
            if email and first_email:
                error = RowError("email", f"Same e-mail as row {first_email}")
            elif phone and first_phone:
                error = RowError("phone", f"Same phone as row {first_phone}")
            else:
                if email:
                    emails[email] = number
                if phone:
                    phones[phone] = number
                continue
            errors.append(self._error(number, error))
            del good[number]
        await import_keys.remember(job.pk, "email", emails)
        await import_keys.remember(job.pk, "phone", phones)
        await import_keys.refresh_statistics(index + 1)
        if index not in self.written:
            # A written batch's rows are this import's own contacts, not duplicates.
            errors += await self._known(good)
        errors.sort(key=lambda e: e.row)
        if self.staging is not None:
            # What the writing pass needs of this batch, checked once: its good rows' values,
            # each through the row guard here, so that the writing pass can COPY them as they are.
            for values in good.values():
                self._guard({**values, **self.owned})
            self.staging.append((index, good))
        job.rows_read = self._read(batch)
        job.rows_invalid += len(errors)
        job.rows_valid += len(good)
        if errors:
            await ImportRowError.bulk_create(errors)
        await self._save("rows_read", "rows_valid", "rows_invalid")

    def _read(self, batch: list[tuple[int, list[str]]]) -> int:
        # Data rows seen so far: blank rows are skipped, so count by the last number read.
        return batch[-1][0] if batch else self.job.rows_read

    async def _header(self) -> list[str]:
        reader = await anyio.to_thread.run_sync(RowReader, self.path, self.job.file_format)
        reader.close()
        return reader.header

    async def _known(self, good: dict[int, dict[str, Any]]) -> list[ImportRowError]:
        """Errors for rows a visible contact already matches; those rows leave ``good``."""
        emails = {n: e for n, v in good.items() if (e := email_key(v))}
        phones = {n: p for n, v in good.items() if (p := v.get("phone"))}
        found_emails, found_phones = await known(self.access, emails.values(), phones.values())
        errors = []
        for number in sorted(good):
            if emails.get(number) in found_emails:
                error = RowError("email", "A contact with this e-mail exists")
            elif phones.get(number) in found_phones:
                error = RowError("phone", "A contact with this phone exists")
            else:
                continue
            errors.append(self._error(number, error))
            del good[number]
        return errors

    def _guard(self, row: dict[str, Any]) -> None:
        """The row guard on a row about to be staged (its values and the owner's columns): what
        save() and the landing check would refuse, the import refuses before writing any row."""
        field_limits.check_values(Contact, row)
        if not self.access.in_scope_values(row, "write"):
            raise Forbidden(LANDING)

    async def _write(self) -> None:
        job, access = self.job, self.access
        access.check_owner_assignment(access.principal.user_id)

        def landing(row: Any) -> None:
            if not access.in_scope(row, "write"):
                raise Forbidden(LANDING)

        change = CONTACT_WRITES.change(access)
        written = 0
        assert self.staging is not None  # staged by the checking pass of a run that writes
        # The checking pass's values (rows it refused are not there): no row is read or
        # checked a second time.
        for index, good in self.staging.batches():
            if index in self.written:
                job.rows_written += len(good)
                continue
            late = await self._known(good)
            if late:
                job.rows_invalid += len(late)
                job.rows_valid -= len(late)
                await ImportRowError.bulk_create(late)
            rows = list(good.values())
            job.rows_written += len(rows)

            async def write(rows: list[dict[str, Any]] = rows) -> None:
                await create_batch(
                    Contact,
                    rows,
                    landing,
                    change,
                    job_id=job.pk,
                    fixed=self.owned,
                    guarded=True,  # by the checking pass (_guard)
                    progress={
                        "rows_written": job.rows_written,
                        "rows_valid": job.rows_valid,
                        "rows_invalid": job.rows_invalid,
                    },
                )

            if self.ctx is None:
                await write()
            else:
                # The batch and its mark in one transaction: written once, whoever resumes.
                await self.ctx.once(f"batch:{index}", write)
            self.progress(job)
            await self._report()
            written += 1
            await bulk_rows.refresh_statistics(connections.get("default"), Contact, written)

    def _error(self, number: int, exc: RowError) -> ImportRowError:
        return ImportRowError(
            job_id=self.job.pk, row=number, field=exc.field, code=exc.code, message=exc.message
        )
