"""Authentication for the wallet API: a customer's personal token (`Token klw_...`) or the
wallet's session. A shop's API token is never accepted here (it fails as unknown)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from kassalink.accounts.api_auth import presented_key

from .models import Customer, CustomerToken, hash_token


class CustomerTokenAuthentication(BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request: Request) -> tuple[object, Customer] | None:
        key = presented_key(request, self.keywords)
        if key is None:
            return None
        token = (
            CustomerToken.objects.select_related("customer__user")
            .filter(key_hash=hash_token(key), revoked__isnull=True)
            .first()
        )
        if token is None or not token.customer.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ongeldig of ingetrokken wallet-token."))
        return token.customer.user, token.customer

    def authenticate_header(self, request: Request) -> str:
        return "Token"


class IsCustomer(permissions.BasePermission):
    """A signed-in customer (session or personal token); `request.customer` is set."""

    def has_permission(self, request: Request, view: object) -> bool:
        customer = request.auth if isinstance(request.auth, Customer) else None
        if customer is None and request.user and request.user.is_authenticated:
            customer = Customer.objects.filter(user=request.user).first()
        request.customer = customer
        return customer is not None


class CustomerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "kassalink.wallet.api_auth.CustomerTokenAuthentication"
    name = "WalletToken"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Token",  # noqa: S106
        )
