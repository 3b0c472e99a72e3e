"""The POS webhook wire format: signing, envelopes both ways, answers, refusals."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from kassalink.mplus import webhooks

KEY = base64.b64encode(b"k" * 32).decode()
REQUEST = webhooks.WebhookRequest(
    event="scanCode", blocking=True, counter=7,
    timestamp=datetime(2026, 12, 1, 16, 51, tzinfo=UTC),
    branch_number=1, workplace_number=2, session_id="s-1",
    lines=(webhooks.SessionLine("l1", 1001, "Desembrood", Decimal(2), 395),),
    total_incl_cents=790, scanned_code="KL1ABC", code_type="qrcode",
)  # fmt: skip


def test_the_signature_is_base64_hmac_sha256_of_the_raw_body_with_the_decoded_key():
    body = b'{"a":1}'
    expected = base64.b64encode(hmac.new(b"k" * 32, body, hashlib.sha256).digest()).decode()
    assert webhooks.sign(body, KEY) == expected
    webhooks.verify(body, KEY, expected)


@pytest.mark.parametrize(
    ("signature", "code"),
    [(None, "NO_SIGNATURE"), ("", "NO_SIGNATURE"), ("AAAA", "INVALID_SIGNATURE")],
)
def test_a_missing_or_wrong_signature_is_refused_with_its_code(signature, code):
    with pytest.raises(webhooks.WebhookError) as refused:
        webhooks.verify(b"{}", KEY, signature)
    assert refused.value.code == code


def test_one_changed_byte_breaks_the_signature():
    body = webhooks.encode_request(REQUEST)
    signature = webhooks.sign(body, KEY)
    with pytest.raises(webhooks.WebhookError):
        webhooks.verify(body.replace(b"KL1ABC", b"KL1ABD"), KEY, signature)


def test_a_request_survives_the_wire_with_money_as_euros():
    body = webhooks.encode_request(REQUEST)
    data = json.loads(body)
    assert data["session"]["lines"][0]["priceIncl"] == 3.95
    assert data["session"]["totalInclAmount"] == 7.9
    assert data["event"] == {
        "eventBlocking": True, "eventCounter": 7, "eventTimestamp": "2026-12-01T16:51:00+00:00"
    }  # fmt: skip
    assert webhooks.parse_request("scanCode", body) == REQUEST


def test_the_event_name_is_appended_to_the_endpoint():
    assert webhooks.event_url("https://x.nl/pos/5/", "completeSession") == (
        "https://x.nl/pos/5/completeSession"
    )


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'{"event": {}}',
        b'{"event": {"eventCounter": 1, "eventTimestamp": "yesterday"}, "sender": '
        b'{"branchNumber": 1, "workplaceNumber": 1}, "session": {"sessionId": "s"}, '
        b'"scanCode": {"scannedCode": "x"}}',
        b'{"event": {"eventCounter": 1, "eventTimestamp": "2026-01-01T00:00:00+00:00"}, '
        b'"sender": {"branchNumber": 1, "workplaceNumber": 1}, "session": {"sessionId": "s"}}',
        b'{"event": {"eventCounter": 1, "eventTimestamp": "2026-01-01T00:00:00+00:00"}, '
        b'"sender": {"branchNumber": 1, "workplaceNumber": 1}, "session": {"sessionId": "s", '
        b'"lines": [{"articleNumber": 1, "quantity": 1, "priceIncl": 1.234}]}, '
        b'"scanCode": {"scannedCode": "x"}}',
    ],
)
def test_malformed_bodies_are_invalid_requests(body):
    with pytest.raises(webhooks.WebhookError) as refused:
        webhooks.parse_request("scanCode", body)
    assert refused.value.code == "INVALID_REQUEST"


def test_an_unknown_event_is_an_invalid_request():
    with pytest.raises(webhooks.WebhookError):
        webhooks.parse_request("selfDestruct", webhooks.encode_request(REQUEST))


def test_the_replay_key_survives_a_counter_reset():
    again = webhooks.parse_request("scanCode", webhooks.encode_request(REQUEST))
    reset = webhooks.WebhookRequest(**{**REQUEST.__dict__, "counter": 1,
                                       "timestamp": datetime(2026, 12, 2, tzinfo=UTC)})  # fmt: skip
    assert again.replay_key == REQUEST.replay_key != reset.replay_key


def test_answers_both_ways():
    scan = webhooks.ScanCodeAnswer(True, "Klant herkend", "Digitale bon voor j•••@x.nl", 12)
    footer = webhooks.ReceiptFooter("Uw bon", "https://k.nl/c/x")
    answer = webhooks.parse_answer(200, webhooks.encode_answer(scan, footer))
    assert answer.scan_code == scan and answer.receipt_footer == footer and answer.error is None
    assert webhooks.parse_answer(200, b"").error is None  # an empty answer is allowed
    refused = webhooks.parse_answer(400, webhooks.encode_error("INVALID_SIGNATURE", "no"))
    assert refused.error == ("INVALID_SIGNATURE", "no")
    assert webhooks.parse_answer(200, b"{oops").error[0] == "INVALID_REQUEST"


def test_a_retry_carries_the_error():
    retry = webhooks.retry_request(REQUEST, "INVALID_SIGNATURE", "bad answer")
    data = json.loads(webhooks.encode_request(retry))
    assert data["error"] == {"code": "INVALID_SIGNATURE", "message": "bad answer"}
    assert webhooks.parse_request("scanCode", webhooks.encode_request(retry)).retry_error == (
        "INVALID_SIGNATURE", "bad answer"
    )  # fmt: skip
