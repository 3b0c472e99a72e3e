"""Clock times into timesheets: hand-built shifts for the edge cases, then the simulator
through the real client and the real sync runner."""

import datetime as dt
import re
from dataclasses import replace
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from kassalink.mplus.types import Shift
from kassalink.sync.models import SyncRun
from kassalink.sync.runner import run_stream
from kassalink.sync.streams import STREAMS, ClockTimesStream
from kassalink.workforce.imports import import_shifts
from kassalink.workforce.mapping_actions import listed_cost_centers
from kassalink.workforce.models import (
    CostCenterRule,
    EmployeeMapping,
    PosBranch,
    PosCostCenter,
    PosEmployee,
    PosShift,
    RosterShift,
    TimesheetEntry,
)
from kassalink.workforce.tests.mapping_shops import cost_center, department, employee

AMS = ZoneInfo("Europe/Amsterdam")
MORNING = dt.datetime(2026, 3, 10, 8, 30, tzinfo=AMS)
State = TimesheetEntry.State


def shift(number: int = 41, **changes) -> Shift:
    base = Shift(
        shift_number=(2026, number),
        branch_number=1,
        financial_date=MORNING.date(),
        employee_number=7,
        start=MORNING,
        end=None,
        ended=False,
        manually_modified=False,
    )
    return replace(base, **changes)


def closed(number: int = 41, hours: float = 6, **changes) -> Shift:
    start = changes.pop("start", MORNING)
    return shift(number, start=start, end=start + dt.timedelta(hours=hours), ended=True, **changes)


def map_employee(connection, number: int, person) -> EmployeeMapping:
    return EmployeeMapping.objects.create(
        organization=connection.organization, connection=connection, pos_number=number,
        employee=person,
    )  # fmt: skip


@pytest.fixture
def eva(alice):
    """Eva works at Alice's (default department Winkel) and clocks in as MplusKASSA no. 7."""
    person = employee(alice, "Eva", "de Vries")
    map_employee(alice, 7, person)
    cost_center(alice, "KP101", branch=1)
    return person


def entry() -> TimesheetEntry:
    return TimesheetEntry.objects.get()


def test_an_open_shift_is_clocked_in_and_closes_when_the_pos_ends_it(alice, eva):
    assert import_shifts(alice, [shift()]).created == 1
    assert (entry().state, entry().end, entry().employee) == (State.OPEN, None, eva)
    assert entry().source == TimesheetEntry.Source.MPLUS and entry().mplus_shift_number == 41

    result = import_shifts(alice, [closed(hours=7.25)])

    assert (result.created, result.updated) == (0, 1)
    assert entry().state == State.TO_APPROVE
    assert entry().end - entry().start == dt.timedelta(hours=7, minutes=15)


def test_the_same_window_twice_changes_nothing(alice, eva):
    page = [closed(41), closed(42, start=MORNING + dt.timedelta(hours=8)), shift(43)]
    first = import_shifts(alice, page)
    updated = entry_times()

    again = import_shifts(alice, page)

    assert first.created == 3
    assert (again.created, again.updated, again.skipped) == (0, 0, 3)
    assert entry_times() == updated


def entry_times() -> list:
    return list(TimesheetEntry.objects.order_by("pk").values_list("start", "end", "updated"))


def test_a_manual_change_in_the_pos_updates_an_entry_not_yet_approved(alice, eva):
    import_shifts(alice, [closed(hours=6)])

    import_shifts(alice, [closed(hours=6.5, manually_modified=True)])

    assert entry().end == MORNING + dt.timedelta(hours=6, minutes=30)
    assert not entry().changed_after_approval


def test_a_change_after_approval_is_kept_for_review_not_overwritten(alice, eva):
    import_shifts(alice, [closed(hours=6)])
    TimesheetEntry.objects.update(state=State.APPROVED)

    result = import_shifts(alice, [closed(hours=6.5, manually_modified=True)])

    approved = entry()
    assert result.updated == 1
    assert approved.state == State.APPROVED
    assert approved.end == MORNING + dt.timedelta(hours=6)  # what the manager approved
    assert approved.changed_after_approval
    assert approved.pending_end == MORNING + dt.timedelta(hours=6, minutes=30)
    assert import_shifts(alice, [closed(hours=6.5, manually_modified=True)]).updated == 0


def test_a_night_shift_stays_on_its_start_day_with_its_true_length(alice, eva):
    start = dt.datetime(2026, 3, 13, 22, 0, tzinfo=AMS)
    import_shifts(alice, [closed(start=start, hours=8, financial_date=start.date())])

    assert entry().financial_date == dt.date(2026, 3, 13)
    assert entry().end.astimezone(AMS).date() == dt.date(2026, 3, 14)
    assert entry().end - entry().start == dt.timedelta(hours=8)


