"""A morning at Alice's bakery with figures easy to work out by hand (see test_api.py)."""

import datetime as dt

from kassalink.receipts.imports import import_receipts
from kassalink.receipts.tests.sales import AMS, bread, cheese, sale
from kassalink.workforce.models import Employee, RosterShift, Team, TimesheetEntry

TUESDAY = dt.date(2026, 3, 10)


def at(hour: int, minute: int = 0, day: dt.date = TUESDAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMS)


def work(employee: Employee, team: Team, planned, worked) -> None:
    common = {
        "organization": employee.organization,
        "employee": employee,
        "department": team.department,
        "team": team,
    }
    RosterShift.objects.create(**common, start=planned[0], end=planned[1])
    TimesheetEntry.objects.create(
        **common,
        start=worked[0],
        end=worked[1],
        financial_date=worked[0].astimezone(AMS).date(),
        state=TimesheetEntry.State.APPROVED,
    )


def tuesday_morning(connection, day: dt.date = TUESDAY) -> dict:
    """Sales € 3,95 at 09:05, € 13,80 at 10:20, € 7,90 at 11:40. Anna (Kassa, € 15,00/h)
    planned and worked 09-13; Bram (Bakkerij, € 12,00/h) planned 10-12, worked 10-11:30."""
    organization = connection.organization
    kassa = connection.turnover_settings.team
    bakery, _ = Team.objects.get_or_create(
        organization=organization, department=kassa.department, name="Bakkerij"
    )
    people = {}
    for name, wage, team in (("Anna", 1500, kassa), ("Bram", 1200, bakery)):
        people[name], _ = Employee.objects.get_or_create(
            organization=organization,
            first_name=name,
            defaults={"default_department": team.department, "hourly_wage_cents": wage},
        )
    work(people["Anna"], kassa, (at(9, 0, day), at(13, 0, day)), (at(9, 0, day), at(13, 0, day)))
    work(
        people["Bram"], bakery, (at(10, 0, day), at(12, 0, day)), (at(10, 0, day), at(11, 30, day))
    )
    base = day.toordinal() * 10
    import_receipts(
        connection,
        [
            sale(at(9, 5, day), (bread(),), marker=base + 1),
            sale(at(10, 20, day), (cheese(),), marker=base + 2),
            sale(at(11, 40, day), (bread("2"),), marker=base + 3),
        ],
    )
    return {"kassa": kassa, "bakery": bakery, **people}
