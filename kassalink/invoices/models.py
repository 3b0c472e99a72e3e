"""Invoices issued from receipts: the shop's invoice details, buyers, and the invoices.

An issued invoice is a document: what it said (seller, buyer, lines, VAT per rate,
payments) is kept in `content` exactly as issued, so a later change of the shop's details
or of a buyer never changes an invoice that was sent. Money is integer cents.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import Organization, OrganizationOwned

DEFAULT_NUMBER_FORMAT = "{year}-{seq:05d}"


class InvoiceSettings(models.Model):
    """What every invoice of the shop says about the seller, and its numbering."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="invoice_settings"
    )
    legal_name = models.CharField(_("statutaire naam"), max_length=200, blank=True)
    street = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    country = models.CharField(_("land"), max_length=2, default="NL")
    kvk = models.CharField(_("KvK-nummer"), max_length=20, blank=True)
    vat_id = models.CharField(_("btw-id"), max_length=20, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    payment_terms = models.CharField(
        _("betalingsvoorwaarden"), max_length=300, default="Betaald aan de kassa."
    )
    number_format = models.CharField(
        _("factuurnummer-opmaak"), max_length=50, default=DEFAULT_NUMBER_FORMAT
    )
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=True)
    logo_type = models.CharField(max_length=10, blank=True)  # png, jpg or svg
    # The last invoice number used; raised in the same transaction as the invoice it
    # numbers, so a rolled-back invoice leaves no gap (see numbering.py).
    last_sequence = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("factuurgegevens")
        verbose_name_plural = _("factuurgegevens")

    def __str__(self) -> str:
        return self.legal_name or str(self.organization)

    def missing(self) -> list[str]:
        """The fields an EN 16931 invoice under Dutch law needs and that are still empty."""
        needed = ["legal_name", "street", "postcode", "city", "country", "kvk", "vat_id"]
        return [name for name in needed if not getattr(self, name)]


class CompanyDetails(models.Model):
    """The buyer's fields of an invoice: a shop's known buyer and a wallet customer's own
    company details hold the same ones."""

    name = models.CharField(_("bedrijfsnaam"), max_length=200)
    street = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    country = models.CharField(_("land"), max_length=2, default="NL")
    vat_id = models.CharField(_("btw-id"), max_length=20, blank=True)
    kvk = models.CharField(_("KvK-nummer"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        abstract = True


class Buyer(OrganizationOwned, CompanyDetails):
    """A company the shop invoices; known buyers are picked again next time."""

    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("afnemer")
        verbose_name_plural = _("afnemers")
        ordering = ["name"]
        indexes = [models.Index(fields=["organization", "name"])]

    def __str__(self) -> str:
        return self.name


class Invoice(OrganizationOwned):
    class TypeCode(models.TextChoices):
        INVOICE = "380", _("factuur")
        CREDIT_NOTE = "381", _("creditnota")

    number = models.CharField(_("factuurnummer"), max_length=60)
    sequence = models.PositiveBigIntegerField()
    type_code = models.CharField(_("soort"), max_length=3, choices=TypeCode.choices)
    issue_date = models.DateField(_("factuurdatum"))
    buyer = models.ForeignKey(Buyer, on_delete=models.PROTECT, related_name="invoices")
    reference = models.CharField(_("referentie / inkoopordernummer"), max_length=200, blank=True)
    credited_invoice = models.ForeignKey(
        "self",
        verbose_name=_("gecrediteerde factuur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
    )
    language = models.CharField(max_length=2, default="nl")
    net_cents = models.BigIntegerField(_("totaal excl. btw (cent)"))
    vat_cents = models.BigIntegerField(_("btw (cent)"))
    gross_cents = models.BigIntegerField(_("totaal incl. btw (cent)"))
    # Seller, buyer, lines, VAT breakdown, payments and receipts as issued (see module doc).
    content = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("factuur")
        verbose_name_plural = _("facturen")
        ordering = ["-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "sequence"], name="unique_invoice_sequence"
            ),
            models.UniqueConstraint(
                fields=["organization", "number"], name="unique_invoice_number"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class InvoicedReceipt(models.Model):
    """A receipt covered by an invoice: each receipt at most once, ever."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="receipt_links")
    receipt = models.OneToOneField(
        "receipts.Receipt", on_delete=models.PROTECT, related_name="invoice_link"
    )

    class Meta:
        verbose_name = _("gefactureerde bon")
        verbose_name_plural = _("gefactureerde bonnen")

    def __str__(self) -> str:
        return f"{self.invoice} ← {self.receipt_id}"
