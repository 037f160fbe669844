"""The user guide of each role template, in every language of docs_gen/texts.py.

Read from the templates themselves (models/access/role_templates.py, parsed like any stored role
by models/access/policy.py) and the catalogue, so a page says what the gate enforces: the
operations per object, the record scopes, and per field whether it is seen, changed or hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from docs_gen.texts import (
    FIELDS,
    LANGUAGE_NAMES,
    LANGUAGES,
    OBJECTS,
    OPERATIONS,
    ROLES,
    SCOPES,
    text,
)
from docs_gen.texts import SENTENCES as S
from models.access import custom_access
from models.access.catalogue import CATALOGUE, ObjectSpec
from models.access.policy import ObjectGrant, Policy, load
from models.access.role_templates import TEMPLATES, RoleTemplate
from models.custom_field import OBJECTS as CUSTOM_OBJECTS

WRITES = frozenset({"create", "update", "delete", "assign"})


@dataclass(slots=True)
class _Definition:
    """A custom field as the default rule sees it (models/access/custom_access.py)."""

    key: str
    sensitive: bool


def _custom_line(spec: ObjectSpec, grant: ObjectGrant, language: str) -> str:
    """What the role gets of the object's custom fields it is not granted by name."""
    plain, sensitive = (
        text(S, "custom_" + custom_access.access(grant, spec.name, _Definition("x", s)), language)
        for s in (False, True)
    )
    return text(S, "custom_fields", language).format(plain=plain, sensitive=sensitive)


def _join(items: list[str], language: str) -> str:
    return ", ".join(items) if items else text(S, "none", language)


def _fields(spec: ObjectSpec, names: set[str] | frozenset[str], language: str) -> str:
    return _join([text(FIELDS, n, language) for n in spec.fields if n in names], language)


def _ops(spec: ObjectSpec, grant: ObjectGrant, language: str) -> str:
    return _join(
        [text(OPERATIONS, op, language) for op in spec.operations if op in grant.ops], language
    )


def _scope_cells(spec: ObjectSpec, grant: ObjectGrant, language: str) -> tuple[str, str]:
    if spec.recipient_column is not None:
        own = text(S, "personal", language)
        return own, own
    if not spec.owned:
        everything = text(SCOPES, "all", language)
        return everything, everything if grant.ops & WRITES else text(S, "none", language)
    sees = text(SCOPES, grant.read_scope, language)
    changes = text(SCOPES, grant.write_scope, language)
    return sees, changes if grant.ops & WRITES else text(S, "none", language)


def _object_section(spec: ObjectSpec, grant: ObjectGrant, language: str) -> list[str]:
    lines = [f"### {text(OBJECTS, spec.name, language)}", ""]
    lines.append("- " + text(S, "may", language).format(ops=_ops(spec, grant, language)))
    sees, changes = _scope_cells(spec, grant, language)
    if spec.recipient_column is not None:
        lines.append(f"- {sees}")
    elif spec.owned:
        lines.append("- " + text(S, "sees", language).format(scope=sees))
        if grant.ops & WRITES:
            lines.append("- " + text(S, "changes", language).format(scope=changes))
    if spec.name == "user" and grant.ops & WRITES:
        lines.append("- " + text(S, "user_rule", language))
    if spec.fields:
        writable = grant.writable
        readable = grant.readable - writable
        hidden = set(spec.fields) - grant.readable
        for key, names in (("writable", writable), ("readable", readable), ("hidden", hidden)):
            if names:
                fields = _fields(spec, names, language)
                lines.append("- " + text(S, key, language).format(fields=fields))
    if spec.name in CUSTOM_OBJECTS:
        lines.append("- " + _custom_line(spec, grant, language))
    return [*lines, ""]


def role_page(template: RoleTemplate, language: str) -> str:
    policy: Policy = load(template.permissions)
    role = text(ROLES, template.key, language)
    granted = [spec for spec in CATALOGUE if policy.grant(spec.name).ops]
    refused = [spec for spec in CATALOGUE if not policy.grant(spec.name).ops]
    out = [
        f"# {text(S, 'title', language).format(role=role)}",
        "",
        text(S, "generated", language),
        "",
        " ".join(
            [text(S, "level", language).format(level=template.level)]
            + ([text(S, "level_rule", language)] if _manages_people(policy) else [])
        ),
        "",
        f"## {text(S, 'summary', language)}",
        "",
        "| "
        + " | ".join(text(S, c, language) for c in ("col_object", "col_may", "col_sees"))
        + f" | {text(S, 'col_changes', language)} |",
        "|---|---|---|---|",
    ]
    for spec in granted:
        grant = policy.grant(spec.name)
        sees, changes = _scope_cells(spec, grant, language)
        name = text(OBJECTS, spec.name, language)
        out.append(f"| {name} | {_ops(spec, grant, language)} | {sees} | {changes} |")
    out += ["", *_sales_money(policy, language)]
    out += [f"## {text(S, 'details', language)}", ""]
    for spec in granted:
        out += _object_section(spec, policy.grant(spec.name), language)
    if refused:
        objects = _join([text(OBJECTS, s.name, language) for s in refused], language)
        out += [text(S, "not_granted", language).format(objects=objects), ""]
    others = [
        f"[{LANGUAGE_NAMES[other]}](../{other}/{_slug(template)}.md)"
        for other in LANGUAGES
        if other != language
    ]
    out += [f"{text(S, 'other_languages', language)}: " + " · ".join(others), ""]
    return "\n".join(out)


def _sales_money(policy: Policy, language: str) -> list[str]:
    """Who may quote, invoice, record payments, see margins and set rates, in one short list
    (the same grants as the tables, read for the questions people ask about money)."""

    def may(*needs: tuple[str, str]) -> bool:
        return all(op in policy.grant(obj).ops for obj, op in needs)

    margins = all(
        {"cost", "margin"} <= policy.grant(obj).readable and "read" in policy.grant(obj).ops
        for obj in ("quote", "order", "invoice")
    )
    answers = {
        "may_quote": may(("quote", "create"), ("quote", "update")),
        "may_invoice": may(("invoice", "create"), ("invoice", "update")),
        "may_pay": may(("payment", "create"), ("invoice", "read")),
        "sees_margin": margins,
        "may_rates": may(("exchangeRate", "create"), ("exchangeRate", "update")),
    }
    lines = [f"## {text(S, 'sales_money', language)}", ""]
    for key, answer in answers.items():
        word = text(S, "yes" if answer else "no", language)
        lines.append("- " + text(S, key, language).format(answer=word))
    return [*lines, ""]


def _manages_people(policy: Policy) -> bool:
    """Whether the level rule applies to this role: it gives roles or makes them."""
    return bool(policy.grant("user").ops & WRITES or policy.grant("role").ops & WRITES)


def _slug(template: RoleTemplate) -> str:
    return template.key.replace("_", "-")


def index_page(language: str) -> str:
    lines = [f"# {text(S, 'index_title', language)}", "", text(S, "index_intro", language), ""]
    for template in TEMPLATES:
        role = text(ROLES, template.key, language)
        lines.append(f"- [{role}]({_slug(template)}.md) ({template.level})")
    return "\n".join([*lines, ""])


def pages() -> dict[str, str]:
    """Path under docs/ -> content of every role guide page."""
    out: dict[str, str] = {}
    for language in LANGUAGES:
        out[f"roles/{language}/index.md"] = index_page(language)
        for template in TEMPLATES:
            out[f"roles/{language}/{_slug(template)}.md"] = role_page(template, language)
    return out
