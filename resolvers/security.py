"""Admin tools for access: API keys, sign-in attempts, IP blocks, the mail log.

The gate decides on the ``access`` object: create (a key, a block), read (keys, attempts,
blocks, mail), delete (revoke, unblock). An API key may read but never manage access, whatever its
role grants: a leaked key must not be able to mint more keys or lift a block.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime

import strawberry
from strawberry.types import Info

from auth import login_protection
from auth.tokens import API_KEY_PREFIX, digest, new_secret
from auth.user_admin import assignable_role
from models import api_key_actions
from models.access.principal import Principal
from models.credentials import ApiKey as ApiKeyModel
from models.errors import BadInput, Forbidden, NotFound
from models.global_ids import from_global_id, global_id
from models.i18n import msg
from models.role import Role as RoleModel
from models.security import IpBlock as IpBlockModel
from models.security import LoginAttempt as LoginAttemptModel
from models.security import MailLog
from models.user_actions import email_key
from resolvers import list_specs, lists
from resolvers.api.security import ApiKeyCreateInput, IpBlock, LoginAttempt, MailLogFilter
from resolvers.context import RequestContext
from resolvers.pages import Page

MAX_PAGE = 500


# What these resolvers return; schema/types/accounts.py says how the API shows each.
@dataclass(frozen=True, slots=True)
class ApiKey:
    id: str
    name: str
    prefix: str
    role: RoleModel
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    form_only: bool

    @classmethod
    def from_model(cls, m: ApiKeyModel, role: RoleModel) -> ApiKey:
        return cls(
            id=global_id("ApiKey", m.id),
            name=m.name,
            prefix=m.prefix,
            role=role,
            created_at=m.created_at,
            last_used_at=m.last_used_at,
            revoked_at=m.revoked_at,
            form_only=m.kind == "form",
        )


@dataclass(frozen=True, slots=True)
class ApiKeyCreated:
    key: str
    api_key: ApiKey


def require_access(info: Info[RequestContext, None], op: str) -> Principal:
    access = info.context.access("access")
    access.require(op)
    if op != "read" and access.principal.api_key_id is not None:
        raise Forbidden("API keys cannot manage access")
    return access.principal


async def api_key_create(
    info: Info[RequestContext, None], input: ApiKeyCreateInput
) -> ApiKeyCreated:
    principal = require_access(info, "create")
    if not input.name.strip():
        raise BadInput("Name must not be empty", field="name")
    role = await assignable_role(principal, from_global_id(input.role_id, "Role", field="roleId"))
    secret = new_secret(API_KEY_PREFIX)
    key = await api_key_actions.create_api_key(
        input.name.strip(),
        secret[len(API_KEY_PREFIX) :][:8],
        digest(secret),
        role,
        principal.user_id,
        form_only=input.form_only,
    )
    return ApiKeyCreated(key=secret, api_key=ApiKey.from_model(key, role))


async def api_key_revoke(info: Info[RequestContext, None], id: strawberry.ID) -> ApiKey:
    principal = require_access(info, "delete")
    key = await ApiKeyModel.get_or_none(id=from_global_id(id, "ApiKey"))
    if key is None:
        raise NotFound("No such API key")
    await api_key_actions.revoke_api_key(key, principal.user_id)
    return ApiKey.from_model(key, await RoleModel.get(id=key.role_id))


async def api_keys(info: Info[RequestContext, None]) -> list[ApiKey]:
    require_access(info, "read")
    keys = await ApiKeyModel.all().order_by("-id").limit(MAX_PAGE).select_related("role")
    return [ApiKey.from_model(k, k.role) for k in keys]


async def login_attempts(
    info: Info[RequestContext, None],
    first: int = 50,
    email: str | None = None,
    ip: str | None = None,
) -> list[LoginAttempt]:
    """Newest first."""
    require_access(info, "read")
    if not 1 <= first <= MAX_PAGE:
        raise BadInput(
            msg("first must be between 1 and {max_page}", max_page=MAX_PAGE), field="first"
        )
    query = LoginAttemptModel.all()
    if email is not None:
        query = query.filter(email_key=email_key(email))
    if ip is not None:
        query = query.filter(ip=ip)
    rows = await query.order_by("-at", "-id").limit(first)
    return [LoginAttempt.from_model(r) for r in rows]


def _address(ip: str) -> str:
    """An IPv4 or IPv6 address in its normal form, so a block matches what clients send."""
    try:
        return str(ipaddress.ip_address(ip.strip()))
    except ValueError:
        raise BadInput("Not an IP address", field="ip") from None


async def ip_block(info: Info[RequestContext, None], ip: str, reason: str = "") -> IpBlock:
    principal = require_access(info, "create")
    block = await login_protection.block_ip(
        _address(ip), reason=reason, by_user_id=principal.user_id
    )
    return IpBlock.from_model(block)


async def ip_unblock(info: Info[RequestContext, None], ip: str) -> bool:
    principal = require_access(info, "delete")
    return await login_protection.unblock_ip(_address(ip), by_user_id=principal.user_id)


async def ip_blocks(info: Info[RequestContext, None]) -> list[IpBlock]:
    require_access(info, "read")
    return [IpBlock.from_model(b) for b in await IpBlockModel.all().order_by("ip").limit(MAX_PAGE)]


async def mail_log(
    info: Info[RequestContext, None],
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: MailLogFilter | None = None,
) -> Page[MailLog]:
    """Newest first, with access read (the list builder asks the gate)."""
    return await lists.page(
        list_specs.MAIL_LOG,
        info.context.access(list_specs.MAIL_LOG.obj),
        lists.PageArgs(first, after, last, before),
        filter=filter,
    )
