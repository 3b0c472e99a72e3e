"""The customer's code shown in the wallet and scanned at the till.

A QR code holds `KL1` + the customer's public id (10 base32 characters) + a 6-digit
time-based token (pyotp's TOTP over the customer's own secret), so a screenshot is useless
a minute later. The fixed `KL1` prefix lets the MplusKASSA `scanCode` pattern send only our
codes. For a cracked screen the wallet also shows a 6-character code the cashier types; it
is random, stored while it lives, and can be used for one sale only.

Interval and grace are settings (KASSALINK_WALLET_CODE_INTERVAL, _GRACE_STEPS): a code is
accepted for its own interval and `grace` intervals either side (clock drift, slow till).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp

PREFIX = "KL1"
PUBLIC_ID_LENGTH = 10
TOKEN_DIGITS = 6
# Typed by a person: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
TYPED_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
TYPED_LENGTH = 6
QR_RE = re.compile(rf"{PREFIX}([A-Z2-7]{{{PUBLIC_ID_LENGTH}}})([0-9]{{{TOKEN_DIGITS}}})")
TYPED_RE = re.compile(rf"[{TYPED_ALPHABET}]{{{TYPED_LENGTH}}}")
# What to paste into MplusKASSA's scanCode pattern: our QR codes and typed codes only.
SCAN_PATTERN = (
    rf"^({PREFIX}[A-Z2-7]{{{PUBLIC_ID_LENGTH}}}[0-9]{{{TOKEN_DIGITS}}}"
    rf"|[{TYPED_ALPHABET}]{{{TYPED_LENGTH}}})$"
)


@dataclass(frozen=True)
class ParsedCode:
    """A scanned code split up: (public id, token) for a QR code, or a typed code."""

    public_id: str | None = None
    token: str | None = None
    typed: str | None = None


BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def new_public_id() -> str:
    """Not a secret (it is in every code shown); random so ids cannot be enumerated."""
    return "".join(secrets.choice(BASE32) for _ in range(PUBLIC_ID_LENGTH))


def new_code_secret() -> str:
    return pyotp.random_base32(32)


def new_typed_code() -> str:
    return "".join(secrets.choice(TYPED_ALPHABET) for _ in range(TYPED_LENGTH))


def parse(scanned: str) -> ParsedCode | None:
    """None when the text is not one of our codes at all."""
    text = scanned.strip().upper().replace(" ", "").replace("-", "")
    match = QR_RE.fullmatch(text)
    if match:
        return ParsedCode(public_id=match.group(1), token=match.group(2))
    if TYPED_RE.fullmatch(text):
        return ParsedCode(typed=text)
    return None


def _totp(secret: str, interval: int) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=TOKEN_DIGITS, interval=interval)


def current_code(public_id: str, secret: str, at: datetime, interval: int) -> tuple[str, datetime]:
    """The QR code's text at `at`, and when its interval ends."""
    totp = _totp(secret, interval)
    step = totp.timecode(at)
    expires = datetime.fromtimestamp((step + 1) * interval, at.tzinfo)
    return f"{PREFIX}{public_id}{totp.at(at)}", expires


def token_step(secret: str, token: str, at: datetime, interval: int, grace: int) -> int | None:
    """The time step `token` belongs to (within `grace` steps of `at`), else None."""
    totp = _totp(secret, interval)
    now_step = totp.timecode(at)
    for step in range(now_step - grace, now_step + grace + 1):
        moment = datetime.fromtimestamp(step * interval, at.tzinfo)
        if secrets.compare_digest(totp.at(moment), token):
            return step
    return None


def typed_code_lifetime(interval: int, grace: int) -> timedelta:
    return timedelta(seconds=interval * (2 * grace + 2))
