"""The generated pages of docs/ are current: regenerated from the code, they equal the files
checked in. `make docs-generate` rewrites them after an intended change."""

from __future__ import annotations

import pytest
from graphql import parse, validate

from docs_gen.api_reference import schema
from docs_gen.pages import DOCS, generate, stale
from docs_gen.texts import OBJECTS
from models.access.catalogue import CATALOGUE
from models.access.role_templates import TEMPLATES
from server.settings import Settings
from tests.support.doc_steps import graphql_blocks

# Hand-written pages whose GraphQL operations must fit the schema as it is.
WITH_OPERATIONS = ("api/examples.md", "training/tutorial.md")


def test_every_generated_page_equals_the_checked_in_file() -> None:
    out_of_date = [str(p.relative_to(DOCS.parent)) for p in stale(generate())]
    assert out_of_date == [], f"out of date (run `make docs-generate`): {out_of_date}"


def test_a_changed_policy_shows_as_an_out_of_date_page(monkeypatch: pytest.MonkeyPatch) -> None:
    salesperson = next(t for t in TEMPLATES if t.key == "salesperson")
    deal = dict(salesperson.permissions["deal"])
    monkeypatch.setitem(deal, "fields", {**deal["fields"], "cost": "read", "margin": "read"})
    monkeypatch.setitem(salesperson.permissions, "deal", deal)
    changed = {p.relative_to(DOCS).as_posix() for p in stale(generate())}
    assert {"roles/en/salesperson.md", "roles/es/salesperson.md"} <= changed


def test_every_role_guide_names_every_object_it_grants() -> None:
    pages = generate()
    for template in TEMPLATES:
        page = pages[DOCS / "roles" / "en" / f"{template.key.replace('_', '-')}.md"]
        assert f"Level {template.level}." in page
        for obj in CATALOGUE:
            if template.permissions.get(obj.name, {}).get("ops"):
                assert f"### {OBJECTS[obj.name][0]}" in page, (template.key, obj.name)


def test_the_settings_page_lists_every_setting_with_its_variable() -> None:
    page = generate()[DOCS / "admin" / "settings.md"]
    for name in Settings.model_fields:
        assert f"`TANDEM_{name.upper()}`" in page


@pytest.mark.parametrize("relative", WITH_OPERATIONS)
def test_every_operation_of_a_page_is_valid_against_the_schema(relative: str) -> None:
    blocks = graphql_blocks((DOCS / relative).read_text())
    assert blocks, f"{relative} shows no operation"
    for block in blocks:
        errors = validate(schema(), parse(block))
        assert errors == [], f"{relative}: {errors}\n{block}"
