"""Strawberry's two websocket protocol handlers, telling each operation where its frames go.

Each operation runs in a task of its own; setting ``TARGET`` there lets a shared subscription's
resolver write its frames directly (realtime/direct.py) in the exact form the handler would
(graphql-transport-ws ``next``, graphql-ws ``data``), for as long as the handler still knows the
operation: a completed or stopped one gets nothing more.
"""

from __future__ import annotations

from typing import Any

import orjson
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler

from realtime.direct import TARGET, Target
from resolvers.context import RequestContext


def _send_text(handler: Any) -> Any:
    # The starlette websocket under the adapter; its send_text is what the adapter's
    # send_json ends in (server/graphql_view.py).
    return handler.websocket.ws.send_text


class TransportWSHandler(BaseGraphQLTransportWSHandler[RequestContext, None]):
    async def handle_connection_init(self, message: Any) -> None:
        await super().handle_connection_init(message)
        # Strawberry's timeout task sleeps out its whole wait (60 s) after the init arrived,
        # keeping a task, a timer and their frames per socket (~1 KiB): end it now.
        waiting = self.connection_init_timeout_task
        if self.connection_init_received and waiting is not None:
            self.connection_init_timeout_task = None
            waiting.cancel()

    async def run_operation(self, operation: Operation[RequestContext, None]) -> None:
        operations = self.operations

        def live() -> bool:
            return not operation.completed and operations.get(operation.id) is operation

        prefix = '{"id":' + orjson.dumps(operation.id).decode() + ',"type":"next","payload":'
        TARGET.set(Target(prefix, _send_text(self), live, self.schema.process_errors))
        await super().run_operation(operation)


class LegacyWSHandler(BaseGraphQLWSHandler[RequestContext, None]):
    async def handle_async_results(
        self,
        operation_id: str,
        query: str,
        operation_name: str | None,
        variables: dict[str, object] | None,
    ) -> None:
        tasks = self.tasks

        def live() -> bool:
            return operation_id in tasks

        prefix = '{"type":"data","id":' + orjson.dumps(operation_id).decode() + ',"payload":'
        TARGET.set(Target(prefix, _send_text(self), live, self.schema.process_errors))
        await super().handle_async_results(operation_id, query, operation_name, variables)
