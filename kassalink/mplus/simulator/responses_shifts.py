"""getShifts and reportHoursByEmployee: clocked times as the POS shows them now."""

import itertools
from datetime import date, timedelta

from .records import Shift
from .soap import Fields, client_fault, response_element
from .soap_time import soap_date, soap_datetime, xsd_date
from .world import Simulator


def _shift(shift: Shift) -> str:
    return (
        f"<shift><shiftNumber><year>{shift.year}</year><number>{shift.number}</number></shiftNumber>"
        f"<branchNumber>{shift.branch_number}</branchNumber>"
        f"<financialDate>{soap_date(shift.financial_date)}</financialDate>"
        f"<employeeNumber>{shift.employee_number}</employeeNumber>"
        f"<startTimestamp>{soap_datetime(shift.start)}</startTimestamp>"
        f"<endTimestamp>{soap_datetime(shift.end)}</endTimestamp>"
        f"<ended>{'true' if shift.ended else 'false'}</ended>"
        f"<manuallyModified>{'true' if shift.manually_modified else 'false'}</manuallyModified>"
        "</shift>"
    )


def _date_range(first: date | None, last: date | None) -> tuple[date, date]:
    if first is None or last is None:
        raise client_fault("fromFinancialDate and throughFinancialDate are required")
    if last < first:
        raise client_fault("throughFinancialDate lies before fromFinancialDate")
    return first, last


def get_shifts(sim: Simulator, request: Fields) -> str:
    fields = request.child("request")
    first, last = _date_range(
        fields.soap_date("fromFinancialDate"), fields.soap_date("throughFinancialDate")
    )
    shifts = sim.shifts(first, last, fields.ints("branchNumbers"), fields.ints("employeeNumbers"))
    body = "".join(_shift(s) for s in shifts)
    return response_element("GetShiftsResponse", f"<shiftList>{body}</shiftList>")


def report_hours_by_employee(sim: Simulator, request: Fields) -> str:
    """Minutes of ended shifts per employee per financial date; the gaps between an
    employee's shifts on one day count as pause."""
    fields = request.child("request")
    dates = fields.child("dateFilter")
    first, last = _date_range(
        dates.xsd_date("fromFinancialDate"), dates.xsd_date("throughFinancialDate")
    )
    branches = fields.child("branchFilter").ints("branchNumbers")
    employees = fields.child("employeeFilter").ints("employeeNumbers")
    grouped: dict[tuple[date, int], list[Shift]] = {}
    for shift in sim.shifts(first, last, branches, employees):
        if shift.ended:
            grouped.setdefault((shift.financial_date, shift.employee_number), []).append(shift)
    rows = []
    for (day, employee), shifts in sorted(grouped.items()):
        shifts.sort(key=lambda s: s.start)
        worked = sum((s.end - s.start for s in shifts), timedelta())
        pause = sum(
            (max(b.start - a.end, timedelta()) for a, b in itertools.pairwise(shifts)),
            timedelta(),
        )
        branch_numbers = "".join(
            f"<branchNumbers>{b}</branchNumbers>" for b in sorted({s.branch_number for s in shifts})
        )
        rows.append(
            f"<hours><financialDate>{xsd_date(day)}</financialDate>"
            f"<totalMinutes>{int(worked.total_seconds() // 60)}</totalMinutes>"
            f"<pauzeMinutes>{int(pause.total_seconds() // 60)}</pauzeMinutes>"
            f"<employeeNumber>{employee}</employeeNumber>{branch_numbers}</hours>"
        )
    return response_element(
        "ReportHoursByEmployeeResponse", f"<hoursList>{''.join(rows)}</hoursList>"
    )
