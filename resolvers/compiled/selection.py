"""A field's selection, collected from graphql-core's public AST as execution would collect it.

Fragment spreads and inline fragments are merged into their parent when their type condition
applies to the object type; ``@skip`` and ``@include`` are evaluated with the operation's
variables. Any other directive on a field or fragment makes the selection unsupported (None):
the plain path gives it its meaning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    VariableNode,
    is_abstract_type,
    value_from_ast_untyped,
)

_KNOWN_DIRECTIVES = frozenset({"skip", "include"})


class Unsupported(Exception):  # a signal: the plain path answers this field
    pass


@dataclass(slots=True)
class Selected:
    """One response key: the field it names and every node that selects it."""

    key: str
    name: str
    nodes: list[FieldNode] = field(default_factory=list)

    @property
    def has_arguments(self) -> bool:
        return any(node.arguments for node in self.nodes)

    def selection_sets(self) -> list[SelectionSetNode]:
        return [node.selection_set for node in self.nodes if node.selection_set is not None]


@dataclass(frozen=True, slots=True)
class Document:
    """What collecting needs of the operation: the schema, fragments and variable values."""

    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    # graphql-core's coerced variable values of the operation.
    variables: Any

    def collect(
        self, type_: GraphQLObjectType, sets: Iterable[SelectionSetNode]
    ) -> dict[str, Selected]:
        """Response key -> Selected, in the order execution would answer them."""
        out: dict[str, Selected] = {}
        seen: set[str] = set()
        for selection_set in sets:
            self._collect(type_, selection_set, out, seen)
        return out

    def _collect(
        self,
        type_: GraphQLObjectType,
        selection_set: SelectionSetNode,
        out: dict[str, Selected],
        seen: set[str],
    ) -> None:
        for selection in selection_set.selections:
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                found = out.get(key)
                if found is None:
                    found = out[key] = Selected(key, selection.name.value)
                found.nodes.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or self._applies(condition.name.value, type_):
                    self._collect(type_, selection.selection_set, out, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if name in seen or fragment is None:
                    continue
                seen.add(name)
                if self._applies(fragment.type_condition.name.value, type_):
                    self._collect(type_, fragment.selection_set, out, seen)

    def _included(self, node: Any) -> bool:
        directives = node.directives or ()
        if any(d.name.value not in _KNOWN_DIRECTIVES for d in directives):
            raise Unsupported(f"directive on {node}")
        for directive in directives:
            flag = self._flag(directive)
            if flag == (directive.name.value == "skip"):
                return False
        return True

    def _flag(self, directive: DirectiveNode) -> bool:
        """The ``if`` of @skip or @include (validation made it a Boolean, given or a variable)."""
        argument = next(a for a in directive.arguments or () if a.name.value == "if")
        value = argument.value
        if isinstance(value, VariableNode):
            variables = getattr(self.variables, "coerced", self.variables)
            return bool(variables.get(value.name.value))
        return bool(value_from_ast_untyped(value))

    def _applies(self, condition: str, type_: GraphQLObjectType) -> bool:
        found = self.schema.get_type(condition)
        if found is type_:
            return True
        return bool(
            found is not None and is_abstract_type(found) and self.schema.is_sub_type(found, type_)
        )
