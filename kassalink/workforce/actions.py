"""State changes a manager makes in the workforce: approve hours, take over or dismiss
times the POS changed after approval, copy a roster week, deactivate an employee. Each
runs in one transaction, used by the pages and the API alike.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kassalink.accounts.models import Organization
from kassalink.web.templatetags.dates import day

from .corrections import record_pos_decision
from .hours import SHOP_TZ, local_span, same_wall_time_days_later
from .models import Department, Employee, RosterShift, TimesheetCorrection, TimesheetEntry


@dataclass(frozen=True)
class ApprovalResult:
    approved: int
    still_open: int  # clocked in: nothing to approve until the clock-out
    already_approved: int
    not_found: int  # unknown ids or another shop's


def do_approve_entries(
    organization: Organization, ids: Iterable[int], user: AbstractBaseUser
) -> ApprovalResult:
    """Approve the organization's entries among `ids` that are waiting for approval."""
    wanted = set(ids)
    with transaction.atomic():
        entries = TimesheetEntry.objects.filter(organization=organization, pk__in=wanted)
        states = list(entries.values_list("state", flat=True))
        # Conditional UPDATE: an entry that got re-opened meanwhile is not approved by a race.
        approved = entries.filter(state=TimesheetEntry.State.TO_APPROVE).update(
            state=TimesheetEntry.State.APPROVED, approved_by=user, approved_at=timezone.now()
        )
    return ApprovalResult(
        approved=approved,
        still_open=states.count(TimesheetEntry.State.OPEN),
        already_approved=states.count(TimesheetEntry.State.APPROVED),
        not_found=len(wanted) - len(states),
    )


@dataclass(frozen=True)
class CopyResult:
    copied: int
    already_there: int
    inactive: int  # shifts of employees deactivated since: not planned again
    overlapping: int = 0  # the person already has another shift at that time this week


def roster_week(
    organization: Organization, monday: dt.date, department: Department | None
) -> "list[RosterShift]":
    """The planned shifts that start in the local week of `monday` (optionally one department)."""
    start, end = local_span(monday, 7)
    shifts = RosterShift.objects.filter(organization=organization, start__gte=start, start__lt=end)
    if department is not None:
        shifts = shifts.filter(department=department)
    return list(shifts.select_related("employee", "department", "team").order_by("start"))


def overlapping_shift(
    organization_id: int,
    employee_id: int,
    start: dt.datetime,
    end: dt.datetime,
    exclude_pk: int | None = None,
) -> RosterShift | None:
    """The employee's planned shift that overlaps [start, end), if any: one person cannot
    work two shifts at once (touching shifts, 09-13 and 13-17, do not overlap)."""
    shifts = RosterShift.objects.filter(end__gt=start)
    return _first_overlap(shifts, organization_id, employee_id, end, exclude_pk)


def overlapping_entry(
    organization_id: int,
    employee_id: int,
    start: dt.datetime,
    end: dt.datetime | None,
    exclude_pk: int | None = None,
) -> TimesheetEntry | None:
    """The employee's timesheet entry that overlaps [start, end) (no end: still at work),
    if any: a manual entry must not count the same hours twice."""
    entries = TimesheetEntry.objects.filter(Q(end__gt=start) | Q(end__isnull=True))
    return _first_overlap(entries, organization_id, employee_id, end, exclude_pk)


def _first_overlap(
    rows: QuerySet,
    organization_id: int,
    employee_id: int,
    end: dt.datetime | None,
    exclude_pk: int | None,
) -> RosterShift | TimesheetEntry | None:
    """The first of `rows` (already those ending after the start) of the employee that
    begins before `end` (None: open-ended), leaving out the row being changed."""
    rows = rows.filter(organization_id=organization_id, employee_id=employee_id)
    if end is not None:
        rows = rows.filter(start__lt=end)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return rows.order_by("start").first()


def entry_overlap_message(entry: TimesheetEntry) -> str:
    """What a manager reads when a manual entry collides with `entry`."""
    return _(
        "%(name)s heeft dan al uren (%(day)s %(start)s–%(end)s). Pas de tijden aan of "
        "corrigeer die registratie."
    ) % _when(entry)


def overlap_message(shift: RosterShift) -> str:
    """What a manager reads when a new shift collides with `shift`."""
    return _(
        "%(name)s heeft dan al een dienst (%(day)s %(start)s–%(end)s). Pas de tijden aan "
        "of verplaats die dienst eerst."
    ) % _when(shift)