def test_a_shift_over_the_autumn_dst_change_lasts_an_hour_more_than_the_wall_clock(alice, eva):
    start = dt.datetime(2026, 10, 24, 23, 0, tzinfo=AMS)  # CEST, +02:00
    end = dt.datetime(2026, 10, 25, 5, 0, tzinfo=AMS)  # CET, +01:00: 03:00 became 02:00
    import_shifts(
        alice, [shift(start=start, end=end, ended=True, financial_date=dt.date(2026, 10, 24))]
    )

    stored = entry()
    assert end.replace(tzinfo=None) - start.replace(tzinfo=None) == dt.timedelta(hours=6)
    assert stored.end - stored.start == dt.timedelta(hours=7)
    assert stored.financial_date == dt.date(2026, 10, 24)


def test_unmapped_employees_are_skipped_and_told_once(
    alice, eva, mailoutbox, django_capture_on_commit_callbacks
):
    PosEmployee.objects.create(
        organization=alice.organization, connection=alice, number=8, name="Sem Bakker",
        has_authorization_group=True, changed_at=MORNING,
    )  # fmt: skip
    page = [closed(41), closed(42, employee_number=8), closed(43, employee_number=9)]

    with django_capture_on_commit_callbacks(execute=True):
        result = import_shifts(alice, page)
    with django_capture_on_commit_callbacks(execute=True):
        import_shifts(alice, page)  # the next run: nobody new, no mail

    assert (result.created, result.skipped) == (1, 2)
    assert any("not yet mapped" in note for note in result.notes)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [alice.import_notification_email]
    assert "Sem Bakker" in mail.body and "9" in mail.body
    assert "autorisatiegroep" in mail.body  # no. 9 has none we know of

    with django_capture_on_commit_callbacks(execute=True):
        import_shifts(alice, [*page, closed(44, employee_number=10)])
    assert len(mailoutbox) == 2 and "10" in mailoutbox[1].body
    assert "Sem Bakker" not in mailoutbox[1].body


def test_niet_importeren_employee_and_cost_center_are_skipped(alice, eva):
    map_employee(alice, 8, None)
    cost_center(alice, "KP102", branch=2)
    CostCenterRule.objects.create(
        organization=alice.organization, connection=alice, cost_center="KP102", mode="skip"
    )

    result = import_shifts(
        alice, [closed(41), closed(42, employee_number=8), closed(43, branch_number=2)]
    )

    assert (result.created, result.skipped) == (1, 2)
    assert TimesheetEntry.objects.get().mplus_shift_number == 41
    assert any("cost center KP102 set to Niet importeren" in n for n in result.notes)


def test_a_cost_center_set_to_a_department_places_there_whatever_the_roster(alice, eva):
    bakery = department(alice, "Bakkerij")
    CostCenterRule.objects.create(
        organization=alice.organization, connection=alice, cost_center="KP101",
        mode="department", department=bakery,
    )  # fmt: skip
    plan(eva, MORNING, 6, department(alice, "Winkel"))

    import_shifts(alice, [closed()])

    assert entry().department == bakery and entry().roster_shift is None
    assert entry().placement_reason == "Kostenplaats KP101 → afdeling Bakkerij"


def plan(person, start: dt.datetime, hours: float, where) -> RosterShift:
    return RosterShift.objects.create(
        organization=person.organization, employee=person, department=where,
        start=start, end=start + dt.timedelta(hours=hours),
    )  # fmt: skip


def test_automatisch_takes_the_planned_shift_with_the_largest_overlap(alice, eva):
    morning = plan(eva, MORNING.replace(hour=8, minute=0), 4, department(alice, "Bakkerij"))
    afternoon = plan(eva, MORNING.replace(hour=12, minute=0), 6, department(alice, "Kassa"))
    ten = MORNING.replace(hour=10, minute=0)

    import_shifts(alice, [closed(start=ten, hours=6)])  # 2:00 with the morning, 4:00 after

    placed = entry()
    assert placed.roster_shift == afternoon and placed.department == afternoon.department
    assert not placed.no_planned_shift
    assert placed.placement_reason == "Geplande dienst di 10 mrt 12:00–18:00 (overlap 4:00)"
    assert morning.timesheet_entries.count() == 0


