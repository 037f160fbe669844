"""Tortoise models and the domain actions that change them. No GraphQL here.

Tortoise discovers models by importing this package, so every model module is imported below.
"""

from models.audit import AuditEntry
from models.company import Company
from models.contact import Contact
from models.credentials import ApiKey, OneTimeToken, RefreshToken
from models.custom_field import CustomField
from models.deal import Deal
from models.department import Department
from models.lead import Lead
from models.outbox import OutboxEvent
from models.pipeline import Pipeline, Stage
from models.role import Role
from models.security import IpBlock, LoginAttempt, LoginLock, MailLog
from models.segment import Segment
from models.user import User

__all__ = [
    "ApiKey",
    "AuditEntry",
    "Company",
    "Contact",
    "CustomField",
    "Deal",
    "Department",
    "IpBlock",
    "Lead",
    "LoginAttempt",
    "LoginLock",
    "MailLog",
    "OneTimeToken",
    "OutboxEvent",
    "Pipeline",
    "RefreshToken",
    "Role",
    "Segment",
    "Stage",
    "User",
]
