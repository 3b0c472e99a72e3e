"""Shared set-up for the wallet tests: Alice's shop with a webhook subscription, customers
Carol and Dave, and a way to post a signed POS webhook like MplusKASSA does."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.test import Client

from kassalink.connections.models import Connection
from kassalink.connections.webhook_settings import do_new_webhook_secret
from kassalink.mplus import webhooks
from kassalink.wallet import spool, subscriptions
from kassalink.wallet.customers import do_create_customer, do_show_code
from kassalink.wallet.models import Customer


@pytest.fixture(autouse=True)
def _fresh_subscription_cache(settings, request):
    settings.KASSALINK_WEBHOOK_ANSWER_BUDGET_MS = 0  # inline: the test sees the work done
    settings.CELERY_TASK_ALWAYS_EAGER = True
    subscriptions.forget_all()
    settings.DATA_DIR = request.getfixturevalue("tmp_path")  # a webhook spool of its own
    spool.forget_known_state()
    _clear_throttle_counts(request)
    yield
    subscriptions.forget_all()


def _clear_throttle_counts(request: pytest.FixtureRequest) -> None:
    """The sign-in throttle counts in the database cache table, which a transactional
    test's flush does not empty; tests without the database have nothing to clear."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
    elif "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    else:
        return
    cache.clear()


@dataclass
class Till:
    """Alice's MplusKASSA posting webhooks to our endpoint."""

    connection: Connection
    key: str
    client: Client
    counter: int = 0

    @property
    def base(self) -> str:
        return f"/webhooks/mplus/{self.connection.webhook_subscription_id}/"

    def request(self, event: str, session_id: str = "s-1", **fields) -> webhooks.WebhookRequest:
        self.counter += 1
        values = {
            "event": event, "blocking": True, "counter": self.counter,
            "timestamp": datetime.now(UTC), "branch_number": 1, "workplace_number": 1,
            "session_id": session_id, "lines": (), "total_incl_cents": 1234,
        }  # fmt: skip
        values.update(fields)
        return webhooks.WebhookRequest(**values)

    def post_raw(self, event: str, body: bytes, headers: dict[str, str]):
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        extra.pop("HTTP_CONTENT_TYPE", None)
        return self.client.post(self.base + event, body, content_type="application/json", **extra)

    def post(self, request: webhooks.WebhookRequest, key: str | None = None, sub: str = ""):
        body = webhooks.encode_request(request)
        headers = webhooks.signed_headers(
            body, sub or self.connection.webhook_subscription_id, key or self.key
        )
        return self.post_raw(request.event, body, headers)

    def answer(self, response) -> webhooks.WebhookAnswer:
        """The answer, after checking its signature like the POS does."""
        webhooks.verify(response.content, self.key, response.headers.get("X-Mplus-Signature"))
        return webhooks.parse_answer(response.status_code, response.content)

    def scan(self, code: str, session_id: str = "s-1"):
        return self.post(self.request("scanCode", session_id, scanned_code=code))

    def complete(self, session_id: str = "s-1", **fields):
        return self.post(self.request("completeSession", session_id, **fields))


def make_webhook_connection(shop) -> tuple[Connection, str]:
    connection = Connection.objects.create(
        organization=shop.organization, name="Winkel", host="127.0.0.1", port=9, scheme="http",
        ident="demo", secret="demo", import_notification_email=shop.owner.email,
        status=Connection.Status.ACTIVE,
    )  # fmt: skip
    key = do_new_webhook_secret(connection)
    return connection, key


@pytest.fixture
def till(alice) -> Till:
    connection, key = make_webhook_connection(alice)
    return Till(connection, key, Client())


@pytest.fixture
def carol(db) -> Customer:
    return do_create_customer("carol@example.com")[0]


@pytest.fixture
def dave(db) -> Customer:
    return do_create_customer("dave@example.com")[0]


def code_of(customer: Customer, at: datetime | None = None) -> str:
    return do_show_code(customer, at).qr


def new_session() -> str:
    return str(uuid.uuid4())


__all__ = ["Till", "code_of", "make_webhook_connection", "new_session", "replace"]
