"""graphql-core's execution, taking compiled reads (resolvers/compiled/) as complete values.

A root field answered by a compiled read returns a ``Compiled``: the data the statement built,
its errors with their paths, and the holes of the nullable fields the statement left to
graphql-core. This executor takes such a value as it is where graphql-core would complete an
object, an abstract value (``node(id:)``: the read knows the record's type) or a list (a root
list: ``pipelines``), places its errors as graphql-core places a resolver's, and fills the holes
(schema/compiled_holes.py). Every other value is completed by graphql-core itself: there is no
second completion path (the plan executor that completed list pages per row before reads were
compiled was deleted in issue 16).
"""

from __future__ import annotations

from typing import Any

from graphql import get_named_type, located_error
from graphql.pyutils import Path

from resolvers.compiled.response import Compiled
from schema import compiled_holes
from schema.shared_execution import SharingExecutor


class CompiledExecutor(SharingExecutor):
    def complete_object_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, Compiled):
            return self._compiled(result, return_type, field_details_list, path, position_context)
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def complete_abstract_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, Compiled):  # node(id:): the plan was made for the record's type
            own_type = self.schema.get_type(result.type_name or "")
            return self._compiled(result, own_type, field_details_list, path, position_context)
        return super().complete_abstract_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def complete_list_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, Compiled):  # a root list (pipelines): complete already
            item_type = get_named_type(return_type)
            return self._compiled(result, item_type, field_details_list, path, position_context)
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _compiled(
        self,
        result: Compiled,
        type_: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        """A root field answered by a compiled read: its value is complete but for its
        delegated fields (schema/compiled_holes.py); its errors are placed at their paths as
        graphql-core places a resolver's."""
        for error, below, node in result.errors:
            at = path
            for key in below:
                at = at.add_key(key)
            self.collected_errors.add(located_error(error, [node], at.as_list()), at)
        if result.holes:
            return compiled_holes.fill(
                self, result, type_, field_details_list, path, position_context
            )
        return result.data
