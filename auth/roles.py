"""Role rows in the database, created from the shipped templates."""

from __future__ import annotations

from auth.role_templates import TEMPLATES
from models.role import Role


async def ensure_role_templates() -> dict[str, Role]:
    """Create any missing template role; return all template roles by key. Idempotent."""
    existing = {r.template: r for r in await Role.filter(template__isnull=False)}
    for template in TEMPLATES:
        if template.key not in existing:
            existing[template.key] = await Role.create(
                name=template.name, level=template.level, template=template.key
            )
    return {key: role for key, role in existing.items() if key is not None}
