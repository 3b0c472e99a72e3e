"""How the simulated POS calls a webhook consumer: one signed POST per event, the answer's
signature checked, and one retry carrying the error when the answer is bad. The wire
format itself lives in kassalink.mplus.webhooks (shared with our endpoint)."""

import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from kassalink.mplus import webhooks

from .records import WebhookConsumer

MAX_ANSWER = 64 * 1024


@dataclass(frozen=True)
class WebhookCall:
    """One event sent to one consumer, as the cashier's log shows it."""

    event: str
    status: int
    answer: webhooks.WebhookAnswer
    elapsed_ms: float
    retried: bool = False

    def as_json(self) -> dict:
        scan = self.answer.scan_code
        footer = self.answer.receipt_footer
        return {
            "event": self.event,
            "status": self.status,
            "elapsedMs": round(self.elapsed_ms, 1),
            "retried": self.retried,
            "error": None
            if self.answer.error is None
            else {"code": self.answer.error[0], "message": self.answer.error[1]},
            "answer": self.answer.raw,
            "recognized": None if scan is None else scan.recognized,
            "footer": None if footer is None else {"text": footer.text, "code": footer.code},
        }


def _post(
    url: str, body: bytes, headers: dict[str, str], timeout: float
) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read(MAX_ANSWER), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(MAX_ANSWER), dict(error.headers)


def _send_once(
    consumer: WebhookConsumer, request: webhooks.WebhookRequest, timeout: float
) -> webhooks.WebhookAnswer:
    body = webhooks.encode_request(request)
    headers = webhooks.signed_headers(body, consumer.subscription_id, consumer.secret_key)
    url = webhooks.event_url(consumer.endpoint_url, request.event)
    try:
        status, answer_body, answer_headers = _post(url, body, headers, timeout)
    except (urllib.error.URLError, OSError) as error:
        return webhooks.WebhookAnswer(0, error=("UNREACHABLE", f"webhook unreachable: {error}"))
    signature = {k.lower(): v for k, v in answer_headers.items()}.get(
        webhooks.SIGNATURE_HEADER.lower()
    )
    try:
        webhooks.verify(answer_body, consumer.secret_key, signature)
    except webhooks.WebhookError as error:
        return webhooks.WebhookAnswer(status, error=(error.code, error.message))
    return webhooks.parse_answer(status, answer_body)


def call_consumer(
    consumer: WebhookConsumer,
    request: webhooks.WebhookRequest,
    timeout: float = webhooks.POS_TIMEOUT,
) -> WebhookCall:
    """Send `request`; a 200 answer that fails its signature check or does not parse is
    retried once with the error attached, as the documentation describes (a 400 is the
    consumer refusing the request: not retried). A failure never raises."""
    started = time.perf_counter()
    answer = _send_once(consumer, request, timeout)
    retried = False
    if answer.error is not None and answer.status == 200:
        retried = True
        answer = _send_once(consumer, webhooks.retry_request(request, *answer.error), timeout)
    elapsed = (time.perf_counter() - started) * 1000
    return WebhookCall(request.event, answer.status, answer, elapsed, retried)
