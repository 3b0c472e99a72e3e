"""Turnover per quarter hour, per branch, from MplusKASSA receipts: what the Insights page
shows next to hours and labour cost."""

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
    # The connection's "Importeer omzet" team; kept when the setting changes later.
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
        indexes = [models.Index(fields=["organization", "start"])]

    def __str__(self) -> str:
        return f"{self.branch_number} {self.start:%Y-%m-%d %H:%M} {self.amount_incl_cents}"
