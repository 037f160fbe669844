"""Role rows in the database, kept equal to the shipped templates."""

from __future__ import annotations

from models.access.role_templates import TEMPLATES
from models.role import Role


async def ensure_role_templates() -> dict[str, Role]:
    """Create missing template roles and bring changed ones up to the shipped data; return all
    template roles by key. Idempotent: run by `migrate`, `demo` and at startup."""
    existing = {r.template: r for r in await Role.filter(template__isnull=False)}
    for template in TEMPLATES:
        role = existing.get(template.key)
        data = dict(template.permissions)
        if role is None:
            existing[template.key] = await Role.create(
                name=template.name, level=template.level, template=template.key, permissions=data
            )
        elif role.permissions != data or role.level != template.level:
            role.permissions, role.level = data, template.level
            role.version += 1
            await role.save(update_fields=["permissions", "level", "version", "updated_at"])
    return {key: role for key, role in existing.items() if key is not None}
