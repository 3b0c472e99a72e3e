"""The /_simulator/* control endpoints."""

import json
import urllib.request

from kassalink.mplus.simulator import Simulator, SimulatorServer

from .soap_calls import element, envelope, post


def _json(server: SimulatorServer, method: str, path: str, payload=None):
    request = urllib.request.Request(
        server.url.rstrip("/") + path,
        data=None if payload is None else json.dumps(payload).encode(),
        method=method,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_state_reports_the_clock_and_counts(fresh_shop: Simulator, fresh_server):
    status, state = _json(fresh_server, "GET", "/_simulator/state")
    assert status == 200
    assert state["now"] == fresh_shop.now.isoformat()
    assert state["receipts"] == fresh_shop.receipt_count() > 0
    assert state["shifts"] > 0 and state["open_shifts"] > 0


def test_advance_moves_the_clock(fresh_shop: Simulator, fresh_server):
    _, before = _json(fresh_server, "GET", "/_simulator/state")
    status, after = _json(fresh_server, "POST", "/_simulator/advance", {"minutes": 90})
    assert status == 200
    assert after["receipts"] > before["receipts"]
    assert after["now"] > before["now"]


def test_faults_can_be_armed_and_cleared(fresh_server: SimulatorServer):
    status, body = _json(
        fresh_server, "POST", "/_simulator/faults",
        {"operation": "getApiVersion", "kind": "http_503", "times": 5},
    )  # fmt: skip
    assert status == 201 and body["faults"][0]["kind"] == "http_503"
    assert post(fresh_server.url, envelope(element("getApiVersion")))[0] == 503
    assert _json(fresh_server, "DELETE", "/_simulator/faults")[0] == 200
    assert post(fresh_server.url, envelope(element("getApiVersion")))[0] == 200


def test_bad_control_input_is_a_400(fresh_server: SimulatorServer):
    status, body = _json(fresh_server, "POST", "/_simulator/faults", {"kind": "meteor"})
    assert status == 400 and "meteor" in body["error"]
    assert _json(fresh_server, "GET", "/_simulator/nothing")[0] == 404


def test_webhook_consumers_can_be_registered(fresh_shop: Simulator, fresh_server):
    status, body = _json(
        fresh_server, "POST", "/_simulator/webhook-consumers",
        {"endpoint_url": "http://127.0.0.1:9/hook", "subscription_id": "sub-9",
         "secret_key": "c2VjcmV0", "events": ["scanCode", "completeSession"],
         "blocking": ["scanCode"], "patterns": ["KL-.*"]},
    )  # fmt: skip
    assert status == 201
    assert fresh_shop.webhook_consumers[0].consumer_id == body["webhookConsumerId"]
    request = element(
        "getWebhookConsumers",
        element(
            "request",
            element(
                "workplace", element("branchNumber", text=1), element("workplaceNumber", text=2)
            ),
        ),
    )
    status, answer = post(fresh_server.url, envelope(request))
    assert status == 200 and b"http://127.0.0.1:9/hook" in answer and b"KL-.*" in answer
    assert b"<blocking>false</blocking>" in answer  # completeSession is not blocking


def test_a_bad_subscription_is_a_400(fresh_server: SimulatorServer):
    status, body = _json(
        fresh_server, "POST", "/_simulator/webhook-consumers",
        {"endpoint_url": "http://127.0.0.1:9/hook", "subscription_id": "s", "secret_key": "k",
         "events": ["meteorStrike"]},
    )  # fmt: skip
    assert status == 400 and "meteorStrike" in body["error"]
    status, body = _json(fresh_server, "POST", "/_simulator/webhook-consumers", {})
    assert status == 400 and "endpoint_url" in body["error"]


# --- every control endpoint answers bad input with a 400 and its reason (issue #11) ---

POST_ENDPOINTS = [
    "/_simulator/advance",
    "/_simulator/faults",
    "/_simulator/webhook-consumers",
    "/_simulator/sale",
]
BAD_BODIES = [
    b"[]",
    b'"minutes"',
    b"12",
    b"null",
    b"[" * 100_000,
    b"{not json",
    b"\xff\xfe",
    b'{"minutes": 1e309, "kind": 1e309, "endpoint_url": 1e309, "workplace": 1e309}',
    b'{"minutes": NaN, "times": NaN, "workplace": NaN}',
    b'{"minutes": "90", "kind": ["http_500"], "endpoint_url": {}, "branch": "1"}',
    b'{"minutes": -5, "kind": "latency", "seconds": 1e309, "endpoint_url": "ftp://x"}',
    b'{"minutes": true, "kind": "http_500", "times": 0, "workplace": 99999999999999999999}',
    b'{"kind": "latency", "seconds": -1, "endpoint_url": "http://x", "patterns": "x"}',
    b'{"kind": "http_500", "times": "3", "unknown": 1, "patterns": [1], "scan_code": 5}',
]


def _raw(server: SimulatorServer, path: str, body: bytes, length: str | None = None):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.putrequest("POST", path)
        connection.putheader("Content-Length", length or str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_bad_bodies_on_every_control_endpoint_get_a_400_with_a_reason(fresh_server):
    before = _json(fresh_server, "GET", "/_simulator/state")[1]
    for path in POST_ENDPOINTS:
        for body in BAD_BODIES:
            status, answer = _raw(fresh_server, path, body)
            assert status == 400, (path, body[:80], answer)
            assert answer["error"], (path, body[:80])
    assert _json(fresh_server, "GET", "/_simulator/state")[1] == before
    assert _json(fresh_server, "GET", "/_simulator/faults")[1] == {"faults": []}


def test_the_issues_two_advance_bodies_are_refused_by_name(fresh_server):
    assert _raw(fresh_server, "/_simulator/advance", b"[]") == (
        400,
        {"error": "the body must be a JSON object"},
    )
    status, answer = _raw(fresh_server, "/_simulator/advance", b'{"minutes": 1e309}')
    assert status == 400 and answer["error"].startswith("minutes:")


def test_a_bad_content_length_gets_a_400(fresh_server):
    for length in ("abc", "-1", str(10**9)):
        status, answer = _raw(fresh_server, "/_simulator/advance", b"{}", length=length)
        assert status == 400 and answer["error"]
