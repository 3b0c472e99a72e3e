"""Alice's and Bob's shops with people in them, for the personnel page and API tests.

This folder's conftest gives `alice`/`bob` as bare connections (for the importer tests);
the page tests need the signed-in owner and manager of kassalink.accounts' shops, so a
test module imports these and they win over the conftest's:

    from kassalink.workforce.tests import shops

    alice, bob = shops.alice, shops.bob
"""

import datetime as dt

import pytest

from kassalink.accounts.tests.fixtures import Shop, make_shop
from kassalink.connections.models import Connection
from kassalink.workforce.hours import SHOP_TZ
from kassalink.workforce.models import Department, Employee, RosterShift, TimesheetEntry


@pytest.fixture
def alice(db) -> Shop:
    return make_shop("alice", "Alice's shop")


@pytest.fixture
def bob(db) -> Shop:
    return make_shop("bob", "Bob's shop")


def at(day: str, time: str) -> dt.datetime:
    """A wall-clock time in the shop's zone: at("2026-03-24", "09:00")."""
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=SHOP_TZ)


def department(shop: Shop) -> Department:
    return shop.team.department


def make_employee(shop: Shop, first_name: str, **fields: object) -> Employee:
    defaults = {
        "last_name": "Jansen",
        "default_department": department(shop),
        "hourly_wage_cents": 1500,
    }
    return Employee.objects.create(
        organization=shop.organization, first_name=first_name, **{**defaults, **fields}
    )


def make_shift(employee: Employee, start: dt.datetime, end: dt.datetime, **fields) -> RosterShift:
    return RosterShift.objects.create(
        organization=employee.organization,
        employee=employee,
        department=fields.pop("department", employee.default_department),
        start=start,
        end=end,
        **fields,
    )


def make_entry(
    employee: Employee, start: dt.datetime, end: dt.datetime | None, **fields
) -> TimesheetEntry:
    state = TimesheetEntry.State.OPEN if end is None else TimesheetEntry.State.TO_APPROVE
    defaults = {
        "department": employee.default_department,
        "financial_date": start.astimezone(SHOP_TZ).date(),
        "state": state,
    }
    return TimesheetEntry.objects.create(
        organization=employee.organization,
        employee=employee,
        start=start,
        end=end,
        **{**defaults, **fields},
    )


def make_connection(shop: Shop) -> Connection:
    return Connection.objects.create(
        organization=shop.organization,
        name="Winkel Centrum",
        host="127.0.0.1",
        port=9,
        scheme="http",
        ident="demo",
        secret="demo",
        status=Connection.Status.ACTIVE,
    )


def make_imported_entry(
    employee: Employee, connection: Connection, start: dt.datetime, end: dt.datetime | None, **f
) -> TimesheetEntry:
    """An entry as the clock-times import leaves it: source, shift number and the why."""
    defaults = {
        "source": TimesheetEntry.Source.MPLUS,
        "connection": connection,
        "mplus_shift_year": start.year,
        "mplus_shift_number": 4711,
        "placement_reason": "Geen geplande dienst gevonden; standaardafdeling Winkel.",
        "no_planned_shift": True,
    }
    return make_entry(employee, start, end, **{**defaults, **f})
