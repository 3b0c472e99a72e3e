"""One SOAP POST to MplusKASSA over the standard library's http.client, bounded three
ways: a timeout between bytes, a total deadline per call (retries and pauses included)
and a cap on the answer's size, read in chunks so an endless answer never fills memory.
Retries (exponential backoff, full jitter) for the transient failures only.

Every operation we call only reads, so repeating a POST is safe."""

from __future__ import annotations

import contextlib
import http.client
import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable
from urllib.parse import quote, quote_plus, urlencode

from .envelope import fault_in
from .errors import (
    MplusAnswerTooLarge,
    MplusAuthError,
    MplusError,
    MplusIncompleteAnswer,
    MplusProtocolError,
    MplusServerError,
    MplusTimeout,
    MplusUnavailable,
    MplusUnreachable,
)

log = logging.getLogger("kassalink.mplus")

# A SOAP fault (the API sends it with HTTP 500) is an answer and never retried; these
# statuses without a fault are a server or proxy in trouble, worth another try.
_TRANSIENT_STATUS = frozenset({500, 502, 503, 504})
_NETWORK_ERRORS = (OSError, http.client.HTTPException)  # incl. timeouts, resets, DNS
_CHUNK = 64 * 1024

# Defaults for a client made without settings (the Django side passes its own): the
# largest page we ask for (5,000 receipts, 19.7 MB) with three times headroom, and a
# deadline that lets such a page arrive over a slow line.
DEFAULT_MAX_ANSWER_BYTES = 32 * 1024 * 1024
DEFAULT_DEADLINE = 120.0
# Memory follows the number of elements more than the bytes: a page of real receipts
# has one tag per 15.5 bytes and takes 1.7 times its size as values, while 32 MB of
# "<a/>" would take 40 times as much (1.3 GB on the compiled road, 3.3 GB through
# lxml for 64 MB). So an answer may hold one tag per BYTES_PER_TAG bytes of the limit,
# which only an answer both near the limit and unusually dense can reach.
BYTES_PER_TAG = 16


