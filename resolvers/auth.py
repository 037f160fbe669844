"""Sign-in mutations: login, refresh, logout, password reset, invitation acceptance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from strawberry.types import Info

from auth import account_tokens, sessions
from auth.passwords import check_policy, hash_password
from mail import templates
from models import clock, field_limits
from models.access.principals import principal_for_user
from models.user import User as UserModel
from models.user_actions import email_key
from resolvers.context import RequestContext, Services


@dataclass(frozen=True, slots=True)
class SignedIn:
    """Tokens and the user they are for (the API shows it as AuthPayload)."""

    access_token: str
    access_token_expires_at: datetime
    refresh_token: str
    user: UserModel


async def _payload(info: Info[RequestContext, None], session: sessions.Session) -> SignedIn:
    # The rest of this response is read as the person who just signed in.
    if info.context.principal is None or info.context.principal.user_id != session.user.id:
        info.context.use_principal(await principal_for_user(session.user.id, None))
    return SignedIn(
        access_token=session.access_token,
        access_token_expires_at=session.access_expires_at,
        refresh_token=session.refresh_token,
        user=session.user,
    )


async def login(info: Info[RequestContext, None], email: str, password: str) -> SignedIn:
    ctx = info.context
    # No account has a longer address; refused before the attempt is counted under it.
    field_limits.check(UserModel, "email", email, "email")
    session = await sessions.login(
        ctx.services.issuer, email, password, ip=ctx.client_ip, user_agent=ctx.user_agent
    )
    return await _payload(info, session)


async def token_refresh(info: Info[RequestContext, None], refresh_token: str) -> SignedIn:
    ctx = info.context
    session = await sessions.refresh(
        ctx.services.issuer, refresh_token, ip=ctx.client_ip, user_agent=ctx.user_agent
    )
    return await _payload(info, session)


async def logout(refresh_token: str) -> bool:
    await sessions.logout(refresh_token)
    return True


async def password_reset_request(info: Info[RequestContext, None], email: str) -> bool:
    services = info.context.services
    # No account has a longer address (the same answer for every caller, so no oracle).
    field_limits.check(UserModel, "email", email, "email")
    # Looking the address up, writing the link and mailing it all happen off the request path:
    # the request does the same work, and so takes the same time, whether or not the account
    # exists.
    services.mailer.later(_send_reset_link(services, email))
    return True


async def _send_reset_link(services: Services, email: str) -> None:
    user = await UserModel.get_or_none(email_key=email_key(email), is_active=True)
    if user is None or user.password_hash is None:
        return
    ttl = timedelta(minutes=services.settings.password_reset_minutes)
    secret = await account_tokens.issue(user, account_tokens.PASSWORD_RESET, ttl)
    subject, body = templates.password_reset(services.settings.public_url, user, secret, ttl)
    await services.mailer.send(user.email, subject, body)


async def password_reset(token: str, new_password: str) -> bool:
    async def change(user: UserModel) -> None:
        check_policy(new_password, email=user.email, field="newPassword")
        user.password_hash = hash_password(new_password)
        await user.save(update_fields=["password_hash", "updated_at"])

    user = await account_tokens.redeem(token, account_tokens.PASSWORD_RESET, change)
    await sessions.end_all_sessions(user)
    return True


async def invite_accept(info: Info[RequestContext, None], token: str, password: str) -> SignedIn:
    ctx = info.context

    async def change(user: UserModel) -> None:
        check_policy(password, email=user.email)
        if not user.is_active:
            raise account_tokens.invalid_token()
        user.password_hash = hash_password(password)
        user.email_confirmed_at = clock.now()
        await user.save(update_fields=["password_hash", "email_confirmed_at", "updated_at"])

    user = await account_tokens.redeem(token, account_tokens.INVITE, change)
    session = await ctx.services.issuer.open(
        user, family=None, ip=ctx.client_ip, user_agent=ctx.user_agent
    )
    return await _payload(info, session)
