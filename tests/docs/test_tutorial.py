"""The training tutorial (docs/training/tutorial.md) is true: every operation in it, run in page
order against the demo company through the API, answers as the page says."""

from __future__ import annotations

from pathlib import Path

from server.demo_data import load_demo
from tests.support.doc_steps import dig, fill, steps
from tests.support.graphql import GraphQLClient

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "training" / "tutorial.md"


async def test_every_step_of_the_tutorial_succeeds_on_the_demo_company(
    api: GraphQLClient,
) -> None:
    await load_demo()
    saved: dict[str, object] = {}
    page = steps(TUTORIAL.read_text())
    assert len(page) >= 15, "the tutorial lost its steps"
    for step in page:
        token = str(saved[step.as_]) if step.as_ else None
        result = await api.execute(step.document, fill(step.variables, saved), token=token)
        where = f"tutorial.md line {step.line}"
        if step.expect:
            assert step.expect in result.codes, f"{where}: expected {step.expect}, got {result}"
        else:
            assert not result.errors, f"{where}: {result.errors}"
        assert result.data is not None, where
        for path in step.nonempty:
            assert dig(result.data, path), f"{where}: nothing at {path}"
        for name, path in step.save.items():
            saved[name] = dig(result.data, path)
            assert saved[name] is not None, f"{where}: nothing at {path}"
