"""The invoice PDF: typeset by Typst in-process as PDF/A-3b, with the Factur-X XML
(EN 16931) embedded by the factur-x package, which also writes the XMP metadata a
Factur-X reader looks for. The XML is checked against the schema in the tests (and by
the schematron there), not on every PDF: it is built the same way each time.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

import facturx
import typst
from django.utils import dateformat, translation
from django.utils.translation import gettext as _

from kassalink.receipts.render import LANGUAGES, TypstTemplate, amount, percentage

from .cii import cii_xml, unit_price
from .models import Invoice, InvoiceSettings

# factur-x logs every PDF it writes at INFO; one line per invoice is noise in a shop's logs.
logging.getLogger("factur-x").setLevel(logging.WARNING)
log = logging.getLogger(__name__)

TEMPLATE = TypstTemplate(Path(__file__).resolve().parent / "templates" / "invoices" / "invoice.typ")


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as PDF/A-3b with its Factur-X XML attached (factur-x.xml)."""
    language = invoice.language if invoice.language in LANGUAGES else "nl"
    with translation.override(language):
        data = invoice_document(invoice, language)
    created = dt.datetime.combine(invoice.issue_date, dt.time(12), tzinfo=dt.UTC)
    pdf = typeset(data, standard="a-3b", timestamp=created)
    return facturx.generate_from_binary(
        pdf,
        cii_xml(invoice),
        flavor="factur-x",
        level="en16931",
        check_xsd=False,
        pdf_metadata={
            "author": invoice.content["seller"]["legal_name"],
            "keywords": "Factur-X",
            "title": f"{data['title']} {invoice.number}",
            "subject": f"{data['title']} {invoice.number}",
        },
        lang="nl-NL" if language == "nl" else "en-GB",
    )


def typeset(data: dict[str, Any], **options: Any) -> bytes:
    """The invoice template's PDF of `data`; a logo Typst cannot decode must not stop an
    invoice, so it is left out (and logged) rather than failing the download."""
    try:
        return TEMPLATE.pdf(data, **options)
    except typst.TypstError:
        if data["logo"] is None:
            raise
        log.warning(
            "%s %s: the shop's logo cannot be read; left out", data["title"], data["number"]
        )
        return TEMPLATE.pdf({**data, "logo": None}, **options)


def local_date(value: str | dt.date) -> str:
    day = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return dateformat.format(day, "j b Y" if translation.get_language() == "nl" else "j M Y")


def address_lines(party: dict[str, Any]) -> list[str]:
    lines = [party.get("street", ""), f"{party.get('postcode', '')}  {party.get('city', '')}"]
    if party.get("country") and party["country"] != "NL":
        lines.append(party["country"])
    if party.get("kvk"):
        lines.append(f"{_('KvK')} {party['kvk']}")
    if party.get("vat_id"):
        lines.append(f"{_('Btw-id')} {party['vat_id']}")
    return [line for line in lines if line.strip()]


def _logo(invoice: Invoice) -> list[int] | None:
    settings = InvoiceSettings.objects.filter(organization_id=invoice.organization_id).first()
    if settings is None or not settings.logo:
        return None
    return list(bytes(settings.logo))


def invoice_document(invoice: Invoice, language: str) -> dict[str, Any]:
    """Everything the template prints, formatted for `language`."""
    c = invoice.content
    credit = invoice.type_code == Invoice.TypeCode.CREDIT_NOTE
    seller = c["seller"]
    facts = [
        [_("Factuurnummer"), invoice.number],
        [_("Factuurdatum"), local_date(invoice.issue_date)],
    ]
    if c["period"]:
        start, end = local_date(c["period"][0]), local_date(c["period"][-1])
        facts.append([_("Leverdatum"), start if start == end else f"{start} – {end}"])
    if invoice.reference:
        facts.append([_("Uw referentie"), invoice.reference])
    if credit:
        facts.append([_("Creditering van factuur"), c["credited"]["number"]])
    lines = []
    for line in c["lines"]:
        quantity, price = unit_price(line)
        lines.append(
            [
                line["receipt"],
                line["description"],
                quantity.replace(".", ",") if language == "nl" else quantity,
                _price(price, language),
                f"{percentage(Decimal(line['vat_percentage']), language)} %",
                amount(line["net_cents"], language),
            ]
        )
    return {
        "lang": language,
        "title": _("Creditnota") if credit else _("Factuur"),
        "number": invoice.number,
        "logo": _logo(invoice),
        "seller": {"name": seller["legal_name"], "lines": address_lines(seller)},
        "buyer": {"name": c["buyer"]["name"], "lines": address_lines(c["buyer"])},
        "buyer_label": _("Aan"),
        "facts": facts,
        "line_heading": [
            _("Bon"),
            _("Omschrijving"),
            _("Aantal"),
            _("Prijs excl."),
            _("Btw"),
            _("Bedrag excl."),
        ],
        "lines": lines,
        "vat_heading": [_("Btw-tarief"), _("Grondslag"), _("Btw"), ""],
        "vat": [
            [
                f"{percentage(Decimal(g['percentage']), language)} %",
                amount(g["taxable_cents"], language),
                amount(g["vat_cents"], language),
                "",
            ]
            for g in c["vat"]
        ],
        "totals": [
            [_("Totaal excl. btw"), amount(invoice.net_cents, language)],
            [_("Totaal btw"), amount(invoice.vat_cents, language)],
        ],
        "grand": [_("Totaal incl. btw") + " (EUR)", amount(invoice.gross_cents, language)],
        "paid": [
            [_("Betaald: %s") % p["description"], amount(p["amount_cents"], language)]
            for p in c["payments"]
        ]
        + [[_("Te betalen"), amount(0, language)]],
        "notes": [
            seller.get("payment_terms", ""),
            _("Kassabon(nen): %s") % ", ".join(r["number"] for r in c["receipts"]),
        ],
        "footer": " · ".join(
            part
            for part in (
                seller["legal_name"],
                seller.get("email", ""),
                seller.get("phone", ""),
                f"IBAN {seller['iban']}" if seller.get("iban") else "",
            )
            if part
        ),
    }


def _price(value: str, language: str) -> str:
    price = Decimal(value)
    text = str(price.quantize(Decimal("0.01")) if price == round(price, 2) else price.normalize())
    return text.replace(".", ",") if language == "nl" else text
