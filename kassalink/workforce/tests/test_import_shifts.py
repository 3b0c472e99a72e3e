"""Importing MplusKASSA clocked shifts (Kloktijden) into their raw mirror rows."""

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from kassalink.mplus.types import Shift
from kassalink.sync.importing import PosDataError
from kassalink.workforce.imports import import_shifts
from kassalink.workforce.models import Department, Employee, EmployeeMapping, PosShift

AMS = ZoneInfo("Europe/Amsterdam")
MORNING = dt.datetime(2026, 3, 10, 8, 31, tzinfo=AMS)


@pytest.fixture(autouse=True)
def everyone_mapped(request):
    """Map every MplusKASSA employee of Alice's connection, so the counts (which are the
    timesheet entries') follow the mirrored shifts one to one."""
    if "alice" not in request.fixturenames:
        return
    alice = request.getfixturevalue("alice")
    department = Department.objects.get(organization=alice.organization)
    for number in range(1, 40):
        employee = Employee.objects.create(
            organization=alice.organization, first_name=f"M{number}", default_department=department
        )
        EmployeeMapping.objects.create(
            organization=alice.organization, connection=alice, pos_number=number, employee=employee
        )


def shift(number: int = 41, **changes) -> Shift:
    base = Shift(
        shift_number=(2026, number),
        branch_number=1,
        financial_date=dt.date(2026, 3, 10),
        employee_number=7,
        start=MORNING,
        end=None,
        ended=False,
        manually_modified=False,
    )
    return replace(base, **changes)


def test_an_open_shift_is_clocked_in_then_closes(alice):
    assert import_shifts(alice, [shift()]).created == 1
    row = PosShift.objects.get()
    assert row.is_open and row.end is None

    end = MORNING + dt.timedelta(hours=6, minutes=14)
    result = import_shifts(alice, [shift(end=end, ended=True)])

    assert (result.created, result.updated, result.skipped) == (0, 1, 0)
    row.refresh_from_db()
    assert row.ended and row.end == end
    assert row.start == MORNING


def test_an_open_shift_ignores_the_placeholder_end_the_pos_sends(alice):
    import_shifts(alice, [shift(end=MORNING, ended=False)])
    assert PosShift.objects.get().end is None


def test_importing_twice_changes_nothing(alice):
    page = [shift(41), shift(42, start=MORNING + dt.timedelta(hours=1))]
    import_shifts(alice, page)
    again = import_shifts(alice, page)

    assert (again.created, again.updated, again.skipped) == (0, 0, 2)
    assert PosShift.objects.count() == 2


def test_a_manually_modified_shift_is_updated(alice):
    end = MORNING + dt.timedelta(hours=6)
    import_shifts(alice, [shift(end=end, ended=True)])
    first_change = PosShift.objects.get().changed_at

    corrected = MORNING + dt.timedelta(hours=6, minutes=30)
    result = import_shifts(alice, [shift(end=corrected, ended=True, manually_modified=True)])

    assert result.updated == 1
    row = PosShift.objects.get()
    assert row.manually_modified and row.end == corrected
    assert row.changed_at > first_change


def test_a_night_shift_keeps_its_financial_date_and_length(alice):
    start = dt.datetime(2026, 10, 24, 20, 30, tzinfo=AMS)
    end = dt.datetime(2026, 10, 25, 3, 30, tzinfo=AMS)  # over midnight and the DST change
    import_shifts(
        alice, [shift(start=start, end=end, ended=True, financial_date=dt.date(2026, 10, 24))]
    )

    row = PosShift.objects.get()
    assert row.financial_date == dt.date(2026, 10, 24)
    assert row.end - row.start == dt.timedelta(hours=8)


def test_a_shift_repeated_in_a_page_counts_once(alice):
    result = import_shifts(alice, [shift(41), shift(41)])

    assert (result.created, result.skipped) == (1, 1)
    with pytest.raises(PosDataError, match="twice in one page, differently"):
        import_shifts(alice, [shift(41), shift(41, branch_number=2)])


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"start": dt.datetime(2026, 3, 10, 8, 31)}, "start: the date-time .* has no UTC offset"),
        ({"ended": True}, "ended but has no end time"),
        ({"ended": True, "end": MORNING - dt.timedelta(minutes=1)}, "ends .* before it starts"),
        ({"shift_number": (2026,)}, "not a \\(year, number\\) pair"),
        ({"financial_date": "2026-03-10"}, "financial date: expected a date"),
    ],
)
def test_bad_shift_writes_nothing_of_the_page(alice, bad, message):
    page = [shift(40), shift(41, **bad)]

    with pytest.raises(PosDataError, match=message):
        import_shifts(alice, page)
    assert not PosShift.objects.exists()


def test_bob_never_sees_alices_shifts(alice, bob):
    import_shifts(alice, [shift(41), shift(42)])
    import_shifts(bob, [shift(41)])

    assert PosShift.objects.filter(organization=bob.organization).count() == 1
    assert PosShift.objects.filter(connection=alice).count() == 2


def test_simulator_shifts_import_once_then_follow_the_clock(alice, simulator):
    sim, client = simulator
    today = sim.now.astimezone(AMS).date()
    window = (today - dt.timedelta(days=3), today)

    first = import_shifts(alice, client.get_shifts(*window))
    second = import_shifts(alice, client.get_shifts(*window))

    assert first.created > 20 and first.created == PosShift.objects.count()
    assert (second.created, second.updated) == (0, 0)
    assert second.skipped == first.created
    assert PosShift.objects.filter(manually_modified=True).exists()
    for row in PosShift.objects.filter(ended=True):
        assert row.end >= row.start


def test_simulator_open_shifts_close_as_the_clock_moves(alice, simulator):
    sim, client = simulator
    today = sim.now.astimezone(AMS).date()
    import_shifts(alice, client.get_shifts(today, today))
    open_before = set(PosShift.objects.filter(ended=False).values_list("shift_number", flat=True))
    assert open_before, "the simulator starts on a Monday morning with people clocked in"

    sim.advance(minutes=14 * 60)
    later = import_shifts(alice, client.get_shifts(today, today))

    assert later.updated >= len(open_before)
    assert later.created > 0  # the afternoon and evening people clocked in meanwhile
    closed = PosShift.objects.filter(shift_number__in=open_before)
    assert all(row.ended and row.end > row.start for row in closed)


@pytest.mark.django_db(transaction=True)
def test_an_import_outside_the_callers_transaction_is_refused():
    from kassalink.sync.importing import ImportOutsideTransaction
    from kassalink.tests.pos_fixtures import make_shop

    connection = make_shop("carol", "Carol")
    with pytest.raises(ImportOutsideTransaction, match="inside the caller's transaction"):
        import_shifts(connection, [shift()])
    assert not PosShift.objects.exists()
