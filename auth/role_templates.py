"""Role templates shipped as data. Levels rank roles: one may only create or assign lower ones."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RoleTemplate:
    key: str
    name: str
    level: int


TEMPLATES: tuple[RoleTemplate, ...] = (
    RoleTemplate("owner", "Owner", 100),
    RoleTemplate("admin", "Admin", 90),
    RoleTemplate("senior_manager", "Senior Manager", 70),
    RoleTemplate("manager", "Manager", 60),
    RoleTemplate("salesperson", "Salesperson", 40),
    RoleTemplate("marketing", "Marketing", 40),
    RoleTemplate("support", "Support", 40),
    RoleTemplate("read_only", "Read-only", 10),
)

BY_KEY = {t.key: t for t in TEMPLATES}
