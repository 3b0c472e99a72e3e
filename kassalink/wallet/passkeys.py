"""Passkeys for wallet customers (WebAuthn, verified by py_webauthn): a customer signed in
by e-mailed link registers one on the account page, then signs in with it on the sign-in
page. The relying party is SITE_URL: its host is the RP id, its origin the one expected.
A ceremony's challenge lives in the session and is used once."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from .models import Customer, Passkey

REGISTER_KEY = "wallet-passkey-register"
SIGN_IN_KEY = "wallet-passkey-sign-in"
MAX_BODY = 64 * 1024  # a credential is a few kB; anything larger is not one


class PasskeyError(Exception):
    """A ceremony that failed; the message is for the customer."""


def relying_party() -> tuple[str, str]:
    """(RP id, origin) from SITE_URL."""
    parts = urlsplit(settings.SITE_URL)
    return parts.hostname or "localhost", f"{parts.scheme}://{parts.netloc}"


def registration_options(customer: Customer, session: SessionBase) -> str:
    rp_id, _origin = relying_party()
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name="kassalink",
        user_id=customer.public_id.encode(),
        user_name=customer.user.email,
        user_display_name=customer.user.email,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(key.credential_id))
            for key in customer.passkeys.all()
        ],
    )
    session[REGISTER_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def _credential(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_BODY:
        raise PasskeyError(_("Dit is geen passkey-antwoord."))
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise PasskeyError(_("Dit is geen passkey-antwoord.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise PasskeyError(_("Dit is geen passkey-antwoord."))
    return data


def _challenge(session: SessionBase, key: str) -> bytes:
    challenge = session.pop(key, None)  # once: a replayed answer finds none
    if not challenge:
        raise PasskeyError(_("De passkey-aanvraag is verlopen. Probeer het opnieuw."))
    return base64url_to_bytes(challenge)


def do_register_passkey(customer: Customer, session: SessionBase, body: bytes) -> Passkey:
    credential = _credential(body)
    challenge = _challenge(session, REGISTER_KEY)
    rp_id, origin = relying_party()
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        raise PasskeyError(_("Deze passkey kon niet worden gecontroleerd.")) from None
    transports = credential.get("response", {}).get("transports") or []
    try:
        with transaction.atomic():
            return Passkey.objects.create(
                customer=customer,
                credential_id=bytes_to_base64url(verified.credential_id),
                public_key=verified.credential_public_key,
                sign_count=verified.sign_count,
                transports=[t for t in transports if isinstance(t, str)][:8],
                name=_("Passkey van %(date)s") % {"date": timezone.localdate().isoformat()},
            )
    except IntegrityError:
        raise PasskeyError(_("Deze passkey is al geregistreerd.")) from None


def authentication_options(session: SessionBase) -> str:
    """Options for a discoverable passkey: the device offers the customer's own."""
    rp_id, _origin = relying_party()
    options = generate_authentication_options(
        rp_id=rp_id, user_verification=UserVerificationRequirement.PREFERRED
    )
    session[SIGN_IN_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def do_sign_in_with_passkey(session: SessionBase, body: bytes) -> Customer:
    """The customer whose passkey signed this challenge; PasskeyError otherwise."""
    credential = _credential(body)
    challenge = _challenge(session, SIGN_IN_KEY)
    passkey = (
        Passkey.objects.select_related("customer__user")
        .filter(credential_id=credential["id"])
        .first()
    )
    if passkey is None:
        raise PasskeyError(_("Deze passkey kennen we niet. Log in met een link per e-mail."))
    rp_id, origin = relying_party()
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        raise PasskeyError(_("Inloggen met deze passkey is mislukt.")) from None
    Passkey.objects.filter(pk=passkey.pk).update(
        sign_count=verified.new_sign_count, last_used=timezone.now()
    )
    return passkey.customer
