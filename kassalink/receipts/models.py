"""Receipts (kassabonnen) as MplusKASSA booked them: header, lines, payments, VAT groups.

Money is integer cents; VAT amounts are the POS's own (never recomputed here).
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import Organization, OrganizationOwned

MONEY = {"null": True, "blank": True}  # the POS leaves some amounts out
# Lines, payments and VAT groups point at their receipt without a foreign-key constraint in
# the database. They are written only by the receipts import, in the transaction that
# writes their receipt and with the id it was just given, and deleted with it by Django's
# cascade (on_delete below) or by the import when the receipt is replaced. The
# constraint's row triggers checked each of some 6 children per receipt again at commit:
# a quarter of PostgreSQL's work in a receipts import (kassalink/receipts/imports.py).
# test_integrity.py holds the importer and the deletes to it.
CHILD_OF_RECEIPT = {"db_constraint": False}


class Receipt(OrganizationOwned):
    class Type(models.TextChoices):
        RECEIPT = "receipt", _("kassabon")
        CREDIT = "credit", _("creditbon")
        CASH_IN = "cash_in", _("kasstorting")
        CASH_OUT = "cash_out", _("kasopname")
        PAYMENT_METHOD_TRANSFER = "payment_method_transfer", _("betaalwijzewissel")

    class State(models.TextChoices):
        OUTSTANDING = "outstanding", _("openstaand")
        PARTLY_PAID = "partly_paid", _("deels betaald")
        PAID = "paid", _("betaald")
        HANDLED = "handled", _("afgehandeld")
        OUTSTANDING_CREDIT = "outstanding_credit", _("openstaand tegoed")

    # No index of its own: the dashboard's indexes (receipt_org_*) lead with it (one index
    # fewer to write per imported receipt).
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # No index of its own: unique_receipt_per_connection leads with it.
    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="receipts", db_index=False
    )
    mplus_id = models.CharField(_("MplusKASSA-bon-id"), max_length=64)
    transaction_string = models.CharField(_("transactie-ID"), max_length=200, blank=True)
    receipt_year = models.PositiveIntegerField(_("bonjaar"), null=True, blank=True)
    receipt_number = models.BigIntegerField(_("bonnummer"), null=True, blank=True)
    # What the till prints as the receipt's barcode; a hand scanner types it into a search box.
    barcode = models.CharField(_("bonbarcode"), max_length=100, blank=True)
    receipt_type = models.CharField(_("soort"), max_length=30, choices=Type.choices)
    state = models.CharField(_("status"), max_length=30, choices=State.choices)
    financial_date = models.DateField(_("financiële datum"), null=True, blank=True)
    entry_at = models.DateTimeField(_("aangeslagen"), null=True, blank=True)
    branch_number = models.IntegerField(_("filiaal"))
    workplace_number = models.IntegerField(_("werkplek"))
    employee_number = models.BigIntegerField(_("medewerkernummer"))
    employee_name = models.CharField(_("medewerker"), max_length=200, blank=True)
    relation_number = models.BigIntegerField(_("relatienummer"), null=True, blank=True)
    total_incl_cents = models.BigIntegerField(_("totaal incl. btw (cent)"))
    total_excl_cents = models.BigIntegerField(_("totaal excl. btw (cent)"))
    paid_cents = models.BigIntegerField(_("betaald (cent)"), default=0)
    # The POS's reference to the receipt a credit receipt returns; the FK is filled in
    # once both are here, whichever arrives first.
    credited_mplus_id = models.CharField(max_length=64, blank=True)
    credited_receipt = models.ForeignKey(
        "self",
        verbose_name=_("gecrediteerde bon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credits",
    )
    webhook_session_id = models.CharField(max_length=200, blank=True)
    # Set when the receipt reached a customer's wallet (a scanned code or a claim link):
    # the dashboard's "digital or paper" and the paper saved count on this one marker.
    digital_since = models.DateTimeField(_("digitaal sinds"), null=True, blank=True)
    sync_marker = models.BigIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(_("laatst gewijzigd"))

    class Meta:
        verbose_name = _("kassabon")
        verbose_name_plural = _("kassabonnen")
        ordering = ["-entry_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "mplus_id"], name="unique_receipt_per_connection"
            )
        ]
        indexes = [
            models.Index(fields=["connection", "financial_date"]),
            models.Index(fields=["connection", "credited_mplus_id"]),
            models.Index(fields=["organization", "transaction_string"]),
            # completeSession looks up the receipt of its session under the write lock; only
            # receipts sold with a webhook session have one, so the index holds just those.
            models.Index(
                fields=["connection", "webhook_session_id"],
                name="receipt_webhook_session",
                condition=~models.Q(webhook_session_id=""),
            ),
            # The dashboard: newest first per shop, keyset-paged on (entry_at, id), and the
            # filters that narrow most, each leading with the shop.
            models.Index(fields=["organization", "-entry_at", "-id"], name="receipt_org_newest"),
            models.Index(fields=["organization", "barcode"], name="receipt_org_barcode"),
            models.Index(fields=["organization", "receipt_number"], name="receipt_org_number"),
            models.Index(
                fields=["organization", "branch_number", "-entry_at"], name="receipt_org_branch"
            ),
            models.Index(
                fields=["organization", "employee_number", "-entry_at"],
                name="receipt_org_employee",
            ),
            models.Index(
                fields=["organization", "relation_number", "-entry_at"],
                name="receipt_org_customer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_number} ({self.get_receipt_type_display()})"

    @property
    def display_number(self) -> str:
        """As on the paper receipt: branch-workplace-year-number."""
        if self.receipt_number is None:
            return self.mplus_id
        return (
            f"{self.branch_number}-{self.workplace_number}-{self.receipt_year}-"
            f"{self.receipt_number}"
        )


class ReceiptLine(models.Model):
    # No index of its own: unique_line_position leads with it (one index fewer to write
    # per imported line). No database constraint either (CHILD_OF_RECEIPT).
    receipt = models.ForeignKey(
        Receipt, on_delete=models.CASCADE, related_name="lines", db_index=False, **CHILD_OF_RECEIPT
    )
    position = models.PositiveIntegerField(_("regel"))
    article_number = models.BigIntegerField(_("artikelnummer"))
    description = models.CharField(_("omschrijving"), max_length=500, blank=True)
    # Up to 6 places holds every POS quantity (weighed articles use 3); `quantity_places`
    # keeps how many the POS used, to show 0.750 kg rather than 0.750000.
    quantity = models.DecimalField(_("aantal"), max_digits=20, decimal_places=6)
    quantity_places = models.PositiveSmallIntegerField(default=0)
    unit_price_cents = models.BigIntegerField(_("stukprijs (cent)"), **MONEY)
    discount_cents = models.BigIntegerField(_("korting (cent)"), **MONEY)
    discount_percentage = models.DecimalField(max_digits=7, decimal_places=2, **MONEY)
    total_incl_cents = models.BigIntegerField(_("totaal incl. btw (cent)"), **MONEY)
    total_excl_cents = models.BigIntegerField(_("totaal excl. btw (cent)"), **MONEY)
    vat_percentage = models.DecimalField(_("btw %"), max_digits=7, decimal_places=2, **MONEY)
    vat_code = models.IntegerField(_("btw-code"), null=True, blank=True)
    line_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("bonregel")
        verbose_name_plural = _("bonregels")
        ordering = ["receipt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["receipt", "position"], name="unique_line_position")
        ]
        indexes = [models.Index(fields=["article_number", "receipt"], name="line_article")]

    def __str__(self) -> str:
        return f"{self.pos_quantity} × {self.description or self.article_number}"

    @property
    def pos_quantity(self) -> Decimal:
        return self.quantity.quantize(Decimal(1).scaleb(-self.quantity_places))


class ReceiptPayment(models.Model):
    receipt = models.ForeignKey(
        Receipt, on_delete=models.CASCADE, related_name="payments", **CHILD_OF_RECEIPT
    )
    position = models.PositiveIntegerField()
    method = models.CharField(_("betaalwijze"), max_length=100)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    method_type = models.CharField(max_length=100, blank=True)
    amount_cents = models.BigIntegerField(_("bedrag (cent)"))

    class Meta:
        verbose_name = _("betaling")
        verbose_name_plural = _("betalingen")
        ordering = ["receipt", "position"]
        indexes = [models.Index(fields=["method", "receipt"], name="payment_method")]

    def __str__(self) -> str:
        return f"{self.method} {self.amount_cents}"


class ReceiptVatGroup(models.Model):
    """The POS's VAT breakdown of a receipt; incl is the POS's excl plus its VAT."""

    receipt = models.ForeignKey(
        Receipt, on_delete=models.CASCADE, related_name="vat_groups", **CHILD_OF_RECEIPT
    )
    vat_code = models.IntegerField(_("btw-code"))
    percentage = models.DecimalField(_("btw %"), max_digits=7, decimal_places=2)
    amount_excl_cents = models.BigIntegerField(_("excl. btw (cent)"), **MONEY)
    amount_vat_cents = models.BigIntegerField(_("btw (cent)"), **MONEY)
    amount_incl_cents = models.BigIntegerField(_("incl. btw (cent)"), **MONEY)

    class Meta:
        verbose_name = _("btw-groep")
        verbose_name_plural = _("btw-groepen")
        ordering = ["receipt", "percentage"]

    def __str__(self) -> str:
        return f"{self.percentage}%"
