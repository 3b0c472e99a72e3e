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
