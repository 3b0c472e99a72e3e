"""Turnover per quarter hour, per branch, from MplusKASSA receipts, and the settings that
decide it (Omzet) and what a team aims for: what the Insights page shows next to hours
and labour cost."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import OrganizationOwned


class TurnoverBucket(OrganizationOwned):
    """The receipts of one branch entered in one local quarter hour, per financial date.

    `start` is the quarter's start (see buckets.py). The financial date is part of the
    key because the POS books a sale after midnight on the day before (a late shift):
    recomputing one financial date must never touch another date's turnover, and a day's
    buckets then add up to the POS's own day report.
    """

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="turnover_buckets"
    )
    # The Omzet team of the branch when the bucket was computed; kept when it changes later.
    team = models.ForeignKey(
        "workforce.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="turnover_buckets",
    )
    branch_number = models.IntegerField(_("filiaal"))
    financial_date = models.DateField(_("financiële datum"))
    start = models.DateTimeField(_("kwartier"))
    amount_incl_cents = models.BigIntegerField(_("omzet incl. btw (cent)"))
    amount_excl_cents = models.BigIntegerField(_("omzet excl. btw (cent)"))
    receipt_count = models.PositiveIntegerField(_("aantal bonnen"))
    credit_count = models.PositiveIntegerField(_("aantal creditbonnen"), default=0)
    changed_at = models.DateTimeField(_("laatst gewijzigd"))

    class Meta:
        verbose_name = _("omzet per kwartier")
        verbose_name_plural = _("omzet per kwartier")
        ordering = ["connection", "start", "branch_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "branch_number", "financial_date", "start"],
                name="unique_turnover_bucket",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "start"]),
            models.Index(fields=["organization", "financial_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.branch_number} {self.start:%Y-%m-%d %H:%M} {self.amount_incl_cents}"


class TurnoverSettings(OrganizationOwned):
    """The Omzet tab of one connection: whether its receipts become turnover, which of
    incl./excl. btw the charts show, and the team the turnover is booked under."""

    connection = models.OneToOneField(
        "connections.Connection", on_delete=models.CASCADE, related_name="turnover_settings"
    )
    enabled = models.BooleanField(_("Omzet importeren"), default=False)
    includes_vat = models.BooleanField(_("omzet inclusief btw"), default=True)
    team = models.ForeignKey(
        "workforce.Team",
        verbose_name=_("team voor omzet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("omzetinstelling")
        verbose_name_plural = _("omzetinstellingen")

    def __str__(self) -> str:
        return f"{self.connection_id} {'on' if self.enabled else 'off'}"

    def team_id_for(self, branch_number: int) -> int | None:
        """The team a branch's turnover is booked under: its own, else the connection's."""
        for branch_team in self.branch_teams.all():
            if branch_team.branch_number == branch_number:
                return branch_team.team_id
        return self.team_id


class BranchTeam(models.Model):
    """A branch of a connection that covers several: its turnover goes to its own team."""

    settings = models.ForeignKey(
        TurnoverSettings, on_delete=models.CASCADE, related_name="branch_teams"
    )
    branch_number = models.IntegerField(_("filiaal"))
    team = models.ForeignKey(
        "workforce.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("team per filiaal")
        verbose_name_plural = _("teams per filiaal")
        ordering = ["branch_number"]
        constraints = [
            models.UniqueConstraint(fields=["settings", "branch_number"], name="unique_branch_team")
        ]

    def __str__(self) -> str:
        return f"{self.branch_number} → {self.team_id}"


class TeamTarget(OrganizationOwned):
    """What a team aims for: labour cost at most this % of turnover, sales per labour hour
    at least this much. Hours that miss either are marked on the Insights page."""

    team = models.OneToOneField(
        "workforce.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="+"
    )
    max_labour_percent = models.DecimalField(
        _("loonkosten hoogstens (% van omzet)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    min_sales_per_labour_hour_cents = models.PositiveIntegerField(
        _("omzet per gewerkt uur minstens (cent)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("doel per team")
        verbose_name_plural = _("doelen per team")

    def __str__(self) -> str:
        return f"{self.team_id}: {self.max_labour_percent}% {self.min_sales_per_labour_hour_cents}"


class TurnoverDay(OrganizationOwned):
    """A financial date's turnover per branch and team: the sum of its TurnoverBuckets,
    kept with them so a year on the page reads ~7,000 rows instead of ~700,000."""

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        "workforce.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    branch_number = models.IntegerField(_("filiaal"))
    financial_date = models.DateField(_("financiële datum"))
    amount_incl_cents = models.BigIntegerField(_("omzet incl. btw (cent)"))
    amount_excl_cents = models.BigIntegerField(_("omzet excl. btw (cent)"))
    receipt_count = models.PositiveIntegerField(_("aantal bonnen"))
    credit_count = models.PositiveIntegerField(_("aantal creditbonnen"), default=0)

    class Meta:
        verbose_name = _("omzet per dag")
        verbose_name_plural = _("omzet per dag")
        indexes = [models.Index(fields=["organization", "financial_date"])]

    def __str__(self) -> str:
        return f"{self.branch_number} {self.financial_date} {self.amount_incl_cents}"
