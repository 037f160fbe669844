"""The NOTIFY action of automation rules: the one seam to the notifications module.

Notifications (models/notifications.py) are built on another branch; until it is merged, a NOTIFY
action is accepted, validated (its recipient must be an active user) and reaches this function,
which delivers nothing yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.automation import AutomationRule
    from models.deal import Deal


async def notify_for_rule(rule: AutomationRule, deal: Deal, recipient_id: int, text: str) -> None:
    """Tell ``recipient_id`` about ``deal``, as the rule's author, inside the rule's transaction.

    TODO(merge): call models.notifications.notify(recipient_id, "automation", subject=deal,
    actor=rule.created_by_id, text=text, connection=<the current transaction's connection>)
    and test it through GraphQL (a NOTIFY rule fires, the recipient's notifications list it).
    """
    return None
