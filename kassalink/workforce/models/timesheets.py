"""Timesheets (urenregistratie): one entry per worked interval."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import OrganizationOwned

from .roster import MAX_BREAK_MINUTES, RosterShift
from .structure import Department, Employee, Team


class TimesheetEntry(OrganizationOwned):
    """Worked time of one employee: typed in here, or imported from a MplusKASSA shift."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("handmatig")
        MPLUS = "mplus", _("MplusKASSA")

    class State(models.TextChoices):
        OPEN = "open", _("ingeklokt")
        TO_APPROVE = "to_approve", _("goed te keuren")
        APPROVED = "approved", _("goedgekeurd")

    employee = models.ForeignKey(
        Employee, verbose_name=_("medewerker"), on_delete=models.CASCADE, related_name="timesheet"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("afdeling"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    roster_shift = models.ForeignKey(
        RosterShift,
        verbose_name=_("geplande dienst"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timesheet_entries",
    )
    start = models.DateTimeField(_("begin"))
    end = models.DateTimeField(_("einde"), null=True, blank=True)  # None while clocked in
    break_minutes = models.PositiveIntegerField(
        _("pauze (minuten)"), default=0, validators=[MaxValueValidator(MAX_BREAK_MINUTES)]
    )
    # The POS's day for the shift: a night shift stays on the day it started.
    financial_date = models.DateField(_("datum"))
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.TO_APPROVE
    )
    source = models.CharField(
        _("bron"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    connection = models.ForeignKey(
        "connections.Connection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timesheet_entries",
    )
    mplus_shift_year = models.PositiveIntegerField(null=True, blank=True)
    mplus_shift_number = models.BigIntegerField(null=True, blank=True)
    # Why an imported entry landed where it did (cost-center rule, planned shift, default).
    placement_reason = models.CharField(_("reden van plaatsing"), max_length=300, blank=True)
    no_planned_shift = models.BooleanField(_("geen geplande dienst"), default=False)
    clock_out_missing = models.BooleanField(_("uitklokken ontbreekt"), default=False)
    changed_after_approval = models.BooleanField(
        _("gewijzigd in de kassa na goedkeuring"), default=False
    )
    # What the POS says now, when it changed an approved entry: kept for review, the
    # approved times are not overwritten (see changed_after_approval).
    pending_start = models.DateTimeField(_("nieuw begin volgens de kassa"), null=True, blank=True)
    pending_end = models.DateTimeField(_("nieuw einde volgens de kassa"), null=True, blank=True)
    # The manager chose "Huidige tijden houden": POS times not changed since stay dismissed.
    pos_times_kept_at = models.DateTimeField(_("kassatijden afgewezen op"), null=True, blank=True)
    # The times MplusKASSA reported, kept beside a manager's correction so both are shown
    # and a later change in the POS is noticed (compared with these, not with the correction).
    pos_start = models.DateTimeField(_("begin volgens de kassa"), null=True, blank=True)
    pos_end = models.DateTimeField(_("einde volgens de kassa"), null=True, blank=True)
    corrected = models.BooleanField(_("gecorrigeerd"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("urenregistratie")
        verbose_name_plural = _("urenregistraties")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "mplus_shift_year", "mplus_shift_number"],
                condition=Q(connection__isnull=False),
                name="one_entry_per_pos_shift",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "financial_date"]),
            models.Index(fields=["organization", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.start:%Y-%m-%d %H:%M}"


class TimesheetCorrection(OrganizationOwned):
    """One change a manager made to an entry's times, with who, when and why (audit trail).

    Also written when the manager takes over or dismisses times the POS changed later, so
    the entry's history reads as one list."""

    class Kind(models.TextChoices):
        CORRECTED = "corrected", _("gecorrigeerd")
        POS_ACCEPTED = "pos_accepted", _("kassatijden overgenomen")
        POS_DISMISSED = "pos_dismissed", _("kassatijden genegeerd")

    entry = models.ForeignKey(TimesheetEntry, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reden"), max_length=500)
    old_start = models.DateTimeField()
    old_end = models.DateTimeField(null=True, blank=True)
    old_break_minutes = models.PositiveIntegerField(default=0)
    new_start = models.DateTimeField()
    new_end = models.DateTimeField(null=True, blank=True)
    new_break_minutes = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("correctie")
        verbose_name_plural = _("correcties")
        ordering = ["created", "pk"]


class TimesheetComment(OrganizationOwned):
    """A note on an entry ("vergeten uit te klokken, belde om 18:10")."""

    entry = models.ForeignKey(TimesheetEntry, on_delete=models.CASCADE, related_name="comments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("opmerking"), max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        ordering = ["created", "pk"]
