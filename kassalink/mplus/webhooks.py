"""MplusKASSA POS webhooks on the wire: the JSON envelope, the HMAC signature, event URLs
and answers. The one module that knows the encoding; our endpoint (kassalink.wallet) and
the simulator's cashier both use it, so a detail learned from a real account is a
one-place change. Plain Python, no Django.

What the documentation says (../shared/mplus/README.md, "POS webhooks"): JSON over HTTPS;
the event name appended to the endpoint URL (`<endpoint>/scanCode`); headers
`X-Mplus-Subscription-Id` and `X-Mplus-Signature` (base64 HMAC of the raw body with the
subscription's secret key, never transmitted); answers 200 with JSON (an empty body is
allowed) or 400 with an error, signed the same way; error codes include `NO_SIGNATURE`,
`INVALID_SIGNATURE`, `INVALID_SUBSCRIPTION_ID`; the envelope `event` / `sender` /
`session` / `scanCode`; money as decimal euros; `eventCounter` may reset.

Where the documentation is silent, what we chose (each a constant or argument here, so a
real account's behaviour is one edit):
- HMAC: SHA-256 over the raw body bytes, keyed with the base64-decoded secret key, output
  base64 (what an independent implementation does). Keys we generate are 32 random bytes
  in base64. A key that is not valid base64 is used as its UTF-8 bytes.
- Error body: `{"error": {"code": "...", "message": "..."}}`; besides the documented codes
  we answer `INVALID_REQUEST` for a body that does not parse or lacks a field.
- A bad answer: the POS calls again with the same envelope plus `"error": {"code",
  "message"}` saying what was wrong with our previous answer (`retry_request`).
- `eventTimestamp`: ISO 8601 with offset (a number is read as Unix seconds). Because
  `eventCounter` may reset, the replay key is (subscription, event, sessionId,
  eventCounter, eventTimestamp), and requests older than `REPLAY_WINDOW` are refused.
- Timeouts: the POS waits `POS_TIMEOUT` seconds for a blocking event; we answer within
  `ANSWER_BUDGET` (kassalink: setting KASSALINK_WEBHOOK_ANSWER_BUDGET_MS).
- The `completeSession` object is not published in full: we read `session.sessionId`,
  `lines`, `totalInclAmount` and an optional `relation` {relationNumber, email}.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

SUBSCRIPTION_HEADER = "X-Mplus-Subscription-Id"
SIGNATURE_HEADER = "X-Mplus-Signature"
CONTENT_TYPE = "application/json"

SCAN_CODE = "scanCode"
START_PAYMENT = "startPayment"
COMPLETE_SESSION = "completeSession"
CREDIT_SESSION = "creditSession"
EVENTS = (SCAN_CODE, START_PAYMENT, COMPLETE_SESSION, CREDIT_SESSION)
# What a kassalink subscription needs, and which of those the POS should wait for.
NEEDED_EVENTS = (SCAN_CODE, COMPLETE_SESSION, CREDIT_SESSION)
BLOCKING_EVENTS = (SCAN_CODE, COMPLETE_SESSION)
CODE_TYPES = ("barcode", "rfid", "qrcode")

NO_SIGNATURE = "NO_SIGNATURE"
INVALID_SIGNATURE = "INVALID_SIGNATURE"
INVALID_SUBSCRIPTION_ID = "INVALID_SUBSCRIPTION_ID"
INVALID_REQUEST = "INVALID_REQUEST"  # ours: the documentation names no code for this

POS_TIMEOUT = 5.0  # seconds the (simulated) POS waits for a blocking answer
ANSWER_BUDGET = 1.5  # seconds our endpoint allows itself, well inside POS_TIMEOUT
REPLAY_WINDOW = timedelta(minutes=10)
MAX_BODY = 256 * 1024  # bytes; a sale with hundreds of lines stays far below


class WebhookError(Exception):
    """A request (or answer) that must be refused with a documented error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# --- signing --------------------------------------------------------------------------


def new_secret_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _key_bytes(secret_key: str) -> bytes:
    try:
        return base64.b64decode(secret_key, validate=True)
    except (binascii.Error, ValueError):
        return secret_key.encode()


