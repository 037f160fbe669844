"""Who a campaign goes to and what its template may say about them, read as the sender.

Recipients are streamed page by page with the contacts list's own keyset pagination, under the
sender's permissions of the moment (a segment is a saved contacts filter; a hand-picked list is
the ids, of which only the contacts the sender may still see count), so memory stays flat in
the list's size and a send never reaches a contact the sender could not list.

A template's values are the fields the sender may read: ``contact``, ``company`` (the contact's
company, if the sender may read the company field and that company) and ``owner`` (the
contact's owner, from the user directory, if the sender may read it), each a dict keyed by the
API's field names. A field the sender may not read is not in it, so a template naming it fails
its render (mail/message_render.py, StrictUndefined) rather than printing it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from tortoise.expressions import Q

from models.access.records import RecordAccess
from models.campaign import Campaign
from models.company import Company
from models.contact import Contact
from models.errors import NotFound
from models.records import DECLARED
from models.segment import Segment
from models.user import User
from resolvers import list_specs, lists
from resolvers.api.segment_inputs import filter_from_data
from resolvers.segment_behaviour import behaviour_q

PLAIN = frozenset({"text", "int", "bigint", "decimal", "bool", "date", "datetime", "consent"})
# The values a template gets for a field that holds JSON text lists (tags, other e-mails).
LIST_TYPES = frozenset({"list", "strings"})


async def recipient_pages(
    contacts: RecordAccess, campaign: Campaign, page_size: int
) -> AsyncIterator[list[Contact]]:
    """The campaign's recipients the sender may see, one keyset page at a time."""
    if campaign.segment_id is not None:
        segment = await Segment.get_or_none(pk=campaign.segment_id)
        if segment is None:
            raise NotFound("The campaign's segment no longer exists")
        filter = filter_from_data(segment.conditions)
        where = behaviour_q(contacts, segment.behaviour)
        after: str | None = None
        while True:
            page = await lists.page(
                list_specs.CONTACTS,
                contacts,
                lists.PageArgs(page_size, after),
                filter=filter,
                where=where,
            )
            rows = [edge.node for edge in page.edges]
            if rows:
                yield rows
            if not page.page_info.has_next_page:
                return
            after = page.page_info.end_cursor
    ids: Sequence[int] = campaign.contact_ids or []
    for start in range(0, len(ids), page_size):
        chunk = list(ids[start : start + page_size])
        rows = list(await contacts.rows(Contact, Q(id__in=chunk)).order_by("id"))
        if rows:
            yield rows


def readable(access: RecordAccess, obj: str, row: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in DECLARED[obj].fields:
        if field.column is None or not access.can_read(field.name):
            continue
        if field.type in PLAIN or field.type in LIST_TYPES:
            values[field.name] = getattr(row, field.column)
    values["id"] = row.pk
    return values


class TemplateValues:
    """Builds each recipient's values for one page, with the page's companies and owners
    read in two queries."""

    def __init__(self, contacts: RecordAccess) -> None:
        self.contacts = contacts
        self.companies = contacts.of("company")
        self.users = contacts.of("user")

    async def for_page(self, rows: Sequence[Contact]) -> dict[int, Mapping[str, Any]]:
        companies: dict[int, dict[str, Any]] = {}
        owners: dict[int, dict[str, Any]] = {}
        if self.contacts.can_read("company") and self.companies.can("read"):
            ids = {r.company_id for r in rows if r.company_id is not None}
            if ids:
                for company in await self.companies.rows(Company, Q(id__in=ids)):
                    companies[company.pk] = readable(self.companies, "company", company)
        if self.contacts.can_read("owner") and self.users.can("read"):
            ids = {r.owner_id for r in rows if r.owner_id is not None}
            if ids:
                for user in await User.filter(id__in=ids):
                    if self.users.visible(user):
                        owners[user.pk] = readable(self.users, "user", user)
        out: dict[int, Mapping[str, Any]] = {}
        for row in rows:
            values: dict[str, Any] = {"contact": readable(self.contacts, "contact", row)}
            if row.company_id in companies:
                values["company"] = companies[row.company_id]
            if row.owner_id in owners:
                values["owner"] = owners[row.owner_id]
            out[row.pk] = values
        return out
