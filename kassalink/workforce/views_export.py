"""Payroll export: hours per employee per day with wage cost for a chosen period, as a CSV
a Dutch Excel opens (semicolons, decimal commas, a BOM). Approved hours only on request;
otherwise a status column, and the export page warns when unapproved hours remain. A day
with someone still clocked in gets no hours at all, never 0,00."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kassalink.accounts.tenancy import access_organization

from .form_page import unusable_id_filters, week_error
from .hours import SHOP_TZ, hours_decimal, iso_week_label, unusable_week
from .models import TimesheetEntry
from .timesheet_query import (
    EmployeeDay,
    TimesheetFilter,
    employee_days,
    filtered_entries,
    parse_filter,
)

MAX_PERIOD_DAYS = 366
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    van = forms.DateField(label=gettext_lazy("van"), widget=DATE_INPUT)
    tot = forms.DateField(label=gettext_lazy("tot en met"), widget=DATE_INPUT)
    alleen_goedgekeurd = forms.BooleanField(
        label=gettext_lazy("alleen goedgekeurde uren"), required=False
    )

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("van"), data.get("tot")
        if first and last and last < first:
            self.add_error("tot", _("De laatste dag ligt vóór de eerste."))
        elif first and last and (last - first).days >= MAX_PERIOD_DAYS:
            self.add_error("tot", _("Kies een periode van hoogstens een jaar."))
        return data


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Last month: what payroll usually asks for."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


def chosen_filter(request: HttpRequest, today: dt.date) -> tuple[TimesheetFilter, PeriodForm]:
    """The list filters plus ?van=&tot= (a period) instead of ?week=."""
    chosen = parse_filter(request.GET, today)
    form = PeriodForm(request.GET)
    if ("van" in request.GET or "tot" in request.GET) and form.is_valid():
        chosen = replace(chosen, period=(form.cleaned_data["van"], form.cleaned_data["tot"]))
    return chosen, form


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    today = timezone.localdate(timezone=SHOP_TZ)
    if "van" in request.GET or "tot" in request.GET:
        chosen, form = chosen_filter(request, today)
        status = 200 if form.is_valid() else 400
    else:
        first, last = default_period(today)
        form = PeriodForm(initial={"van": first, "tot": last})
        chosen, status = replace(parse_filter(request.GET, today), period=(first, last)), 200
    context = {"form": form, "period": chosen.period}
    if chosen.period is not None and status == 200:
        entries = filtered_entries(organization, replace(chosen, state=None))
        counts = {state: entries.filter(state=state).count() for state in TimesheetEntry.State}
        query = {"van": chosen.period[0].isoformat(), "tot": chosen.period[1].isoformat()}
        if form.is_bound and form.cleaned_data.get("alleen_goedgekeurd"):
            query["alleen_goedgekeurd"] = "on"
        context.update(
            open=counts[TimesheetEntry.State.OPEN],
            to_approve=counts[TimesheetEntry.State.TO_APPROVE],
            approved=counts[TimesheetEntry.State.APPROVED],
            download_query=urlencode(query),
        )
    return render(request, "workforce/export.html", context, status=status)


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """The CSV of the chosen week (the list's filters) or period (?van=&tot=)."""
    organization = access_organization(request)
    if unusable_week(request.GET.get("week")):
        # A payroll file of another week than asked for would be worse than none.
        return HttpResponse(week_error(), status=400, content_type="text/plain; charset=utf-8")
    if unusable := unusable_id_filters(request):
        # Everyone's hours when one department or person was asked for would mislead too.
        return HttpResponse(unusable[0], status=400, content_type="text/plain; charset=utf-8")
    chosen, form = chosen_filter(request, timezone.localdate(timezone=SHOP_TZ))
    if form.is_bound and ("van" in request.GET or "tot" in request.GET) and not form.is_valid():
        fields = ", ".join(sorted(form.errors))
        return HttpResponse(
            _("Ongeldige periode: %(fields)s.") % {"fields": fields},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if chosen.period is not None and form.cleaned_data.get("alleen_goedgekeurd"):
        chosen = replace(chosen, state=TimesheetEntry.State.APPROVED)
    days = employee_days(filtered_entries(organization, chosen))
    if chosen.period is not None:
        name = f"uren-{chosen.period[0].isoformat()}-{chosen.period[1].isoformat()}"
    else:
        name = f"uren-{iso_week_label(chosen.monday)}"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")
    write_days(response, days)
    return response


def write_days(out: HttpResponse, days: list[EmployeeDay]) -> None:
    """Semicolons and CRLF, the way a Dutch Excel reads a CSV."""
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    statuses = dict(TimesheetEntry.State.choices)
    writer.writerow(
        [
            _("Medewerker"),
            _("E-mailadres"),
            _("Datum"),
            _("Gewerkt (uren)"),
            _("Pauze (minuten)"),
            _("Uurloon (EUR)"),
            _("Loonkosten (EUR)"),
            _("Status"),
        ]
    )
    for day in days:
        wage = day.employee.hourly_wage_cents
        # Someone still clocked in has no hours yet: an empty cell, not a misleading 0,00.
        still_open = bool(day.open_entries)
        writer.writerow(
            [
                day.employee.name,
                day.employee.email,
                day.day.isoformat(),
                "" if still_open else decimal_comma(hours_decimal(day.worked_minutes)),
                "" if still_open else day.break_minutes,
                decimal_comma(f"{wage // 100}.{wage % 100:02d}"),
                "" if still_open else decimal_comma(day.wage_cost),
                str(statuses[day.status]),
            ]
        )


def decimal_comma(value: object) -> str:
    """7.50 → "7,50": the decimal separator a Dutch Excel expects next to semicolons."""
    return str(value).replace(".", ",")
