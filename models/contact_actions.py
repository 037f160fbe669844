"""Merging duplicate contacts: one transaction, all or nothing.

The target keeps its own values; each empty field of it is filled from the first source that
has one; lists (other e-mails and phones, tags, interests) are joined, and a source's primary
e-mail or phone that differs from the target's is kept among the target's others, so no way of
reaching the person is lost. Deals of the sources move to the target; sources are soft-deleted
(restorable), and every change is audited and written to the outbox with the merge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import orjson

from models import clock, events
from models.access.catalogue import ObjectSpec
from models.audit import write_audit
from models.contact import Contact
from models.custom_field import stored
from models.deal import Deal
from models.errors import NotFound
from models.outbox import emit
from models.snapshot import changed_only, values_of
from models.unit_of_work import unit_of_work

LIST_COLUMNS = ("other_emails", "other_phones", "product_interests", "tags")
# Filled together: a consent without its time and source would be a claim without evidence.
CONSENT_GROUPS = {
    "email_consent": ("email_consent", "email_consent_at", "email_consent_source"),
    "sms_consent": ("sms_consent", "sms_consent_at", "sms_consent_source"),
}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == "[]"


def _join(*lists: Iterable[str]) -> str:
    out: list[str] = []
    for items in lists:
        out += [i for i in items if i not in out]
    return orjson.dumps(out).decode()


def _fill(target: Contact, sources: Sequence[Contact], columns: Iterable[str]) -> None:
    for column in columns:
        if column in LIST_COLUMNS or column in ("email", "phone", "custom"):
            continue
        group = CONSENT_GROUPS.get(column, (column,))
        if not _empty(getattr(target, column)):
            continue
        donor = next((s for s in sources if not _empty(getattr(s, column))), None)
        if donor is not None:
            for c in group:
                setattr(target, c, getattr(donor, c))


def _reachability(target: Contact, sources: Sequence[Contact], column: str, others: str) -> None:
    mine = getattr(target, column)
    extra: list[str] = []
    for source in sources:
        value = getattr(source, column)
        if value and mine is None:
            mine = value
        elif value and value != mine:
            extra.append(value)
        extra += orjson.loads(getattr(source, others) or "[]")
    setattr(target, column, mine)
    own = orjson.loads(getattr(target, others) or "[]")
    setattr(target, others, _join(own, [e for e in extra if e != mine]))


async def merge_contacts(
    spec: ObjectSpec,
    target_id: int,
    source_ids: Sequence[int],
    *,
    actor_id: int,
    check_target: Callable[[Contact], None],
    check_source: Callable[[Contact], None],
    columns: Iterable[str],
    custom_keys: Iterable[str],
) -> Contact:
    """``columns`` and ``custom_keys``: what the caller may write; the rest is left as it is."""
    writable = set(columns)
    async with unit_of_work():
        ids = [target_id, *source_ids]
        rows = {r.pk: r for r in await Contact.select_for_update().filter(id__in=ids)}
        if any(rows.get(i) is None or rows[i].deleted_at is not None for i in ids):
            raise NotFound("No such contact")
        target, sources = rows[target_id], [rows[i] for i in source_ids]
        check_target(target)
        for source in sources:
            check_source(source)
        before = values_of(spec, target)
        _fill(target, sources, writable)
        if "email" in writable and "other_emails" in writable:
            _reachability(target, sources, "email", "other_emails")
        if "phone" in writable and "other_phones" in writable:
            _reachability(target, sources, "phone", "other_phones")
        for column in ("product_interests", "tags"):
            if column in writable:
                lists = [orjson.loads(getattr(r, column) or "[]") for r in (target, *sources)]
                setattr(target, column, _join(*lists))
        custom, keys = stored(target.custom), set(custom_keys)
        for source in sources:
            offered = {k: v for k, v in stored(source.custom).items() if k in keys}
            custom = {**offered, **custom}
        target.custom = orjson.dumps(custom, option=orjson.OPT_SORT_KEYS).decode()
        target.version += 1
        await target.save()
        old, new = changed_only(before, values_of(spec, target))
        merged = [s.pk for s in sources]
        await write_audit(
            actor_id, "contact.merge", "contact", target.pk, {**old}, {**new, "merged": merged}
        )
        await emit(
            events.UPDATED,
            "contact",
            target,
            changed=sorted(k for k in new if not k.startswith("custom.")),
            topics=["contact", f"contact:{target.pk}"],
            actor_id=actor_id,
        )
        await _move_deals(merged, target.pk, actor_id)
        for source in sources:
            source.deleted_at = clock.now()
            source.version += 1
            await source.save(update_fields=["deleted_at", "version", "updated_at"])
            await write_audit(
                actor_id, "contact.delete", "contact", source.pk, values_of(spec, source), None
            )
            await emit(
                events.DELETED,
                "contact",
                source,
                changed=[],
                topics=["contact", f"contact:{source.pk}"],
                actor_id=actor_id,
            )
    return target


async def _move_deals(source_ids: Sequence[int], target_id: int, actor_id: int) -> None:
    """The deals follow the person: re-linked like a foreign key would be, whoever owns them."""
    deals = await Deal.select_for_update().filter(contact_id__in=list(source_ids))
    for deal in deals:
        old = deal.contact_id
        deal.contact_id = target_id
        deal.version += 1
        await deal.save(update_fields=["contact_id", "version", "updated_at"])
        await write_audit(
            actor_id, "deal.update", "deal", deal.pk, {"contact": old}, {"contact": target_id}
        )
        await emit(
            events.UPDATED,
            "deal",
            deal,
            changed=["contact_id"],
            topics=["deal", f"deal:{deal.pk}", f"pipeline:{deal.pipeline_id}"],
            actor_id=actor_id,
        )