def test_a_shift_still_clocked_in_lands_under_the_plan_it_started_in(alice, eva, monkeypatch):
    """Seen in the demo: clocked in Tuesday 16:04 for Tuesday 16:00–21:30, the entry went
    under Thursday 08:30–15:00, as if the open shift ran on into every later plan."""
    tuesday = dt.datetime(2026, 12, 1, 16, 0, tzinfo=AMS)
    evening = plan(eva, tuesday, 5.5, department(alice, "Kassa"))
    plan(eva, tuesday + dt.timedelta(days=2, hours=-7.5), 6.5, department(alice, "Bakkerij"))
    clock_in = tuesday + dt.timedelta(minutes=4)
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock_in + dt.timedelta(minutes=20))

    import_shifts(alice, [shift(start=clock_in, financial_date=clock_in.date())])

    placed = entry()
    assert (placed.state, placed.roster_shift) == (State.OPEN, evening)
    assert placed.department == evening.department
    assert placed.placement_reason == "Geplande dienst di 1 dec 16:00–21:30 (ingeklokt 16:04)"
    reason = placed.placement_reason
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock_in + dt.timedelta(hours=3))
    assert (
        import_shifts(alice, [shift(start=clock_in, financial_date=clock_in.date())]).updated == 0
    )
    assert entry().placement_reason == reason  # a later run while still open rewrites nothing

    closing = shift(start=clock_in, end=clock_in + dt.timedelta(hours=5), ended=True)
    import_shifts(alice, [replace(closing, financial_date=clock_in.date())])
    assert entry().roster_shift == evening


def test_clocked_in_a_little_early_meets_the_plan_it_came_for(alice, eva, monkeypatch):
    morning = plan(eva, MORNING.replace(hour=9, minute=0), 4, department(alice, "Kassa"))
    plan(eva, MORNING.replace(hour=14, minute=0), 6, department(alice, "Bakkerij"))
    clock_in = MORNING.replace(hour=8, minute=50)
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock_in + dt.timedelta(minutes=2))

    import_shifts(alice, [shift(start=clock_in)])

    assert entry().roster_shift == morning and not entry().no_planned_shift


def test_two_clock_ins_around_a_break_land_under_the_same_planned_shift(alice, eva):
    planned = plan(eva, MORNING.replace(hour=9, minute=0), 8, department(alice, "Kassa"))
    nine = MORNING.replace(hour=9, minute=0)

    import_shifts(
        alice,
        [
            closed(41, start=nine, hours=4),
            closed(42, start=nine + dt.timedelta(hours=4, minutes=30), hours=3.5),
        ],
    )

    assert set(TimesheetEntry.objects.values_list("roster_shift", flat=True)) == {planned.pk}


def test_without_a_planned_shift_the_default_department_and_a_flag(alice, eva):
    import_shifts(alice, [closed()])

    assert entry().department == eva.default_department and entry().no_planned_shift
    assert entry().placement_reason == "Geen geplande dienst: standaardafdeling Winkel"


def test_an_open_shift_many_hours_old_is_flagged_never_closed(alice, eva, settings):
    settings.KASSALINK_CLOCK_OUT_MISSING_HOURS = 14
    import_shifts(alice, [shift()])  # started on 10 March: long ago
    assert entry().clock_out_missing and entry().end is None and entry().state == State.OPEN

    import_shifts(alice, [closed()])
    assert not entry().clock_out_missing


def test_bob_never_sees_or_changes_alices_entries(alice, bob, eva):
    bram = employee(bob, "Bram", "Bos")
    map_employee(bob, 7, bram)

    import_shifts(alice, [closed(41)])
    import_shifts(bob, [closed(41, hours=3)])

    assert TimesheetEntry.objects.get(connection=alice).employee == eva
    assert TimesheetEntry.objects.get(connection=bob).employee == bram
    assert TimesheetEntry.objects.filter(organization=bob.organization).count() == 1
    assert TimesheetEntry.objects.get(connection=alice).end - MORNING == dt.timedelta(hours=6)


# --- the simulator, through the real client and the real runner -------------------------


@pytest.fixture
def linked(alice, simulator, monkeypatch):
    sim, client = simulator
    alice.port = client.port
    alice.save()
    today = sim.now.astimezone(AMS).date()
    monkeypatch.setitem(STREAMS, "clock_times", ClockTimesStream(today=lambda: today))
    return alice, sim


def sync(connection, stream: str) -> SyncRun:
    run = run_stream(connection.pk, stream, SyncRun.Trigger.CLI)
    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    return run


