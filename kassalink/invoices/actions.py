"""Issuing invoices: every way in (dashboard, API, wallet, a credit receipt arriving) ends
in `do_issue_invoice`, one transaction that takes the number, stores the invoice and ties
its receipts to it.

A receipt is invoiced at most once: asking again for the same receipts returns the
invoice they already have; a receipt already on another invoice is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.eu import vat as eu_vat

from kassalink.accounts.models import Organization
from kassalink.receipts.models import Receipt
from kassalink.web.ids import is_whole

from .content import InvoiceError, buyer_content, receipts_content, seller_content
from .models import Buyer, Invoice, InvoicedReceipt, InvoiceSettings
from .numbering import take_number


@dataclass(frozen=True)
class BuyerDetails:
    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "NL"
    vat_id: str = ""
    kvk: str = ""
    email: str = ""


def checked_vat_id(value: str, field: str = "vat_id") -> str:
    """An EU VAT id in its compact form ("NL123456789B01"), checked digit by digit."""
    if not value:
        return ""
    try:
        return eu_vat.validate(value)
    except Exception:  # stdnum raises its own ValidationError subclasses
        raise InvoiceError(field, _("Geen geldig btw-identificatienummer.")) from None


def checked_kvk(value: str, field: str = "kvk") -> str:
    if not value:
        return ""
    compact = value.replace(" ", "").replace(".", "")
    if not (is_whole(compact) and len(compact) == 8):  # stdnum has no KvK module; 8 digits
        raise InvoiceError(field, _("Geen geldig KvK-nummer (8 cijfers)."))
    return compact


def find_or_add_buyer(organization: Organization, details: BuyerDetails) -> Buyer:
    """The known buyer with this name and VAT id (or KvK), else a new one."""
    if not details.name.strip():
        raise InvoiceError("buyer.name", _("Vul de bedrijfsnaam in."))
    if len(details.country) != 2 or not details.country.isalpha():
        raise InvoiceError("buyer.country", _("Gebruik een landcode van twee letters, zoals NL."))
    values = {
        "name": details.name.strip(),
        "street": details.street.strip(),
        "postcode": details.postcode.strip(),
        "city": details.city.strip(),
        "country": details.country.upper(),
        "vat_id": checked_vat_id(details.vat_id.strip(), "buyer.vat_id"),
        "kvk": checked_kvk(details.kvk.strip(), "buyer.kvk"),
        "email": details.email.strip(),
    }
    buyer = Buyer.objects.filter(
        organization=organization,
        name__iexact=values["name"],
        vat_id=values["vat_id"],
        kvk=values["kvk"],
    ).first()
    if buyer is None:
        return Buyer.objects.create(organization=organization, **values)
    changed = {k: v for k, v in values.items() if v and getattr(buyer, k) != v}
    if changed:
        Buyer.objects.filter(pk=buyer.pk).update(**changed)
        buyer.refresh_from_db()
    return buyer


def existing_invoice(receipts: Sequence[Receipt]) -> Invoice | None:
    """The invoice that covers exactly these receipts already; InvoiceError if some are on
    another invoice (or only some are invoiced)."""
    links = list(InvoicedReceipt.objects.filter(receipt__in=receipts).select_related("invoice"))
    if not links:
        return None
    invoices = {link.invoice for link in links}
    if len(invoices) == 1 and len(links) == len(receipts):
        (invoice,) = invoices
        if invoice.receipt_links.count() == len(receipts):
            return invoice
    numbers = ", ".join(sorted(invoice.number for invoice in invoices))
    raise InvoiceError("receipts", _("Een of meer bonnen staan al op factuur %s.") % numbers)


def shop_receipts(organization: Organization, receipt_ids: Sequence[int]) -> list[Receipt]:
    """The shop's receipts with these ids, in their order of sale; InvoiceError naming
    `receipts` for an unknown id, another shop's receipt or a receipt of the wrong kind."""
    ids = list(dict.fromkeys(receipt_ids))
    if not ids:
        raise InvoiceError("receipts", _("Kies minstens één bon."))
    receipts = list(
        Receipt.objects.filter(organization=organization, pk__in=ids)
        .prefetch_related("lines", "payments", "vat_groups")
        .order_by("entry_at", "pk")
    )
    if len(receipts) != len(ids):
        missing = sorted(set(ids) - {r.pk for r in receipts})
        raise InvoiceError("receipts", _("Onbekende bon: %s.") % ", ".join(map(str, missing)))
    return receipts


