"""How the simulated POS calls a webhook consumer, on the wire. The only module that
knows the encoding, so it can be adapted when a real account's behaviour is known.

The WSDL defines the types (WebhookReq / WebhookResp) but not the transport. We send
JSON with the WSDL's field names by HTTP POST, plus two fields the types lack: `event`
(a WebhookEvent value) and `workplace` {branchNumber, workplaceNumber}. Amounts in the
session are xsd:decimal in the WSDL, so they travel as euros (12.34), not cents. The
consumer's token travels as `Authorization: Bearer <token>`.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from decimal import Decimal

EVENT_SCAN_CODE = "WEBHOOK-EVENT-SCAN-CODE"
CODE_TYPE_BARCODE = "SCAN-CODE-TYPE-BARCODE"
TOKEN_HEADER = "Authorization"  # noqa: S105 - a header name, not a secret
TOKEN_PREFIX = "Bearer "  # noqa: S105


@dataclass(frozen=True)
class SessionLine:
    line_id: str
    article_number: int
    text: str
    quantity: Decimal
    price_incl: Decimal


@dataclass(frozen=True)
class WebhookAnswer:
    """What the consumer said (WebhookResp), or why it could not be heard."""

    status: int
    recognized: bool
    relation_number: int | None
    messages: tuple[str, ...]
    error: str | None
    raw: dict


def _euros(cents: int) -> float:
    return float(Decimal(cents) / 100)


def scan_code_request(
    idempotency_key: str,
    session_id: str,
    scanned_code: str,
    branch: int,
    workplace: int,
    lines: list[SessionLine],
    total_incl_cents: int,
    total_excl_cents: int,
) -> dict:
    """The WebhookReq body for a code scanned during a sale."""
    return {
        "event": EVENT_SCAN_CODE,
        "idempotencyKey": idempotency_key,
        "workplace": {"branchNumber": branch, "workplaceNumber": workplace},
        "scanCode": {"scannedCode": scanned_code, "codeType": CODE_TYPE_BARCODE},
        "session": {
            "sessionId": session_id,
            "lines": [
                {
                    "lineId": line.line_id,
                    "articleNumber": line.article_number,
                    "text": line.text,
                    "quantity": float(line.quantity),
                    "priceIncl": float(line.price_incl),
                }
                for line in lines
            ],
            "openAmount": _euros(total_incl_cents),
            "totalInclAmount": _euros(total_incl_cents),
            "totalExclAmount": _euros(total_excl_cents),
        },
    }


def call_webhook(url: str, token: str, payload: dict, timeout: float = 5.0) -> WebhookAnswer:
    """POST the request and read the WebhookResp; failures become an answer with `error`."""
    request = urllib.request.Request(  # noqa: S310 - the consumer's URL is configured on purpose
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            TOKEN_HEADER: f"{TOKEN_PREFIX}{token}",
            "Idempotency-Key": payload["idempotencyKey"],
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except (urllib.error.URLError, OSError) as error:
        return WebhookAnswer(0, False, None, (), f"webhook unreachable: {error}", {})
    return read_answer(status, body)


def read_answer(status: int, body: bytes) -> WebhookAnswer:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return WebhookAnswer(status, False, None, (), "the webhook answer is not JSON", {})
    if not isinstance(data, dict):
        return WebhookAnswer(status, False, None, (), "the webhook answer is not an object", {})
    scan = data.get("scanCode") or {}
    messages = tuple(
        str(m.get("message") or m.get("customerMessage") or "")
        for m in data.get("messages") or []
        if isinstance(m, dict)
    )
    error = data.get("error")
    if error is None and not 200 <= status < 300:
        error = f"webhook answered HTTP {status}"
    relation = scan.get("relationNumber")
    return WebhookAnswer(
        status=status,
        recognized=bool(scan.get("recognized")),
        relation_number=int(relation) if relation is not None else None,
        messages=messages,
        error=json.dumps(error) if isinstance(error, dict) else error,
        raw=data,
    )
