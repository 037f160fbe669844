"""Tortoise models and the domain actions that change them. No GraphQL here.

Tortoise discovers models by importing this package, so every model module is imported below.
"""

from models import field_limits
from models.activity import Activity
from models.audit import AuditEntry
from models.automation import AutomationRule, AutomationRun
from models.backup import BackupRun
from models.branding import CompanyBranding
from models.calendar_feed import CalendarFeed
from models.campaign import Campaign, CampaignDelivery, ConsentEvidence, MessageTemplate
from models.comment import Comment
from models.company import Company
from models.contact import Contact
from models.credentials import ApiKey, OneTimeToken, RefreshToken
from models.custom_field import CustomField
from models.deal import Deal
from models.deal_history import DealStageChange
from models.department import Department
from models.documents import OrderLine, Quote, QuoteLine, SalesOrder
from models.exchange import CompanySetting, ExchangeRate
from models.import_job import ImportJob, ImportKey, ImportRowError
from models.invoices import Invoice, InvoiceCounter, InvoiceLine, Payment
from models.job import Job, JobItem
from models.lead import Lead
from models.notification import Notification
from models.outbox import OutboxEvent
from models.pipeline import Pipeline, Stage
from models.product import DealLineItem, Product
from models.rate_limit import RateBucket
from models.role import Role
from models.security import IpBlock, LoginAttempt, LoginLock, MailLog
from models.segment import Segment
from models.task import Task
from models.user import User
from models.webhook import WebhookCursor, WebhookDelivery, WebhookEndpoint

__all__ = [
    "Activity",
    "ApiKey",
    "AuditEntry",
    "AutomationRule",
    "AutomationRun",
    "BackupRun",
    "CalendarFeed",
    "Campaign",
    "CampaignDelivery",
    "Comment",
    "Company",
    "CompanyBranding",
    "CompanySetting",
    "ConsentEvidence",
    "Contact",
    "CustomField",
    "Deal",
    "DealLineItem",
    "DealStageChange",
    "Department",
    "ExchangeRate",
    "ImportJob",
    "ImportKey",
    "ImportRowError",
    "Invoice",
    "InvoiceCounter",
    "InvoiceLine",
    "IpBlock",
    "Job",
    "JobItem",
    "Lead",
    "LoginAttempt",
    "LoginLock",
    "MailLog",
    "MessageTemplate",
    "Notification",
    "OneTimeToken",
    "OrderLine",
    "OutboxEvent",
    "Payment",
    "Pipeline",
    "Product",
    "Quote",
    "QuoteLine",
    "RateBucket",
    "RefreshToken",
    "Role",
    "SalesOrder",
    "Segment",
    "Stage",
    "Task",
    "User",
    "WebhookCursor",
    "WebhookDelivery",
    "WebhookEndpoint",
]

# Every saved row is checked against its columns' declared limits (models/field_limits.py).
field_limits.guard_rows(*(globals()[name] for name in __all__))
