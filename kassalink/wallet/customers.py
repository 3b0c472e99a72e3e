"""Customers' state changes (`do_*`): accounts, personal tokens, codes shown and scanned,
the whole account deleted. A customer is a user with a `Customer` row and no shop."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kassalink.web.mail import send_templated_mail

from . import codes
from .models import Customer, CustomerToken, PosSession, TypedCode, hash_token

TOKEN_PREFIX = "klw_"  # noqa: S105 - a key prefix, not a secret


class CustomerError(Exception):
    """Something a person asked for that cannot be done; the message says why."""


def normalize_email(email: str) -> str:
    return get_user_model().objects.normalize_email(email.strip()).lower()


def customer_for_email(email: str) -> Customer | None:
    return Customer.objects.filter(user__email__iexact=email.strip()).select_related("user").first()


def do_create_customer(email: str) -> tuple[Customer, bool]:
    """A wallet for `email` (the existing one if there is); True when new."""
    email = normalize_email(email)
    existing = customer_for_email(email)
    if existing is not None:
        return existing, False
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=email).exists():
        # A shop's member may keep receipts too: the same login gets a wallet.
        user = user_model.objects.filter(email__iexact=email).first()
    else:
        user = user_model.objects.create_user(username=email, email=email)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    customer = Customer.objects.create(
        user=user, public_id=codes.new_public_id(), code_secret=codes.new_code_secret()
    )
    return customer, True


def sign_in_url(customer: Customer, next_path: str = "") -> str:
    from sesame.utils import get_query_string

    path = reverse("wallet_sign_in") + get_query_string(customer.user)
    if next_path:
        path += "&next=" + next_path
    return settings.SITE_URL.rstrip("/") + path


def send_sign_in_link(customer: Customer) -> None:
    send_templated_mail(
        "wallet/email/sign_in", [customer.user.email], {"url": sign_in_url(customer)}
    )


def do_create_token(customer: Customer) -> str:
    """A personal API token for the wallet API, shown once."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    CustomerToken.objects.create(customer=customer, key_hash=hash_token(key), prefix=key[:10])
    return key


def masked_email(email: str) -> str:
    """j•••@example.com: enough for the shopper to recognise, little for the queue."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


# --- codes ----------------------------------------------------------------------------


def _interval() -> int:
    return settings.KASSALINK_WALLET_CODE_INTERVAL


def _grace() -> int:
    return settings.KASSALINK_WALLET_CODE_GRACE_STEPS


@dataclass(frozen=True)
class ShownCode:
    qr: str
    typed: str
    expires_at: datetime


def do_show_code(customer: Customer, now: datetime | None = None) -> ShownCode:
    """The code for the wallet screen now, with a fresh typed fallback."""
    now = now or timezone.now()
    qr, expires = codes.current_code(customer.public_id, customer.code_secret, now, _interval())
    TypedCode.objects.filter(customer=customer, expires_at__lt=now).delete()
    lifetime = codes.typed_code_lifetime(_interval(), _grace())
    for _attempt in range(5):
        typed = codes.new_typed_code()
        try:
            with transaction.atomic():
                TypedCode.objects.create(code=typed, customer=customer, expires_at=now + lifetime)
            break
        except IntegrityError:
            continue
    return ShownCode(qr=qr, typed=typed, expires_at=expires)


@dataclass(frozen=True)
class Identified:
    customer: Customer | None
    problem: str = ""  # for the cashier, when not recognized


@dataclass(frozen=True)
class Recognized:
    """Whose code was scanned, found by reading only; `claim` makes it the session's."""

    customer: Customer | None
    problem: str = ""  # for the cashier, when not recognized
    step: int | None = None  # a rotating code: its time step
    typed_code: TypedCode | None = None  # a typed code not yet used in this session


def identify(scanned: str, session_key: str, now: datetime | None = None) -> Identified:
    """Whose code this is; a code is good for one till session (a screenshot passed on to
    someone else's sale is refused), within its interval and grace."""
    return claim(recognize(scanned, session_key, now), session_key)


def recognize(scanned: str, session_key: str, now: datetime | None = None) -> Recognized:
    """The reading half of `identify`: the webhook does it before it takes the database's
    write lock (looking up the customer and checking the token need no lock)."""
    now = now or timezone.now()
    parsed = codes.parse(scanned)
    if parsed is None:
        return Recognized(None, _("Geen kassalink-code."))
    if parsed.typed is not None:
        return _recognize_typed(parsed.typed, session_key, now)
    try:  # get, not first(): public_id is unique, and no ORDER BY to build on every scan
        customer = Customer.objects.select_related("user").get(public_id=parsed.public_id)
    except Customer.DoesNotExist:
        return Recognized(None, _("Onbekende klantcode."))
    step = codes.token_step(customer.code_secret, parsed.token, now, _interval(), _grace())
    if step is None:
        return Recognized(None, _("Klantcode verlopen: vraag de klant de app te verversen."))
    return Recognized(customer, step=step)


def claim(recognized: Recognized, session_key: str) -> Identified:
    """The writing half of `identify`, inside the caller's transaction: the code's step (or
    typed code) becomes this session's, unless another session has it already."""
    from .till_sql import claim_code_step

    customer = recognized.customer
    if customer is None:
        return Identified(None, recognized.problem)
    used = _("Deze klantcode is al gebruikt.")
    if recognized.step is not None and not claim_code_step(
        customer.pk, recognized.step, session_key
    ):
        return Identified(None, used)
    if recognized.typed_code is not None:
        updated = TypedCode.objects.filter(pk=recognized.typed_code.pk, used_in_session="").update(
            used_in_session=session_key
        )
        if not updated:
            return Identified(None, used)
    return Identified(customer)


def _recognize_typed(typed: str, session_key: str, now: datetime) -> Recognized:
    code = TypedCode.objects.filter(code=typed).select_related("customer__user").first()
    if code is None or code.expires_at < now:
        return Recognized(None, _("Klantcode onbekend of verlopen."))
    if code.used_in_session and code.used_in_session != session_key:
        return Recognized(None, _("Deze klantcode is al gebruikt."))
    return Recognized(code.customer, typed_code=None if code.used_in_session else code)


def do_delete_customer(customer: Customer) -> None:
    """The account and everything held for it; the receipts stay with the shop only."""
    with transaction.atomic():
        user = customer.user
        customer.sessions.update(customer=None)
        # The address the receipt was mailed to is the customer's data too.
        PosSession.objects.filter(emailed_to__iexact=user.email).update(emailed_to="")
        customer.delete()
        if not user.memberships.exists() and not user.is_staff:
            user.delete()
