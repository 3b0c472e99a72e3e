"""Urenregistratie: the week's entries with filters and day totals, approving, manual
entries, an entry's detail (why it landed where it did), the live "Nu ingeklokt" list and
the payroll CSV export.
"""

import csv
import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
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
from .form_page import form_page, safe_next, warn_unusable_week, week_error
from .forms import TimesheetEntryForm
from .hours import (
    SHOP_TZ,
    hours_decimal,
    iso_week_label,
    minutes_since,
    unusable_week,
    week_days,
)
from .models import Department, Employee, TimesheetEntry
from .timesheet_query import employee_days, filtered_entries, parse_filter


def today() -> dt.date:
    return timezone.localdate(timezone=SHOP_TZ)


@login_required
def timesheet_list(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    warn_unusable_week(request)
    chosen = parse_filter(request.GET, today())
    entries = list(filtered_entries(organization, chosen).order_by("start"))
    week = iso_week_label(chosen.monday)
    filters = {"afdeling", "medewerker", "status", "controle"}
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
        "export_query": urlencode({"week": week, **query}),
        "departments": Department.objects.filter(organization=organization),
        "employees": Employee.objects.filter(organization=organization),
        "states": TimesheetEntry.State.choices,
    }
    return render(request, "workforce/timesheet_list.html", context)


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_timesheet_entry(request, pk)
    monday = entry.financial_date - dt.timedelta(days=entry.financial_date.weekday())
    context = {"entry": entry, "week": iso_week_label(monday)}
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
        # Imported hours follow the POS; changing them here would be overwritten or hidden.
        messages.error(
            request,
            _("Uren uit MplusKASSA wijzig je in de kassa; hier kun je ze alleen goedkeuren."),
        )
        return redirect("workforce_entry", pk=entry.pk)
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
    if do_accept_pos_times(entry):
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
    if do_keep_approved_times(entry):
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


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """Hours per employee per day with wage cost, for payroll, opened in a Dutch Excel:
    semicolons, decimal commas and a BOM so Excel reads UTF-8 names correctly."""
    organization = access_organization(request)
    if unusable_week(request.GET.get("week")):
        # A payroll file of another week than asked for would be worse than none.
        return HttpResponseBadRequest(week_error(), content_type="text/plain; charset=utf-8")
    chosen = parse_filter(request.GET, today())
    days = employee_days(filtered_entries(organization, chosen))
    week = iso_week_label(chosen.monday)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="uren-{week}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Medewerker"),
            _("E-mailadres"),
            _("Datum"),
            _("Gewerkt (uren)"),
            _("Pauze (minuten)"),
            _("Uurloon (EUR)"),
            _("Loonkosten (EUR)"),
            _("Nog ingeklokt"),
        ]
    )
    for day in days:
        wage = day.employee.hourly_wage_cents
        writer.writerow(
            [
                day.employee.name,
                day.employee.email,
                day.day.isoformat(),
                decimal_comma(hours_decimal(day.worked_minutes)),
                day.break_minutes,
                decimal_comma(f"{wage // 100}.{wage % 100:02d}"),
                decimal_comma(day.wage_cost),
                _("ja") if day.open_entries else "",
            ]
        )
    return response


def decimal_comma(value: object) -> str:
    """7.50 → "7,50": the decimal separator a Dutch Excel expects next to semicolons."""
    return str(value).replace(".", ",")
