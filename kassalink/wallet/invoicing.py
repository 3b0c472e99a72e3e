"""Self-service invoices from the wallet: the customer's company details, an invoice from
the shop for one of their receipts (the invoices app issues it under the shop's
numbering), and which invoice a wallet receipt may link to.

Isolation: everything here starts from a `WalletEntry` fetched with `access_entry`, so a
customer only reaches invoices of their own receipts; an invoice the shop made that also
covers a receipt in someone else's wallet is not shown (it would show that receipt)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kassalink.invoices.actions import BuyerDetails, checked_kvk, checked_vat_id
from kassalink.invoices.actions import invoice_for_customer as issue_for_customer
from kassalink.invoices.content import InvoiceError
from kassalink.invoices.models import Invoice
from kassalink.invoices.simplified import LIMIT_CENTS
from kassalink.receipts.models import Receipt

from .models import Customer, CustomerCompany, WalletEntry

COMPANY_FIELDS = ["name", "street", "postcode", "city", "country", "vat_id", "kvk", "email"]


def _checked(check, value: str, field: str) -> str:
    """The invoices app's own check (python-stdnum for the VAT id), as a form error."""
    try:
        return check(value, field)
    except InvoiceError as error:
        raise forms.ValidationError(error.message) from None


class CompanyForm(forms.ModelForm):
    class Meta:
        model = CustomerCompany
        fields = COMPANY_FIELDS

    def clean_name(self) -> str:
        value = self.cleaned_data["name"].strip()
        if not value:
            raise forms.ValidationError(_("Vul de bedrijfsnaam in."))
        return value

    def clean_country(self) -> str:
        value = self.cleaned_data["country"].strip()
        if len(value) != 2 or not value.isalpha():
            raise forms.ValidationError(_("Gebruik een landcode van twee letters, zoals NL."))
        return value.upper()

    def clean_vat_id(self) -> str:
        return _checked(checked_vat_id, self.cleaned_data["vat_id"].strip(), "vat_id")

    def clean_kvk(self) -> str:
        return _checked(checked_kvk, self.cleaned_data["kvk"].strip(), "kvk")


def company_of(customer: Customer) -> CustomerCompany | None:
    return CustomerCompany.objects.filter(customer=customer).first()


def visible_invoice(entry: WalletEntry) -> Invoice | None:
    """The shop's invoice (or credit note) of this wallet receipt, however it was issued
    (from the wallet or the dashboard); None when there is none or it also covers a
    receipt in another customer's wallet."""
    link = getattr(entry.receipt, "invoice_link", None)
    if link is None:
        return None
    invoice = link.invoice
    others = WalletEntry.objects.filter(receipt__invoice_link__invoice=invoice).exclude(
        customer_id=entry.customer_id
    )
    return None if others.exists() else invoice


def can_request_invoice(entry: WalletEntry) -> bool:
    return entry.receipt.receipt_type == Receipt.Type.RECEIPT


def can_simplify(entry: WalletEntry) -> bool:
    """A sale of € 100 or less can be downloaded as a simplified invoice."""
    receipt = entry.receipt
    return receipt.receipt_type == Receipt.Type.RECEIPT and abs(receipt.total_incl_cents) <= (
        LIMIT_CENTS
    )


def do_request_invoice(entry: WalletEntry, language: str) -> Invoice:
    """The shop's invoice for this receipt to the customer's company; asking again gives
    the same invoice. InvoiceError (naming the field) when it cannot be made."""
    company = company_of(entry.customer)
    if company is None:
        raise InvoiceError("company", gettext("Vul eerst uw bedrijfsgegevens in."))
    details = BuyerDetails(**{name: getattr(company, name) for name in COMPANY_FIELDS})
    return issue_for_customer(entry.receipt, details, language=language)