def map_everyone(connection) -> int:
    """Map each POS employee with a group to a new employee of the shop; returns how many."""
    listed = PosEmployee.objects.filter(connection=connection, has_authorization_group=True)
    for pos in listed:
        map_employee(connection, pos.number, employee(connection, pos.name))
    return listed.count()


def test_simulator_branches_are_paired_with_their_cost_centers(linked):
    alice, sim = linked
    sync(alice, "employees")

    descriptions = dict(PosCostCenter.objects.values_list("number", "description"))
    assert set(descriptions) == {"KP101", "KP102", "KP103", "KP900", "KP910"}
    # The descriptions do not name branches 2 and 3: the turnover groups pair them.
    amersfoort = sim.branches[1]
    assert amersfoort.name not in descriptions["KP102"]
    assert dict(PosBranch.objects.values_list("number", "cost_center")) == {
        1: "KP101",
        2: "KP102",
        3: "KP103",
    }
    assert [(c.number, [b.name for b in c.branches]) for c in listed_cost_centers(alice)] == [
        (b.turnover_cost_center, [b.name]) for b in sim.branches
    ]


def test_simulator_clock_times_import_once_and_follow_the_clock(linked):
    alice, sim = linked
    sync(alice, "employees")
    mapped = map_everyone(alice)
    assert 0 < mapped < len(sim.employees)  # those without a group cannot be mapped

    first = sync(alice, "clock_times")
    again = sync(alice, "clock_times")

    assert first.created > 20 and first.created == TimesheetEntry.objects.count()
    assert (again.created, again.updated) == (
        0,
        0,
    ) and again.skipped == first.skipped + first.created
    opened = set(
        TimesheetEntry.objects.filter(state=State.OPEN).values_list("mplus_shift_number", flat=True)
    )
    assert opened, "Monday morning: people are clocked in"
    assert TimesheetEntry.objects.filter(end__isnull=True).count() == len(opened)

    sim.advance(minutes=12 * 60)
    later = sync(alice, "clock_times")

    assert later.updated >= len(opened)
    closed_now = TimesheetEntry.objects.filter(mplus_shift_number__in=opened)
    assert all(e.state == State.TO_APPROVE and e.end > e.start for e in closed_now)


def test_simulator_shifts_follow_the_rule_of_their_branch_cost_center(linked):
    alice, sim = linked
    sync(alice, "employees")
    map_everyone(alice)
    bakery = department(alice, "Bakkerij")
    second, third = sim.branches[1], sim.branches[2]
    rule = {"organization": alice.organization, "connection": alice}
    CostCenterRule.objects.create(
        **rule, cost_center=second.turnover_cost_center, mode="department", department=bakery
    )
    CostCenterRule.objects.create(**rule, cost_center=third.turnover_cost_center, mode="skip")

    sync(alice, "clock_times")

    branch_of = {(s.shift_year, s.shift_number): s.branch_number for s in PosShift.objects.all()}
    entries = TimesheetEntry.objects.all()
    by_branch = {
        number: [
            e for e in entries if branch_of[(e.mplus_shift_year, e.mplus_shift_number)] == number
        ]
        for number in (b.number for b in sim.branches)
    }
    assert by_branch[sim.branches[0].number], "Automatisch: the first branch's shifts arrive"
    assert by_branch[second.number]
    assert all(e.department == bakery for e in by_branch[second.number])
    assert all(second.turnover_cost_center in e.placement_reason for e in by_branch[second.number])
    assert by_branch[third.number] == []  # Niet importeren
    assert any(b == third.number for b in branch_of.values())


def test_the_unmapped_mail_waits_until_the_shop_had_a_chance_to_map(
    alice, eva, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.KASSALINK_UNMAPPED_MAIL_DELAY = 600
    alice.activated_at = MORNING
    alice.save(update_fields=["activated_at"])
    page = [closed(41), closed(42, employee_number=8), closed(43, employee_number=9)]

    def sync_at(after: dt.timedelta) -> None:
        clock = mock.patch("django.utils.timezone.now", return_value=MORNING + after)
        with clock, django_capture_on_commit_callbacks(execute=True):
            import_shifts(alice, page)

    sync_at(dt.timedelta(seconds=50))
    assert mailoutbox == []  # within a minute of activation: nobody told, nobody marked
    sync_at(dt.timedelta(minutes=9))
    assert mailoutbox == []
    map_employee(alice, 9, None)  # mapped meanwhile: never mentioned
    sync_at(dt.timedelta(minutes=11))
    assert len(mailoutbox) == 1
    listed = re.findall(r"^- (\d+) ", mailoutbox[0].body, re.MULTILINE)
    assert listed == ["8"]  # employee 9 was mapped meanwhile
