"""Departments: Sales, Marketing, Support, ... Record scope "department" is measured by them."""

from __future__ import annotations

from tortoise import fields

from models.base import Record


class Department(Record):
    name = fields.CharField(max_length=100, unique=True)

    class Meta:
        table = "department"
        app = "tandem"

    def __str__(self) -> str:
        return self.name
