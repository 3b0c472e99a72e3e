"""The shop's own structure: departments (afdelingen), teams and employees."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import OrganizationOwned


class Department(OrganizationOwned):
    name = models.CharField(_("naam"), max_length=120)

    class Meta:
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelingen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_department_name")
        ]

    def __str__(self) -> str:
        return self.name


class Team(OrganizationOwned):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("naam"), max_length=120)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["department__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="unique_team_name")
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.name}"


class Employee(OrganizationOwned):
    """A person who works for the shop: appears in the roster and the timesheets."""

    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    default_department = models.ForeignKey(
        Department,
        verbose_name=_("standaardafdeling"),
        on_delete=models.PROTECT,
        related_name="employees",
    )
    teams = models.ManyToManyField(Team, verbose_name=_("teams"), blank=True, related_name="+")
    contract_hours = models.DecimalField(
        _("contracturen per week"), max_digits=5, decimal_places=2, default=0
    )
    hourly_wage_cents = models.PositiveIntegerField(_("uurloon (cent)"), default=0)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
