"""How a resolver declares a plain form: a synchronous function of the row that answers as the
resolver would, which schema/planned_completion.py runs per row instead of the resolver.

Here, below schema/, so that resolvers (resolvers/records.py) declare plain forms without
importing schema/; schema/plan_steps.py holds the completers that use these marks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
Getter = Callable[[Any], Any]
PLAIN_ATTRIBUTE = "__tandem_plain__"


class Fallback(Exception):  # a signal, not an error
    """This object must be completed the normal way (a plan step cannot match it)."""


class Delegate(Fallback):
    """This field of this row must be resolved by its resolver (graphql-core's path); a plan
    does so for nullable fields and falls back for the rest."""


def plain_in_context(
    factory: Callable[[Any], Getter], *, delegates: bool = False
) -> Callable[[F], F]:
    """Mark a resolver as having a synchronous form for plans: ``factory(context)`` gives
    a function of the row answering as the resolver would. With ``delegates``, the form may
    raise Delegate for a row it cannot answer (plans then keep paths to hand it over)."""

    def mark(resolver: F) -> F:
        setattr(resolver, PLAIN_ATTRIBUTE, (factory, delegates))
        return resolver

    return mark


def plain(fn: Getter) -> Callable[[F], F]:
    """``plain_in_context`` for a form that needs only the row."""
    return plain_in_context(lambda _context: fn)