def do_issue_invoice(
    organization: Organization,
    receipt_ids: Sequence[int],
    buyer: Buyer | BuyerDetails,
    *,
    reference: str = "",
    language: str = "nl",
    user: AbstractBaseUser | None = None,
) -> tuple[Invoice, bool]:
    """An invoice (type 380) for these receipts; (invoice, True) when it is new, and the
    existing invoice with False when the receipts were invoiced together before."""
    receipts = shop_receipts(organization, receipt_ids)
    if any(r.receipt_type != Receipt.Type.RECEIPT for r in receipts):
        raise InvoiceError("receipts", _("Alleen kassabonnen kunnen worden gefactureerd."))
    unpaid = (Receipt.State.OUTSTANDING, Receipt.State.PARTLY_PAID)
    if any(r.state in unpaid for r in receipts):
        # The invoice says "paid at the till"; an open receipt would make that untrue.
        raise InvoiceError(
            "receipts", _("Een bon die nog niet betaald is, kan niet op een factuur.")
        )
    found = existing_invoice(receipts)
    if found is not None:
        return found, False
    credits = _stored_credits(receipts)
    if isinstance(buyer, BuyerDetails):
        buyer = find_or_add_buyer(organization, buyer)
    try:
        with transaction.atomic():
            invoice = _store(
                organization,
                receipts,
                buyer,
                Invoice.TypeCode.INVOICE,
                reference=reference,
                language=language,
                user=user,
            )
            # Returns made before the invoice get their credit notes with it, as later
            # ones do when they arrive (credit_notes.py): the books never show the
            # invoice without them.
            for credit in credits:
                do_issue_credit_note(credit)
    except IntegrityError:
        # Someone invoiced (some of) these receipts at the same moment; theirs stands.
        found = existing_invoice(receipts)
        if found is None:
            raise
        return found, False
    return invoice, True


def _stored_credits(receipts: list[Receipt]) -> list[Receipt]:
    """The credit receipts stored for `receipts`, in order of sale; InvoiceError when one
    of the receipts has come back whole (there is nothing left to invoice)."""
    credits = list(
        Receipt.objects.filter(
            credited_receipt__in=receipts, receipt_type=Receipt.Type.CREDIT
        ).order_by("entry_at", "pk")
    )
    returned: dict[int, int] = {}
    for credit in credits:
        # A credit receipt's amounts are negative.
        returned[credit.credited_receipt_id] = (
            returned.get(credit.credited_receipt_id, 0) + credit.total_incl_cents
        )
    for receipt in receipts:
        if receipt.pk in returned and receipt.total_incl_cents + returned[receipt.pk] <= 0:
            message = _("Bon %(number)s is helemaal geretourneerd: er valt niets te factureren.")
            raise InvoiceError("receipts", message % {"number": receipt.display_number})
    return credits


def do_issue_credit_note(credit_receipt: Receipt) -> Invoice | None:
    """The credit note (type 381) for a credit receipt that returns an invoiced receipt,
    referring to that invoice; None if the returned receipt was never invoiced."""
    original = credit_receipt.credited_receipt
    link = getattr(original, "invoice_link", None) if original else None
    if link is None:
        return None
    found = existing_invoice([credit_receipt])
    if found is not None:
        return found
    invoice = link.invoice
    receipts = shop_receipts(credit_receipt.organization, [credit_receipt.pk])
    try:
        return _store(
            credit_receipt.organization,
            receipts,
            invoice.buyer,
            Invoice.TypeCode.CREDIT_NOTE,
            reference=invoice.reference,
            language=invoice.language,
            credited=invoice,
        )
    except IntegrityError:
        return existing_invoice([credit_receipt])


def _store(
    organization: Organization,
    receipts: list[Receipt],
    buyer: Buyer,
    type_code: str,
    *,
    reference: str,
    language: str,
    user: AbstractBaseUser | None = None,
    credited: Invoice | None = None,
) -> Invoice:
    if len(reference) > 200:
        raise InvoiceError("reference", _("Hoogstens 200 tekens."))
    settings = InvoiceSettings.objects.filter(organization=organization).first()
    if settings is None or settings.missing():
        raise InvoiceError(
            "invoice_settings",
            _("Vul eerst de factuurgegevens van de winkel in (naam, adres, KvK, btw-id)."),
        )
    sign = -1 if type_code == Invoice.TypeCode.CREDIT_NOTE else 1
    content: dict[str, Any] = {
        "seller": seller_content(settings),
        "buyer": buyer_content(buyer),
        **receipts_content(receipts, sign),
    }
    if credited is not None:
        content["credited"] = {"number": credited.number, "date": credited.issue_date.isoformat()}
    net = sum(group["taxable_cents"] for group in content["vat"])
    vat = sum(group["vat_cents"] for group in content["vat"])
    issue_date = timezone.localdate()
    with transaction.atomic():
        sequence, number = take_number(organization, issue_date)
        invoice = Invoice.objects.create(
            organization=organization,
            number=number,
            sequence=sequence,
            type_code=type_code,
            issue_date=issue_date,
            buyer=buyer,
            reference=reference,
            credited_invoice=credited,
            language=language,
            net_cents=net,
            vat_cents=vat,
            gross_cents=net + vat,
            content=content,
            created_by=user,
        )
        InvoicedReceipt.objects.bulk_create(
            [InvoicedReceipt(invoice=invoice, receipt=receipt) for receipt in receipts]
        )
    return invoice


def invoice_for_customer(
    receipt: Receipt, company: BuyerDetails, *, language: str = "nl"
) -> Invoice:
    """Self-service from the wallet: the shop's invoice for one of the customer's receipts,
    to the company the customer entered, under the shop's own numbering. The wallet checks
    that the receipt is the customer's; asking twice gives the same invoice."""
    invoice, _created = do_issue_invoice(
        receipt.organization, [receipt.pk], company, language=language
    )
    return invoice
