"""The roster (rooster): shifts planned for employees."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import OrganizationOwned

from .structure import Department, Employee, Team

# A break longer than a day is a typing error (and 2^31 overflows PostgreSQL's integer).
MAX_BREAK_MINUTES = 24 * 60


class RosterShift(OrganizationOwned):
    """A planned shift; imported clock times are matched to the one they overlap most."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("medewerker"), on_delete=models.CASCADE, related_name="roster"
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
    start = models.DateTimeField(_("begin"))
    end = models.DateTimeField(_("einde"))
    planned_break_minutes = models.PositiveIntegerField(
        _("geplande pauze (minuten)"), default=0, validators=[MaxValueValidator(MAX_BREAK_MINUTES)]
    )
    note = models.CharField(_("notitie"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("geplande dienst")
        verbose_name_plural = _("geplande diensten")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="roster_end_after_start")
        ]
        indexes = [models.Index(fields=["organization", "start"])]

    def __str__(self) -> str:
        return f"{self.employee} {self.start:%Y-%m-%d %H:%M}"
