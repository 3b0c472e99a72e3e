"""State changes of link requests and connections (`do_*`, Zulip style).

Each runs in one transaction and sends its e-mail with `transaction.on_commit`, so a
change that rolls back never tells anyone it happened. Inputs are cleaned values from
the forms in `forms.py`; the pages, command line and API all come through here.
"""

from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kassalink.accounts.models import Organization
from kassalink.accounts.tenancy import owner_emails
from kassalink.connections.models import Connection, LinkRequest
from kassalink.web.mail import send_templated_mail


class ConnectionStateError(Exception):
    """The connection is not in a state where this action makes sense."""


def operator_emails() -> list[str]:
    """Who hears about new link requests: the configured addresses and every staff user."""
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    return sorted({*settings.KASSALINK_OPERATOR_EMAILS, *staff.values_list("email", flat=True)})


def merchant_emails(connection: Connection) -> list[str]:
    """Who hears that a connection is active: the owners and whoever asked for it."""
    addresses = set(owner_emails(connection.organization))
    if connection.link_request is not None:
        addresses.add(connection.link_request.email)
    return sorted(addresses)


def do_request_link(
    organization: Organization, user: AbstractBaseUser, fields: Mapping[str, object]
) -> LinkRequest:
    """Store the merchant's request (Aanvragen) and tell the operators."""
    with transaction.atomic():
        link_request = LinkRequest.objects.create(
            organization=organization, requested_by=user, **fields
        )
        context = {
            "link_request": link_request,
            "organization": organization,
            "url": settings.SITE_URL.rstrip("/")
            + reverse("operator_request", args=[link_request.pk]),
        }
        transaction.on_commit(
            lambda: send_templated_mail(
                "connections/email/link_requested", operator_emails(), context
            )
        )
    return link_request


def do_create_connection(
    organization: Organization,
    fields: Mapping[str, object],
    link_request: LinkRequest | None = None,
) -> Connection:
    """A new connection in preparation (status draft) for `organization`."""
    if link_request is not None and link_request.organization_id != organization.pk:
        raise ValueError("the link request belongs to another organization")
    with transaction.atomic():
        connection = Connection(organization=organization, link_request=link_request)
        for name, value in fields.items():
            setattr(connection, name, value)
        connection.save()
    return connection


def do_update_connection(connection: Connection, fields: Mapping[str, object]) -> Connection:
    """Change settings; callers decide which fields the person may change (forms.py)."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(connection, name, value)
        connection.save(update_fields=[*fields])
    return connection


def do_activate_connection(connection: Connection) -> Connection:
    """Switch the connection on: status active, request connected, merchant e-mailed."""
    with transaction.atomic():
        connection = Connection.objects.select_for_update().get(pk=connection.pk)
        if connection.status == Connection.Status.ACTIVE:
            raise ConnectionStateError("already active")
        connection.status = Connection.Status.ACTIVE
        connection.status_reason = ""
        connection.activated_at = timezone.now()
        connection.save(update_fields=["status", "status_reason", "activated_at"])
        if connection.link_request is not None:
            LinkRequest.objects.filter(pk=connection.link_request_id).update(
                status=LinkRequest.Status.CONNECTED
            )
        context = {
            "connection": connection,
            "organization": connection.organization,
            "url": settings.SITE_URL.rstrip("/") + reverse("app_center_mplus"),
        }
        recipients = merchant_emails(connection)
        transaction.on_commit(
            lambda: send_templated_mail("connections/email/connection_active", recipients, context)
        )
    return connection
