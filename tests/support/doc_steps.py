"""GraphQL operations read out of a documentation page, to run or validate them as written.

A step is a ```graphql block, optionally followed by a ```json block of variables, and preceded
by an HTML comment that the rendered page does not show:

    <!-- step: as=seller save=dealId:deals.edges.0.node.id expect=FORBIDDEN -->

``as`` names the saved access token to send; ``save`` keeps values of the answer (dotted paths
into ``data``) under names; ``nonempty`` lists paths that must hold something (what the page
says is there); ``expect`` is the error code the step must answer with (without it, it must
answer without errors). A variable string ``"<name>"`` is replaced by the saved value
(whole: its type kept), and ``<name>`` inside a longer string by its text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

FENCE = re.compile(r"```(graphql|json)\n(.*?)```", re.S)
STEP = re.compile(r"<!-- step:(.*?)-->")
PLACEHOLDER = re.compile(r"<([A-Za-z][A-Za-z0-9]*)>")


@dataclass(slots=True)
class Step:
    document: str
    variables: dict[str, Any] = field(default_factory=dict)
    as_: str | None = None
    save: dict[str, str] = field(default_factory=dict)
    expect: str | None = None
    nonempty: list[str] = field(default_factory=list)
    line: int = 0


def _options(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split())


def graphql_blocks(markdown: str) -> list[str]:
    return [body for kind, body in FENCE.findall(markdown) if kind == "graphql"]


def steps(markdown: str) -> list[Step]:
    """The steps in page order; a graphql block without its step comment is an error."""
    found: list[Step] = []
    fences = list(FENCE.finditer(markdown))
    for index, fence in enumerate(fences):
        if fence.group(1) != "graphql":
            continue
        line = markdown.count("\n", 0, fence.start()) + 1
        before = markdown[: fence.start()].rstrip()
        comment = STEP.search(before[before.rfind("\n") + 1 :])
        if comment is None:
            raise ValueError(f"line {line}: a graphql block without its <!-- step: --> comment")
        options = _options(comment.group(1))
        step = Step(fence.group(2), as_=options.get("as"), expect=options.get("expect"), line=line)
        step.nonempty = [p for p in options.get("nonempty", "").split(",") if p]
        if options.get("save"):
            step.save = dict(pair.split(":", 1) for pair in options["save"].split(","))
        following = fences[index + 1] if index + 1 < len(fences) else None
        between = markdown[fence.end() : following.start()] if following else ""
        if following is not None and following.group(1) == "json" and not between.strip():
            step.variables = json.loads(following.group(2))
        found.append(step)
    return found


def fill(value: Any, saved: dict[str, Any]) -> Any:
    """``value`` with every placeholder replaced by what an earlier step saved."""
    if isinstance(value, dict):
        return {k: fill(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, saved) for v in value]
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value)
        if whole:
            return saved[whole.group(1)]
        return PLACEHOLDER.sub(lambda m: str(saved[m.group(1)]), value)
    return value


def dig(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data
