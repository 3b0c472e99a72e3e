"""Digital receipts on the connection, for the shop (and the operator): receipts that went
digital per day, and the webhook log with answers and timings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kassalink.connections.access import access_connection, access_connection_as_operator
from kassalink.connections.webhook_settings import do_new_webhook_secret, webhook_summary

from .shop_stats import digital_receipts_per_day, recent_calls


def _context(connection, **extra) -> dict:
    return {
        "connection": connection,
        "days": digital_receipts_per_day(connection.pk),
        "calls": recent_calls(connection.pk),
        "webhook": webhook_summary(connection),
        **extra,
    }


@login_required
def shop_digital_receipts(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection, _membership = access_connection(request, connection_id)
    return render(request, "wallet/shop_digital.html", _context(connection))


@login_required
def operator_webhooks(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = access_connection_as_operator(request, connection_id)
    return render(request, "wallet/operator_webhooks.html", _context(connection))


@login_required
@require_POST
def operator_new_secret(request: HttpRequest, connection_id: int) -> HttpResponse:
    """A new secret key, shown on this one answer only."""
    connection = access_connection_as_operator(request, connection_id)
    key = do_new_webhook_secret(connection)
    messages.warning(
        request, _("Plak de nieuwe sleutel nu in MplusKASSA: hij wordt niet meer getoond.")
    )
    return render(request, "wallet/operator_webhooks.html", _context(connection, secret_key=key))
