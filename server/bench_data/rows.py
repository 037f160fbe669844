"""The benchmark data's rows, generated a chunk at a time, with explicit ids.

Every id is known in advance (1..n per table), and every link is a pure function of ids, so
that no table is ever read back or held in memory:

- contact ``c`` works at company ``(c - 1) % companies + 1``; the contacts of company ``k`` are
  ``k, k + companies, k + 2 * companies, ...``;
- the first 1% of contacts are "key accounts": a tenth of all activities are about them, so
  that a record page has a full history to show;
- a company's owner, department, domain and place follow from its id alone.

Each table draws from its own ``random.Random`` (seed + table number): a table's rows do not
depend on the size of the others.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import orjson

from server.bench_data.writer import Row
from server.demo_data import FIRST, INDUSTRIES, LAST, PLACES, SUFFIXES, WORDS

# Every timestamp is drawn back from this fixed moment: reruns give identical rows.
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
CHUNK = 5_000
TAGS = ("vip", "b2b", "partner", "newsletter", "trade-fair", "renewal", "churn-risk")
ACTIVITY_KINDS = ("call", "email", "meeting", "note", "sms", "chat")
RECORD = ("created_at", "updated_at", "version", "deleted_at", "owner_id", "department_id")


@dataclass(frozen=True, slots=True)
class Owner:
    user_id: int
    department_id: int


@dataclass(frozen=True, slots=True)
class Plan:
    """Sizes plus the ids made beforehand through the ORM (users, pipeline, stages)."""

    seed: int
    companies: int
    contacts: int
    deals: int
    activities: int
    tasks: int
    comments: int
    owners: Sequence[Owner]
    pipeline_id: int
    # (stage id, probability, status of its deals)
    stages: Sequence[tuple[int, int, str]]


def _when(rng: random.Random, days: int = 730) -> datetime:
    return EPOCH - timedelta(seconds=rng.randrange(days * 24 * 3600))


def _record(rng: random.Random, owner: Owner) -> tuple[datetime, datetime, int, None, int, int]:
    created = _when(rng)
    return (created, created, 1, None, owner.user_id, owner.department_id)


def _tags(rng: random.Random) -> str:
    return orjson.dumps(sorted(set(rng.sample(TAGS, rng.randrange(0, 3))))).decode()


def _chunks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def company_owner(plan: Plan, company_id: int) -> Owner:
    return plan.owners[(company_id * 7) % len(plan.owners)]


def company_name(company_id: int) -> str:
    return f"{WORDS[company_id % len(WORDS)]} {SUFFIXES[company_id // len(WORDS) % len(SUFFIXES)]}"


def company_of(plan: Plan, contact_id: int) -> int:
    return (contact_id - 1) % plan.companies + 1


def contact_at(plan: Plan, company_id: int, rng: random.Random) -> int | None:
    """One of the company's contacts, or None when it has none."""
    count = (plan.contacts - company_id) // plan.companies + 1 if company_id <= plan.contacts else 0
    return company_id + rng.randrange(count) * plan.companies if count else None


COMPANY_COLUMNS: tuple[str, ...] = (
    "id",
    *RECORD,
    "name",
    "domain",
    "industry",
    "size",
    "country",
    "city",
)
COMPANY_COLUMNS += ("tags", "custom")


def companies(plan: Plan) -> Iterator[list[Row]]:
    rng = random.Random(plan.seed * 10 + 1)

    def rows() -> Iterator[Row]:
        for k in range(1, plan.companies + 1):
            country, city = PLACES[k % len(PLACES)]
            name = f"{company_name(k)} {k}"
            yield (
                k,
                *_record(rng, company_owner(plan, k)),
                name,
                f"{name.lower().replace(' ', '-')}.example",
                rng.choice(INDUSTRIES),
                rng.choice(("1-10", "11-50", "51-200", "201-1000")),
                country,
                city,
                _tags(rng),
                "{}",
            )

    return _chunks(rows())


CONTACT_COLUMNS: tuple[str, ...] = (
    "id",
    *RECORD,
    "first_name",
    "last_name",
    "email",
    "phone",
    "position",
)
CONTACT_COLUMNS += ("company_id", "country", "city", "lifecycle_stage", "source", "tags")
CONTACT_COLUMNS += ("other_emails", "other_phones", "product_interests", "custom", "email_consent")


def contacts(plan: Plan) -> Iterator[list[Row]]:
    rng = random.Random(plan.seed * 10 + 2)

    def rows() -> Iterator[Row]:
        for c in range(1, plan.contacts + 1):
            k = company_of(plan, c)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            country, city = PLACES[k % len(PLACES)]
            slug = f"{company_name(k)} {k}".lower().replace(" ", "-")
            yield (
                c,
                *_record(rng, company_owner(plan, k)),
                first,
                last,
                f"{first.lower()}.{last.lower()}.{c}@{slug}.example",
                f"+3460{rng.randrange(1_000_000, 9_999_999)}",
                rng.choice(("CEO", "Buyer", "Operations", "Finance", "IT lead")),
                k,
                country,
                city,
                rng.choice(("lead", "prospect", "customer")),
                rng.choice(("web", "referral", "event", "cold call")),
                _tags(rng),
                "[]",
                "[]",
                "[]",
                "{}",
                rng.random() < 0.6,
            )

    return _chunks(rows())


DEAL_COLUMNS: tuple[str, ...] = (
    "id",
    *RECORD,
    "title",
    "pipeline_id",
    "stage_id",
    "position",
    "amount",
)
DEAL_COLUMNS += ("currency", "cost", "probability", "expected_close", "contact_id", "company_id")
DEAL_COLUMNS += ("status", "custom")


