"""Clocked shifts look like a real shop's: open ones, over midnight, edited, with breaks."""

import itertools
from collections import Counter
from datetime import timedelta

from kassalink.mplus.simulator import Simulator
from kassalink.mplus.simulator.soap_time import local

from .conftest import START


def _all_shifts(sim: Simulator):
    return sim.shifts(sim.first_day, local(sim.now).date())


def test_some_shifts_are_still_open(shop: Simulator):
    open_shifts = [s for s in _all_shifts(shop) if not s.ended]
    assert open_shifts
    for shift in open_shifts:
        assert shift.start <= shop.now
        assert shift.end == shift.start  # the POS does not know the end yet


def test_a_forgotten_clock_out_is_corrected_the_next_morning():
    sim = Simulator(seed=1, start=START, history_days=14)
    corrected = [
        p for day in sim._shift_days.values() for p in day
        if p.clocked_end is None and p.corrected_at is not None
    ]  # fmt: skip
    assert corrected
    plan = corrected[-1]
    before = sim.shifts(plan.financial_date, plan.financial_date, [], [plan.employee_number])
    if plan.corrected_at > sim.now:
        assert any(not s.ended for s in before)
        sim.advance((plan.corrected_at - sim.now).total_seconds() / 60 + 1)
    after = sim.shifts(plan.financial_date, plan.financial_date, [], [plan.employee_number])
    fixed = next(s for s in after if s.number == plan.number)
    assert fixed.ended and fixed.manually_modified and fixed.end == plan.corrected_end


def test_late_corrections_change_an_ended_shift_a_day_later():
    sim = Simulator(seed=1, start=START, history_days=14)
    late = [
        p for day in sim._shift_days.values() for p in day
        if p.clocked_end is not None and p.corrected_at is not None
    ]  # fmt: skip
    assert late
    plan = late[0]
    assert plan.corrected_at - plan.clocked_end > timedelta(hours=12)
    assert plan.corrected_end != plan.clocked_end


def test_shifts_over_midnight_belong_to_the_day_they_started(shop: Simulator):
    overnight = [s for s in _all_shifts(shop) if s.ended and local(s.end).date() > s.financial_date]
    assert overnight
    for shift in overnight:
        assert local(shift.start).date() == shift.financial_date


def test_manually_modified_shifts_exist(shop: Simulator):
    assert any(s.manually_modified for s in _all_shifts(shop))


def test_a_break_is_a_clock_out_and_a_new_clock_in(shop: Simulator):
    per_person_day = Counter((s.employee_number, s.financial_date) for s in _all_shifts(shop))
    assert max(per_person_day.values()) == 2


def test_shift_numbers_are_unique_per_year(shop: Simulator):
    keys = [(s.year, s.number) for s in _all_shifts(shop)]
    assert len(keys) == len(set(keys))


def test_nobody_works_two_branches_at_once(shop: Simulator):
    by_person: dict[int, list] = {}
    for shift in _all_shifts(shop):
        by_person.setdefault(shift.employee_number, []).append(shift)
    for shifts in by_person.values():
        shifts.sort(key=lambda s: s.start)
        for earlier, later in itertools.pairwise(shifts):
            assert earlier.end <= later.start or not earlier.ended


def test_filters_by_branch_and_employee(shop: Simulator):
    day = local(shop.now).date() - timedelta(days=1)
    branch_two = shop.shifts(day, day, [2])
    assert branch_two and {s.branch_number for s in branch_two} == {2}
    someone = branch_two[0].employee_number
    assert {s.employee_number for s in shop.shifts(day, day, [], [someone])} == {someone}


def test_inactive_employees_do_not_clock_in(shop: Simulator):
    inactive = {e.number for e in shop.employees if not e.active}
    assert inactive
    assert not inactive & {s.employee_number for s in _all_shifts(shop)}
