"""Root fields of the accounts area: each resolver (resolvers/) with the GraphQL type it returns."""

from __future__ import annotations

import strawberry

from resolvers import assign, auth, calendar_feeds, departments, roles, security, users
from schema.types.accounts import (
    ApiKey,
    ApiKeyCreated,
    AuthPayload,
    Department,
    Role,
    User,
)
from schema.types.calendar_feeds import CalendarFeed, CalendarFeedIssued
from schema.types.connection import Connection
from schema.types.mail_log import MailLogEntry
from schema.types.node import Node

USERS_QUERY = {
    "me": strawberry.field(users.me, graphql_type=User, description="The signed-in user"),
    "users": strawberry.field(
        users.users,
        graphql_type=Connection[User],
        description="People who may sign in, as your role sees them",
    ),
    "calendar_feed": strawberry.field(
        calendar_feeds.calendar_feed_status,
        graphql_type=CalendarFeed | None,
        description="Your private calendar feed, if you have issued one",
    ),
}

USERS_MUTATION = {
    "user_invite": strawberry.mutation(
        users.user_invite, graphql_type=User, description="Invite someone by e-mail"
    ),
    "user_update": strawberry.mutation(users.user_update, graphql_type=User),
    "user_deactivate": strawberry.mutation(users.user_deactivate, graphql_type=User),
    "calendar_feed_create": strawberry.mutation(
        calendar_feeds.calendar_feed_create,
        graphql_type=CalendarFeedIssued,
        description="A new private iCalendar URL of your tasks and activities; revokes the old one",
    ),
    "calendar_feed_revoke": strawberry.mutation(
        calendar_feeds.calendar_feed_revoke,
        description="Revoke your calendar feed's URL; false when you had none",
    ),
}

SECURITY_QUERY = {
    "mail_log": strawberry.field(
        security.mail_log,
        graphql_type=Connection[MailLogEntry],
        description="Mail sent, tokens redacted",
    ),
    "api_keys": strawberry.field(security.api_keys, graphql_type=list[ApiKey]),
    "login_attempts": strawberry.field(security.login_attempts),
    "ip_blocks": strawberry.field(security.ip_blocks),
}

SECURITY_MUTATION = {
    "api_key_create": strawberry.mutation(
        security.api_key_create, graphql_type=ApiKeyCreated, description="The key is shown once"
    ),
    "api_key_revoke": strawberry.mutation(security.api_key_revoke, graphql_type=ApiKey),
    "ip_block": strawberry.mutation(security.ip_block),
    "ip_unblock": strawberry.mutation(security.ip_unblock),
}

ROLES_QUERY = {
    "roles": strawberry.field(
        roles.roles, graphql_type=list[Role], description="Every role, highest level first"
    ),
}

ROLES_MUTATION = {
    "role_create": strawberry.mutation(
        roles.role_create,
        graphql_type=Role,
        description="A custom role below your level, granting no more than yours",
    ),
    "role_update": strawberry.mutation(
        roles.role_update,
        graphql_type=Role,
        description="Custom roles only; template roles are read-only",
    ),
    "role_delete": strawberry.mutation(
        roles.role_delete, description="Refused (CONFLICT) while users or API keys hold the role"
    ),
}

DEPARTMENTS_QUERY = {
    "departments": strawberry.field(
        departments.departments, graphql_type=list[Department], description="By name"
    ),
}

DEPARTMENTS_MUTATION = {
    "department_create": strawberry.mutation(
        departments.department_create, graphql_type=Department
    ),
    "department_update": strawberry.mutation(
        departments.department_update, graphql_type=Department
    ),
    "department_delete": strawberry.mutation(
        departments.department_delete,
        description="Refused (CONFLICT) while it has members, records or pipelines",
    ),
}

AUTH_MUTATION = {
    "login": strawberry.mutation(
        auth.login, graphql_type=AuthPayload, description="Sign in; returns tokens"
    ),
    "token_refresh": strawberry.mutation(
        auth.token_refresh, graphql_type=AuthPayload, description="Rotate a refresh token"
    ),
    "logout": strawberry.mutation(auth.logout, description="End the session of a refresh token"),
    "password_reset_request": strawberry.mutation(auth.password_reset_request),
    "password_reset": strawberry.mutation(auth.password_reset),
    "invite_accept": strawberry.mutation(auth.invite_accept, graphql_type=AuthPayload),
}

ASSIGN_MUTATION = {
    "records_assign": strawberry.mutation(
        assign.records_assign,
        graphql_type=list[Node],
        description="New owner (and department) for records, all or none",
    ),
}
