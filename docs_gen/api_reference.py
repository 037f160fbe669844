"""The API reference, generated from the printed schema (docs/schema.graphql, which
tests/server/test_schema_snapshot.py keeps equal to the running one): every type, field and
argument with its description, one page per kind of type."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLType,
    GraphQLUnionType,
    build_schema,
    get_named_type,
    print_ast,
)

SDL = Path(__file__).resolve().parents[1] / "docs" / "schema.graphql"
BASE = "api/reference"
ROOTS = {"Query": "queries", "Mutation": "mutations", "Subscription": "subscriptions"}
TITLES = {
    "queries": "Queries",
    "mutations": "Mutations",
    "subscriptions": "Subscriptions",
    "objects": "Object types and interfaces",
    "inputs": "Input types",
    "enums": "Enums",
    "scalars": "Scalars and unions",
}


def _page_of(named: GraphQLNamedType) -> str:
    if isinstance(named, GraphQLInputObjectType):
        return "inputs"
    if isinstance(named, GraphQLEnumType):
        return "enums"
    if isinstance(named, GraphQLScalarType | GraphQLUnionType):
        return "scalars"
    return ROOTS.get(named.name, "objects")


def _type_link(type_: GraphQLType, here: str) -> str:
    named = get_named_type(type_)
    page = _page_of(named)
    target = f"#{named.name.lower()}" if page == here else f"{page}.md#{named.name.lower()}"
    # List brackets escaped: "[[Deal](...)]" would not read as a list of links.
    shown = str(type_).replace("[", "\\[").replace("]", "\\]")
    return shown.replace(named.name, f"[{named.name}]({target})", 1)


def _text(description: str | None) -> str:
    """A description on one line (a table cell), shown as written: outside `code`, brackets
    and angle brackets are escaped (`@[Their name](<their User id>)` is text, not a link)."""
    parts = " ".join((description or "").split()).replace("|", "\\|").split("`")
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;")
    return "`".join(parts)


def _default(arg: GraphQLArgument | GraphQLInputField) -> str:
    node = arg.ast_node
    if node is None or node.default_value is None:
        return ""
    if print_ast(node.default_value) == "null":
        return ""
    return f" = `{print_ast(node.default_value)}`"


def _arguments(args: dict[str, GraphQLArgument], here: str) -> str:
    return "<br>".join(
        f"`{name}`: {_type_link(arg.type, here)}{_default(arg)}" for name, arg in args.items()
    )


def _fields_table(
    fields: dict[str, GraphQLField] | dict[str, GraphQLInputField], here: str
) -> list[str]:
    has_args = any(getattr(f, "args", None) for f in fields.values())
    columns = ["field", "type", *(["arguments"] if has_args else []), "description"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for name, field in fields.items():
        cells = [f"`{name}`", _type_link(field.type, here)]
        if has_args:
            cells.append(_arguments(getattr(field, "args", {}), here))
        description = _text(field.description)
        reason = getattr(field, "deprecation_reason", None)
        if reason:
            description = f"**Deprecated:** {_text(reason)} {description}"
        cells.append(description)
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _root_page(root: GraphQLObjectType, page: str) -> list[str]:
    out = [f"# {TITLES[page]}", "", _intro(), ""]
    for name, field in root.fields.items():
        out += [f"## {name}", "", _text(field.description) or "(no description)", ""]
        out += [f"Returns {_type_link(field.type, page)}.", ""]
        if field.args:
            described = any(arg.description for arg in field.args.values())
            columns = ["argument", "type", *(["description"] if described else [])]
            out += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
            for arg_name, arg in field.args.items():
                cells = [f"`{arg_name}`", _type_link(arg.type, page) + _default(arg)]
                cells += [_text(arg.description)] if described else []
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
    return out


def _type_section(named: GraphQLNamedType, page: str) -> list[str]:
    out = [f"## {named.name}", ""]
    if named.description:
        out += [_text(named.description), ""]
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        if named.interfaces:
            links = ", ".join(_type_link(i, page) for i in named.interfaces)
            out += [f"Implements {links}.", ""]
        out += [*_fields_table(named.fields, page), ""]
    elif isinstance(named, GraphQLInputObjectType):
        out += [*_fields_table(named.fields, page), ""]
    elif isinstance(named, GraphQLEnumType):
        out += ["| value | description |", "|---|---|"]
        for value_name, value in named.values.items():
            out.append(f"| `{value_name}` | {_text(value.description)} |")
        out.append("")
    elif isinstance(named, GraphQLUnionType):
        links = ", ".join(_type_link(t, page) for t in named.types)
        out += [f"One of {links}.", ""]
    return out


def _intro() -> str:
    return (
        "Generated from `docs/schema.graphql` (`make docs-generate`). A field your role may not"
        " read answers `null` with a `FORBIDDEN` error at its path; see [Errors](../errors.md)."
    )


def schema() -> GraphQLSchema:
    return build_schema(SDL.read_text())


def pages() -> dict[str, str]:
    built = schema()
    out: dict[str, list[str]] = {}
    for root_name, page in ROOTS.items():
        root = built.get_type(root_name)
        assert isinstance(root, GraphQLObjectType), root_name
        out[page] = _root_page(root, page)
    for page in ("objects", "inputs", "enums", "scalars"):
        out[page] = [f"# {TITLES[page]}", "", _intro(), ""]
    for name in sorted(built.type_map):
        named = built.type_map[name]
        if name.startswith("__") or name in ROOTS:
            continue
        page = _page_of(named)
        out[page] += _type_section(named, page)
    index = ["# API reference", "", _intro(), ""]
    index += [f"- [{TITLES[page]}]({page}.md)" for page in TITLES]
    out["index"] = index
    return {f"{BASE}/{page}.md": "\n".join(lines) + "\n" for page, lines in out.items()}
