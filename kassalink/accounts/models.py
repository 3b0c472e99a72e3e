"""Organizations (shops), who belongs to them and in which role."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("naam"), max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("eigenaar")
        MANAGER = "manager", _("manager")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.MANAGER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"


class OrganizationOwned(models.Model):
    """Base of every tenant-owned row: it belongs to exactly one organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class ApiToken(models.Model):
    """A key for the JSON API, acting as one member of one organization.

    Only the sha256 of the key is stored; the key itself is shown once, at creation.
    `prefix` (the key's first characters) lets a person recognise it in the list.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="api_tokens"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("naam"), max_length=100)
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked = models.DateTimeField(_("ingetrokken"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def __repr__(self) -> str:
        return f"<ApiToken {self.pk} {self.prefix}… {self.organization_id}>"

    @property
    def is_active(self) -> bool:
        return self.revoked is None
