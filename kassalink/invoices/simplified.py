"""A simplified invoice (vereenvoudigde factuur, art. 35a lid 5 Wet OB) for a receipt of
€ 100 or less: the receipt itself with the shop's legal name and VAT id, the date, what
was sold and the VAT per rate. It needs no buyer and no invoice number of its own (the
receipt number identifies it), so it is made on request and never stored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from kassalink.receipts.models import Receipt
from kassalink.receipts.render import LANGUAGES, amount, decimal_text, percentage

from .content import InvoiceError
from .models import InvoiceSettings
from .render import address_lines, local_date, typeset

LIMIT_CENTS = 100_00


def simplified_invoice_pdf(receipt: Receipt, language: str = "nl") -> bytes:
    """The simplified invoice of a receipt; InvoiceError when the receipt is over € 100,
    not a paid sale, or the shop's invoice details are missing."""
    if language not in LANGUAGES:
        raise InvoiceError("language", _("Kies nl of en."))
    if receipt.receipt_type != Receipt.Type.RECEIPT or abs(receipt.total_incl_cents) > LIMIT_CENTS:
        raise InvoiceError(
            "receipt", _("Een vereenvoudigde factuur kan alleen voor een bon tot € 100.")
        )
    settings = InvoiceSettings.objects.filter(organization_id=receipt.organization_id).first()
    if settings is None or not (settings.legal_name and settings.vat_id):
        raise InvoiceError("invoice_settings", _("De winkel heeft nog geen factuurgegevens."))
    with translation.override(language):
        data = _document(receipt, settings, language)
    created = receipt.entry_at or dt.datetime.now(tz=dt.UTC)
    return typeset(data, timestamp=created)


def _document(receipt: Receipt, settings: InvoiceSettings, language: str) -> dict:
    seller = {f: getattr(settings, f) for f in ("street", "postcode", "city", "country", "kvk")}
    seller["vat_id"] = settings.vat_id
    lines = [
        [
            receipt.display_number,
            line.description or str(line.article_number),
            decimal_text(line.pos_quantity, language),
            amount(line.unit_price_cents, language),
            f"{percentage(line.vat_percentage or Decimal(0), language)} %",
            amount(line.total_incl_cents, language),
        ]
        for line in receipt.lines.all()
    ]
    heading = [_("Bon"), _("Omschrijving"), _("Aantal"), _("Prijs"), _("Btw")]
    heading.append(_("Bedrag incl."))
    return {
        "lang": language,
        "title": _("Vereenvoudigde factuur"),
        "number": receipt.display_number,
        "logo": list(bytes(settings.logo)) if settings.logo else None,
        "seller": {"name": settings.legal_name, "lines": address_lines(seller)},
        "buyer": None,
        "buyer_label": "",
        "facts": [
            [_("Bonnummer"), receipt.display_number],
            [_("Datum"), local_date(receipt.entry_at.date()) if receipt.entry_at else ""],
        ],
        "line_heading": heading,
        "lines": lines,
        "vat_heading": [_("Btw-tarief"), _("Grondslag"), _("Btw"), ""],
        "vat": [
            [
                f"{percentage(g.percentage, language)} %",
                amount(g.amount_excl_cents, language),
                amount(g.amount_vat_cents, language),
                "",
            ]
            for g in receipt.vat_groups.all()
        ],
        "totals": [],
        "grand": [_("Totaal incl. btw") + " (EUR)", amount(receipt.total_incl_cents, language)],
        "paid": [
            [_("Betaald: %s") % (p.description or p.method), amount(p.amount_cents, language)]
            for p in receipt.payments.all()
        ],
        "notes": [receipt.transaction_string],
        "footer": settings.legal_name,
    }