def sign(body: bytes, secret_key: str) -> str:
    """The X-Mplus-Signature value for `body`."""
    digest = hmac.new(_key_bytes(secret_key), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def verify(body: bytes, secret_key: str, signature: str | None) -> None:
    """Raise WebhookError unless `signature` is the body's signature under the key."""
    if not signature:
        raise WebhookError(NO_SIGNATURE, "the request carries no X-Mplus-Signature")
    if not hmac.compare_digest(sign(body, secret_key).encode(), signature.strip().encode()):
        raise WebhookError(INVALID_SIGNATURE, "the signature does not match the body")


def event_url(endpoint_url: str, event: str) -> str:
    """Where the POS posts `event`: the endpoint with the event name appended."""
    return endpoint_url.rstrip("/") + "/" + event


def signed_headers(body: bytes, subscription_id: str, secret_key: str) -> dict[str, str]:
    return {
        "Content-Type": CONTENT_TYPE,
        SUBSCRIPTION_HEADER: subscription_id,
        SIGNATURE_HEADER: sign(body, secret_key),
    }


# --- the request ----------------------------------------------------------------------


@dataclass(frozen=True)
class SessionLine:
    line_id: str
    article_number: int
    text: str
    quantity: Decimal
    price_incl_cents: int


@dataclass(frozen=True)
class Relation:
    relation_number: int | None
    email: str | None


@dataclass(frozen=True)
class WebhookRequest:
    event: str
    blocking: bool
    counter: int
    timestamp: datetime
    branch_number: int
    workplace_number: int
    session_id: str
    lines: tuple[SessionLine, ...] = ()
    total_incl_cents: int | None = None
    scanned_code: str | None = None
    code_type: str | None = None
    relation: Relation | None = None
    # What the POS found wrong with our previous answer, when this is its retry.
    retry_error: tuple[str, str] | None = None

    @property
    def replay_key(self) -> str:
        """Identifies one event even when eventCounter has reset (see the docstring)."""
        return f"{self.event}|{self.session_id}|{self.counter}|{self.timestamp.isoformat()}"


def euros(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def cents(euros_value: object, name: str) -> int:
    """Decimal euros from the JSON as integer cents; anything else is INVALID_REQUEST."""
    if isinstance(euros_value, bool) or not isinstance(euros_value, int | Decimal | str):
        raise WebhookError(INVALID_REQUEST, f"{name} is not an amount")
    try:
        amount = Decimal(euros_value) * 100
    except InvalidOperation:
        raise WebhookError(INVALID_REQUEST, f"{name} is not an amount") from None
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise WebhookError(INVALID_REQUEST, f"{name} has more than 2 decimals")
    return int(amount)


def _timestamp(value: object) -> datetime:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value), UTC)
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
    raise WebhookError(INVALID_REQUEST, "event.eventTimestamp is not an ISO 8601 time with offset")


def _field(data: dict, name: str, kind: type | tuple, where: str) -> object:
    value = data.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise WebhookError(INVALID_REQUEST, f"{where}.{name} is missing or of the wrong type")
    return value


def _line(raw: object) -> SessionLine:
    if not isinstance(raw, dict):
        raise WebhookError(INVALID_REQUEST, "session.lines holds something that is not a line")
    return SessionLine(
        line_id=str(raw.get("lineId", "")),
        article_number=int(_field(raw, "articleNumber", int, "line")),
        text=str(raw.get("text", ""))[:500],
        quantity=Decimal(_field(raw, "quantity", (int, Decimal), "line")),
        price_incl_cents=cents(raw.get("priceIncl"), "line.priceIncl"),
    )


def _relation(raw: object) -> Relation | None:
    if not isinstance(raw, dict):
        return None
    number = raw.get("relationNumber")
    email = raw.get("email")
    return Relation(
        relation_number=number
        if isinstance(number, int) and not isinstance(number, bool)
        else None,
        email=email.strip()[:254] if isinstance(email, str) and "@" in email else None,
    )


