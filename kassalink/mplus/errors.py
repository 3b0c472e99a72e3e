"""What can go wrong talking to MplusKASSA, one exception per thing a caller acts on.
No message ever carries the ident or secret: they are built from our own words only.

A message may quote the server (a fault text, a value we could not read). Whatever it
quotes, it is cut to MAX_MESSAGE characters here, where every such message is born, so
a 200 KB fault text or a 200 MB name never reaches a page, a mail or the API whole."""

from __future__ import annotations

MAX_MESSAGE = 500  # characters: a few lines on a page, in a mail, in the run log


def readable(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` cut to `limit` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


class MplusError(Exception):
    """Base of every MplusKASSA client error."""

    def __init__(self, message: str = "", *args: object) -> None:
        super().__init__(readable(str(message)), *args)


class MplusAuthError(MplusError):
    """The API refused the ident/secret (HTTP 401/403, or a fault that says so).
    Retrying cannot help; the operator has to fix the connection's credentials."""


class MplusFault(MplusError):
    """The API answered with a SOAP fault: it understood us and said no."""

    def __init__(self, operation: str, code: str, text: str) -> None:
        self.operation = operation
        self.code = readable(code, 100)
        self.text = readable(text)
        super().__init__(f"{operation}: SOAP fault [{self.code}] {self.text}")


class MplusUnavailable(MplusError):
    """The API could not be reached or answered 5xx/dropped the line, after every retry."""


class MplusUnreachable(MplusUnavailable):
    """No connection to the address: refused, unknown host, reset before any answer."""


class MplusServerError(MplusUnavailable):
    """The server answered, with an HTTP 5xx status and no SOAP fault."""

    def __init__(self, message: str, status: int = 0) -> None:
        self.status = status
        super().__init__(message)


class MplusIncompleteAnswer(MplusUnavailable):
    """The server broke off its answer before the length it announced."""


class MplusTimeout(MplusUnavailable):
    """No complete answer within the call's deadline (or no byte within the timeout)."""

    def __init__(self, message: str, seconds: float = 0.0) -> None:
        self.seconds = seconds
        super().__init__(message)


class MplusProtocolError(MplusError):
    """The API answered something we cannot read: bad XML, wrong root, missing element."""


class MplusAnswerTooLarge(MplusProtocolError):
    """The answer grew past the size limit: read no further, keep nothing of it."""

    def __init__(self, message: str, limit: int = 0) -> None:
        self.limit = limit
        super().__init__(message)
