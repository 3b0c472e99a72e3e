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
from kassalink.connections.probe import ProbeResult, probe_connection
from kassalink.connections.signals import history_wanted
from kassalink.web.mail import send_templated_mail

# Changing any of these makes an earlier "Test verbinding" say nothing about the account.
ADDRESS_FIELDS = ("host", "port", "scheme", "ident", "secret")
# Runs may be started by hand for these; a draft is not set up yet, a paused one is off.
SYNCABLE = (Connection.Status.ACTIVE, Connection.Status.NEEDS_ATTENTION)


class ConnectionStateError(Exception):
    """The connection is not in a state where this action makes sense."""


class LinkRequestStateError(Exception):
    """The link request is no longer open (declined, or a connection was set up)."""


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


def do_decline_request(link_request: LinkRequest, reason: str = "") -> LinkRequest:
    """The operator will not set this link up: status declined, the shop told politely."""
    with transaction.atomic():
        link_request = (
            LinkRequest.objects.select_for_update()
            .select_related("organization")
            .get(pk=link_request.pk)
        )
        if (
            link_request.status != LinkRequest.Status.REQUESTED
            or Connection.objects.filter(link_request=link_request).exists()
        ):
            raise LinkRequestStateError("the request is no longer open")
        link_request.status = LinkRequest.Status.DECLINED
        link_request.declined_at = timezone.now()
        link_request.decline_reason = reason.strip()
        link_request.save(update_fields=["status", "declined_at", "decline_reason"])
        context = {
            "link_request": link_request,
            "organization": link_request.organization,
            "url": settings.SITE_URL.rstrip("/") + reverse("app_center_mplus"),
        }
        recipients = sorted({link_request.email, *owner_emails(link_request.organization)})
        transaction.on_commit(
            lambda: send_templated_mail("connections/email/link_declined", recipients, context)
        )
    return link_request


def do_update_connection(connection: Connection, fields: Mapping[str, object]) -> Connection:
    """Change settings; callers decide which fields the person may change (forms.py).

    A new address or new credentials forget the last test result: it was about another
    account, so activation should warn again until the new one is tested.
    """
    with transaction.atomic():
        before = _stored_values(connection, fields)
        moved = any(
            name in ADDRESS_FIELDS and before[name] != value for name, value in fields.items()
        )
        history_moved = (
            "history_from" in fields and fields["history_from"] != before["history_from"]
        )
        for name, value in fields.items():
            setattr(connection, name, value)
        update_fields = [*fields]
        if moved and connection.pk:
            connection.tested_at, connection.test_ok = None, None
            update_fields += ["tested_at", "test_ok"]
        connection.save(update_fields=update_fields)
        if (
            history_moved
            and connection.history_from
            and connection.status == Connection.Status.ACTIVE
        ):
            _announce_history(connection)
    return connection


def _stored_values(connection: Connection, fields: Mapping[str, object]) -> dict[str, object]:
    """The values as saved, to compare the changes with: a bound ModelForm has already
    written its cleaned values onto the instance it was given (`construct_instance`)."""
    if connection.pk:
        stored = (
            Connection.objects.select_for_update().filter(pk=connection.pk).values(*fields).first()
        )
        if stored is not None:
            return stored
    return {name: getattr(connection, name) for name in fields}


def _announce_history(connection: Connection) -> None:
    transaction.on_commit(lambda: history_wanted.send(sender=Connection, connection=connection))


def do_test_connection(connection: Connection) -> ProbeResult:
    """Test verbinding, and remember when and whether it worked (see `activation_warning`).

    A connection stopped for refused credentials that now passes works again: it is
    active and its runs resume, without pressing Activeren again.
    """
    result = probe_connection(connection)
    connection.tested_at, connection.test_ok = timezone.now(), result.ok
    Connection.objects.filter(pk=connection.pk).update(
        tested_at=connection.tested_at, test_ok=connection.test_ok
    )
    if result.ok and do_credentials_accepted(connection.pk):
        connection.status, connection.status_reason = Connection.Status.ACTIVE, ""
    return result


def do_credentials_refused(connection_id: int, reason: str) -> bool:
    """MplusKASSA refused the ident/secret: the connection needs attention (the schedule
    skips it) and the operators, who alone can change them, are told once per spell.
    Returns whether this call stopped it."""
    with transaction.atomic():
        stopped = (
            Connection.objects.filter(pk=connection_id)
            .exclude(status=Connection.Status.NEEDS_ATTENTION)
            .update(status=Connection.Status.NEEDS_ATTENTION, status_reason=reason)
        )
        if stopped:
            connection = Connection.objects.select_related("organization").get(pk=connection_id)
            context = {
                "connection": connection,
                "organization": connection.organization,
                "url": settings.SITE_URL.rstrip("/")
                + reverse("operator_connection", args=[connection_id]),
            }
            transaction.on_commit(
                lambda: send_templated_mail(
                    "connections/email/credentials_refused", operator_emails(), context
                )
            )
    return bool(stopped)


def do_credentials_accepted(connection_id: int) -> bool:
    """A run or a test got through: a connection stopped for refused credentials is
    active again. Returns whether it was stopped."""
    return bool(
        Connection.objects.filter(
            pk=connection_id, status=Connection.Status.NEEDS_ATTENTION
        ).update(status=Connection.Status.ACTIVE, status_reason="")
    )


def do_sync_now(connection: Connection) -> list[str]:
    """The "Nu synchroniseren" button: queue a run of every enabled stream; returns them.

    The sync engine's lock still holds, so pressing twice only records skipped runs.
    """
    from kassalink.sync.models import SyncRun
    from kassalink.sync.tasks import sync_now

    if connection.status not in SYNCABLE:
        raise ConnectionStateError(f"connection {connection.pk} is {connection.status}")
    return sync_now(connection.pk, trigger=SyncRun.Trigger.MANUAL)


def do_activate_connection(connection: Connection) -> Connection:
    """Switch the connection on: status active, request connected, merchant e-mailed,
    every enabled stream queued."""
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
        if connection.history_from:
            _announce_history(connection)
        # The first runs now, not at the schedule's next tick (up to a minute away); a
        # broker that is down is logged, and the schedule still starts them later.
        transaction.on_commit(lambda: do_sync_now(connection), robust=True)
    return connection
