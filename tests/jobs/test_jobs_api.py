"""``jobs`` and ``jobUpdated``: everyone sees the jobs they started, administrators of access
see everyone's, and nobody else sees a job, in the list or live."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from models import job_actions
from tests.customers.test_import_jobs import GOOD, upload
from tests.jobs.support import JOBS, jobs
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import subscribed

UPDATED = """
subscription($id: ID, $kind: String, $after: String) {
  jobUpdated(id: $id, kind: $kind, after: $after) { id kind state attempts progressDone cursor }
}
"""


async def test_an_upload_shows_as_a_finished_import_job_to_its_owner(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    seller = await signed_in(api, "salesperson")

    response = await upload(http, seller.access_token, GOOD)
    (job,) = await jobs(api, seller.access_token)

    assert response.status_code == 202
    assert (job["kind"], job["state"], job["attempts"]) == ("contact.import", "SUCCEEDED", 1)
    assert (job["progressDone"], job["progressTotal"]) == (2, 2)


async def test_a_user_does_not_see_another_users_jobs(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    seller = await signed_in(api, "salesperson")
    other = await signed_in(api, "salesperson", email="other@acme.test")
    await upload(http, seller.access_token, GOOD)

    theirs = await jobs(api, other.access_token)
    mine_only = await jobs(api, other.access_token, kind="contact.import")

    assert theirs == [] and mine_only == []


async def test_an_administrator_sees_everyones_jobs_and_can_narrow_to_their_own(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    seller = await signed_in(api, "salesperson")
    admin = await signed_in(api, "admin")
    await upload(http, seller.access_token, GOOD)

    everyone = await jobs(api, admin.access_token)
    own = await jobs(api, admin.access_token, mine=True)

    assert [j["kind"] for j in everyone] == ["contact.import"]
    assert own == []


async def test_jobs_pages_newest_first(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    made = [await job_actions.enqueue("test.page", created_by_id=owner.user.id) for _ in range(3)]

    first = await api.ok(JOBS, {"first": 2}, token=owner.access_token)
    after = first["jobs"]["pageInfo"]["endCursor"]
    rest = await api.ok(JOBS, {"first": 2, "after": after}, token=owner.access_token)

    assert first["jobs"]["totalCount"] == 3 and first["jobs"]["pageInfo"]["hasNextPage"]
    assert len(first["jobs"]["edges"]) == 2 and len(rest["jobs"]["edges"]) == 1
    assert not rest["jobs"]["pageInfo"]["hasNextPage"]
    assert len(made) == 3


async def test_a_bad_page_size_or_cursor_is_refused(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    big = await api.execute(JOBS, {"first": 1000}, token=owner.access_token)
    bad = await api.execute(JOBS, {"after": "nonsense"}, token=owner.access_token)

    assert big.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}
    assert bad.errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}


async def test_jobs_without_a_token_is_unauthenticated(api: GraphQLClient) -> None:
    answer = await api.execute(JOBS, {})

    assert answer.codes == ["UNAUTHENTICATED"]


async def test_job_updates_reach_their_owner_live_and_nobody_else(
    http: httpx.AsyncClient, api: GraphQLClient, ws_url: str, app: Starlette
) -> None:
    seller = await signed_in(api, "salesperson")
    other = await signed_in(api, "salesperson", email="other@acme.test")
    admin = await signed_in(api, "admin")

    async with (
        subscribed(ws_url, seller.access_token, UPDATED, {"kind": "contact.import"}) as mine,
        subscribed(ws_url, other.access_token, UPDATED, {}) as theirs,
        subscribed(ws_url, admin.access_token, UPDATED, {"kind": "contact.import"}) as admins,
    ):
        await upload(http, seller.access_token, GOOD)
        states = [(await mine.next())["jobUpdated"]["state"] for _ in range(3)]
        seen_by_admin = (await admins.next())["jobUpdated"]
        # The other seller's own job: the first event they hear is it, not the seller's.
        own = await job_actions.enqueue("test.other", created_by_id=other.user.id)
        heard = (await theirs.next())["jobUpdated"]

    assert states[0] == "QUEUED" and states[-1] in {"RUNNING", "SUCCEEDED"}
    assert seen_by_admin["kind"] == "contact.import"
    assert (heard["kind"], heard["id"]) == ("test.other", job_id(own.pk))


def job_id(pk: int) -> str:
    from models.global_ids import global_id

    return global_id("Job", pk)
