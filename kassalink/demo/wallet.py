"""The demo's digital receipts: a customer with a wallet, and the bakery's webhook
subscription registered with the simulator the way the back office would."""

import json
import urllib.request

from django.urls import reverse

from kassalink.connections.models import Connection
from kassalink.connections.webhook_settings import do_new_webhook_secret
from kassalink.wallet.codes import SCAN_PATTERN
from kassalink.wallet.customers import do_create_customer, sign_in_url
from kassalink.wallet.models import Customer

CUSTOMER_EMAIL = "klant@voorbeeld.nl"


def seed_customer() -> Customer:
    return do_create_customer(CUSTOMER_EMAIL)[0]


def subscribe(connection: Connection, web_url: str, simulator_url: str) -> None:
    """A fresh secret key for the demo subscription, told to the simulator (which forgets
    everything when it stops, so this runs at every start)."""
    key = do_new_webhook_secret(connection)
    endpoint = web_url.rstrip("/") + reverse(
        "pos_webhook_endpoint", args=[connection.webhook_subscription_id]
    )
    payload = {
        "subscription_id": connection.webhook_subscription_id,
        "endpoint_url": endpoint,
        "secret_key": key,
        "events": ["scanCode", "completeSession", "creditSession"],
        "blocking": ["scanCode", "completeSession"],
        "patterns": [SCAN_PATTERN],
    }
    request = urllib.request.Request(  # noqa: S310 (our own localhost URL)
        simulator_url.rstrip("/") + "/_simulator/webhook-consumers",
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10):  # noqa: S310 (our own localhost URL)
        pass


def customer_link(customer: Customer) -> str:
    return sign_in_url(customer)
