"""The POS webhook through the production entry point (`kassalink.wsgi.application`, as
gunicorn serves it): answered and logged on its short road without the browser middleware,
while pages keep theirs."""

import io
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from kassalink.mplus import webhooks
from kassalink.wallet.models import PosSession, WebhookCall
from kassalink.wsgi import application

from .conftest import code_of


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    # As Django's test client does: the test's database connection must outlive a request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(method: str, path: str, body: bytes = b"", headers: dict | None = None):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_LENGTH": str(len(body)),
               "CONTENT_TYPE": "application/json", "wsgi.input": io.BytesIO(body)}  # fmt: skip
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started.update(status=int(status.split()[0]), headers=dict(response_headers))

    content = b"".join(application(environ, start_response))
    return started["status"], started["headers"], content


def test_a_scan_through_the_wsgi_entry_point_is_answered_signed_and_logged(till, carol):
    request = till.request("scanCode", "s-wsgi", scanned_code=code_of(carol))
    body = webhooks.encode_request(request)
    headers = webhooks.signed_headers(body, till.connection.webhook_subscription_id, till.key)
    status, answer_headers, content = call("POST", till.base + "scanCode", body, headers)
    assert status == 200
    webhooks.verify(content, till.key, answer_headers.get(webhooks.SIGNATURE_HEADER))
    assert webhooks.parse_answer(200, content).scan_code.recognized is True
    assert "Set-Cookie" not in answer_headers
    assert "Content-Security-Policy" not in answer_headers  # no browser middleware on its road
    assert PosSession.objects.get(session_id="s-wsgi").customer == carol
    assert WebhookCall.objects.get().outcome == "recognized"


def test_pages_keep_the_browser_middleware(db):
    status, headers, _content = call("GET", "/login/")
    assert status == 200
    assert "Content-Security-Policy" in headers and "csrftoken" in headers.get("Set-Cookie", "")
