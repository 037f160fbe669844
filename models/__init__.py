"""Tortoise models and the domain actions that change them. No GraphQL here.

Tortoise discovers models by importing this package, so every model module is imported below.
"""

from models.audit import AuditEntry
from models.company import Company
from models.contact import Contact
from models.credentials import ApiKey, OneTimeToken, RefreshToken
from models.deal import Deal
from models.deal_history import DealStageChange
from models.department import Department
from models.outbox import OutboxEvent
from models.pipeline import Pipeline, Stage
from models.role import Role
from models.security import IpBlock, LoginAttempt, LoginLock, MailLog
from models.user import User

__all__ = [
    "ApiKey",
    "AuditEntry",
    "Company",
    "Contact",
    "Deal",
    "DealStageChange",
    "Department",
    "IpBlock",
    "LoginAttempt",
    "LoginLock",
    "MailLog",
    "OneTimeToken",
    "OutboxEvent",
    "Pipeline",
    "RefreshToken",
    "Role",
    "Stage",
    "User",
]
