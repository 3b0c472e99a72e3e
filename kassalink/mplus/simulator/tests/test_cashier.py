"""A cashier scans a customer's code: the POS asks our webhook, then the sale's order
carries the webhook session id."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kassalink.mplus.simulator import Simulator, SimulatorServer

from .soap_calls import call, element, find_all, receipts_request, text


class _Webhook(BaseHTTPRequestHandler):
    received: list = []

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append((dict(self.headers), body))
        known = body["scanCode"]["scannedCode"] == "KL-ALICE-1"
        answer = {
            "idempotencyResult": "IDEMPOTENCY-RESULT-ORIGINAL-RESPONSE",
            "scanCode": {"recognized": known, **({"relationNumber": 777} if known else {})},
            "messages": [{"message": "Digitale bon gekoppeld" if known else "Onbekende code"}],
        }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def webhook() -> Iterator[tuple[str, list]]:
    received: list = []
    handler = type("Webhook", (_Webhook,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/pos/webhook", received
    server.shutdown()
    server.server_close()


def test_scanned_code_reaches_the_webhook_and_the_receipt(
    fresh_shop: Simulator, fresh_server: SimulatorServer, webhook
):
    url, received = webhook
    sale = fresh_shop.cashier_sale(
        workplace=2, branch=1, scan_code="KL-ALICE-1", webhook_url=url, token="tok-1"
    )
    headers, body = received[0]
    assert headers["Authorization"] == "Bearer tok-1"
    assert body["event"] == "WEBHOOK-EVENT-SCAN-CODE"
    assert body["idempotencyKey"] == sale.idempotency_key
    assert body["scanCode"] == {"scannedCode": "KL-ALICE-1", "codeType": "SCAN-CODE-TYPE-BARCODE"}
    assert body["session"]["sessionId"] == sale.session_id
    assert body["session"]["lines"]
    assert sale.answer.recognized and sale.answer.relation_number == 777
    assert sale.answer.messages == ("Digitale bon gekoppeld",)

    marker = sale.receipt.sync_marker
    receipts = call(fresh_server.url, receipts_request(syncMarker=marker, syncMarkerLimit=1))
    receipt = find_all(receipts, "m:receiptList/m:receipt")[0]
    assert text(receipt, "m:receiptId") == sale.receipt.receipt_id
    assert text(receipt, "m:relationNumber") == "777"
    assert text(receipt, "m:workplaceNumber") == "2"
    orders = call(
        fresh_server.url,
        element(
            "getOrdersByReceipts",
            element("request", element("receiptIds", element("id", text=sale.receipt.receipt_id))),
        ),
    )
    session = text(orders, "m:orderList/m:order/m:webhookSessionData/m:webhookSessionId")
    assert session == sale.session_id


def test_sale_endpoint_uses_the_registered_consumer(
    fresh_shop: Simulator, fresh_server: SimulatorServer, webhook
):
    import urllib.request

    url, received = webhook
    fresh_shop.add_webhook_consumer(url, token="tok-2", patterns=["KL-.*"])
    request = urllib.request.Request(
        fresh_server.url + "_simulator/sale",
        data=json.dumps({"workplace": 1, "branch": 2, "scan_code": "KL-BOB-9"}).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        result = json.loads(response.read())
    assert received[0][0]["Authorization"] == "Bearer tok-2"
    assert result["webhook"]["recognized"] is False
    booked = fresh_shop.receipt(result["receiptId"])
    assert booked.webhook_session_id == result["sessionId"]
    assert booked.branch_number == 2 and booked.relation_number is None


def test_an_unreachable_webhook_does_not_stop_the_sale(fresh_shop: Simulator):
    sale = fresh_shop.cashier_sale(scan_code="KL-X", webhook_url="http://127.0.0.1:9/", token="t")
    assert sale.answer.error and "unreachable" in sale.answer.error
    assert fresh_shop.receipt(sale.receipt.receipt_id) is not None


def test_an_unknown_workplace_is_refused(fresh_shop: Simulator):
    with pytest.raises(ValueError):
        fresh_shop.cashier_sale(workplace=9, branch=1, scan_code="KL-1")
