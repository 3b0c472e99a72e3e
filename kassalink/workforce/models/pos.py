"""Raw copies of what MplusKASSA says, one row per POS record.

They are kept apart from our own employees and timesheets: the mapping tabs and the
timesheet import build on them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import OrganizationOwned


class PosEmployee(OrganizationOwned):
    """A medewerker as MplusKASSA knows it, for the Medewerkers mapping tab."""

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="pos_employees"
    )
    number = models.BigIntegerField(_("MplusKASSA-medewerkernummer"))
    name = models.CharField(_("naam"), max_length=200)
    # Free text from the POS, not validated as an address: a typo there must not stop the sync.
    email = models.CharField(_("e-mailadres"), max_length=254, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    authorization_groups = models.JSONField(_("autorisatiegroepen"), default=list, blank=True)
    # Employees without one are left out of the mapping (the seed's tip).
    has_authorization_group = models.BooleanField(_("heeft autorisatiegroep"), default=False)
    sync_marker = models.BigIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(_("laatst gewijzigd"))

    class Meta:
        verbose_name = _("MplusKASSA-medewerker")
        verbose_name_plural = _("MplusKASSA-medewerkers")
        ordering = ["connection", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "number"], name="unique_pos_employee_per_connection"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class PosShift(OrganizationOwned):
    """One clock-in/clock-out (Kloktijd) as MplusKASSA has it now; open while `end` is None."""

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="pos_shifts"
    )
    shift_year = models.PositiveIntegerField(_("dienstjaar"))
    shift_number = models.BigIntegerField(_("dienstnummer"))
    branch_number = models.IntegerField(_("filiaal"))
    employee_number = models.BigIntegerField(_("MplusKASSA-medewerkernummer"))
    # The POS's own day for the shift: a night shift stays on the day it started.
    financial_date = models.DateField(_("financiële datum"))
    start = models.DateTimeField(_("ingeklokt"))
    end = models.DateTimeField(_("uitgeklokt"), null=True, blank=True)
    ended = models.BooleanField(_("afgesloten"), default=False)
    manually_modified = models.BooleanField(_("handmatig gewijzigd"), default=False)
    reference = models.CharField(_("referentie"), max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(_("laatst gewijzigd"))

    class Meta:
        verbose_name = _("MplusKASSA-kloktijd")
        verbose_name_plural = _("MplusKASSA-kloktijden")
        ordering = ["connection", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "shift_year", "shift_number"],
                name="unique_pos_shift_per_connection",
            )
        ]
        indexes = [models.Index(fields=["connection", "financial_date"])]

    def __str__(self) -> str:
        return f"{self.shift_year}-{self.shift_number} ({self.employee_number})"

    @property
    def is_open(self) -> bool:
        return not self.ended
