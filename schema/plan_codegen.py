"""A plan's per-row function, generated as straight-line Python (schema/planned_completion.py).

A generic loop over a plan's steps costs a tuple unpacking, a call through ``attrgetter`` and a
few branches per field; for the ~4,300 fields of a board that loop was the largest part of the
plans' time. The generated function reads columns as plain attribute accesses, passes strings,
ids and booleans through without a call when they are already their own output, and knows at
generation time which steps may delegate. Behaviour is the loop's, step for step: see Step.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass
from types import CodeType
from typing import Any

from graphql import GraphQLObjectType

from schema.plan_steps import Completer, Delegate, Fallback, Getter


@dataclass(frozen=True, slots=True)
class Step:
    """One response key of an object's plan."""

    key: str
    # None: a hole, always delegated to graphql-core's execute_field.
    get: Getter | None
    # None: the value is its own response value (``__typename``).
    complete: Completer | None = None
    # Whether ``complete`` needs the value's path (something below may delegate).
    child_path: bool = False
    # graphql-core's field details, to delegate this field.
    details: Any = None
    # The column's attribute when ``get`` only reads it.
    attribute: str | None = None
    # Whether ``get`` may raise Delegate for a row.
    delegates: bool = False
    # A Python type whose values (and None) are their own output for this nullable leaf.
    passes: type | None = None


def runner(object_type: GraphQLObjectType, steps: tuple[Step, ...]) -> Completer:
    """``run(row, path, work) -> dict`` for these steps."""
    names: dict[str, Any] = {
        "Delegate": Delegate,
        "Fallback": Fallback,
        "T": object_type,
        "TN": object_type.name,
    }
    lines = ["def run(row, path, work):", "    out = {}"]
    for i, step in enumerate(steps):
        key = f"K{i}"
        names[key] = step.key
        names[f"D{i}"] = step.details
        hole = [
            f"out[{key}] = None",
            f"work.append((out, {key}, T, row, D{i}, path.add_key({key}, TN)))",
        ]
        if step.get is None:
            lines += [f"    {line}" for line in hole]
            continue
        if step.attribute is not None and _plain_name(step.attribute):
            read = f"row.{step.attribute}"
        else:
            names[f"G{i}"] = step.get
            read = f"G{i}(row)"
        store = _store(i, key, step, names)
        if not step.delegates:
            lines.append(f"    v = {read}")
            lines += [f"    {line}" for line in store]
            continue
        lines += [
            "    try:",
            f"        v = {read}",
            "    except Delegate:",
            "        if work is None:",
            "            raise Fallback from None",
            *[f"        {line}" for line in hole],
            "    else:",
            *[f"        {line}" for line in store],
        ]
    lines.append("    return out")
    exec(_code("\n".join(lines), object_type.name), names)
    run: Completer = names["run"]
    return run


# Compiling the source was most of a plan's cost; the same selections come back request after
# request (with other getters and completers bound to the same names), so the code is kept.
_CODE: dict[tuple[str, str], CodeType] = {}
_CODE_LIMIT = 4096


def _code(source: str, type_name: str) -> CodeType:
    key = (type_name, source)
    code = _CODE.get(key)
    if code is None:
        if len(_CODE) >= _CODE_LIMIT:
            _CODE.clear()
        code = _CODE[key] = compile(source, f"<plan {type_name}>", "exec")
    return code


def _store(i: int, key: str, step: Step, names: dict[str, Any]) -> list[str]:
    if step.complete is None:
        return [f"out[{key}] = v"]
    names[f"C{i}"] = step.complete
    at = f"path.add_key({key}, TN)" if step.child_path else "None"
    if step.passes is not None:
        names[f"P{i}"] = step.passes
        return [f"out[{key}] = v if v is None or type(v) is P{i} else C{i}(v, {at}, work)"]
    return [f"out[{key}] = C{i}(v, {at}, work)"]


def _plain_name(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("__")
