"""The contact import as a job: an upload queues it and answers at once; a worker started
later (a restart) runs it; a worker that dies mid-import leaves the batches it committed, and
the one that takes over writes the others, each contact once."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

import resolvers.import_run as import_run
from models.clock import FrozenClock
from server.settings import Settings
from tests.customers.test_import_jobs import JOB, upload
from tests.jobs.support import jobs, worker
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

PEOPLE = "firstName,email\n" + "".join(f"P{i},p{i}@example.com\n" for i in range(6))
CONTACTS = "{ contacts(first: 50) { totalCount edges { node { firstName } } } }"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # The API process runs no job itself: separate workers do (TANDEM_JOBS_IN_PROCESS=false).
    return {"jobs_in_process": False, "import_batch_size": 2}


async def test_an_upload_is_queued_and_a_worker_started_later_imports_it(
    http: httpx.AsyncClient, api: GraphQLClient, settings: Settings
) -> None:
    owner = await signed_in(api, "owner")

    response = await upload(http, owner.access_token, PEOPLE)
    queued = await api.ok(JOB, {"id": response.json()["id"]}, token=owner.access_token)
    (job,) = await jobs(api, owner.access_token, kind="contact.import")
    ran = await worker(settings).run_due()
    done = await api.ok(JOB, {"id": response.json()["id"]}, token=owner.access_token)
    contacts = await api.ok(CONTACTS, token=owner.access_token)

    assert (response.status_code, response.json()["state"]) == (202, "queued")
    assert (queued["importJob"]["state"], job["state"]) == ("QUEUED", "QUEUED")
    assert ran == 1
    assert (done["importJob"]["state"], done["importJob"]["rowsWritten"]) == ("DONE", 6)
    assert contacts["contacts"]["totalCount"] == 6
    assert [j["state"] for j in await jobs(api, owner.access_token)] == ["SUCCEEDED"]


async def test_an_import_whose_worker_died_mid_write_is_finished_without_duplicates(
    http: httpx.AsyncClient,
    api: GraphQLClient,
    settings: Settings,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner = await signed_in(api, "owner")
    reached, never = asyncio.Event(), asyncio.Event()
    real_batch = import_run.create_batch
    calls: list[int] = []

    async def dies_in_second_batch(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        made = await real_batch(*args, **kwargs)
        if len(calls) == 2:  # inside the batch's transaction, its rows written, not committed
            reached.set()
            await never.wait()
        return made

    monkeypatch.setattr(import_run, "create_batch", dies_in_second_batch)
    response = await upload(http, owner.access_token, PEOPLE)

    dying = asyncio.create_task(worker(settings).run_due())
    await reached.wait()
    dying.cancel()
    await asyncio.gather(dying, return_exceptions=True)
    half = await api.ok(CONTACTS, token=owner.access_token)
    clock.advance(seconds=settings.job_lease_seconds + 1)
    taken_over = await worker(settings).run_due()
    clock.advance(seconds=-(settings.job_lease_seconds + 1))
    done = await api.ok(JOB, {"id": response.json()["id"]}, token=owner.access_token)
    contacts = await api.ok(CONTACTS, token=owner.access_token)
    (job,) = await jobs(api, owner.access_token, kind="contact.import")

    assert half["contacts"]["totalCount"] == 2  # the first batch only
    assert taken_over == 1
    state = done["importJob"]
    assert (state["state"], state["rowsWritten"], state["rowsInvalid"]) == ("DONE", 6, 0)
    names = sorted(e["node"]["firstName"] for e in contacts["contacts"]["edges"])
    assert names == [f"P{i}" for i in range(6)]
    assert (job["state"], job["attempts"]) == ("SUCCEEDED", 2)


async def test_an_import_whose_importer_was_deactivated_meanwhile_fails_and_writes_nothing(
    http: httpx.AsyncClient, api: GraphQLClient, settings: Settings
) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    await upload(http, seller.access_token, PEOPLE)
    await api.ok(
        "mutation($id: ID!) { userDeactivate(id: $id) { id } }",
        {"id": crm.gid(seller.user)},
        token=owner.access_token,
    )

    ran = await worker(settings).run_due()
    (job,) = await jobs(api, owner.access_token, kind="contact.import")
    contacts = await api.ok(CONTACTS, token=owner.access_token)

    assert ran == 1
    assert (job["state"], job["attempts"], job["error"]) == (
        "FAILED",
        1,
        "This account is no longer active",
    )
    assert contacts["contacts"]["totalCount"] == 0
