"""Comments: discussion on a deal, task, contact or company, in threads. The author owns it."""

from __future__ import annotations

from tortoise import fields

from models.base import OwnedRecord

# Objects one may comment on.
TARGETS = ("deal", "task", "contact", "company")


class Comment(OwnedRecord):
    target_type = fields.CharField(max_length=20)
    target_id = fields.BigIntField()
    # A reply names the comment it answers; threads are one level of parent links.
    parent: fields.ForeignKeyNullableRelation[Comment] = fields.ForeignKeyField(
        "tandem.Comment", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    parent_id: int | None
    body = fields.TextField()

    class Meta:
        table = "comment"
        app = "tandem"
        indexes = (("target_type", "target_id", "created_at"),)