def _when(row: RosterShift | TimesheetEntry) -> dict[str, str]:
    """Whose row and when, in the shop's time, for the overlap messages."""
    local = row.start.astimezone(SHOP_TZ)
    return {
        "name": row.employee.name,
        "day": day(local),
        "start": date_format(local, "H:i"),
        "end": date_format(row.end.astimezone(SHOP_TZ), "H:i") if row.end else "…",
    }


def do_copy_previous_week(
    organization: Organization, monday: dt.date, department: Department | None
) -> CopyResult:
    """Copy last week's shifts into the week of `monday`, same local clock times.

    Idempotent: a shift that already exists (same employee, department, start and end) is
    not added again, so pressing the button twice does not double the roster.
    """
    previous = roster_week(organization, monday - dt.timedelta(days=7), department)
    copied = already = inactive = overlapping = 0
    with transaction.atomic():
        for shift in previous:
            if not shift.employee.active:
                inactive += 1
                continue
            start = same_wall_time_days_later(shift.start, 7)
            end = same_wall_time_days_later(shift.end, 7)
            exists = RosterShift.objects.filter(
                organization=organization,
                employee_id=shift.employee_id,
                department_id=shift.department_id,
                start=start,
                end=end,
            ).exists()
            if exists:
                already += 1
                continue
            if overlapping_shift(organization.pk, shift.employee_id, start, end):
                overlapping += 1
                continue
            RosterShift.objects.create(
                organization=organization,
                employee_id=shift.employee_id,
                department_id=shift.department_id,
                team_id=shift.team_id,
                start=start,
                end=end,
                planned_break_minutes=shift.planned_break_minutes,
                note=shift.note,
            )
            copied += 1
    return CopyResult(copied, already, inactive, overlapping)


def do_set_employee_active(employee: Employee, active: bool) -> None:
    """Deactivate (or reactivate) an employee; their hours and shifts stay for payroll."""
    Employee.objects.filter(pk=employee.pk).update(active=active)
    employee.active = active


def do_accept_pos_times(entry: TimesheetEntry, user: AbstractBaseUser | None = None) -> bool:
    """Kassatijden overnemen: the times MplusKASSA reported after approval (or after a
    correction) replace the entry's, and the entry waits for approval again. False when
    there was nothing to take over (another manager was quicker)."""
    old = (entry.start, entry.end)
    with transaction.atomic():
        # Conditional UPDATE: two clicks, or a sync meanwhile, never apply stale times.
        changed = TimesheetEntry.objects.filter(
            pk=entry.pk, changed_after_approval=True, pending_start__isnull=False
        ).update(
            start=F("pending_start"),
            end=F("pending_end"),
            pos_start=F("pending_start"),
            pos_end=F("pending_end"),
            corrected=False,
            state=Case(
                When(pending_end__isnull=True, then=Value(TimesheetEntry.State.OPEN)),
                default=Value(TimesheetEntry.State.TO_APPROVE),
            ),
            changed_after_approval=False,
            pending_start=None,
            pending_end=None,
            pos_times_kept_at=None,
            approved_by=None,
            approved_at=None,
            updated=timezone.now(),
        )
        if changed:
            entry.refresh_from_db()
            record_pos_decision(entry, TimesheetCorrection.Kind.POS_ACCEPTED, old, user)
    entry.refresh_from_db()
    return bool(changed)


def do_keep_approved_times(entry: TimesheetEntry, user: AbstractBaseUser | None = None) -> bool:
    """Huidige tijden houden: the approved (or corrected) times stay and the POS's other
    times are dismissed, until the POS changes the shift again. False when nothing was
    pending."""
    now = timezone.now()
    old = (entry.start, entry.end)
    with transaction.atomic():
        changed = TimesheetEntry.objects.filter(pk=entry.pk, changed_after_approval=True).update(
            changed_after_approval=False,
            # What the POS says now is known; the next sync compares with it.
            pos_start=F("pending_start"),
            pos_end=F("pending_end"),
            pending_start=None,
            pending_end=None,
            pos_times_kept_at=now,
            updated=now,
        )
        if changed:
            record_pos_decision(entry, TimesheetCorrection.Kind.POS_DISMISSED, old, user)
    entry.refresh_from_db()
    return bool(changed)
