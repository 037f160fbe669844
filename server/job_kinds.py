"""Every kind of background job the server runs, and the handler of each.

The handlers live with the work they do (the contact import in resolvers/import_jobs.py, the
task notices in models/task_notices.py); this table is where a worker, in an API process or in
``tandem worker``, learns them. A new kind (a campaign's sends, a document, a webhook delivery)
is one handler and one line here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from documents.sending import send_handler as document_send_handler
from jobs.context import Handler, JobContext
from jobs.transport import Transport
from jobs.worker import Worker
from mail.campaign_config import CampaignConfig
from mail.reminder_mail import reminder_mail_handler
from mail.sender import Mailer
from models import clock
from models.automation_idle import run_idle_rules
from models.campaign_actions import SEND_KIND as CAMPAIGN_SEND_KIND
from models.document_sending import SEND_KIND as DOCUMENT_SEND_KIND
from models.invoice_notices import notify_overdue
from models.job import Job
from models.task_notices import REMINDER_MAIL_KIND, send_due
from models.webhook_deliveries import DELIVER_KIND, RetryPolicy
from resolvers.campaign_send import send_handler as campaign_send_handler
from resolvers.import_jobs import IMPORT_KIND, run_import
from server.settings import Settings
from webhooks import addresses
from webhooks.delivery import WebhookConfig, deliverer
from webhooks.dispatch import DISPATCH_KIND, Wake, dispatcher

# The scheduler's round (server/scheduler.py): due task reminders, overdue notices, idle rules,
# and the notices of invoices that fell overdue.
NOTICES_KIND = "task.notices"
# Kinds whose finished jobs are routine and deleted after a day (models/job_actions.py).
ROUTINE_KINDS = frozenset({NOTICES_KIND, DISPATCH_KIND, DELIVER_KIND})


async def notices_round(ctx: JobContext) -> Mapping[str, Any]:
    sent = await send_due()
    sent.idle_rules = await run_idle_rules(clock.now())
    sent.overdue_invoices = await notify_overdue(clock.now())
    return asdict(sent)


HANDLERS: dict[str, Handler] = {IMPORT_KIND: run_import, NOTICES_KIND: notices_round}


def webhook_config(settings: Settings) -> WebhookConfig:
    return WebhookConfig(
        allow=addresses.networks(settings.webhook_allowed_networks),
        timeout_seconds=settings.webhook_timeout_seconds,
        policy=RetryPolicy(
            base=timedelta(seconds=settings.webhook_backoff_seconds),
            window=timedelta(hours=settings.webhook_retry_hours),
            disable_after=settings.webhook_disable_after,
        ),
    )


def wake_through(transport: Transport | None) -> Wake | None:
    if transport is None:
        return None

    async def wake(job: Job) -> None:
        await transport.wake(job.pk)

    return wake


def handlers(settings: Settings, transport: Transport | None) -> dict[str, Handler]:
    """Every kind's handler; the webhook ones are made from the settings (their addresses,
    timeout and retry policy) and wake the deliveries they make through the transport."""
    return {
        **HANDLERS,
        DISPATCH_KIND: dispatcher(wake_through(transport)),
        DELIVER_KIND: deliverer(webhook_config(settings)),
    }


def campaign_config(settings: Settings) -> CampaignConfig:
    return CampaignConfig(
        smtp_url=settings.smtp_url,
        mail_from=settings.mail_from,
        sms_url=settings.sms_url,
        sms_username=settings.sms_username,
        sms_password=settings.sms_password,
        sms_from=settings.sms_from,
        public_url=settings.public_url,
        secret=settings.secret_key,
        email_rate=settings.campaign_email_rate,
        sms_rate=settings.campaign_sms_rate,
        email_connections=settings.campaign_email_connections,
    )


def build_worker(settings: Settings, transport: Transport | None) -> Worker:
    """The worker an API process (in-process) or ``tandem worker`` runs, from the settings."""
    # Sending a document needs the mailer, made from this process's settings.
    mailer = Mailer(settings.smtp_url, settings.mail_from)
    return Worker(
        {
            **handlers(settings, transport),
            DOCUMENT_SEND_KIND: document_send_handler(mailer),
            CAMPAIGN_SEND_KIND: campaign_send_handler(campaign_config(settings)),
            REMINDER_MAIL_KIND: reminder_mail_handler(mailer, settings.public_url),
        },
        transport=transport,
        concurrency=settings.job_concurrency,
        lease=timedelta(seconds=settings.job_lease_seconds),
        backoff_base=timedelta(seconds=settings.job_backoff_seconds),
        poll_seconds=settings.job_poll_seconds,
    )


def transport_for(settings: Settings) -> Transport:
    return Transport(settings.jobs_transport_url, queue_name=f"{settings.channel_prefix}jobs")
