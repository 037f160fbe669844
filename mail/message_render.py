"""Message templates rendered in a sandbox: Jinja2's ImmutableSandboxedEnvironment.

A template sees only the values it is given (``contact``, ``company``, ``owner``: each a dict of
the fields the sender may read, built by the caller from the permissions layer) and cannot call
into Python objects or change them. A name it is not given, a field the sender may not read
among them, is an error (StrictUndefined), never an empty string: a campaign that would print
"Dear ," or probe hidden fields fails its preview, and a delivery fails with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from models.errors import BadInput
from models.i18n import Message, msg

# extensions.reason of a render that names something the template may not read.
FIELD_NOT_AVAILABLE = "TEMPLATE_FIELD_NOT_AVAILABLE"
TEMPLATE_INVALID = "TEMPLATE_INVALID"
SUBJECT_MAX = 200
BODY_MAX = 20_000

T = TypeVar("T")
_ENV = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    body: str


class RenderFailed(BadInput):
    """A template could not be rendered for a recipient (a name not available to it)."""

    def __init__(self, message: str | Message, *, field: str, reason: str) -> None:
        super().__init__(message, field=field)
        self.extensions["reason"] = reason
        self.reason = reason


def check_source(source: str, field: str) -> None:
    """Refuse a template that does not parse, before it is stored."""
    try:
        _ENV.parse(source)
    except TemplateSyntaxError as exc:
        raise RenderFailed(
            msg(
                "The template does not parse (line {lineno}): {message}",
                lineno=exc.lineno,
                message=exc.message,
            ),
            field=field,
            reason=TEMPLATE_INVALID,
        ) from exc


class Compiled:
    """A subject and body compiled once and rendered for many recipients: compiling is most of
    a render's cost (a campaign send profiled at several ms per message compiling the same two
    sources again for each recipient). A source that does not compile raises RenderFailed."""

    def __init__(self, subject: str, body: str) -> None:
        self._subject = _compiled(subject, "subject")
        self._body = _compiled(body, "body")

    def render(self, values: Mapping[str, Any]) -> Rendered:
        subject = _guarded(self._subject.render, values, "subject").strip()
        return Rendered(subject, _guarded(self._body.render, values, "body"))


def render(subject: str, body: str, values: Mapping[str, Any]) -> Rendered:
    return Compiled(subject, body).render(values)


def _compiled(source: str, field: str) -> Template:
    return _guarded(lambda _: _ENV.from_string(source), {}, field)


def _guarded(work: Callable[[Mapping[str, Any]], T], values: Mapping[str, Any], field: str) -> T:
    try:
        return work(values)
    except UndefinedError as exc:
        # StrictUndefined's message names the missing attribute ('dict object' has no attribute
        # 'salary'), which is what the author needs and reveals nothing they could not read.
        raise RenderFailed(
            msg(
                "The {field} uses a value that is not available to you: {message}",
                field=field,
                message=exc.message,
            ),
            field=field,
            reason=FIELD_NOT_AVAILABLE,
        ) from exc
    except SecurityError as exc:
        raise RenderFailed(
            msg("The {field} does something templates may not: {exc}", field=field, exc=exc),
            field=field,
            reason=TEMPLATE_INVALID,
        ) from exc
    except TemplateError as exc:
        raise RenderFailed(
            msg("The {field} cannot be rendered: {message}", field=field, message=exc.message),
            field=field,
            reason=TEMPLATE_INVALID,
        ) from exc
