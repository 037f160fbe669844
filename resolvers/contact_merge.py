"""contactMerge: thin over models/contact_actions.py, with the caller's access checks
handed in.

Needs update (the target) and delete (the sources, which are soft-deleted) on contacts within
the caller's write scope. Only fields the caller may write are filled; the sources' deals move
to the target whoever owns them, as a foreign key would, so that no deal loses its person.
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from models.contact import Contact as ContactModel
from models.contact_actions import merge_contacts
from models.errors import BadInput
from models.global_ids import from_global_id
from models.i18n import msg
from resolvers import custom_fields
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]
MAX_SOURCES = 20


@strawberry.input
class ContactMergeInput:
    target_id: strawberry.ID
    source_ids: list[strawberry.ID] = strawberry.field(description="Merged into the target")


async def contact_merge(info: Ctx, input: ContactMergeInput) -> ContactModel:
    contacts = info.context.access("contact")
    contacts.require("update")
    contacts.require("delete")
    target = from_global_id(input.target_id, "Contact", field="targetId")
    sources = [from_global_id(i, "Contact", field="sourceIds") for i in input.source_ids]
    if not sources or len(sources) > MAX_SOURCES:
        raise BadInput(
            msg("Merge 1 to {max_sources} contacts into the target", max_sources=MAX_SOURCES),
            field="sourceIds",
        )
    if target in sources or len(set(sources)) != len(sources):
        raise BadInput("Each source once, and not the target", field="sourceIds")
    spec = contacts.spec
    writable = contacts.grant.writable
    columns = [f.column for f in spec.fields.values() if f.name in writable and f.column]
    defs = await custom_fields.definitions(info.context.cache, "contact")
    keys = [d.key for d in defs if contacts.custom_access(d) == "write"]
    merged = await merge_contacts(
        spec,
        target,
        sources,
        actor_id=info.context.require_principal().user_id,
        check_target=lambda row: contacts.require_writable_record(row, "update"),
        check_source=lambda row: contacts.require_writable_record(row, "delete"),
        columns=columns,
        custom_keys=keys,
    )
    return merged
