"""How often the wallet mails sign-in links: per address (a mailbox is never flooded) and
per client address (one client cannot mail half the world or make accounts by the
thousand). django-ratelimit counts in the cache of settings.CACHES, which every gunicorn
worker shares and a restart keeps (Redis, or a table in the database); the rates are
KASSALINK_WALLET_LINK_RATE_ADDRESS and KASSALINK_WALLET_LINK_RATE_IP."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import is_ratelimited

from .customers import normalize_email
from .models import hash_token


def _wait(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Probeer het over %(n)d minuut opnieuw.", "Probeer het over %(n)d minuten opnieuw.", minutes
    ) % {"n": minutes}


def sign_in_link_refusal(request: HttpRequest, email: str) -> str:
    """Empty when a sign-in link for `email` may be mailed now (this request is counted);
    else the message that says why not and how long to wait. The client's limit is checked
    first, so a refused client does not use up an address's links."""
    return _refusal(
        request,
        email,
        "wallet-link",
        _("Er zijn vanaf uw netwerk te veel inloglinks aangevraagd."),
        _(
            "Er is zojuist al een inloglink naar dit adres gestuurd: kijk in uw mailbox (ook "
            "bij ongewenste e-mail)."
        ),
    )


def receipt_email_refusal(request: HttpRequest, email: str) -> str:
    """The same for a receipt mailed from its claim link (anyone holding the paper receipt
    may ask), at the same rates, counted apart from sign-in links."""
    return _refusal(
        request,
        email,
        "receipt-email",
        _("Er zijn vanaf uw netwerk te veel bonnen gemaild."),
        _(
            "Er is zojuist al een bon naar dit adres gemaild: kijk in uw mailbox (ook bij "
            "ongewenste e-mail)."
        ),
    )


def _refusal(
    request: HttpRequest, email: str, group: str, too_many_here: str, too_many_there: str
) -> str:
    for rate in settings.KASSALINK_WALLET_LINK_RATES_IP:
        if is_ratelimited(request, group=f"{group}-ip", key="ip", rate=rate, increment=True):
            return " ".join([too_many_here, _wait(rate[1])])
    # Hashed: the cache never holds the address itself.
    digest = hash_token(normalize_email(email))
    for rate in settings.KASSALINK_WALLET_LINK_RATES_ADDRESS:
        if is_ratelimited(
            request,
            group=f"{group}-address",
            key=lambda _group, _request: digest,
            rate=rate,
            increment=True,
        ):
            return " ".join([too_many_there, _wait(rate[1])])
    return ""
