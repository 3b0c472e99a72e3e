"""Receipt PDFs, typeset in-process by Typst.

A Typst template reads one JSON document (`sys.inputs.data`) and lays it out; every text
reaches the PDF as a Typst string, never as markup, so nothing on a receipt can inject
layout. The compiler of each template and the fonts are made once per process: a receipt
then takes a few milliseconds instead of the hundreds an HTML-to-PDF road spends on
starting up. `TypstTemplate` is the one way this project makes PDFs (invoices use it too).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import typst
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from .models import Receipt

TEMPLATES = Path(__file__).resolve().parent / "templates" / "receipts"
LANGUAGES = ("nl", "en")


@functools.cache
def typst_fonts() -> typst.Fonts:
    """Typst's own embedded fonts only, read once: the same PDF on every machine, whatever
    fonts the system has."""
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True)


class TypstTemplate:
    """One `.typ` file, compiled in-process with its compiler kept between documents."""

    def __init__(self, path: Path, root: Path | None = None) -> None:
        self.path = path
        self.root = root or path.parent
        self._compiler: typst.Compiler | None = None
        # A Typst compiler is one mutable world (its inputs, its caches): one document at
        # a time per template, however many threads serve requests.
        self._lock = threading.Lock()

    def pdf(
        self,
        data: dict[str, Any],
        *,
        standard: str | None = None,
        timestamp: dt.datetime | None = None,
    ) -> bytes:
        """The PDF of `data`; `standard` is a Typst PDF standard such as "a-3b"."""
        inputs = {"data": json.dumps(data, ensure_ascii=False)}
        with self._lock:
            if self._compiler is None:
                self._compiler = typst.Compiler(
                    self.path, root=self.root, font_paths=typst_fonts(), ignore_system_fonts=True
                )
            return self._compiler.compile(
                format="pdf",
                sys_inputs=inputs,
                pdf_standards=[standard] if standard else [],
                timestamp=timestamp,
            )


RECEIPT_TEMPLATE = TypstTemplate(TEMPLATES / "receipt.typ")


def receipt_pdf(receipt: Receipt, language: str = "nl") -> bytes:
    """The receipt as a PDF the width of a till roll, in Dutch or English."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    with translation.override(language):
        data = receipt_document(receipt, language)
    return RECEIPT_TEMPLATE.pdf(data, timestamp=receipt.entry_at or receipt.changed_at)


def receipt_document(receipt: Receipt, language: str) -> dict[str, Any]:
    """Everything the template prints, as text already formatted for `language`."""
    credit = receipt.receipt_type == Receipt.Type.CREDIT
    original = receipt.credited_receipt if credit else None
    return {
        "lang": language,
        "shop": receipt.organization.name,
        "title": _("Creditbon") if credit else _("Kassabon"),
        "facts": [
            [_("Bonnummer"), receipt.display_number],
            [_("Datum"), local_datetime(receipt.entry_at)],
            [_("Filiaal"), str(receipt.branch_number)],
            [_("Werkplek"), str(receipt.workplace_number)],
            [_("Medewerker"), receipt.employee_name or str(receipt.employee_number)],
            *([[_("Retour van bon"), original.display_number]] if original else []),
        ],
        "lines": [_line(line, language) for line in receipt.lines.all()],
        "total_label": _("Totaal"),
        "total": amount(receipt.total_incl_cents, language),
        "vat_heading": [_("Btw"), _("Excl."), _("Btw-bedrag"), _("Incl.")],
        "vat": [
            [
                f"{percentage(group.percentage, language)} %",
                amount(group.amount_excl_cents, language),
                amount(group.amount_vat_cents, language),
                amount(group.amount_incl_cents, language),
            ]
            for group in receipt.vat_groups.all()
        ],
        "payments_label": _("Betaald"),
        "payments": [
            [payment.description or payment.method, amount(payment.amount_cents, language)]
            for payment in receipt.payments.all()
        ],
        "transaction": [_("Transactie-ID"), receipt.transaction_string],
        "thanks": _("Bedankt voor uw aankoop"),
    }


def _line(line: Any, language: str) -> dict[str, str]:
    quantity = line.pos_quantity
    return {
        "description": line.description or str(line.article_number),
        "quantity": decimal_text(quantity, language),
        "unit_price": amount(line.unit_price_cents, language),
        "total": amount(line.total_incl_cents, language),
        "discount": amount(-line.discount_cents, language) if line.discount_cents else "",
    }


def amount(cents: int | None, language: str) -> str:
    """1234567 → "12.345,67" (nl) or "12,345.67" (en), from integer cents without a float."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    thousands, decimal = (".", ",") if language == "nl" else (",", ".")
    grouped = f"{euros:,}".replace(",", thousands)
    return f"{sign}{grouped}{decimal}{rest:02d}"


def decimal_text(value: Decimal, language: str) -> str:
    """A quantity as the POS gave it: 2, 0,750 (nl) or 0.750 (en)."""
    text = str(value)
    return text.replace(".", ",") if language == "nl" else text


def percentage(value: Decimal, language: str) -> str:
    """9.00 → "9", 5.50 → "5,5": VAT rates as people write them."""
    whole = value == value.to_integral()
    return decimal_text(value.quantize(Decimal(1)) if whole else value.normalize(), language)


def local_datetime(value: dt.datetime | None) -> str:
    """In Amsterdam time: "1 dec 2026 16:51" (nl), "1 Dec 2026 16:51" (en)."""
    if value is None:
        return ""
    month = "b" if translation.get_language() == "nl" else "M"  # Dutch months are lower case
    return dateformat.format(timezone.localtime(value), f"j {month} Y H:i")
