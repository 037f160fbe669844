"""What two policies both grant: an API key acts with its role cut down to its creator's
current role, so demoting (or narrowing the role of) the creator narrows the key at once."""

from __future__ import annotations

from models.access.catalogue import CATALOGUE, SCOPES
from models.access.custom_access import RANK, access
from models.access.policy import ObjectGrant, Policy


class _Strict:
    """A custom field as its default is lowest: sensitive."""

    key = ""
    sensitive = True


def _narrower(a: str, b: str) -> str:
    return a if SCOPES.index(a) <= SCOPES.index(b) else b


def _custom(obj: str, a: ObjectGrant, b: ObjectGrant) -> tuple[tuple[str, str], ...]:
    """Explicit custom-field grants of either side, each at most what the other side gives.
    A side without an explicit grant gives its default; as the definition is not at hand, the
    lower of the two possible defaults (the one for a sensitive field) is taken."""
    explicit_a, explicit_b = dict(a.custom), dict(b.custom)
    out = []
    for key in sorted(set(explicit_a) | set(explicit_b)):
        here = explicit_a.get(key) or access(a, obj, _Strict())
        there = explicit_b.get(key) or access(b, obj, _Strict())
        out.append((key, min(here, there, key=RANK.__getitem__)))
    return tuple(out)


def intersect(a: Policy, b: Policy) -> Policy:
    objects = {}
    for name, mine in a.objects.items():
        theirs = b.grant(name)
        ops = mine.ops & theirs.ops
        if not ops or name not in CATALOGUE:
            continue
        objects[name] = ObjectGrant(
            ops=ops,
            read_scope=_narrower(mine.read_scope, theirs.read_scope),
            write_scope=_narrower(mine.write_scope, theirs.write_scope),
            readable=mine.readable & theirs.readable,
            writable=mine.writable & theirs.writable,
            custom=_custom(name, mine, theirs),
        )
    return Policy(objects)
