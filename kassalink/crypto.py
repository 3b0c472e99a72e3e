"""Encryption of secrets at rest (MplusKASSA ident/secret): Fernet, keys from the environment.

KASSALINK_ENCRYPTION_KEYS holds one or more Fernet keys, newest first, so keys can be rotated
(`kassalink rotate-keys` is not needed: MultiFernet decrypts with any, encrypts with the
first). Without it, a key is derived from SECRET_KEY, which is fine for the demo and flagged
by `kassalink check --deploy`.
"""

import base64
import functools
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.db import models


class SecretUnreadable(Exception):
    """A stored secret cannot be decrypted with the configured keys."""


@functools.cache
def _fernet() -> MultiFernet:
    keys = list(settings.KASSALINK_ENCRYPTION_KEYS)
    if not keys:
        derived = hashlib.sha256(b"kassalink-secrets:" + settings.SECRET_KEY.encode()).digest()
        keys = [base64.urlsafe_b64encode(derived).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable(
            "a stored secret cannot be decrypted: KASSALINK_ENCRYPTION_KEYS or SECRET_KEY changed"
        ) from None


class UnreadableSecret(str):
    """What an encrypted field reads as when no configured key opens it (keys rotated with
    the old one dropped). It is empty text, so nothing can use it as a credential, yet it
    keeps the stored ciphertext: saving the row unchanged writes that back, and putting the
    old key back in KASSALINK_ENCRYPTION_KEYS makes it readable again."""

    ciphertext: str

    def __new__(cls, ciphertext: str) -> "UnreadableSecret":
        secret = super().__new__(cls, "")
        secret.ciphertext = ciphertext
        return secret

    def __repr__(self) -> str:
        return "<UnreadableSecret>"


def is_unreadable(value: object) -> bool:
    return isinstance(value, UnreadableSecret)


class EncryptedTextField(models.TextField):
    """Stores a string encrypted; reads give the plaintext back. Not searchable, by design.

    A value no key opens reads as an UnreadableSecret instead of raising, so every page
    that lists such a row stays up and can say the secret must be entered again."""

    def from_db_value(
        self, value: str | None, expression: object, connection: object
    ) -> str | None:
        if value is None or value == "":
            return value
        try:
            return decrypt(value)
        except SecretUnreadable:
            return UnreadableSecret(value)

    def get_prep_value(self, value: str | None) -> str | None:
        if isinstance(value, UnreadableSecret):
            return value.ciphertext
        if value is None or value == "":
            return value
        return encrypt(value)


@checks.register(checks.Tags.security, deploy=True)
def check_encryption_keys(**kwargs: object) -> list[checks.CheckMessage]:
    if settings.KASSALINK_ENCRYPTION_KEYS:
        return []
    return [
        checks.Warning(
            "KASSALINK_ENCRYPTION_KEYS is not set: secrets at rest use a key derived from "
            "SECRET_KEY, so changing SECRET_KEY makes them unreadable.",
            hint="Set KASSALINK_ENCRYPTION_KEYS to the output of `kassalink generate-key`.",
            id="kassalink.W001",
        )
    ]
