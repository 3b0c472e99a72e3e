"""API token authentication: `Authorization: Token <key>` (or `Bearer <key>`).

A token acts as its user within its organization only; it stops working when revoked,
when the user is deactivated or when the user leaves the organization.
"""

import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from kassalink.accounts.models import ApiToken

KEY_PREFIX = "kl_"
SHOWN_PREFIX_LENGTH = 10


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def presented_key(request: Request, keywords: tuple[str, ...]) -> str | None:
    """The key of an `Authorization: Token <key>` (or Bearer) header; None without one
    (another scheme may apply), AuthenticationFailed when the header is malformed. Shared
    by the shop's tokens and the wallet's customer tokens."""
    parts = get_authorization_header(request).split()
    if not parts or parts[0].lower().decode(errors="replace") not in keywords:
        return None
    if len(parts) != 2:
        raise exceptions.AuthenticationFailed(_("Ongeldige Authorization-header."))
    return parts[1].decode(errors="replace")


class ApiTokenAuthentication(BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request: Request) -> tuple[object, ApiToken] | None:
        key = presented_key(request, self.keywords)
        if key is None:
            return None
        token = (
            ApiToken.objects.select_related("user", "organization")
            .filter(key_hash=hash_key(key), revoked__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ongeldig of ingetrokken API-token."))
        if not token.organization.memberships.filter(user=token.user).exists():
            raise exceptions.AuthenticationFailed(_("Ongeldig of ingetrokken API-token."))
        ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Token"


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token header in the OpenAPI schema."""

    target_class = "kassalink.accounts.api_auth.ApiTokenAuthentication"
    name = "ApiToken"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Token",  # noqa: S106
        )
