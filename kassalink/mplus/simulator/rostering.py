"""Clock-in/clock-out shifts for one branch on one day.

Realistic quirks on purpose: breaks are a clock-out and a new clock-in (two shifts),
late restocking runs past midnight (financial date = the day it started), some people
forget to clock out (the shift stays open until a manager corrects it the next morning),
some shifts are edited at clock-out, and some get their end time corrected a day later.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from .records import Employee, ShiftPlan
from .soap_time import local_datetime

# Each slot is one person's day: a list of (start hour, minute, end hour, minute);
# two segments mean a break. End hours >= 24 run into the next day.
WEEKDAY_SLOTS = (
    ((8, 30, 14, 45),),
    ((8, 45, 13, 0),),
    ((9, 0, 12, 30), (13, 0, 17, 30)),
    ((11, 30, 18, 0),),
    ((14, 30, 21, 20),),
    ((16, 0, 19, 30), (20, 0, 21, 30)),
)
LATE_RESTOCK_SLOT = ((20, 30, 24, 40),)
SUNDAY_SLOTS = (
    ((11, 30, 18, 15),),
    ((11, 45, 14, 30), (15, 0, 18, 0)),
)


def plan_day_shifts(
    rng: random.Random,
    day: date,
    branch_number: int,
    staff: Sequence[Employee],
    next_number: Callable[[int], int],
) -> list[ShiftPlan]:
    """The shifts worked at `branch_number` on `day` by some of `staff`."""
    slots = list(SUNDAY_SLOTS if day.weekday() == 6 else WEEKDAY_SLOTS)
    if day.weekday() in (4, 5) or rng.random() < 0.2:
        slots.append(LATE_RESTOCK_SLOT)
    people = list(staff)
    rng.shuffle(people)
    plans = []
    for employee, slot in zip(people, slots, strict=False):
        previous_end = None
        for index, segment in enumerate(slot):
            last = index == len(slot) - 1
            plan = _plan_segment(rng, day, branch_number, employee.number, segment, last)
            if previous_end is not None and plan.start < previous_end + timedelta(minutes=3):
                # Back from the break only after clocking out; never overlapping.
                plan = replace(plan, start=previous_end + timedelta(minutes=rng.randint(3, 9)))
            previous_end = max(t for t in (plan.clocked_end, plan.corrected_end) if t)
            plans.append(plan)
    plans.sort(key=lambda p: (p.start, p.employee_number))
    numbered = []
    for plan in plans:
        number = next_number(plan.start.year)
        numbered.append(replace(plan, year=plan.financial_date.year, number=number))
    return numbered


def _jitter(rng: random.Random, moment: datetime, minutes: int) -> datetime:
    return moment + timedelta(seconds=rng.randint(-minutes * 60, minutes * 60))


def _quarter(moment: datetime) -> datetime:
    """Rounded to a quarter hour, the way a manager types a corrected time."""
    minutes = (moment.minute + 7) // 15 * 15
    return moment.replace(minute=0, second=0, microsecond=0) + timedelta(minutes=minutes)


def _plan_segment(
    rng: random.Random,
    day: date,
    branch_number: int,
    employee_number: int,
    segment: tuple[int, int, int, int],
    last_of_day: bool,
) -> ShiftPlan:
    start_hour, start_minute, end_hour, end_minute = segment
    start = _jitter(rng, local_datetime(day, start_hour, start_minute), 7)
    end = _jitter(rng, local_datetime(day, end_hour, end_minute), 12)
    plan = ShiftPlan(
        year=day.year,
        number=0,
        branch_number=branch_number,
        employee_number=employee_number,
        financial_date=day,
        start=start,
        clocked_end=end,
    )
    roll = rng.random()
    next_morning = local_datetime(day + timedelta(days=1), 9, 30) + timedelta(
        minutes=rng.randint(0, 90)
    )
    if last_of_day and roll < 0.04:
        # Forgot to clock out: open until the manager fixes it the next morning.
        return replace(
            plan, clocked_end=None, corrected_end=_quarter(end), corrected_at=next_morning
        )
    if roll < 0.09:
        return replace(plan, clocked_end=_quarter(end), manual_at_clock_out=True)
    if last_of_day and roll < 0.12:
        later = _quarter(end + timedelta(minutes=rng.randint(15, 45)))
        return replace(plan, corrected_end=later, corrected_at=next_morning + timedelta(hours=3))
    return plan