def deals(plan: Plan) -> Iterator[list[Row]]:
    rng = random.Random(plan.seed * 10 + 3)
    # Sparse positions in each stage column, in insertion order: 1024, 2048, ...
    positions = dict.fromkeys((s[0] for s in plan.stages), 0)

    def rows() -> Iterator[Row]:
        for d in range(1, plan.deals + 1):
            k = rng.randrange(1, plan.companies + 1)
            stage_id, probability, status = rng.choice(plan.stages)
            positions[stage_id] += 1024
            amount = Decimal(rng.randrange(500, 120_000))
            yield (
                d,
                *_record(rng, plan.owners[rng.randrange(len(plan.owners))]),
                f"{rng.choice(('Licences', 'Renewal', 'Pilot', 'Rollout'))} for "
                f"{company_name(k)} {k}",
                plan.pipeline_id,
                stage_id,
                positions[stage_id],
                amount,
                rng.choice(("EUR", "EUR", "EUR", "USD", "GBP")),
                (amount * Decimal(rng.uniform(0.3, 0.8))).quantize(Decimal("0.01")),
                probability,
                (EPOCH + timedelta(days=rng.randrange(-60, 180))).date(),
                contact_at(plan, k, rng),
                k,
                status,
                "{}",
            )

    return _chunks(rows())


ACTIVITY_COLUMNS: tuple[str, ...] = (
    "id",
    *RECORD,
    "kind",
    "direction",
    "occurred_at",
    "duration_seconds",
)
ACTIVITY_COLUMNS += ("subject", "body", "outcome", "contact_id", "company_id", "deal_id")


def key_accounts(plan: Plan) -> int:
    return max(1, plan.contacts // 100)


def activities(plan: Plan) -> Iterator[list[Row]]:
    rng = random.Random(plan.seed * 10 + 4)
    keys = key_accounts(plan)

    def rows() -> Iterator[Row]:
        for a in range(1, plan.activities + 1):
            owner = plan.owners[rng.randrange(len(plan.owners))]
            kind = rng.choice(ACTIVITY_KINDS)
            deal_id = None
            if rng.random() < 0.1:
                contact_id: int | None = rng.randrange(1, keys + 1)
            elif rng.random() < 0.25:
                contact_id, deal_id = None, rng.randrange(1, plan.deals + 1)
            else:
                contact_id = rng.randrange(1, plan.contacts + 1)
            occurred = _when(rng)
            yield (
                a,
                occurred,
                occurred,
                1,
                None,
                owner.user_id,
                owner.department_id,
                kind,
                rng.choice(("inbound", "outbound")) if kind in ("call", "email", "sms") else None,
                occurred,
                rng.randrange(60, 3600) if kind in ("call", "meeting") else None,
                f"{kind.title()} #{a}",
                "Talked about the next steps, prices and the rollout plan.",
                rng.choice((None, "interested", "call back", "no answer")),
                contact_id,
                company_of(plan, contact_id) if contact_id else None,
                deal_id,
            )

    return _chunks(rows())


TASK_COLUMNS: tuple[str, ...] = (
    "id",
    *RECORD,
    "title",
    "description",
    "due_at",
    "priority",
    "status",
    "labels",
)
TASK_COLUMNS += ("target_type", "target_id", "assignee_id", "creator_id", "completed_at")


def _target(plan: Plan, rng: random.Random) -> tuple[str, int]:
    kind = rng.choice(("deal", "contact", "company"))
    size = {"deal": plan.deals, "contact": plan.contacts, "company": plan.companies}[kind]
    return kind, rng.randrange(1, size + 1)


def tasks(plan: Plan) -> Iterator[list[Row]]:
    rng = random.Random(plan.seed * 10 + 5)

    def rows() -> Iterator[Row]:
        for t in range(1, plan.tasks + 1):
            owner = plan.owners[rng.randrange(len(plan.owners))]
            created = _when(rng, 365)
            status = rng.choice(("open", "open", "in_progress", "done", "cancelled"))
            target_type, target_id = _target(plan, rng)
            yield (
                t,
                created,
                created,
                1,
                None,
                owner.user_id,
                owner.department_id,
                f"Follow up #{t}",
                "",
                created + timedelta(days=rng.randrange(1, 60)),
                rng.choice(("low", "normal", "normal", "high", "urgent")),
                status,
                "[]",
                target_type,
                target_id,
                plan.owners[rng.randrange(len(plan.owners))].user_id,
                owner.user_id,
                created + timedelta(days=1) if status == "done" else None,
            )

    return _chunks(rows())


COMMENT_COLUMNS = ("id", *RECORD, "target_type", "target_id", "body", "parent_id")


def comments(plan: Plan) -> Iterator[list[Row]]:
    """Every third comment answers the one before it, on the same record."""
    rng = random.Random(plan.seed * 10 + 6)

    def rows() -> Iterator[Row]:
        previous: tuple[str, int, datetime] = ("deal", 1, EPOCH)
        for c in range(1, plan.comments + 1):
            owner = plan.owners[rng.randrange(len(plan.owners))]
            if c % 3 == 0:
                target_type, target_id, at = previous
                at, parent = at + timedelta(minutes=rng.randrange(1, 600)), c - 1
            else:
                target_type, target_id = _target(plan, rng)
                at, parent = _when(rng), None
            previous = (target_type, target_id, at)
            yield (
                c,
                at,
                at,
                1,
                None,
                owner.user_id,
                owner.department_id,
                target_type,
                target_id,
                f"Comment {c}: see the latest call notes.",
                parent,
            )

    return _chunks(rows())
