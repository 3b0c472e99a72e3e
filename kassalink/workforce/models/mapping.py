"""The merchant's choices on the mapping page, and the POS cost centers they choose for.

`EmployeeMapping` (tab Medewerkers) and `CostCenterRule` (tab Kloktijden) decide whether
and where a clocked MplusKASSA shift becomes a timesheet entry; `PosCostCenter` and
`PosBranch` mirror the POS's cost centers and which one each branch books on, so the tab
and the clock_times import work without calling the POS.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import OrganizationOwned

from .structure import Department, Employee


class EmployeeMapping(OrganizationOwned):
    """One MplusKASSA employee number → one of our employees, or None = Niet importeren.

    A number without a row is "not yet mapped": its clock times are skipped too, and it
    is named in the import notification e-mail once (`reported_unmapped_at`).
    """

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="employee_mappings"
    )
    pos_number = models.BigIntegerField(_("MplusKASSA-medewerkernummer"))
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("medewerker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pos_mappings",
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("medewerkerkoppeling")
        verbose_name_plural = _("medewerkerkoppelingen")
        ordering = ["connection", "pos_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "pos_number"], name="unique_employee_mapping"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pos_number} → {self.employee or _('Niet importeren')}"


class UnmappedEmployeeReport(OrganizationOwned):
    """A MplusKASSA employee number we already named in an import notification e-mail,
    so the e-mail only goes out when there is someone new to tell about."""

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="+"
    )
    pos_number = models.BigIntegerField()
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "pos_number"], name="unique_unmapped_report"
            )
        ]


class PosCostCenter(OrganizationOwned):
    """A kostenplaats as MplusKASSA lists it (getCostCenters). Which branches book on it
    is in `PosBranch.cost_center`."""

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="pos_cost_centers"
    )
    number = models.CharField(_("kostenplaats"), max_length=50)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("MplusKASSA-kostenplaats")
        verbose_name_plural = _("MplusKASSA-kostenplaatsen")
        ordering = ["connection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "number"], name="unique_pos_cost_center")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.description}".strip()


class PosBranch(OrganizationOwned):
    """One of the connection's branches (getBranches) with the turnover cost center its
    clocked shifts count for, derived from the turnover groups (see
    `kassalink.workforce.imports_cost_centers`); blank: the POS names none."""

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="pos_branches"
    )
    number = models.IntegerField(_("filiaal"))
    name = models.CharField(_("filiaalnaam"), max_length=200, blank=True)
    cost_center = models.CharField(_("kostenplaats"), max_length=50, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("MplusKASSA-filiaal")
        verbose_name_plural = _("MplusKASSA-filialen")
        ordering = ["connection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "number"], name="unique_pos_branch")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name} → {self.cost_center or '-'}"


class CostCenterRule(OrganizationOwned):
    """Where clock times of one cost center go (tab Kloktijden). No rule = Automatisch."""

    class Mode(models.TextChoices):
        SKIP = "skip", _("Niet importeren")
        AUTO = "auto", _("Automatisch")
        DEPARTMENT = "department", _("Afdeling")

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="cost_center_rules"
    )
    cost_center = models.CharField(_("kostenplaats"), max_length=50)
    mode = models.CharField(_("import"), max_length=20, choices=Mode.choices, default=Mode.AUTO)
    department = models.ForeignKey(
        Department,
        verbose_name=_("afdeling"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kostenplaatsregel")
        verbose_name_plural = _("kostenplaatsregels")
        ordering = ["connection", "cost_center"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "cost_center"], name="unique_cost_center_rule"
            ),
            models.CheckConstraint(
                condition=Q(mode="department", department__isnull=False)
                | (~Q(mode="department") & Q(department__isnull=True)),
                name="cost_center_rule_department_iff_mode",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cost_center}: {self.get_mode_display()}"
