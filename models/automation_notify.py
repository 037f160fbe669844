"""The NOTIFY action of automation rules: the one seam to the notifications module.

The notification is written in the rule's transaction (the triggering change's), so it commits
or rolls back with it. It comes from the system, not the rule's author: the author did not make
the change, and may be the one to be told. A recipient who may not read the deal is not told
(models/notifications.py decides), and nothing says the rule skipped them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import connections

from models.notification import AUTOMATION
from models.notifications import notify

if TYPE_CHECKING:
    from models.automation import AutomationRule
    from models.deal import Deal


async def notify_for_rule(rule: AutomationRule, deal: Deal, recipient_id: int, text: str) -> None:
    """Tell ``recipient_id`` about ``deal`` inside the rule's transaction."""
    # Inside the change's in_transaction() the default connection is that transaction's.
    await notify(
        recipient_id,
        AUTOMATION,
        subject=deal,
        actor=None,
        text=text,
        connection=connections.get("default"),
    )
