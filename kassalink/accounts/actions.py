"""State changes of organizations, members and API tokens (`do_*`, Zulip style).

Each runs in one transaction; e-mail goes out with `transaction.on_commit`, so nothing is
sent for a change that rolled back.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kassalink.accounts.api_auth import SHOWN_PREFIX_LENGTH, hash_key, new_key
from kassalink.accounts.models import ApiToken, Membership, Organization
from kassalink.web.mail import send_templated_mail


@dataclass(frozen=True)
class NewOrganization:
    organization: Organization
    owner: AbstractBaseUser
    set_password_url: str | None  # None when the owner already had an account


@dataclass(frozen=True)
class NewApiToken:
    token: ApiToken
    key: str  # shown once; only its hash is stored


def set_password_url(user: AbstractBaseUser) -> str:
    """An absolute link where the user chooses a password (Django's reset-token flow)."""
    from django.conf import settings

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("set_password", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def do_create_organization(slug: str, name: str, owner_email: str) -> NewOrganization:
    """A new shop with its owner; a new owner gets an e-mail with a set-password link.

    Inputs are assumed valid (the callers validate with `OrganizationForm`).
    """
    User = get_user_model()
    with transaction.atomic():
        organization = Organization.objects.create(slug=slug, name=name)
        owner = User.objects.filter(email__iexact=owner_email).first()
        link = None
        if owner is None:
            owner = User.objects.create_user(username=owner_email, email=owner_email)
            owner.set_unusable_password()
            owner.save()
            link = set_password_url(owner)
            context = {"organization": organization, "user": owner, "link": link}
            transaction.on_commit(
                lambda: send_templated_mail("accounts/email/set_password", [owner_email], context)
            )
        Membership.objects.create(organization=organization, user=owner, role=Membership.Role.OWNER)
    return NewOrganization(organization, owner, link)


def do_create_api_token(
    organization: Organization, user: AbstractBaseUser, name: str
) -> NewApiToken:
    """A new token for a member of `organization`; the key is returned once."""
    key = new_key()
    token = ApiToken.objects.create(
        organization=organization,
        user=user,
        name=name,
        prefix=key[:SHOWN_PREFIX_LENGTH],
        key_hash=hash_key(key),
    )
    return NewApiToken(token, key)


def do_revoke_api_token(token: ApiToken) -> None:
    """Stop a token from working; it stays listed as revoked."""
    ApiToken.objects.filter(pk=token.pk, revoked__isnull=True).update(revoked=timezone.now())
    token.refresh_from_db(fields=["revoked"])
