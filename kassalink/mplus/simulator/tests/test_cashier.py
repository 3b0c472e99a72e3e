"""A cashier's sale at the simulated till calls the subscribed webhook consumer in the
documented format: event name in the URL, signed JSON, signed answers checked, one retry
carrying the error after a bad answer; the order carries the webhook session id."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kassalink.mplus import webhooks
from kassalink.mplus.simulator import Simulator, SimulatorServer

from .soap_calls import call, element, find_all, receipts_request, text

KEY = webhooks.new_secret_key()


class _Consumer(BaseHTTPRequestHandler):
    """A consumer that knows one code and prints a footer; `sign_with` can be wrong."""

    received: list
    sign_with: list

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, dict(self.headers), body))
        event = self.path.rsplit("/", 1)[-1]
        request = webhooks.parse_request(event, body)
        if event == "scanCode":
            known = request.scanned_code == "KL1ALICE"
            answer = webhooks.encode_answer(
                webhooks.ScanCodeAnswer(
                    known, "Digitale bon" if known else "Onbekend", "", 777 if known else None
                )
            )
        else:
            answer = webhooks.encode_answer(
                receipt_footer=webhooks.ReceiptFooter("Uw digitale bon", "https://x/c/abc")
            )
        self.send_response(200)
        for name, value in webhooks.signed_headers(answer, "sub-1", self.sign_with[0]).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


@pytest.fixture
def consumer() -> Iterator[tuple[str, list, list]]:
    received: list = []
    sign_with = [KEY]
    handler = type("Consumer", (_Consumer,), {"received": received, "sign_with": sign_with})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/pos/hook", received, sign_with
    server.shutdown()
    server.server_close()


def test_a_scanned_code_and_the_paid_sale_reach_the_consumer_signed(
    fresh_shop: Simulator, fresh_server: SimulatorServer, consumer
):
    url, received, _ = consumer
    fresh_shop.add_webhook_consumer(url, "sub-1", KEY, patterns=["KL1.*"])
    sale = fresh_shop.cashier_sale(workplace=2, branch=1, scan_code="KL1ALICE")

    assert [path for path, _, _ in received] == ["/pos/hook/scanCode", "/pos/hook/completeSession"]
    _path, headers, body = received[0]
    assert headers["X-Mplus-Subscription-Id"] == "sub-1"
    webhooks.verify(body, KEY, headers["X-Mplus-Signature"])
    data = json.loads(body)
    assert data["scanCode"] == {"scannedCode": "KL1ALICE", "codeType": "barcode"}
    assert data["sender"] == {"branchNumber": 1, "workplaceNumber": 2}
    assert data["event"]["eventBlocking"] is True
    assert data["session"]["sessionId"] == sale.session_id
    assert isinstance(data["session"]["lines"][0]["priceIncl"], float | int)  # euros
    assert sale.scan_answer.recognized and sale.scan_answer.relation_number == 777
    assert sale.footer == webhooks.ReceiptFooter("Uw digitale bon", "https://x/c/abc")
    counters = [json.loads(b)["event"]["eventCounter"] for _, _, b in received]
    assert counters[1] == counters[0] + 1

    marker = sale.receipt.sync_marker
    receipts = call(fresh_server.url, receipts_request(syncMarker=marker, syncMarkerLimit=1))
    receipt = find_all(receipts, "m:receiptList/m:receipt")[0]
    assert text(receipt, "m:relationNumber") == "777"
    orders = call(
        fresh_server.url,
        element(
            "getOrdersByReceipts",
            element("request", element("receiptIds", element("id", text=sale.receipt.receipt_id))),
        ),
    )
    session = text(orders, "m:orderList/m:order/m:webhookSessionData/m:webhookSessionId")
    assert session == sale.session_id


def test_a_code_outside_the_pattern_is_not_sent(fresh_shop: Simulator, consumer):
    url, received, _ = consumer
    fresh_shop.add_webhook_consumer(url, "sub-1", KEY, patterns=["KL1.*"])
    sale = fresh_shop.cashier_sale(scan_code="LOYALTY-42")
    assert [path for path, _, _ in received] == ["/pos/hook/completeSession"]
    assert sale.scan_answer is None


def test_an_answer_with_a_bad_signature_is_retried_carrying_the_error(
    fresh_shop: Simulator, consumer
):
    url, received, sign_with = consumer
    sign_with[0] = webhooks.new_secret_key()
    fresh_shop.add_webhook_consumer(url, "sub-1", KEY, events=["scanCode"])
    sale = fresh_shop.cashier_sale(scan_code="KL1ALICE")
    assert len(received) == 2
    assert "error" not in json.loads(received[0][2])
    assert json.loads(received[1][2])["error"]["code"] == "INVALID_SIGNATURE"
    assert sale.calls[0].retried and sale.calls[0].answer.error[0] == "INVALID_SIGNATURE"
    assert sale.scan_answer is None  # an answer that cannot be trusted is not used


def test_the_sale_endpoint_answers_the_calls_and_the_footer(
    fresh_shop: Simulator, fresh_server: SimulatorServer, consumer
):
    import urllib.request

    url, _received, _ = consumer
    fresh_shop.add_webhook_consumer(url, "sub-1", KEY, patterns=["KL1.*"])
    request = urllib.request.Request(
        fresh_server.url + "_simulator/sale",
        data=json.dumps({"workplace": 1, "branch": 2, "scan_code": "KL1BOB",
                         "articles": [{"article_number": 1001, "quantity": 2}]}).encode(),
        method="POST",
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as response:
        result = json.loads(response.read())
    assert [c["event"] for c in result["webhookCalls"]] == ["scanCode", "completeSession"]
    assert result["webhookCalls"][0]["status"] == 200
    assert result["webhookCalls"][0]["recognized"] is False
    footer = result["footer"]
    assert (footer["text"], footer["qr"]) == ("Uw digitale bon", "https://x/c/abc")
    assert footer["qrSvg"].startswith("<svg")  # what the till prints
    booked = fresh_shop.receipt(result["receiptId"])
    assert booked.webhook_session_id == result["sessionId"]
    assert [(line.article.number, line.quantity) for line in booked.lines] == [(1001, 2)]


def test_a_return_sends_credit_session(fresh_shop: Simulator, consumer):
    url, received, _ = consumer
    fresh_shop.add_webhook_consumer(url, "sub-1", KEY)
    sale = fresh_shop.cashier_sale(scan_code="KL1ALICE")
    credit = fresh_shop.cashier_sale(credit_of=sale.receipt.receipt_id)
    assert received[-1][0] == "/pos/hook/creditSession"
    assert credit.receipt.is_credit
    assert credit.receipt.credited_receipt_id == sale.receipt.receipt_id
    assert credit.receipt.total_incl == -sale.receipt.total_incl


def test_the_event_counter_can_reset(fresh_shop: Simulator):
    first = fresh_shop.next_event_counter()
    fresh_shop.reset_event_counter()
    assert fresh_shop.next_event_counter() == 1 <= first


def test_an_unreachable_consumer_does_not_stop_the_sale(fresh_shop: Simulator):
    fresh_shop.add_webhook_consumer("http://127.0.0.1:9/", "sub-1", KEY)
    sale = fresh_shop.cashier_sale(scan_code="KL1X")
    assert sale.calls[0].status == 0 and sale.calls[0].answer.error[0] == "UNREACHABLE"
    assert fresh_shop.receipt(sale.receipt.receipt_id) is not None


def test_an_unknown_workplace_is_refused(fresh_shop: Simulator):
    with pytest.raises(ValueError):
        fresh_shop.cashier_sale(workplace=9, branch=1, scan_code="KL-1")
