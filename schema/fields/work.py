"""Root fields of the work area: each resolver (resolvers/) with the GraphQL type it returns."""

from __future__ import annotations

import strawberry

from resolvers import activities, comments, notifications, preferences, presence, tasks
from schema.types.activities import Activity
from schema.types.comments import Comment
from schema.types.connection import Connection
from schema.types.notifications import Notification
from schema.types.preferences import MyPreferences
from schema.types.presence import PresenceUpdate
from schema.types.tasks import Task

ACTIVITIES_QUERY = {
    "activities": strawberry.field(
        activities.activities,
        graphql_type=Connection[Activity],
        description="Interactions, newest first",
    ),
}

ACTIVITIES_MUTATION = {
    "activity_log": strawberry.mutation(
        activities.activity_log, graphql_type=Activity, description="Record an interaction"
    ),
    "activity_update": strawberry.mutation(activities.activity_update, graphql_type=Activity),
    "activity_delete": strawberry.mutation(activities.activity_delete, description="Soft delete"),
}

TASKS_QUERY = {
    "tasks": strawberry.field(
        tasks.tasks, graphql_type=Connection[Task], description="Tasks the caller may see"
    ),
}

TASKS_MUTATION = {
    "task_create": strawberry.mutation(tasks.task_create, graphql_type=Task),
    "task_update": strawberry.mutation(tasks.task_update, graphql_type=Task),
    "task_complete": strawberry.mutation(tasks.task_complete, graphql_type=Task),
    "task_delete": strawberry.mutation(tasks.task_delete, description="Soft delete"),
}

COMMENTS_QUERY = {
    "comments": strawberry.field(
        comments.comments,
        graphql_type=Connection[Comment],
        description="The discussion of a record, oldest first",
    ),
}

COMMENTS_MUTATION = {
    "comment_create": strawberry.mutation(comments.comment_create, graphql_type=Comment),
    "comment_update": strawberry.mutation(
        comments.comment_update, graphql_type=Comment, description="Author only"
    ),
    "comment_delete": strawberry.mutation(comments.comment_delete, description="Author only"),
}

NOTIFICATIONS_QUERY = {
    "notifications": strawberry.field(
        notifications.notifications,
        graphql_type=Connection[Notification],
        description="Your notifications, newest first; nobody else's",
    ),
    "my_preferences": strawberry.field(
        preferences.my_preferences,
        graphql_type=MyPreferences,
        description="Your own preferences: how task reminders reach you",
    ),
}

NOTIFICATIONS_MUTATION = {
    "notifications_mark_read": strawberry.mutation(
        notifications.notifications_mark_read,
        graphql_type=list[Notification],
        description="Mark some of your notifications read (all or nothing)",
    ),
    "notifications_mark_all_read": strawberry.mutation(
        notifications.notifications_mark_all_read,
        description="Mark all your notifications read; how many",
    ),
    "my_preferences_update": strawberry.mutation(
        preferences.my_preferences_update,
        graphql_type=MyPreferences,
        description="Set your own preferences (only yours: there is no user argument)",
    ),
}

NOTIFICATIONS_SUBSCRIPTION = {
    "notification_added": strawberry.subscription(
        notifications.notification_added,
        graphql_type=Notification,
        description="Your new notifications, live",
    ),
}

PRESENCE_MUTATION = {
    "presence_heartbeat": strawberry.mutation(
        presence.presence_heartbeat, description="I am viewing or editing this record (or left it)"
    ),
}

PRESENCE_SUBSCRIPTION = {
    "presence": strawberry.subscription(
        presence.presence, graphql_type=PresenceUpdate, description="Who views or edits a record"
    ),
}
