"""Sample calls of every mutation for the audit walk, by area; importing this registers them."""

from tests.hardening.audit_cases import (
    accounts,
    campaigns,
    customers,
    money,
    reports,
    sales,
    webhooks,
    work,
)
from tests.hardening.audit_cases.registry import CASES, World

__all__ = [
    "CASES",
    "World",
    "accounts",
    "campaigns",
    "customers",
    "money",
    "reports",
    "sales",
    "webhooks",
    "work",
]
