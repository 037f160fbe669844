"""Every domain error's message is marked for translation as written.

The extractor reads literals only: an f-string, a concatenation or a ``.format()`` call as a
message would reach a Spanish reader in English. Such a message is written as
``msg("... {name} ...", name=value)`` instead (docs/architecture.md, "Languages").
"""

from __future__ import annotations

import ast

from models.i18n.extraction import KEYWORDS, ROOT, SOURCES

# Callables whose message argument the extractor reads (N_ and msg take literals by design).
ERRORS = {name: spec[0] - 1 for name, spec in KEYWORDS.items() if name not in ("N_", "msg")}


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _unmarked(argument: ast.expr) -> bool:
    if isinstance(argument, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in argument.values)
    if isinstance(argument, ast.BinOp):  # "..." + detail, "..." % value
        return True
    return isinstance(argument, ast.Call) and _called(argument) in ("format", "str", "join")


def unmarked_messages() -> list[str]:
    found = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                called = _called(node)
                position = ERRORS.get(called or "")
                if position is None:
                    continue
                arguments = node.args
                if len(arguments) > position and _unmarked(arguments[position]):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {called}")
                # N_ and msg take a literal: anything else escapes the extractor.
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and _called(node) in ("N_", "msg")
                    and not (
                        node.args
                        and isinstance(node.args[0], ast.Constant)
                        and isinstance(node.args[0].value, str)
                    )
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {_called(node)}")
    return found


def test_every_error_message_is_a_literal_or_msg() -> None:
    assert unmarked_messages() == []


def test_an_f_string_message_would_be_found() -> None:
    tree = ast.parse('raise BadInput(f"No stage {name}", field="stage")')
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    assert _unmarked(call.args[0])
    assert not _unmarked(ast.parse('msg("No stage {name}", name=name)').body[0].value)  # type: ignore[attr-defined]