class Transport:
    def __init__(
        self,
        host: str,
        port: int,
        ident: str,
        secret: str,
        *,
        scheme: str = "https",
        timeout: float = 30.0,
        retries: int = 3,
        deadline: float = DEFAULT_DEADLINE,
        max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
        backoff: float = 0.5,
        backoff_cap: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[float, float], float] = random.uniform,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if scheme not in ("http", "https"):
            raise ValueError(f"scheme must be http or https, not {scheme!r}")
        self.host, self.port, self.scheme = host, int(port), scheme
        self.timeout, self.retries = timeout, retries
        self.deadline, self.max_answer_bytes = float(deadline), int(max_answer_bytes)
        self.backoff, self.backoff_cap = backoff, backoff_cap
        self.sleep, self.jitter = sleep, jitter
        self.ssl_context = ssl_context
        # The credentials live only in this quoted path, which is never logged or put
        # in a message; scrub() cleans any foreign text that enters a message.
        self._path = "/?" + urlencode({"ident": ident, "secret": secret})
        self._secrets = tuple(
            {form for s in (ident, secret) if s for form in (s, quote_plus(s), quote(s))}
        )

    def __repr__(self) -> str:
        return f"<Transport {self.scheme}://{self.host}:{self.port}>"

    def post(self, operation: str, body: bytes) -> bytes:
        """The response body of a 2xx answer, or of a 500 that carries a SOAP fault."""
        deadline_at = time.monotonic() + self.deadline
        attempt = 0
        while True:
            try:
                return self._post_once(operation, body, deadline_at)
            except _Transient as exc:
                delay = self.jitter(0.0, min(self.backoff_cap, self.backoff * 2**attempt))
                if attempt >= self.retries or time.monotonic() + delay >= deadline_at:
                    raise exc.final(
                        f"{operation}: {self.host}:{self.port} unavailable after "
                        f"{attempt + 1} attempt(s): {exc}"
                    ) from None
                log.warning(
                    "mplus %s on %s:%s failed (%s); retry %d/%d in %.2fs",
                    operation,
                    self.host,
                    self.port,
                    exc,
                    attempt + 1,
                    self.retries,
                    delay,
                )
                self.sleep(delay)
                attempt += 1

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        if self.scheme == "https":
            return http.client.HTTPSConnection(
                self.host, self.port, timeout=timeout, context=self.ssl_context
            )
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def _post_once(self, operation: str, body: bytes, deadline_at: float) -> bytes:
        started = time.monotonic()
        connection = self._connection(max(0.001, min(self.timeout, deadline_at - started)))
        # The timeout only bounds the gap between bytes; a server dripping its headers
        # one byte at a time would keep getresponse() busy for hours. At the deadline
        # the watchdog shuts the socket, which ends whatever read is waiting on it.
        shut = threading.Event()
        watchdog = threading.Timer(deadline_at - started, _shut, (connection, shut))
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.request(
                "POST",
                self._path,
                body=body,
                headers={
                    "Content-Type": "text/xml; charset=utf-8",
                    "SOAPAction": '""',
                    "User-Agent": "kassalink",
                },
            )
            response = connection.getresponse()
            status = response.status
            data = self._read_body(operation, response, connection, deadline_at)
        except _NETWORK_ERRORS as exc:
            if shut.is_set() or time.monotonic() >= deadline_at:
                raise self._past_deadline(operation) from None
            if isinstance(exc, TimeoutError):
                raise _Transient(
                    f"no answer within {self.timeout:g}s", MplusTimeout, seconds=self.timeout
                ) from None
            if isinstance(exc, http.client.HTTPException) and not isinstance(exc, _BROKEN_OFF):
                # a status line or header we cannot read: whatever listens there is not
                # an HTTP server, and asking again will not make it one
                raise MplusProtocolError(
                    self.scrub(
                        f"{operation}: {self.host}:{self.port} did not answer in HTTP "
                        f"({type(exc).__name__}: {exc})"
                    )
                ) from None
            raise _Transient(
                self.scrub(f"{type(exc).__name__}: {exc}"), _network_kind(exc)
            ) from None
        finally:
            watchdog.cancel()
            connection.close()
        elapsed = time.monotonic() - started
        log.debug(
            "mplus %s on %s:%s: HTTP %d, %d bytes in %.3fs",
            operation,
            self.host,
            self.port,
            status,
            len(data),
            elapsed,
        )
        return self._judge(operation, status, data)

    def _read_body(
        self,
        operation: str,
        response: http.client.HTTPResponse,
        connection: http.client.HTTPConnection,
        deadline_at: float,
    ) -> bytes:
        """The body in chunks, refusing it as soon as it outgrows the cap."""
        if response.length is not None and response.length > self.max_answer_bytes:
            raise self._too_large(operation)
        chunks, size = [], 0
        while True:
            remaining = deadline_at - time.monotonic()
            if remaining <= 0:
                raise self._past_deadline(operation)
            if connection.sock is not None:
                connection.sock.settimeout(min(self.timeout, remaining))
            chunk = response.read1(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > self.max_answer_bytes:
                raise self._too_large(operation)
            chunks.append(chunk)
        if response.length:  # what the server announced and never sent
            raise _Transient(
                f"the answer broke off after {size:,} bytes "
                f"({response.length:,} announced bytes missing)",
                MplusIncompleteAnswer,
            )
        data = b"".join(chunks)
        tags = data.count(b"<")  # 5 ms on a 19.7 MB page
        if tags > self.max_answer_bytes // BYTES_PER_TAG:
            raise MplusAnswerTooLarge(
                f"{operation}: the answer from {self.host}:{self.port} holds {tags:,} tags, "
                f"more than the {self.max_answer_bytes // BYTES_PER_TAG:,} allowed within the "
                f"limit of {self.max_answer_bytes:,} bytes",
                self.max_answer_bytes,
            )
        return data

    def _too_large(self, operation: str) -> MplusAnswerTooLarge:
        return MplusAnswerTooLarge(
            f"{operation}: the answer from {self.host}:{self.port} is larger than the limit "
            f"of {self.max_answer_bytes:,} bytes; it was not read further",
            self.max_answer_bytes,
        )

    def _past_deadline(self, operation: str) -> MplusTimeout:
        return MplusTimeout(
            f"{operation}: {self.host}:{self.port} gave no complete answer within the "
            f"deadline of {self.deadline:g}s",
            self.deadline,
        )

    def _judge(self, operation: str, status: int, data: bytes) -> bytes:
        if 200 <= status < 300:
            return data
        if status in (401, 403):
            raise MplusAuthError(
                f"{operation}: {self.host}:{self.port} refused the ident/secret (HTTP {status})"
            )
        if fault_in(operation, data) is not None:
            return data  # a SOAP fault: the caller turns it into MplusFault/MplusAuthError
        if status in _TRANSIENT_STATUS:
            raise _Transient(f"HTTP {status} {_reason(status)}", MplusServerError, status)
        raise MplusProtocolError(
            f"{operation}: {self.host}:{self.port} answered HTTP {status} without a SOAP fault"
        )

    def scrub(self, text: str) -> str:
        """`text` with the ident and secret (raw or URL-quoted) replaced by ***."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


class _Transient(MplusError):
    """A failure worth another try; never leaves this module. `final` is the error it
    becomes when no try is left, so a caller can tell a dead address from a server in
    trouble or an answer that broke off."""

    def __init__(
        self,
        message: str,
        kind: type[MplusUnavailable] = MplusUnavailable,
        status: int = 0,
        seconds: float = 0.0,
    ) -> None:
        super().__init__(message)
        self.kind, self.status, self.seconds = kind, status, seconds

    def final(self, message: str) -> MplusUnavailable:
        if self.kind is MplusServerError:
            return MplusServerError(message, self.status)
        if self.kind is MplusTimeout:
            return MplusTimeout(message, self.seconds)
        return self.kind(message)


_BROKEN_OFF = (http.client.IncompleteRead, http.client.RemoteDisconnected)


def _network_kind(exc: BaseException) -> type[MplusUnavailable]:
    """Broken off mid-answer, or no connection at all."""
    if isinstance(exc, _BROKEN_OFF):
        return MplusIncompleteAnswer
    return MplusUnreachable


def _reason(status: int) -> str:
    with contextlib.suppress(ValueError):
        return http.HTTPStatus(status).phrase
    return ""


def _shut(connection: http.client.HTTPConnection, shut: threading.Event) -> None:
    shut.set()  # before the shutdown: the read it ends must see why
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
