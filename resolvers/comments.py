"""Comments on deals, tasks, contacts and companies: threads; only the author edits or deletes
(every template's comment writeScope is "own", so the gate's write-scope check says so).

@mentions (models/mentions.py) notify the people mentioned, in the comment's unit of work
(models/comment_actions.py): on create everyone mentioned, on edit only those newly mentioned.
A mention must name an active user the author may see (else BAD_USER_INPUT on ``body``, nothing
written). Someone mentioned who may not see the record is not notified, and the author is not
told: whether a colleague can see a record is not the author's to learn, and a comment is not
refused for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.types import Info
from tortoise.expressions import Q

from models import comment_actions
from models.comment import TARGETS
from models.comment import Comment as CommentModel
from models.errors import BadInput, NotFound
from models.global_ids import from_global_id, parse_global_id
from models.mentions import mentioned
from models.records import DECLARED
from models.user import User as UserModel
from resolvers import list_specs, lists, record_writes, records
from resolvers.compiled import reads as compiled_reads
from resolvers.compiled.response import Compiled
from resolvers.context import RequestContext
from resolvers.pages import Page

Ctx = Info[RequestContext, None]
# What a comment may discuss: its target_type, and the API type of the target.
TARGET_TYPES = {"deal": "Deal", "task": "Task", "contact": "Contact", "company": "Company"}


COMMENT_WRITES = record_writes.declared(
    DECLARED["comment"],
    # Whoever follows the record hears its discussion.
    topics=lambda row: [f"{row.target_type}:{row.target_id}"],
)


async def _target(info: Ctx, global_id: str, field: str) -> tuple[str, int]:
    """The discussed record's (object, pk) if the caller may see it; else as if absent."""
    parsed = parse_global_id(global_id)
    kind = records.kind_of(parsed[0]) if parsed else None
    if parsed is None or kind is None or kind.obj not in TARGETS:
        raise BadInput("Comment on a deal, task, contact or company", field=field)
    row = await info.context.loaders.of(kind.model).load(parsed[1])
    if not info.context.access(kind.obj).visible(row):
        raise NotFound("No such record")
    return kind.obj, parsed[1]


BODY_DOC = (
    "The text. Mention someone as @[Their name](<their User id>): they are notified if they "
    "may see the record (on an edit, only people newly mentioned). A mention of an unknown or "
    "inactive user is BAD_USER_INPUT (field body) and nothing is written."
)


@strawberry.input
class CommentCreateInput:
    target_id: strawberry.ID
    body: str = strawberry.field(description=BODY_DOC)
    parent_id: strawberry.ID | None = None


@strawberry.input
class CommentUpdateInput:
    id: strawberry.ID
    body: str = strawberry.field(description=BODY_DOC)
    expected_version: int | None = None


async def _check_mentioned(info: Ctx, pks: list[int]) -> list[int]:
    """The mentioned users, if each is an active user the author may see."""
    if not pks:
        return []
    rows = {row.id: row for row in await UserModel.filter(id__in=pks)}
    for pk in pks:
        row = rows.get(pk)
        if row is None or not row.is_active or not info.context.access("user").visible(row):
            raise BadInput("A mention names an unknown or inactive user", field="body")
    return pks


async def comments(
    info: Ctx,
    target_id: strawberry.ID,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page[CommentModel] | Compiled:
    obj, pk = await _target(info, target_id, "targetId")
    return await compiled_reads.page(
        info,
        list_specs.COMMENTS,
        lists.PageArgs(first, after, last, before),
        where=Q(target_type=obj, target_id=pk),
    )


@dataclass(frozen=True, slots=True)
class _Write:
    body: str


async def comment_create(info: Ctx, input: CommentCreateInput) -> CommentModel:
    access = info.context.access("comment")
    access.require("create")
    obj, pk = await _target(info, input.target_id, "targetId")
    extra: dict[str, Any] = {"target_type": obj, "target_id": pk}
    if input.parent_id is not None:
        parent_pk = from_global_id(input.parent_id, "Comment", field="parentId")
        parent = await CommentModel.get_or_none(pk=parent_pk, deleted_at__isnull=True)
        if parent is None or (parent.target_type, parent.target_id) != (obj, pk):
            raise BadInput("Reply to a comment on the same record", field="parentId")
        extra["parent_id"] = parent_pk
    users = await _check_mentioned(info, mentioned(input.body))
    row = await comment_actions.create_comment(
        lambda: record_writes.create(info, COMMENT_WRITES, _Write(input.body), derived=extra),
        users,
        (obj, pk),
        info.context.require_principal().user_id,
    )
    return row


async def _visible_comment(info: Ctx, id: str) -> int:
    pk = from_global_id(id, "Comment")
    row = await CommentModel.get_or_none(pk=pk, deleted_at__isnull=True)
    if row is None:
        raise NotFound("No such comment")
    kind = records.kind_of(TARGET_TYPES[row.target_type])
    assert kind is not None
    target = await info.context.loaders.of(kind.model).load(row.target_id)
    if not info.context.access(kind.obj).visible(target):
        raise NotFound("No such comment")
    return pk


async def comment_update(info: Ctx, input: CommentUpdateInput) -> CommentModel:
    pk = await _visible_comment(info, input.id)
    row = await comment_actions.edit_comment(
        pk,
        input.body,
        lambda added: _check_mentioned(info, added),
        lambda: record_writes.update(info, COMMENT_WRITES, input),
        info.context.require_principal().user_id,
    )
    return row


async def comment_delete(info: Ctx, id: strawberry.ID) -> bool:
    await _visible_comment(info, id)
    return await record_writes.delete(info, COMMENT_WRITES, id)
