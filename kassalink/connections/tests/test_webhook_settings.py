"""A connection's POS webhook subscription: `kassalink connection webhook`, the secret key
encrypted and shown once, and "Test verbinding" reading getWebhookConsumers."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection as db

from kassalink.connections.actions import do_test_connection
from kassalink.connections.webhook_settings import do_new_webhook_secret, endpoint_url
from kassalink.wallet.codes import SCAN_PATTERN

from .conftest import make_connection


def _webhook(connection_id: int, *flags: str) -> dict:
    out = io.StringIO()
    call_command("connection", "webhook", str(connection_id), "--json", *flags, stdout=out)
    return json.loads(out.getvalue())


def test_the_command_prints_what_to_paste_and_the_key_once(alice):
    connection = make_connection(alice)
    first = _webhook(connection.pk)
    assert first["subscription_id"].startswith("kassalink-")
    assert first["endpoint_url"].endswith(f"/webhooks/mplus/{first['subscription_id']}/")
    assert first["scan_code_pattern"] == SCAN_PATTERN
    assert first["blocking_events"] == ["scanCode", "completeSession"]
    assert first["events"] == ["scanCode", "completeSession", "creditSession"]
    assert first["secret_key"]
    again = _webhook(connection.pk)
    assert "secret_key" not in again and again["secret_key_set"] is True
    renewed = _webhook(connection.pk, "--new-secret")
    assert renewed["secret_key"] != first["secret_key"]
    assert renewed["subscription_id"] == first["subscription_id"]


def test_the_secret_key_is_encrypted_at_rest(alice):
    connection = make_connection(alice)
    key = do_new_webhook_secret(connection)
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT webhook_secret_key FROM connections_connection WHERE id = %s", [connection.pk]
        )
        stored = cursor.fetchone()[0]
    assert stored and key not in stored
    assert key not in repr(connection)


def test_an_unknown_connection_is_an_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="id"):
        call_command("connection", "webhook", "999")


def test_test_verbinding_says_whether_our_consumer_is_set_up(alice, simulator, settings):
    connection = make_connection(alice, port=simulator.port)
    key = do_new_webhook_secret(connection)
    result = do_test_connection(connection)
    assert result.ok and result.webhooks_ok is False
    assert "geen abonnement" in result.webhooks

    sim = simulator.sim
    sim.add_webhook_consumer(endpoint_url(connection), connection.webhook_subscription_id, key,
                             events=["scanCode"])  # fmt: skip
    result = do_test_connection(connection)
    assert result.webhooks_ok is False and "completeSession" in result.webhooks

    sim.add_webhook_consumer(endpoint_url(connection), connection.webhook_subscription_id, key,
                             enabled=False)  # fmt: skip
    assert "staat uit" in do_test_connection(connection).webhooks

    sim.add_webhook_consumer(endpoint_url(connection), connection.webhook_subscription_id, key)
    result = do_test_connection(connection)
    assert result.webhooks_ok is True
