"""The demo shop's people: our employees for most of the simulator's POS staff, the
mapping of about two-thirds of them, and a roster that matches when they clock in.

Everything is read from the simulator built with the demo's seed, so the roster lines up
with the clock times the running simulator serves; seeding again adds nothing twice.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from kassalink.accounts.models import Organization
from kassalink.connections.models import Connection
from kassalink.mplus.simulator import Simulator
from kassalink.mplus.simulator.records import Employee as PosStaff
from kassalink.mplus.simulator.records import ShiftPlan
from kassalink.mplus.simulator.soap_time import AMSTERDAM
from kassalink.workforce.models import Employee, EmployeeMapping, RosterShift, Team

DEMO_SEED = 1  # the simulator's default seed, passed to it explicitly by `kassalink demo`
ROSTER_WEEKS = (-1, 0, 1)  # last week, this week, next week
CONTRACT_HOURS = (12, 16, 20, 24, 32)


@dataclass(frozen=True)
class Role:
    team: str  # a team of kassalink.demo.seed.DEPARTMENTS; its department is the default
    hourly_wage_cents: int
    contract_hours: int


@dataclass(frozen=True)
class StaffSummary:
    employees: int
    mapped: int
    roster_shifts: int

    def __str__(self) -> str:
        return (
            f"Demo shop: {self.employees} employees, {self.mapped} mapped to MplusKASSA, "
            f"roster for {len(ROSTER_WEEKS)} weeks ({self.roster_shifts} planned shifts)"
        )


def demo_simulator(start: datetime) -> Simulator:
    """The simulator `kassalink demo` runs, without history: only its staff and plans are read."""
    return Simulator(seed=DEMO_SEED, start=start, history_days=0)


def role_of(pos: PosStaff) -> Role:
    """Managers in the shop, the warehouse group restocking, cashiers split over the till
    and the bakery; wages vary a little so labour cost is not one number."""
    step = pos.number % 4 * 25
    if pos.group_number in (1, 2):
        return Role("Kassa", 2150 + step, 38)
    if pos.group_number == 4:
        return Role("Vulploeg", 1450 + step, CONTRACT_HOURS[pos.number % 5])
    team = "Kassa" if pos.number % 2 == 0 else "Ochtend"
    return Role(team, 1375 + step, CONTRACT_HOURS[pos.number % 5])


def is_ours(pos: PosStaff) -> bool:
    """Active POS staff the mapping tab lists (those with an authorization group)."""
    return pos.active and pos.group_number is not None


def is_mapped(pos: PosStaff) -> bool:
    """About two-thirds; the rest are left for a person to map on the Medewerkers tab."""
    return pos.number % 3 != 0


def seed_staff(
    organization: Organization, connection: Connection, teams: dict[str, Team], start: datetime
) -> StaffSummary:
    sim = demo_simulator(start)
    ours = {
        pos.number: _employee(organization, pos, teams) for pos in sim.employees if is_ours(pos)
    }
    mapped = {}
    for number, employee in ours.items():
        if is_mapped(sim.employee(number)):
            EmployeeMapping.objects.get_or_create(
                connection=connection,
                pos_number=number,
                defaults={"organization": organization, "employee": employee},
            )
            mapped[number] = employee
    today = start.astimezone(AMSTERDAM).date()
    monday = today - timedelta(days=today.weekday())
    days = [monday + timedelta(days=7 * week + d) for week in ROSTER_WEEKS for d in range(7)]
    planned = sum(_plan_day(organization, sim, day, mapped) for day in days)
    return StaffSummary(employees=len(ours), mapped=len(mapped), roster_shifts=planned)


def _employee(organization: Organization, pos: PosStaff, teams: dict[str, Team]) -> Employee:
    first_name, _, last_name = pos.name.partition(" ")
    role = role_of(pos)
    team = teams[role.team]
    employee, created = Employee.objects.get_or_create(
        organization=organization,
        first_name=first_name,
        last_name=last_name,
        defaults={
            "email": pos.email or "",
            "default_department": team.department,
            "contract_hours": Decimal(role.contract_hours),
            "hourly_wage_cents": role.hourly_wage_cents,
        },
    )
    if created:
        employee.teams.add(team)
    return employee


def has_day_off_in_roster(pos_number: int, day: date) -> bool:
    """Now and then someone clocks in without a planned shift (a swap nobody rostered),
    so the "geen geplande dienst" flag shows in the demo too."""
    return (pos_number * 3 + day.toordinal()) % 8 == 0


def _plan_day(
    organization: Organization, sim: Simulator, day: date, mapped: dict[int, Employee]
) -> int:
    """Roster the mapped employees' clock-ins of `day`; returns the planned shifts there are."""
    segments: dict[int, list[ShiftPlan]] = defaultdict(list)
    for plan in sim.planned_shifts(day):
        if plan.employee_number in mapped and not has_day_off_in_roster(plan.employee_number, day):
            segments[plan.employee_number].append(plan)
    for number, day_segments in segments.items():
        employee = mapped[number]
        start, end, break_minutes = planned_times(day_segments)
        RosterShift.objects.get_or_create(
            organization=organization,
            employee=employee,
            start=start,
            end=end,
            defaults={
                "department": employee.default_department,
                "team": employee.teams.first(),
                "planned_break_minutes": break_minutes,
            },
        )
    return len(segments)


def quarter(moment: datetime) -> datetime:
    """Rounded to the nearest quarter hour in shop time, as a manager plans."""
    local = moment.astimezone(AMSTERDAM)
    minutes = (local.minute * 60 + local.second + 450) // 900 * 15
    return local.replace(minute=0, second=0, microsecond=0) + timedelta(minutes=minutes)


def planned_times(segments: list[ShiftPlan]) -> tuple[datetime, datetime, int]:
    """One planned shift around a day's clock-ins: first in to last out, each rounded to
    the quarter hour; the gaps between clock-ins (the break) as planned break minutes."""
    ordered = sorted(segments, key=lambda p: p.start)
    ends = [quarter(p.clocked_end or p.corrected_end or p.start) for p in ordered]
    starts = [quarter(p.start) for p in ordered]
    gaps = (starts[i + 1] - ends[i] for i in range(len(ordered) - 1))
    break_minutes = sum(max(int(gap.total_seconds() // 60), 0) for gap in gaps)
    return starts[0], max(ends[-1], starts[0] + timedelta(minutes=15)), break_minutes
