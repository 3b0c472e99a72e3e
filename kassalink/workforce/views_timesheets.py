"""Urenregistratie: the week's entries with filters and day totals, approving, manual
entries, an entry's detail (why it landed where it did) and the live "Nu ingeklokt" list
(the payroll export is in views_export.py).
"""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kassalink.accounts.tenancy import access_organization
from kassalink.web.ids import parse_ids

from .access import access_timesheet_entry
from .actions import (
    ApprovalResult,
    do_accept_pos_times,
    do_approve_entries,
    do_keep_approved_times,
)
from .form_page import form_page, safe_next, warn_unusable_filters
from .forms import TimesheetEntryForm
from .hours import SHOP_TZ, iso_week_label, minutes_since, week_days
from .models import Department, Employee, TimesheetEntry
from .planned_vs_worked import compared_entries, variance_of
from .timesheet_query import VARIANCE_KINDS, employee_days, parse_filter
from .views_corrections import CommentForm


def today() -> dt.date:
    return timezone.localdate(timezone=SHOP_TZ)


@login_required
def timesheet_list(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    warn_unusable_filters(request)
    chosen = parse_filter(request.GET, today())
    entries, comparison = compared_entries(organization, chosen, timezone.now())
    for entry in entries:
        entry.variance = comparison.entries.get(entry.pk)
    week = iso_week_label(chosen.monday)
    filters = {"afdeling", "medewerker", "status", "controle", "afwijking"}
    query = {k: v for k, v in request.GET.items() if k in filters}
    context = {
        "entries": entries,
        "days": employee_days(entries),
        "chosen": chosen,
        "week": week,
        "week_days": week_days(chosen.monday),
        "previous_week": iso_week_label(chosen.monday - dt.timedelta(days=7)),
        "next_week": iso_week_label(chosen.monday + dt.timedelta(days=7)),
        "filter_query": urlencode(query),
        # The CSV holds days, not entries: the Afwijking filter does not apply to it.
        "export_query": urlencode(
            {"week": week, **{k: v for k, v in query.items() if k != "afwijking"}}
        ),
        "departments": Department.objects.filter(organization=organization),
        "employees": Employee.objects.filter(organization=organization),
        "states": TimesheetEntry.State.choices,
        "variance_kinds": VARIANCE_KINDS.items(),
        "employee_weeks": comparison.employees,
        "no_shows": comparison.no_shows,
        "show_no_shows": chosen.variance in (None, "no_show"),
    }
    return render(request, "workforce/timesheet_list.html", context)


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_timesheet_entry(request, pk)
    monday = entry.financial_date - dt.timedelta(days=entry.financial_date.weekday())
    context = {
        "entry": entry,
        "week": iso_week_label(monday),
        "variance": variance_of(entry),
        "corrections": entry.corrections.select_related("user"),
        "comments": entry.comments.select_related("user"),
        "comment_form": CommentForm(),
        "shows_pos_times": entry.source == TimesheetEntry.Source.MPLUS
        and entry.pos_start is not None
        and (entry.pos_start, entry.pos_end) != (entry.start, entry.end),
    }
    return render(request, "workforce/timesheet_entry.html", context)


@login_required
def entry_new(request: HttpRequest) -> HttpResponse:
    initial = {}
    if employee := request.GET.get("medewerker"):
        initial["employee"] = employee
    return form_page(
        request,
        TimesheetEntryForm,
        instance=None,
        title=_("Uren invoeren"),
        back_url=safe_next(request, reverse("workforce_timesheets")),
        saved=lambda e: _("Uren van %(name)s opgeslagen.") % {"name": e.employee.name},
        initial=initial,
    )


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_timesheet_entry(request, pk)
    if entry.source != TimesheetEntry.Source.MANUAL:
        # Imported hours are corrected with a reason, so the POS's own times stay known.
        messages.info(
            request,
            _("Uren uit MplusKASSA corrigeer je met een reden; de kassatijden blijven bewaard."),
        )
        return redirect("workforce_entry_correct", pk=entry.pk)
    return form_page(
        request,
        TimesheetEntryForm,
        instance=entry,
        title=_("Uren van %(name)s") % {"name": entry.employee.name},
        back_url=safe_next(request, reverse("workforce_entry", args=[entry.pk])),
        saved=lambda e: _("Uren van %(name)s opgeslagen.") % {"name": e.employee.name},
    )


def approval_message(result: ApprovalResult) -> tuple[int, str]:
    """The level and text a manager sees after pressing Goedkeuren."""
    parts = []
    if result.approved:
        parts.append(
            ngettext(
                "%(count)d registratie goedgekeurd.",
                "%(count)d registraties goedgekeurd.",
                result.approved,
            )
            % {"count": result.approved}
        )
    if result.still_open:
        parts.append(
            ngettext(
                "%(count)d registratie is nog ingeklokt en kan pas na het uitklokken worden "
                "goedgekeurd.",
                "%(count)d registraties zijn nog ingeklokt en kunnen pas na het uitklokken "
                "worden goedgekeurd.",
                result.still_open,
            )
            % {"count": result.still_open}
        )
    if result.already_approved:
        parts.append(
            ngettext(
                "%(count)d was al goedgekeurd.",
                "%(count)d waren al goedgekeurd.",
                result.already_approved,
            )
            % {"count": result.already_approved}
        )
    if not parts:
        return messages.ERROR, _("Kies eerst de registraties die je wilt goedkeuren.")
    level = messages.ERROR if result.still_open and not result.approved else messages.SUCCESS
    if result.still_open and result.approved:
        level = messages.WARNING
    return level, " ".join(parts)


@login_required
@require_POST
def approve(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    ids = parse_ids(request.POST.getlist("ids"))
    result = do_approve_entries(organization, ids, request.user)
    level, text = approval_message(result)
    messages.add_message(request, level, text)
    return redirect(safe_next(request, reverse("workforce_timesheets")))


@login_required
@require_POST
def accept_pos_times(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_timesheet_entry(request, pk)
    if do_accept_pos_times(entry, request.user):
        messages.success(
            request, _("Tijden uit MplusKASSA overgenomen; de registratie is weer goed te keuren.")
        )
    else:
        messages.info(request, _("Er waren geen nieuwe tijden uit MplusKASSA om over te nemen."))
    return redirect("workforce_entry", pk=entry.pk)


@login_required
@require_POST
def keep_approved_times(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_timesheet_entry(request, pk)
    if do_keep_approved_times(entry, request.user):
        messages.success(
            request, _("Goedgekeurde tijden gehouden; de tijden uit MplusKASSA zijn genegeerd.")
        )
    else:
        messages.info(request, _("Er waren geen nieuwe tijden uit MplusKASSA om te negeren."))
    return redirect("workforce_entry", pk=entry.pk)


@login_required
def now_clocked_in(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    now = timezone.now()
    entries = (
        TimesheetEntry.objects.filter(organization=organization, end__isnull=True)
        .select_related("employee", "department", "team")
        .order_by("start")
    )
    rows = [(entry, minutes_since(entry.start, now)) for entry in entries]
    template = "workforce/_now_rows.html" if request.htmx else "workforce/now_clocked_in.html"
    return render(request, template, {"rows": rows, "now": now})
