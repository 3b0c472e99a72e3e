"""The merchant's App center: the MplusKASSA page, Aanvragen, the gear and the mapping page.

Every view starts from `access_membership` / `access_connection`, so it only ever sees
the organization the merchant works in.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kassalink.accounts.models import Organization
from kassalink.accounts.tenancy import access_membership
from kassalink.connections import mapping
from kassalink.connections.access import access_connection
from kassalink.connections.actions import (
    SYNCABLE,
    ConnectionStateError,
    do_request_link,
    do_sync_now,
    do_update_connection,
)
from kassalink.connections.forms import (
    ConnectionSettingsForm,
    LinkRequestForm,
)
from kassalink.connections.models import Connection, LinkRequest
from kassalink.connections.settings_sections import save_sections, section_forms, sections_valid
from kassalink.sync.streams import stream_labels


@dataclass(frozen=True)
class TileState:
    """What the MplusKASSA tile says: aangevraagd, in voorbereiding, actief, actie nodig."""

    code: str  # available | requested | preparing | active | needs_attention | paused
    label: str | Promise


STATES = {
    "available": gettext_lazy("beschikbaar"),
    "requested": gettext_lazy("aangevraagd"),
    "preparing": gettext_lazy("in voorbereiding"),
    "active": gettext_lazy("actief"),
    "needs_attention": gettext_lazy("actie nodig"),
    "paused": gettext_lazy("gepauzeerd"),
}
CONNECTION_STATES = {
    Connection.Status.DRAFT: "preparing",
    Connection.Status.ACTIVE: "active",
    Connection.Status.NEEDS_ATTENTION: "needs_attention",
    Connection.Status.PAUSED: "paused",
}


def connection_state(connection: Connection) -> TileState:
    code = CONNECTION_STATES.get(connection.status, "preparing")
    return TileState(code, STATES[code])


def open_request(organization: Organization) -> LinkRequest | None:
    """A request the operators have not turned into a connection yet."""
    return (
        LinkRequest.objects.filter(
            organization=organization,
            status=LinkRequest.Status.REQUESTED,
            connection__isnull=True,
        )
        .order_by("-created")
        .first()
    )


def mplus_state(organization: Organization, connections: list[Connection]) -> TileState:
    """The tile's one-word state: the most urgent of its connections, else the request."""
    for code in ("needs_attention", "active", "preparing", "paused"):
        if any(connection_state(c).code == code for c in connections):
            return TileState(code, STATES[code])
    if open_request(organization) is not None:
        return TileState("requested", STATES["requested"])
    return TileState("available", STATES["available"])


def declined_request(organization: Organization) -> LinkRequest | None:
    """The latest request, when the operators declined it (the shop may ask again)."""
    latest = LinkRequest.objects.filter(organization=organization).order_by("-created").first()
    if latest is not None and latest.status == LinkRequest.Status.DECLINED:
        return latest
    return None


def start_sync(request: HttpRequest, connection: Connection) -> None:
    """Nu synchroniseren (merchant and operator alike): queue every enabled stream and
    say which were queued."""
    try:
        queued = do_sync_now(connection)
    except ConnectionStateError:
        messages.error(
            request, _("Deze koppeling is niet actief: synchroniseren kan pas na activeren.")
        )
        return
    messages.success(
        request,
        _("Synchronisatie gestart voor: %(streams)s.")
        % {"streams": ", ".join(stream_labels(queued))},
    )


# After Nu synchroniseren the sync block refreshes itself every few seconds (htmx) for this
# many rounds, and for as long as a run is queued or running.
FOLLOW_ROUNDS = 20


def after_sync(request: HttpRequest, page_url: str) -> HttpResponse:
    """Back to the page of the sync block; pressed through htmx, the block follows the runs."""
    if request.htmx:
        return redirect(f"{page_url}?volgen={FOLLOW_ROUNDS}")
    return redirect(page_url + "#sync")


def _connections(organization: Organization) -> list[Connection]:
    return list(Connection.objects.filter(organization=organization))


@login_required
def app_center(request: HttpRequest) -> HttpResponse:
    organization = access_membership(request).organization
    connections = _connections(organization)
    return render(
        request,
        "connections/app_center.html",
        {
            "organization": organization,
            "mplus_state": mplus_state(organization, connections),
            "connections": [(c, connection_state(c)) for c in connections],
        },
    )


@login_required
def mplus(request: HttpRequest) -> HttpResponse:
    """What the link does, the Aanvragen button or the state, and the active connections."""
    organization = access_membership(request).organization
    connections = _connections(organization)
    return render(
        request,
        "connections/mplus.html",
        {
            "organization": organization,
            "mplus_state": mplus_state(organization, connections),
            "open_request": open_request(organization),
            "declined_request": declined_request(organization),
            "connections": [(c, connection_state(c)) for c in connections],
        },
    )


@login_required
def request_link(request: HttpRequest) -> HttpResponse:
    membership = access_membership(request)
    organization = membership.organization
    if open_request(organization) is not None:
        # One open request at a time: the operators answer the one they have.
        messages.info(request, _("Je aanvraag is binnen; wij nemen contact met je op."))
        return redirect("app_center_mplus")
    if request.method == "POST":
        form = LinkRequestForm(request.POST)
        if form.is_valid():
            do_request_link(organization, request.user, form.cleaned_data)
            messages.success(request, _("Aangevraagd — wij nemen contact met je op."))
            return redirect("app_center_mplus")
    else:
        form = LinkRequestForm(
            initial={
                "contact_name": request.user.get_full_name(),
                "email": request.user.email,
                "company": organization.name,
            }
        )
    return render(
        request, "connections/request_link.html", {"form": form, "organization": organization}
    )


@login_required
def connection_settings(request: HttpRequest, connection_id: int) -> HttpResponse:
    """The gear: the settings a merchant may change themselves, sync health and run log."""
    connection, _membership = access_connection(request, connection_id)
    form = ConnectionSettingsForm(request.POST or None, instance=connection)
    sections = section_forms(request.POST or None, connection.organization, connection)
    if request.method == "POST" and all([form.is_valid(), sections_valid(sections)]):
        with transaction.atomic():
            do_update_connection(connection, {f: form.cleaned_data[f] for f in form.fields})
            save_sections(connection, sections)
        messages.success(request, _("Instellingen opgeslagen."))
        return redirect("app_center_mplus")
    return render(
        request,
        "connections/connection_settings.html",
        {
            "connection": connection,
            "form": form,
            "sections": [f for _s, f in sections],
            "state": connection_state(connection),
            "sync_url": reverse("app_center_sync", args=[connection.pk])
            if connection.status in SYNCABLE
            else "",
        },
    )


@login_required
@require_POST
def sync_connection(request: HttpRequest, connection_id: int) -> HttpResponse:
    """Nu synchroniseren on the gear page, for owners and managers of the shop."""
    connection, _membership = access_connection(request, connection_id)
    start_sync(request, connection)
    return after_sync(request, reverse("app_center_settings", args=[connection.pk]))


@login_required
def connection_mapping(
    request: HttpRequest, connection_id: int, tab: str = "medewerkers"
) -> HttpResponse:
    """The two-arrows icon: the tab frame; each tab's content comes from its app."""
    connection, membership = access_connection(request, connection_id)
    if tab not in {t.slug for t in mapping.TABS}:
        raise Http404("no such tab")
    view = mapping.tab_view(tab)
    if view is not None:
        return view(request, connection, membership)
    return render(request, f"connections/mapping/{tab}.html", mapping.tab_context(connection, tab))
