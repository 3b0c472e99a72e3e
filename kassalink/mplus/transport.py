"""One SOAP POST to MplusKASSA over the standard library's http.client, with a per-call
timeout and retries (exponential backoff, full jitter) for the transient failures only.

Every operation we call only reads, so repeating a POST is safe."""

from __future__ import annotations

import http.client
import logging
import random
import ssl
import time
from collections.abc import Callable
from urllib.parse import quote, quote_plus, urlencode

from .envelope import fault_in
from .errors import MplusAuthError, MplusError, MplusProtocolError, MplusUnavailable

log = logging.getLogger("kassalink.mplus")

# A SOAP fault (the API sends it with HTTP 500) is an answer and never retried; these
# statuses without a fault are a server or proxy in trouble, worth another try.
_TRANSIENT_STATUS = frozenset({500, 502, 503, 504})
_NETWORK_ERRORS = (OSError, http.client.HTTPException)  # incl. timeouts, resets, DNS


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
        attempt = 0
        while True:
            try:
                return self._post_once(operation, body)
            except _Transient as exc:
                if attempt >= self.retries:
                    raise MplusUnavailable(
                        f"{operation}: {self.host}:{self.port} unavailable after "
                        f"{attempt + 1} attempt(s): {exc}"
                    ) from None
                delay = self.jitter(0.0, min(self.backoff_cap, self.backoff * 2**attempt))
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

    def _connection(self) -> http.client.HTTPConnection:
        if self.scheme == "https":
            return http.client.HTTPSConnection(
                self.host, self.port, timeout=self.timeout, context=self.ssl_context
            )
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def _post_once(self, operation: str, body: bytes) -> bytes:
        started = time.monotonic()
        connection = self._connection()
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
            data = response.read()
        except TimeoutError:
            raise _Transient(f"no answer within {self.timeout:g}s") from None
        except _NETWORK_ERRORS as exc:
            raise _Transient(self.scrub(f"{type(exc).__name__}: {exc}")) from None
        finally:
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
            raise _Transient(f"HTTP {status}")
        raise MplusProtocolError(
            f"{operation}: {self.host}:{self.port} answered HTTP {status} without a SOAP fault"
        )

    def scrub(self, text: str) -> str:
        """`text` with the ident and secret (raw or URL-quoted) replaced by ***."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


class _Transient(MplusError):
    """A failure worth another try; never leaves this module."""