def load_json(body: bytes) -> dict:
    if len(body) > MAX_BODY:
        raise WebhookError(INVALID_REQUEST, "the body is too large")
    try:
        data = json.loads(body, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise WebhookError(INVALID_REQUEST, "the body is not JSON") from None
    if not isinstance(data, dict):
        raise WebhookError(INVALID_REQUEST, "the body is not a JSON object")
    return data


def parse_request(event: str, body: bytes) -> WebhookRequest:
    """Read a (verified) request body for `event`; WebhookError(INVALID_REQUEST) if bad."""
    if event not in EVENTS:
        raise WebhookError(INVALID_REQUEST, f"unknown event {event[:40]!r}")
    data = load_json(body)
    info = _field(data, "event", dict, "body")
    sender = _field(data, "sender", dict, "body")
    session = _field(data, "session", dict, "body")
    session_id = str(_field(session, "sessionId", str, "session"))[:200]
    if not session_id:
        raise WebhookError(INVALID_REQUEST, "session.sessionId is empty")
    lines = session.get("lines") or []
    if not isinstance(lines, list):
        raise WebhookError(INVALID_REQUEST, "session.lines is not a list")
    total = session.get("totalInclAmount")
    scanned = code_type = None
    if event == SCAN_CODE:
        scan = _field(data, "scanCode", dict, "body")
        scanned = str(_field(scan, "scannedCode", str, "scanCode"))[:500]
        code_type = str(scan.get("codeType", "barcode"))
    retry = data.get("error")
    return WebhookRequest(
        event=event,
        blocking=bool(info.get("eventBlocking", False)),
        counter=int(_field(info, "eventCounter", int, "event")),
        timestamp=_timestamp(info.get("eventTimestamp")),
        branch_number=int(_field(sender, "branchNumber", int, "sender")),
        workplace_number=int(_field(sender, "workplaceNumber", int, "sender")),
        session_id=session_id,
        lines=tuple(_line(line) for line in lines),
        total_incl_cents=None if total is None else cents(total, "session.totalInclAmount"),
        scanned_code=scanned,
        code_type=code_type,
        relation=_relation(session.get("relation")),
        retry_error=(str(retry.get("code", "")), str(retry.get("message", "")))
        if isinstance(retry, dict)
        else None,
    )


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def dumps(data: dict) -> bytes:
    return json.dumps(data, default=_json_default, separators=(",", ":")).encode()


def encode_request(request: WebhookRequest) -> bytes:
    """The body the POS sends for `request` (money as decimal euros)."""
    session: dict = {
        "sessionId": request.session_id,
        "lines": [
            {
                "lineId": line.line_id,
                "articleNumber": line.article_number,
                "text": line.text,
                "quantity": line.quantity,
                "priceIncl": euros(line.price_incl_cents),
            }
            for line in request.lines
        ],
    }
    if request.total_incl_cents is not None:
        session["totalInclAmount"] = euros(request.total_incl_cents)
    if request.relation is not None:
        session["relation"] = {
            "relationNumber": request.relation.relation_number,
            "email": request.relation.email,
        }
    body: dict = {
        "event": {
            "eventBlocking": request.blocking,
            "eventCounter": request.counter,
            "eventTimestamp": request.timestamp.isoformat(),
        },
        "sender": {
            "branchNumber": request.branch_number,
            "workplaceNumber": request.workplace_number,
        },
        "session": session,
    }
    if request.scanned_code is not None:
        body["scanCode"] = {
            "scannedCode": request.scanned_code,
            "codeType": request.code_type or "barcode",
        }
    if request.retry_error is not None:
        body["error"] = {"code": request.retry_error[0], "message": request.retry_error[1]}
    return dumps(body)


def retry_request(request: WebhookRequest, code: str, message: str) -> WebhookRequest:
    """The POS's second call after a bad answer: the same event carrying the error."""
    return replace(request, retry_error=(code, message))


# --- the answer -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScanCodeAnswer:
    recognized: bool
    message: str = ""
    customer_message: str = ""
    relation_number: int | None = None


@dataclass(frozen=True)
class ReceiptFooter:
    text: str
    code: str
    code_type: str = "qrcode"


@dataclass(frozen=True)
class WebhookAnswer:
    """What the consumer answered; `error` set for a 400 or an answer we cannot trust."""

    status: int
    scan_code: ScanCodeAnswer | None = None
    receipt_footer: ReceiptFooter | None = None
    error: tuple[str, str] | None = None
    raw: dict = field(default_factory=dict)


def encode_answer(
    scan_code: ScanCodeAnswer | None = None, receipt_footer: ReceiptFooter | None = None
) -> bytes:
    """A 200 answer body; with neither part it is `{}`."""
    body: dict = {}
    if scan_code is not None:
        scan: dict = {"recognized": scan_code.recognized}
        if scan_code.message:
            scan["message"] = scan_code.message
        if scan_code.customer_message:
            scan["customerMessage"] = scan_code.customer_message
        if scan_code.relation_number is not None:
            scan["relationNumber"] = scan_code.relation_number
        body["scanCode"] = scan
    if receipt_footer is not None:
        body["receiptFooter"] = {
            "text": receipt_footer.text,
            "barcode": {"codeType": receipt_footer.code_type, "code": receipt_footer.code},
        }
    return dumps(body)


def encode_error(code: str, message: str) -> bytes:
    """A 400 answer body."""
    return dumps({"error": {"code": code, "message": message}})


def parse_answer(status: int, body: bytes) -> WebhookAnswer:
    """Read a consumer's (verified) answer; a bad one becomes an answer with `error`."""
    if not body.strip():
        data: dict = {}
    else:
        try:
            data = load_json(body)
        except WebhookError as error:
            return WebhookAnswer(status, error=(INVALID_REQUEST, error.message))
    problem = data.get("error")
    if status != 200 or problem is not None:
        if isinstance(problem, dict):
            return WebhookAnswer(
                status, error=(str(problem.get("code")), str(problem.get("message"))), raw=data
            )
        return WebhookAnswer(status, error=("HTTP", f"answered HTTP {status}"), raw=data)
    scan = data.get("scanCode")
    footer = data.get("receiptFooter")
    scan_answer = footer_answer = None
    if isinstance(scan, dict):
        relation = scan.get("relationNumber")
        scan_answer = ScanCodeAnswer(
            recognized=scan.get("recognized") is True,
            message=str(scan.get("message") or ""),
            customer_message=str(scan.get("customerMessage") or ""),
            relation_number=relation if isinstance(relation, int) else None,
        )
    if isinstance(footer, dict):
        barcode = footer.get("barcode") if isinstance(footer.get("barcode"), dict) else {}
        footer_answer = ReceiptFooter(
            text=str(footer.get("text") or ""),
            code=str(barcode.get("code") or ""),
            code_type=str(barcode.get("codeType") or "qrcode"),
        )
    return WebhookAnswer(status, scan_answer, footer_answer, None, data)
