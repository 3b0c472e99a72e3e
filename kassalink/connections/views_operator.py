"""The operator console (/operator/): link requests, connections, setup, test, activate.

Staff only; anyone else gets a 404, so the console does not even admit it exists.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kassalink.accounts.operators import operator_required
from kassalink.connections.access import (
    access_connection_as_operator,
    access_link_request_as_operator,
)
from kassalink.connections.actions import (
    SYNCABLE,
    ConnectionStateError,
    LinkRequestStateError,
    do_activate_connection,
    do_create_connection,
    do_decline_request,
    do_test_connection,
    do_update_connection,
)
from kassalink.connections.forms import ConnectionSetupForm, CredentialsForm, DeclineRequestForm
from kassalink.connections.models import Connection, LinkRequest
from kassalink.connections.probe import activation_warning, probe_connection
from kassalink.connections.settings_sections import save_sections, section_forms, sections_valid
from kassalink.connections.views_appcenter import after_sync, connection_state, start_sync

# Failing connections first, then those waiting for the operator, then the rest.
STATUS_ORDER = Case(
    When(status=Connection.Status.NEEDS_ATTENTION, then=Value(0)),
    When(status=Connection.Status.DRAFT, then=Value(1)),
    When(status=Connection.Status.ACTIVE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


@operator_required
def console(request: HttpRequest) -> HttpResponse:
    link_requests = LinkRequest.objects.select_related("organization", "connection").order_by(
        "-created"
    )
    connections = Connection.objects.select_related("organization").order_by(
        STATUS_ORDER, "organization__name", "name"
    )
    return render(
        request,
        "connections/operator/console.html",
        {
            "link_requests": link_requests[:100],
            "connections": [(c, connection_state(c)) for c in connections],
        },
    )


def _initial_from_request(link_request: LinkRequest) -> dict[str, object]:
    return {
        # Says which shop: the operator's lists show many connections side by side.
        "name": f"MplusKASSA {link_request.organization.name}"[:120],
        "host": "api.mpluskassa.nl",
        "scheme": "https",
        "import_notification_email": link_request.email,
        "turnover_notification_email": link_request.email,
        "history_from": link_request.history_from,
    }


@operator_required
def link_request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    """A request, and the form that sets up its connection."""
    link_request = access_link_request_as_operator(request, request_id)
    existing = Connection.objects.filter(link_request=link_request).first()
    if existing is not None:
        return redirect("operator_connection", existing.pk)
    form = ConnectionSetupForm(
        request.POST or None,
        organization=link_request.organization,
        initial=_initial_from_request(link_request),
    )
    sections = section_forms(request.POST or None, link_request.organization, None)
    if request.method == "POST" and all([form.is_valid(), sections_valid(sections)]):
        with transaction.atomic():
            connection = do_create_connection(
                link_request.organization,
                {f: form.cleaned_data[f] for f in form.fields},
                link_request=link_request,
            )
            save_sections(connection, sections)
        messages.success(request, _("Koppeling opgeslagen. Test nu de verbinding."))
        return redirect("operator_connection", connection.pk)
    return render(
        request,
        "connections/operator/link_request.html",
        {
            "link_request": link_request,
            "form": form,
            "sections": [f for _s, f in sections],
            "decline_form": DeclineRequestForm(),
        },
    )


@operator_required
@require_POST
def decline_request(request: HttpRequest, request_id: int) -> HttpResponse:
    """Afwijzen: the request is closed and the shop gets a polite e-mail."""
    link_request = access_link_request_as_operator(request, request_id)
    form = DeclineRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("operator_request", link_request.pk)
    try:
        do_decline_request(link_request, form.cleaned_data["reason"])
    except LinkRequestStateError:
        messages.error(request, _("Deze aanvraag is al afgehandeld."))
    else:
        messages.success(
            request,
            _("Aanvraag van %(company)s afgewezen; de winkel heeft een e-mail gekregen.")
            % {"company": link_request.company},
        )
    return redirect("operator_console")


def _detail_context(connection: Connection, **extra: object) -> dict[str, object]:
    return {
        "connection": connection,
        "state": connection_state(connection),
        "warning": activation_warning(connection),
        "sync_url": reverse("operator_connection_sync", args=[connection.pk])
        if connection.status in SYNCABLE
        else "",
        **extra,
    }


@operator_required
def connection_detail(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = access_connection_as_operator(request, connection_id)
    return render(request, "connections/operator/connection.html", _detail_context(connection))


@operator_required
def connection_edit(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = access_connection_as_operator(request, connection_id)
    form = ConnectionSetupForm(
        request.POST or None, instance=connection, organization=connection.organization
    )
    sections = section_forms(request.POST or None, connection.organization, connection)
    if request.method == "POST" and all([form.is_valid(), sections_valid(sections)]):
        with transaction.atomic():
            do_update_connection(connection, {f: form.cleaned_data[f] for f in form.fields})
            save_sections(connection, sections)
        messages.success(request, _("Koppeling opgeslagen."))
        return redirect("operator_connection", connection.pk)
    return render(
        request,
        "connections/operator/connection_edit.html",
        {"connection": connection, "form": form, "sections": [f for _s, f in sections]},
    )


@operator_required
@require_POST
def fetch_branches(request: HttpRequest, connection_id: int | None = None) -> HttpResponse:
    """The Sectoren button: log in with the form's (or the stored) credentials and offer
    the account's branches as checkboxes, keeping what was ticked."""
    if connection_id is not None:
        instance = access_connection_as_operator(request, connection_id)
    else:
        instance = Connection()
    credentials = CredentialsForm(request.POST, instance=instance)
    ticked = request.POST.getlist("branches")
    branches, problem = [], ""
    if credentials.is_valid():
        candidate = Connection(**{f: credentials.cleaned_data[f] for f in credentials.fields})
        result = probe_connection(candidate)
        branches, problem = list(result.branches), result.problem
    else:
        problem = _("Vul eerst poort, host, ident en secret in: %(errors)s") % {
            "errors": "; ".join(
                f"{credentials.fields[name].label}: {' '.join(errs)}"
                for name, errs in credentials.errors.items()
            )
        }
    form = ConnectionSetupForm(
        initial={"branches": ticked},
        organization=instance.organization if instance.pk else None,
        branches=branches,
    )
    return render(
        request,
        "connections/operator/_branches.html",
        {"field": form["branches"], "problem": problem, "fetched": bool(branches)},
    )


