"""Departments (afdelingen) and the teams within them."""

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
