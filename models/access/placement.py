"""Nobody gives a person access beyond what they hold themselves, departments included.

A user's reach is their role *and* their departments: a role reading deals with department
scope reads the deals of every department its holder is in. ``check_within`` (auth/role_admin.py)
compares roles; this compares the departments the role is used in. For every owned object the
role reaches by department, the one placing the user must reach that object in all departments
(scope "all") or the user's departments must be among their own.

Every route that combines a role with departments asks here: an invitation (role + departments),
a user's role or departments changed, a role's permissions changed while people hold it. API
keys act within their creator's current rights instead (auth/authenticate.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from models.access.catalogue import CATALOGUE
from models.access.policy import ObjectGrant, Policy
from models.access.principal import Principal
from models.errors import Forbidden
from models.i18n import msg

WRITING = frozenset({"create", "update", "delete", "assign"})


def _department_scopes(grant: ObjectGrant) -> list[str]:
    """Which of read / write the grant scopes by department."""
    scopes = []
    if "read" in grant.ops and grant.read_scope == "department":
        scopes.append("read")
    if grant.ops & WRITING and grant.write_scope == "department":
        scopes.append("write")
    return scopes


def departments_reached(principal: Principal, granted: Policy) -> str | None:
    """The first object ``granted`` reaches by department where the principal does not reach
    every department; None when the principal may place such a role in any department."""
    for spec in CATALOGUE:
        if not spec.owned or spec.recipient_column is not None:
            continue
        mine = principal.policy.grant(spec.name)
        for kind in _department_scopes(granted.grant(spec.name)):
            held = mine.read_scope if kind == "read" else mine.write_scope
            if held != "all":
                return spec.name
    return None


def check_placement(
    principal: Principal,
    granted: Policy,
    department_ids: Iterable[int],
    field: str = "departmentIds",
) -> None:
    """Refuse when a holder of ``granted`` in ``department_ids`` would reach records of a
    department the principal does not reach."""
    outside = set(department_ids) - set(principal.department_ids)
    if not outside:
        return
    obj = departments_reached(principal, granted)
    if obj is not None:
        raise Forbidden(
            msg(
                "That would give access to {obj} records of a department outside your own", obj=obj
            ),
            field=field,
        )
