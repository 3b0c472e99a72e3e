"""What can go wrong talking to MplusKASSA, one exception per thing a caller acts on.
No message ever carries the ident or secret: they are built from our own words only."""

from __future__ import annotations


class MplusError(Exception):
    """Base of every MplusKASSA client error."""


class MplusAuthError(MplusError):
    """The API refused the ident/secret (HTTP 401/403, or a fault that says so).
    Retrying cannot help; the operator has to fix the connection's credentials."""


class MplusFault(MplusError):
    """The API answered with a SOAP fault: it understood us and said no."""

    def __init__(self, operation: str, code: str, text: str) -> None:
        self.operation = operation
        self.code = code
        self.text = text
        super().__init__(f"{operation}: SOAP fault [{code}] {text}")


class MplusUnavailable(MplusError):
    """The API could not be reached or answered 5xx/dropped the line, after every retry."""


class MplusProtocolError(MplusError):
    """The API answered something we cannot read: bad XML, wrong root, missing element."""
