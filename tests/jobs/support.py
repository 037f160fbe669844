"""Helpers of the job tests: the jobs list as a client reads it, and workers made as
``tandem worker`` makes them."""

from __future__ import annotations

from typing import Any

from jobs.context import Handler
from jobs.worker import Worker
from server.job_kinds import build_worker
from server.settings import Settings
from tests.support.graphql import GraphQLClient

JOBS = """
query($first: Int, $after: String, $filter: JobFilter) {
  jobs(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node {
      id kind state attempts maxAttempts nextAttemptAt progressDone progressTotal error
      startedAt finishedAt
    } }
  }
}
"""


async def jobs(api: GraphQLClient, token: str, **filter: Any) -> list[dict[str, Any]]:
    data = await api.ok(JOBS, {"filter": filter or None}, token=token)
    return [edge["node"] for edge in data["jobs"]["edges"]]


def worker(settings: Settings, **extra: Handler) -> Worker:
    """A worker of this test's settings, not started: the test runs its sweeps."""
    made = build_worker(settings.model_copy(update={"job_poll_seconds": 0}), None)
    made.handlers.update(extra)
    return made
