"""A connection's POS webhook subscription: what to paste into the MplusKASSA back office
(Beheer › Instellingen › Webhooks) and whether the account has it.

The subscription id and secret key are ours: generated here, the key encrypted at rest and
shown once (a new one replaces it; the old one stops working at once). The endpoint URL
carries the subscription id; the POS appends the event name to it.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kassalink.connections.models import Connection
from kassalink.mplus import webhooks
from kassalink.mplus.types import Branch, WebhookConsumer
from kassalink.wallet.codes import SCAN_PATTERN


def endpoint_url(connection: Connection) -> str:
    if not connection.webhook_subscription_id:
        return ""
    path = reverse("pos_webhook_endpoint", args=[connection.webhook_subscription_id])
    return settings.SITE_URL.rstrip("/") + path


def blocking_events(connection: Connection) -> list[str]:
    return list(connection.webhook_blocking_events or webhooks.BLOCKING_EVENTS)


def webhook_summary(connection: Connection) -> dict[str, object]:
    """Everything the back office form asks for, except the secret key."""
    return {
        "connection": connection.pk,
        "subscription_id": connection.webhook_subscription_id,
        "endpoint_url": endpoint_url(connection),
        "scan_code_pattern": SCAN_PATTERN,
        "events": list(webhooks.NEEDED_EVENTS),
        "blocking_events": blocking_events(connection),
        "secret_key_set": bool(connection.webhook_secret_key),
        "secret_key_created_at": connection.webhook_secret_created_at.isoformat()
        if connection.webhook_secret_created_at
        else None,
    }


def do_new_webhook_secret(connection: Connection) -> str:
    """A new secret key (and a subscription id if there is none); returns the key, which
    is never shown again."""
    key = webhooks.new_secret_key()
    with transaction.atomic():
        if not connection.webhook_subscription_id:
            connection.webhook_subscription_id = f"kassalink-{secrets.token_hex(8)}"
        if not connection.webhook_blocking_events:
            connection.webhook_blocking_events = list(webhooks.BLOCKING_EVENTS)
        connection.webhook_secret_key = key
        connection.webhook_secret_created_at = timezone.now()
        connection.save(
            update_fields=[
                "webhook_subscription_id",
                "webhook_blocking_events",
                "webhook_secret_key",
                "webhook_secret_created_at",
            ]
        )
    from kassalink.wallet.subscriptions import forget_subscription

    forget_subscription(connection.webhook_subscription_id)
    return key


def do_set_blocking_events(connection: Connection, events: list[str]) -> None:
    unknown = set(events) - set(webhooks.EVENTS)
    if unknown:
        raise ValueError(f"unknown events: {', '.join(sorted(unknown))}")
    connection.webhook_blocking_events = [e for e in webhooks.EVENTS if e in events]
    connection.save(update_fields=["webhook_blocking_events"])


@dataclass(frozen=True)
class ConsumerCheck:
    ok: bool
    message: str


def check_consumers(
    connection: Connection, client: object, branches: tuple[Branch, ...]
) -> ConsumerCheck:
    """Does the account have a consumer with our URL, enabled, with the needed events?"""
    url = endpoint_url(connection)
    if not url:
        return ConsumerCheck(False, _("Webhooks: nog geen abonnement aangemaakt."))
    workplace = next(((b.number, w.number) for b in branches for w in b.workplaces), (1, 1))
    consumers: list[WebhookConsumer] = client.get_webhook_consumers(*workplace)
    ours = [c for c in consumers if c.endpoint_url.rstrip("/") == url.rstrip("/")]
    if not ours:
        return ConsumerCheck(
            False,
            _("Webhooks: MplusKASSA kent geen abonnement met onze URL (%(url)s).") % {"url": url},
        )
    consumer = ours[0]
    if not consumer.enabled:
        return ConsumerCheck(False, _("Webhooks: ons abonnement staat uit in MplusKASSA."))
    enabled = {e.name for e in consumer.events if e.enabled}
    missing = [e for e in webhooks.NEEDED_EVENTS if e not in enabled]
    if missing:
        return ConsumerCheck(
            False,
            _("Webhooks: deze gebeurtenissen ontbreken in MplusKASSA: %(events)s.")
            % {"events": ", ".join(missing)},
        )
    return ConsumerCheck(
        True,
        _("Webhooks: ons abonnement staat aan met scanCode, completeSession en creditSession."),
    )
