"""A manager corrects an entry's times (a forgotten clock-out, a wrong clock-in) and
comments on it. Every correction is a `TimesheetCorrection` row saying who, when, what
and why; the POS's own times stay on the entry (`pos_start`/`pos_end`) and a later sync
flags a change in the POS for review instead of overwriting the correction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from .hours import break_fits, elapsed_seconds
from .models import TimesheetComment, TimesheetCorrection, TimesheetEntry

MAX_SHIFT = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Correction:
    """The times a manager wants on an entry, and why."""

    start: dt.datetime
    end: dt.datetime | None
    break_minutes: int
    reason: str


def correction_errors(correction: Correction) -> dict[str, str]:
    """Field name → what is wrong; empty when the correction can be saved."""
    errors: dict[str, str] = {}
    if not correction.reason.strip():
        errors["reason"] = _("Geef een reden voor de correctie.")
    if correction.end is not None:
        seconds = elapsed_seconds(correction.start, correction.end)
        if seconds <= 0:
            errors["end"] = _("Het einde moet na het begin liggen.")
        elif seconds > MAX_SHIFT.total_seconds():
            errors["end"] = _("Een dienst duurt hoogstens 24 uur.")
        elif not break_fits(correction.start, correction.end, correction.break_minutes):
            errors["break_minutes"] = _("De pauze is langer dan de dienst.")
    return errors


def do_correct_entry(
    entry: TimesheetEntry, correction: Correction, user: AbstractBaseUser | None
) -> TimesheetEntry:
    """Apply a checked correction in one transaction, with its audit row. The entry waits
    for approval again (or stays open without an end); times the POS reported after an
    approval are considered seen, since the manager decided on the times now."""
    with transaction.atomic():
        entry = TimesheetEntry.objects.select_for_update().get(pk=entry.pk)
        TimesheetCorrection.objects.create(
            organization_id=entry.organization_id,
            entry=entry,
            user=user,
            reason=correction.reason.strip()[:500],
            old_start=entry.start,
            old_end=entry.end,
            old_break_minutes=entry.break_minutes,
            new_start=correction.start,
            new_end=correction.end,
            new_break_minutes=correction.break_minutes,
        )
        if entry.source == TimesheetEntry.Source.MPLUS:
            if entry.changed_after_approval:
                entry.pos_start, entry.pos_end = entry.pending_start, entry.pending_end
            elif entry.pos_start is None:
                entry.pos_start, entry.pos_end = entry.start, entry.end
        entry.start, entry.end = correction.start, correction.end
        entry.break_minutes = correction.break_minutes
        entry.corrected = True
        entry.clock_out_missing = entry.clock_out_missing and correction.end is None
        entry.changed_after_approval = False
        entry.pending_start = entry.pending_end = None
        entry.state = (
            TimesheetEntry.State.OPEN if correction.end is None else TimesheetEntry.State.TO_APPROVE
        )
        entry.approved_by = entry.approved_at = None
        entry.save()
    return entry


def do_comment_entry(
    entry: TimesheetEntry, text: str, user: AbstractBaseUser | None
) -> TimesheetComment:
    return TimesheetComment.objects.create(
        organization_id=entry.organization_id, entry=entry, user=user, text=text.strip()[:2000]
    )


def record_pos_decision(
    entry: TimesheetEntry,
    kind: TimesheetCorrection.Kind,
    old: tuple[dt.datetime, dt.datetime | None],
    user: AbstractBaseUser | None,
) -> None:
    """The audit row of Kassatijden overnemen / Huidige tijden houden."""
    reason = {
        TimesheetCorrection.Kind.POS_ACCEPTED: _("Kassatijden overgenomen"),
        TimesheetCorrection.Kind.POS_DISMISSED: _("Kassatijden genegeerd"),
    }[kind]
    TimesheetCorrection.objects.create(
        organization_id=entry.organization_id,
        entry=entry,
        kind=kind,
        user=user,
        reason=reason,
        old_start=old[0],
        old_end=old[1],
        old_break_minutes=entry.break_minutes,
        new_start=entry.start,
        new_end=entry.end,
        new_break_minutes=entry.break_minutes,
    )