@operator_required
@require_POST
def test_connection(request: HttpRequest, connection_id: int) -> HttpResponse:
    """Test verbinding: version and branches, or what went wrong in plain words."""
    connection = access_connection_as_operator(request, connection_id)
    stopped = connection.status == Connection.Status.NEEDS_ATTENTION
    result = do_test_connection(connection)
    if stopped and connection.status == Connection.Status.ACTIVE:
        messages.success(request, _("Verbinding werkt: de koppeling is weer actief."))
        if request.htmx:  # the badge and Activeren change too: show the whole page again
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
    context = _detail_context(connection, result=result)
    if request.htmx:
        return render(request, "connections/operator/_probe_result.html", context)
    return render(request, "connections/operator/connection.html", context)


@operator_required
@require_POST
def activate(request: HttpRequest, connection_id: int) -> HttpResponse:
    """Activeren; without a working test it still goes ahead, but says so."""
    connection = access_connection_as_operator(request, connection_id)
    warning = activation_warning(connection)
    try:
        do_activate_connection(connection)
    except ConnectionStateError:
        messages.error(request, _("Deze koppeling is al actief."))
    else:
        messages.success(request, _("Koppeling geactiveerd; de winkel heeft een e-mail gekregen."))
        if warning:
            messages.warning(request, warning)
    return redirect("operator_connection", connection.pk)


@operator_required
@require_POST
def sync_connection(request: HttpRequest, connection_id: int) -> HttpResponse:
    """Nu synchroniseren, from the operator's connection page."""
    connection = access_connection_as_operator(request, connection_id)
    start_sync(request, connection)
    return after_sync(request, reverse("operator_connection", args=[connection.pk]))
