"""Forms of the personnel pages: employees, departments, teams, roster shifts, manual hours.

Every form takes the merchant's organization: its dropdowns offer only that shop's rows,
so an id from another shop is simply not a valid choice and the field says so.
"""

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import Organization

from .actions import (
    entry_overlap_message,
    overlap_message,
    overlapping_entry,
    overlapping_shift,
)
from .corrections import Correction, correction_errors
from .hours import SHOP_TZ, LocalTimeError, break_fits, check_year, local_datetime, shift_bounds
from .models import Department, Employee, RosterShift, Team, TimesheetEntry


class OrganizationForm(forms.ModelForm):
    """A ModelForm whose rows and choices belong to one organization."""

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.instance.organization = organization
        scoped = {
            "department": Department,
            "default_department": Department,
            "team": Team,
            "teams": Team,
            "employee": Employee,
        }
        for name, model in scoped.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.filter(organization=organization)


TEAM_NOT_IN_DEPARTMENT = _("Dit team hoort niet bij de gekozen afdeling.")


def team_outside_department(team: Team | None, department: Department | None) -> bool:
    """A team chosen with a department must be one of that department's teams."""
    return team is not None and department is not None and team.department_id != department.pk


class DepartmentForm(OrganizationForm):
    class Meta:
        model = Department
        fields = ["name"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Department.objects.filter(organization=self.organization, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Er is al een afdeling met deze naam."))
        return name


class TeamForm(OrganizationForm):
    class Meta:
        model = Team
        fields = ["department", "name"]
        labels = {"department": _("afdeling")}

    def clean(self) -> dict:
        data = super().clean()
        department, name = data.get("department"), (data.get("name") or "").strip()
        taken = Team.objects.filter(department=department, name__iexact=name)
        if department and name and taken.exclude(pk=self.instance.pk).exists():
            self.add_error("name", _("Deze afdeling heeft al een team met deze naam."))
        return data


class EmployeeForm(OrganizationForm):
    # Euros on the page, integer cents in the database.
    hourly_wage = forms.DecimalField(
        label=_("uurloon (€)"), min_value=Decimal(0), max_digits=8, decimal_places=2
    )

    class Meta:
        model = Employee
        fields = [
            "first_name",
            "last_name",
            "email",
            "default_department",
            "teams",
            "contract_hours",
            "hourly_wage",
            "active",
        ]
        widgets = {"teams": forms.CheckboxSelectMultiple}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hourly_wage"].initial = Decimal(self.instance.hourly_wage_cents) / 100
        self.fields["contract_hours"].min_value = 0

    def clean_contract_hours(self) -> Decimal:
        hours = self.cleaned_data["contract_hours"]
        if hours < 0 or hours > 80:
            raise forms.ValidationError(_("Contracturen liggen tussen 0 en 80 per week."))
        return hours

    def save(self, commit: bool = True) -> Employee:
        self.instance.hourly_wage_cents = int(self.cleaned_data["hourly_wage"] * 100)
        return super().save(commit)


class ShiftTimesForm(OrganizationForm):
    """Day + start time + end time, the way a person types a shift; an end at or before
    the start runs into the next day. Sets the instance's aware start and end."""

    day = forms.DateField(
        label=_("dag"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("begintijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("eindtijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            start = self.instance.start.astimezone(SHOP_TZ)
            self.initial.setdefault("day", start.date())
            self.initial.setdefault("start_time", start.time())
            if self.instance.end is not None:
                self.initial.setdefault("end_time", self.instance.end.astimezone(SHOP_TZ).time())

    def clean(self) -> dict:
        data = super().clean()
        if team_outside_department(data.get("team"), data.get("department")):
            self.add_error("team", TEAM_NOT_IN_DEPARTMENT)
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start:
            self.instance.start, self.instance.end = self.bounds(day, start, end)
        return data

    def bounds(
        self, day: dt.date, start: dt.time, end: dt.time | None
    ) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The aware start and end; a typed value that is no moment becomes its field's error."""
        try:
            check_year(day)
        except LocalTimeError as error:
            self.add_error("day", str(error))
            return None, None
        starts = self._moment(day, start, "start_time")
        if end is None:
            return starts, None
        if end == start:
            self.add_error("end_time", _("Een dienst van 0 minuten kan niet."))
        end_day = day + dt.timedelta(days=1) if end <= start else day
        ends = self._moment(end_day, end, "end_time")
        if starts is not None and ends is not None and ends <= starts:
            # Only around the clock change: 02:30-03:15 typed on the night the clock skips.
            self.add_error("end_time", _("Het einde ligt niet na het begin."))
        return starts, ends

    def check_break(self, field: str) -> None:
        """The break (`field`) must leave some work between start and end."""
        start, end, minutes = self.instance.start, self.instance.end, self.cleaned_data.get(field)
        if start and end and minutes is not None and not break_fits(start, end, minutes):
            self.add_error(field, _("De pauze is langer dan de dienst."))

    def _moment(self, day: dt.date, time: dt.time, field: str) -> dt.datetime | None:
        try:
            return local_datetime(day, time)
        except LocalTimeError as error:
            self.add_error(field, str(error))
            return None


class RosterShiftForm(ShiftTimesForm):
    class Meta:
        model = RosterShift
        fields = ["employee", "department", "team", "planned_break_minutes", "note"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = self.fields["employee"].queryset.filter(active=True)
        self.order_fields(["employee", "department", "team", "day", "start_time", "end_time"])

    def clean(self) -> dict:
        data = super().clean()
        self.check_break("planned_break_minutes")
        employee, shift = data.get("employee"), self.instance
        if employee and not self.errors and shift.start and shift.end:
            other = overlapping_shift(
                self.organization.pk, employee.pk, shift.start, shift.end, shift.pk
            )
            if other is not None:
                self.add_error("start_time", overlap_message(other))
        return data


class TimesheetEntryForm(ShiftTimesForm):
    """A manual entry; leave the end time empty for someone who is still at work."""

    class Meta:
        model = TimesheetEntry
        fields = ["employee", "department", "team", "break_minutes"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end_time"].required = False
        self.fields["end_time"].help_text = _("Leeg laten als de medewerker nog aan het werk is.")
        self.order_fields(["employee", "department", "team", "day", "start_time", "end_time"])

    def clean(self) -> dict:
        data = super().clean()
        self.check_break("break_minutes")
        employee, entry = data.get("employee"), self.instance
        if employee and not self.errors and entry.start:
            other = overlapping_entry(
                self.organization.pk, employee.pk, entry.start, entry.end, entry.pk
            )
            if other is not None:
                self.add_error("start_time", entry_overlap_message(other))
        return data

    def save(self, commit: bool = True) -> TimesheetEntry:
        entry = self.instance
        entry.source = TimesheetEntry.Source.MANUAL
        entry.financial_date = self.cleaned_data["day"]
        # A changed entry needs a fresh approval; one without an end is someone still at work.
        entry.state = (
            TimesheetEntry.State.OPEN if entry.end is None else TimesheetEntry.State.TO_APPROVE
        )
        entry.approved_by = entry.approved_at = None
        return super().save(commit)


class CorrectionForm(forms.Form):
    """Correct an entry's times: the day and times as a person types them, and why."""

    day = forms.DateField(
        label=_("dag"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("begintijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("eindtijd"),
        required=False,
        help_text=_("Leeg laten als de medewerker nog aan het werk is."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    break_minutes = forms.IntegerField(label=_("pauze (minuten)"), min_value=0, max_value=1440)
    reason = forms.CharField(
        label=_("reden"),
        max_length=500,
        help_text=_("Bijvoorbeeld: vergeten uit te klokken, belde om 18:10."),
    )

    def __init__(self, *args: object, entry: TimesheetEntry, **kwargs: object) -> None:
        start = entry.start.astimezone(SHOP_TZ)
        initial = {
            "day": start.date(),
            "start_time": start.time(),
            "end_time": entry.end.astimezone(SHOP_TZ).time() if entry.end else None,
            "break_minutes": entry.break_minutes,
        }
        super().__init__(*args, initial=initial, **kwargs)

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        try:
            check_year(day)
        except LocalTimeError as error:
            raise forms.ValidationError(str(error)) from error
        return day

    def correction(self) -> Correction:
        """The checked correction; errors of the times are added under their fields."""
        data = self.cleaned_data
        day, start, end = data["day"], data["start_time"], data.get("end_time")
        if end == start:
            self.add_error("end_time", _("Een dienst van 0 minuten kan niet."))
        try:
            begin, finish = shift_bounds(day, start, end or start)
        except LocalTimeError as error:
            self.add_error("start_time", str(error))
            begin = finish = local_datetime(day, dt.time(12))
        value = Correction(begin, finish if end else None, data["break_minutes"], data["reason"])
        names = {"end": "end_time", "reason": "reason", "break_minutes": "break_minutes"}
        for field, message in correction_errors(value).items():
            self.add_error(names[field], message)
        return value
