"""How mirrored MplusKASSA shifts become timesheet entries (urenregistraties).

Called by `import_shifts` inside the clock_times stream's transaction, so entries and the
stream's cursor are saved together. One entry per POS shift, keyed by (connection, shift
year, number); a shift seen again updates its entry, and a page applied twice changes
nothing. Where an entry lands is decided in `placement`; which shifts are imported at all
by the mapping tabs (EmployeeMapping, CostCenterRule).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from kassalink.connections.models import Connection
from kassalink.sync.results import ImportResult

from .imports_cost_centers import cost_center_by_branch
from .models import CostCenterRule, EmployeeMapping, PosShift, TimesheetEntry
from .notify_unmapped import report_unmapped
from .placement import Placement, RosterIndex, clock_out_missing_after, place

# The fields an import writes; comparing them makes a repeated page a no-op.
ENTRY_FIELDS = [
    "employee_id",
    "department_id",
    "team_id",
    "roster_shift_id",
    "start",
    "end",
    "financial_date",
    "state",
    "placement_reason",
    "no_planned_shift",
    "clock_out_missing",
    "pos_start",
    "pos_end",
]
REVIEW_FIELDS = ["changed_after_approval", "pending_start", "pending_end"]


@dataclass
class _Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter[str] | None = None

    def skip(self, why: str) -> None:
        self.skipped = self.skipped or Counter()
        self.skipped[why] += 1


def import_timesheets(
    connection: Connection, shifts: Sequence[PosShift], now: dt.datetime | None = None
) -> ImportResult:
    """Create or update the entries of `shifts` (saved PosShift rows of one page)."""
    now = now or timezone.now()
    # A mapping to another shop's employee cannot be saved; ignoring one here is a backstop.
    own = Q(employee__isnull=True) | Q(employee__organization_id=connection.organization_id)
    mappings = dict(
        EmployeeMapping.objects.filter(own, connection=connection).values_list(
            "pos_number", "employee"
        )
    )
    rules = {
        r.cost_center: r
        for r in CostCenterRule.objects.filter(connection=connection).select_related("department")
    }
    centers = cost_center_by_branch(connection)
    wanted = [s for s in shifts if mappings.get(s.employee_number)]
    roster = RosterIndex.around(
        connection.organization_id, {mappings[s.employee_number] for s in wanted}, wanted, now
    )
    existing = _entries(connection, shifts)
    tally = _Tally()
    unmapped: set[int] = set()
    for shift in shifts:
        if shift.employee_number not in mappings:
            unmapped.add(shift.employee_number)
            tally.skip("not yet mapped")
            continue
        employee_id = mappings[shift.employee_number]
        if employee_id is None:
            tally.skip("employee set to Niet importeren")
            continue
        center = centers.get(shift.branch_number)
        rule = rules.get(center) if center else None
        if rule and rule.mode == CostCenterRule.Mode.SKIP:
            tally.skip(f"cost center {center} set to Niet importeren")
            continue
        placement = place(shift, employee_id, center, rule, roster, now)
        key = (shift.shift_year, shift.shift_number)
        _apply(connection, shift, placement, existing.get(key), now, tally)
    if unmapped:
        report_unmapped(connection, unmapped, now)
    return _result(tally)


def _entries(
    connection: Connection, shifts: Sequence[PosShift]
) -> dict[tuple[int, int], TimesheetEntry]:
    numbers = {s.shift_number for s in shifts}
    entries = TimesheetEntry.objects.filter(connection=connection, mplus_shift_number__in=numbers)
    return {(e.mplus_shift_year, e.mplus_shift_number): e for e in entries}


def _values(shift: PosShift, placement: Placement, now: dt.datetime) -> dict[str, object]:
    is_open = shift.end is None
    return {
        "employee_id": placement.employee_id,
        "department_id": placement.department_id,
        "team_id": placement.team_id,
        "roster_shift_id": placement.roster_shift_id,
        "start": shift.start,
        "end": shift.end,
        "financial_date": shift.financial_date,
        "state": TimesheetEntry.State.OPEN if is_open else TimesheetEntry.State.TO_APPROVE,
        "placement_reason": placement.reason[:300],
        "no_planned_shift": placement.no_planned_shift,
        "clock_out_missing": is_open and now - shift.start > clock_out_missing_after(),
        "pos_start": shift.start,
        "pos_end": shift.end,
    }


def _apply(
    connection: Connection,
    shift: PosShift,
    placement: Placement,
    entry: TimesheetEntry | None,
    now: dt.datetime,
    tally: _Tally,
) -> None:
    values = _values(shift, placement, now)
    if entry is None:
        TimesheetEntry.objects.create(
            organization_id=connection.organization_id,
            connection=connection,
            source=TimesheetEntry.Source.MPLUS,
            mplus_shift_year=shift.shift_year,
            mplus_shift_number=shift.shift_number,
            **values,
        )
        tally.created += 1
        return
    if entry.corrected:
        # A manager's correction is never overwritten: the POS is compared with the POS
        # times the correction was made against, and a difference waits for review.
        changes = _review_changes(entry, shift, (entry.pos_start, entry.pos_end))
    elif entry.state == TimesheetEntry.State.APPROVED:
        changes = _review_changes(entry, shift, (entry.start, entry.end))
    else:
        changes = {k: v for k, v in values.items() if getattr(entry, k) != v}
    if not changes:
        tally.unchanged += 1
        return
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.save(update_fields=[*changes, "updated"])
    tally.updated += 1


def _review_changes(
    entry: TimesheetEntry,
    shift: PosShift,
    known: tuple[dt.datetime | None, dt.datetime | None],
) -> dict[str, object]:
    """An approved or corrected entry keeps its times; what the POS says differently from
    `known` (the times the manager decided on) is kept beside them for review (and cleared
    if the POS goes back). Times the manager chose to ignore (Huidige tijden houden) come
    back only when the POS changes the shift again."""
    differs = (shift.start, shift.end) != known
    kept = entry.pos_times_kept_at
    if differs and kept is not None and shift.changed_at <= kept:
        differs = False
    wanted = {
        "changed_after_approval": differs,
        "pending_start": shift.start if differs else None,
        "pending_end": shift.end if differs else None,
    }
    return {k: v for k, v in wanted.items() if getattr(entry, k) != v}


def _result(tally: _Tally) -> ImportResult:
    skipped = tally.skipped or Counter()
    notes = tuple(f"{count} clock times skipped: {why}" for why, count in sorted(skipped.items()))
    return ImportResult(
        created=tally.created,
        updated=tally.updated,
        skipped=tally.unchanged + sum(skipped.values()),
        notes=notes,
    )
