"""People: the caller, invitations, profile and role changes, deactivation."""

from __future__ import annotations

from datetime import timedelta

import strawberry
from strawberry.types import Info

from auth import account_tokens, user_admin
from mail import templates
from models.global_ids import from_global_id
from models.user import User as UserModel
from resolvers import list_specs, lists
from resolvers.api.account_inputs import UserInviteInput, UserUpdateInput
from resolvers.api.user_list import UserFilter, UserOrder
from resolvers.context import RequestContext
from resolvers.pages import Page


def _user(model: UserModel) -> UserModel:
    # Record types resolve straight from the row; the cast only tells mypy so.
    return model


async def me(info: Info[RequestContext, None]) -> UserModel:
    """The caller: the person, or for an API key the person it acts for (its creator), with
    the role the caller acts with: an API key's own role, never its creator's."""
    principal = info.context.require_principal()
    row = await UserModel.get(id=principal.user_id)
    # Read only: this row is answered, never saved.
    row.role_id = principal.role_id
    return _user(row)


async def users(
    info: Info[RequestContext, None],
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: UserFilter | None = None,
    order_by: list[UserOrder] | None = None,
) -> Page[UserModel]:
    """The team, through the shared list builder: user read, readable filters and sorts."""
    return await lists.page(
        list_specs.USERS,
        info.context.access(list_specs.USERS.obj),
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def user_invite(info: Info[RequestContext, None], input: UserInviteInput) -> UserModel:
    ctx = info.context
    principal = ctx.require_principal()
    user = await user_admin.invite(
        ctx.access("user"),
        email=input.email,
        name=input.name,
        role_id=from_global_id(input.role_id, "Role", field="roleId"),
        department_ids=[
            from_global_id(d, "Department", field="departmentIds") for d in input.department_ids
        ],
        manager_id=from_global_id(input.manager_id, "User", field="managerId")
        if input.manager_id
        else None,
    )
    ttl = timedelta(hours=ctx.services.settings.invite_hours)
    secret = await account_tokens.issue(user, account_tokens.INVITE, ttl)
    inviter = await UserModel.get(id=principal.user_id)
    public_url = ctx.services.settings.public_url
    subject, body = templates.invitation(public_url, user, inviter.name, secret, ttl)
    await ctx.services.mailer.send(user.email, subject, body)
    return _user(user)


async def user_update(info: Info[RequestContext, None], input: UserUpdateInput) -> UserModel:
    changes = user_admin.UserChanges(
        name=input.name,
        locale=input.locale,
        time_zone=input.time_zone,
        role_id=from_global_id(input.role_id, "Role", field="roleId") if input.role_id else None,
        department_ids=[
            from_global_id(d, "Department", field="departmentIds") for d in input.department_ids
        ]
        if input.department_ids is not None
        else None,
        manager_id=from_global_id(input.manager_id, "User", field="managerId")
        if input.manager_id
        else None,
    )
    user = await user_admin.update(
        info.context.access("user"),
        from_global_id(input.id, "User"),
        changes,
        input.expected_version,
    )
    return _user(user)


async def user_deactivate(info: Info[RequestContext, None], id: strawberry.ID) -> UserModel:
    return _user(
        await user_admin.deactivate(info.context.access("user"), from_global_id(id, "User"))
    )
