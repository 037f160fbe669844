"""``POST /forms/leads``: the public lead-capture endpoint behind a website's contact form.

Authenticated by a form key: an API key created with ``formOnly: true`` (``tdk_...``), sent as
``Authorization: Bearer`` (a script) or as the form's hidden ``formKey`` field (a plain HTML
form). A form key opens nothing else (the GraphQL API, exports and imports refuse it), since it
sits in a public web page; ordinary API keys and session tokens are refused here. The key acts
with its own role on its creator's behalf (the creator owns the captured leads), so the gate
decides as for leadCreate: its role needs lead create and write on the submitted fields.

Order, so that abuse is cheap to refuse: the per-IP limit (counted before the key is even
looked at, so guessing keys is throttled too), the size limit, the key (401), the per-key limit
(429 + Retry-After, RATE_LIMITED + retryAfter), the body (JSON or url-encoded), the honeypot
(a filled one gets the same 201 as a real submission, and nothing is written), then the lead:
created through the gate as leadCreate would (validated e-mail and phone, audit entry, outbox
event) with source "web form". Errors say what was wrong with the submitted fields and nothing
about the installation (which keys exist, whose they are, what roles grant).
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any, cast
from urllib.parse import parse_qsl

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from auth.authenticate import bearer, form_key_principal
from auth.tokens import API_KEY_PREFIX
from models.errors import BadInput, DomainError, Forbidden, RateLimited, Unauthenticated
from models.i18n import msg, negotiate
from models.rate_limit import take
from resolvers import record_writes
from resolvers.context import RequestContext, Services
from resolvers.leads import LEAD_WRITES
from server.settings import Settings

SOURCE = "web form"
# Submitted field -> lead input attribute, with the longest value accepted.
FIELDS = {
    "name": ("name", 200),
    "email": ("email", 254),
    "phone": ("phone", 40),
    "companyName": ("company_name", 255),
    "comment": ("comment", 2000),
}
STATUS = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "BAD_USER_INPUT": 400,
    "RATE_LIMITED": 429,
}


def _error(error: DomainError, request: Request) -> JSONResponse:
    # A public form: the visitor's browser says which language they read.
    message = error.localized(negotiate(None, request.headers.get("accept-language")))
    body = {
        "errors": [{"message": message, "extensions": {"code": error.code, **error.extensions}}]
    }
    headers = {"Cache-Control": "no-store"}
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.extensions["retryAfter"])
    return JSONResponse(body, status_code=STATUS.get(error.code, 500), headers=headers)


class LeadFormEndpoint:
    def __init__(self, services: Services, settings: Settings) -> None:
        self.services = services
        self.settings = settings

    async def handle(self, request: Request) -> Response:
        settings = self.settings
        window = timedelta(seconds=settings.form_rate_window_seconds)
        try:
            ip = request.client.host if request.client else "unknown"
            wait = await take(f"form-ip:{ip}", settings.form_rate_per_ip, window)
            if wait is not None:
                raise RateLimited("Too many submissions; try again later", retry_after=wait)
            form = await self._body(request, settings.form_max_bytes)
            principal = await self._principal(request, form)
            wait = await take(
                f"form-key:{principal.api_key_id}", settings.form_rate_per_key, window
            )
            if wait is not None:
                raise RateLimited("Too many submissions; try again later", retry_after=wait)
            if str(form.get(settings.form_honeypot) or "").strip():
                return self._accepted()
            await self._create(request, principal, form)
        except DomainError as error:
            return _error(error, request)
        return self._accepted()

    def _accepted(self) -> JSONResponse:
        return JSONResponse({"ok": True}, status_code=201, headers={"Cache-Control": "no-store"})

    async def _body(self, request: Request, limit: int) -> dict[str, Any]:
        data = b""
        async for chunk in request.stream():
            data += chunk
            if len(data) > limit:
                raise BadInput(msg("At most {limit} bytes", limit=limit), field="body")
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            if media == "application/json":
                parsed = orjson.loads(data or b"{}")
            elif media in ("application/x-www-form-urlencoded", ""):
                parsed = dict(parse_qsl(data.decode(), keep_blank_values=True))
            else:
                raise BadInput("Send JSON or a url-encoded form", field="body")
        except (orjson.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadInput("The body cannot be read", field="body") from exc
        if not isinstance(parsed, dict):
            raise BadInput("Send an object of fields", field="body")
        return parsed

    async def _principal(self, request: Request, form: dict[str, Any]) -> Any:
        header = request.headers.get("authorization")
        key = bearer(header) if header else form.get("formKey")
        if not isinstance(key, str) or not key.startswith(API_KEY_PREFIX):
            raise Unauthenticated("A form key is required")
        try:
            return await form_key_principal(key)
        except Unauthenticated:
            # The same words for an unknown, revoked or orphaned key: nothing to tell apart.
            raise Unauthenticated("A form key is required") from None

    async def _create(self, request: Request, principal: Any, form: dict[str, Any]) -> None:
        values: dict[str, Any] = {}
        for name, (attr, longest) in FIELDS.items():
            value = form.get(name)
            if value is None or value == "":
                continue
            if not isinstance(value, str):
                raise BadInput(msg("{name} must be text", name=name), field=name)
            if len(value) > longest:
                raise BadInput(
                    msg("{name} is at most {longest} characters", name=name, longest=longest),
                    field=name,
                )
            values[attr] = value.strip()
        if not values.get("name"):
            raise BadInput("Please give a name", field="name")
        if not values.get("email") and not values.get("phone"):
            raise BadInput("Please give an e-mail address or a phone number", field="email")
        context = RequestContext(
            request=request, response=None, bus=None, services=self.services, principal=principal
        )
        info = cast(Any, SimpleNamespace(context=context))
        try:
            await record_writes.create(info, LEAD_WRITES, SimpleNamespace(**values, source=SOURCE))
        except Forbidden:
            # Which field or operation the key's role lacks is the administrator's business.
            raise Forbidden("This form key cannot capture leads") from None
