"""What an invoice says, taken from its receipts: lines, VAT per rate, payments, period.

VAT per rate is the sum of the receipts' own VAT groups (the till's amounts), never
recomputed. EN 16931 wants each rate's taxable amount to equal the sum of its line net
amounts; the till rounds per line and per group, so a rate's lines may differ from its
group by a cent or two. That difference is put on the rate's largest line, so the lines
add up to the till's figures instead of the other way round.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kassalink.receipts.models import Receipt

from .models import Buyer, InvoiceSettings


class InvoiceError(ValueError):
    """An invoice that cannot be made as asked; `field` names what to change."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def seller_content(settings: InvoiceSettings) -> dict[str, Any]:
    fields = ["legal_name", "street", "postcode", "city", "country", "kvk", "vat_id", "iban"]
    return {
        **{name: getattr(settings, name) for name in fields},
        "email": settings.email,
        "phone": settings.phone,
        "payment_terms": settings.payment_terms,
    }


def buyer_content(buyer: Buyer) -> dict[str, Any]:
    fields = ["name", "street", "postcode", "city", "country", "vat_id", "kvk", "email"]
    return {name: getattr(buyer, name) for name in fields}


def vat_category(percentage: Decimal) -> str:
    """UNCL 5305: S standard (any rate above 0 in NL), Z zero rated."""
    return "S" if percentage > 0 else "Z"


def payment_means_code(method: str, method_type: str) -> str:
    """UNTDID 4461 for a till's payment method: 10 cash, 54 credit card, 48 bank card,
    68 online payment service, ZZZ anything else (gift cards, vouchers)."""
    name = method.upper()
    if "CONTANT" in name or "CASH" in name:
        return "10"
    if "CREDIT" in name:
        return "54"
    if "IDEAL" in name:
        return "68"
    if method_type.endswith("EFT") or name in {"PIN", "MAESTRO", "VPAY", "DEBIT"}:
        return "48"
    return "ZZZ"


def receipts_content(receipts: list[Receipt], sign: int) -> dict[str, Any]:
    """Lines, VAT breakdown, payments and period of `receipts`; `sign` -1 turns a credit
    receipt's negative amounts into a credit note's positive ones."""
    lines: list[dict[str, Any]] = []
    vat: dict[Decimal, list[int]] = defaultdict(lambda: [0, 0])
    payments: dict[tuple[str, str], list] = {}
    for receipt in receipts:
        groups = _vat_groups(receipt)
        lines += _lines(receipt, groups, sign)
        for percentage, (taxable, amount) in groups.items():
            vat[percentage][0] += sign * taxable
            vat[percentage][1] += sign * amount
        for payment in receipt.payments.all():
            key = (payment.method, payment.description or payment.method)
            entry = payments.setdefault(
                key, [payment_means_code(payment.method, payment.method_type), 0]
            )
            entry[1] += sign * payment.amount_cents
    dates = sorted(r.entry_at for r in receipts if r.entry_at)
    return {
        "receipts": [
            {
                "id": r.pk,
                "number": r.display_number,
                "transaction": r.transaction_string,
                "date": r.entry_at.date().isoformat() if r.entry_at else "",
            }
            for r in receipts
        ],
        "lines": lines,
        "vat": [
            {
                "percentage": str(percentage),
                "category": vat_category(percentage),
                "taxable_cents": taxable,
                "vat_cents": amount,
            }
            for percentage, (taxable, amount) in sorted(vat.items())
        ],
        "payments": [
            {"method": method, "description": text, "means_code": code, "amount_cents": cents}
            for (method, text), (code, cents) in payments.items()
        ],
        "period": [dates[0].isoformat(), dates[-1].isoformat()] if dates else [],
    }


def _vat_groups(receipt: Receipt) -> dict[Decimal, tuple[int, int]]:
    groups: dict[Decimal, tuple[int, int]] = {}
    for group in receipt.vat_groups.all():
        if group.amount_excl_cents is None or group.amount_vat_cents is None:
            raise InvoiceError(
                "receipts",
                _("Bon %s heeft geen btw-bedragen van de kassa.") % receipt.display_number,
            )
        taxable, amount = groups.get(group.percentage, (0, 0))
        groups[group.percentage] = (
            taxable + group.amount_excl_cents,
            amount + group.amount_vat_cents,
        )
    return groups


def _lines(
    receipt: Receipt, groups: dict[Decimal, tuple[int, int]], sign: int
) -> list[dict[str, Any]]:
    ordered: list[dict[str, Any]] = []
    by_rate: dict[Decimal, list[dict[str, Any]]] = defaultdict(list)
    for line in receipt.lines.all():
        if line.vat_percentage is None or line.total_excl_cents is None:
            raise InvoiceError(
                "receipts",
                _("Bon %s heeft een regel zonder btw-gegevens.") % receipt.display_number,
            )
        entry = {
            "receipt": receipt.display_number,
            "article": str(line.article_number),
            "description": line.description or str(line.article_number),
            "quantity": str(sign * line.pos_quantity),
            "net_cents": sign * line.total_excl_cents,
            "vat_percentage": str(line.vat_percentage),
            "vat_category": vat_category(line.vat_percentage),
        }
        ordered.append(entry)
        by_rate[line.vat_percentage].append(entry)
    if set(by_rate) != set(groups):
        raise InvoiceError(
            "receipts",
            _("De btw-tarieven van bon %s kloppen niet met zijn regels.") % receipt.display_number,
        )
    for percentage, rate_lines in by_rate.items():
        difference = sign * groups[percentage][0] - sum(line["net_cents"] for line in rate_lines)
        largest = max(rate_lines, key=lambda line: abs(line["net_cents"]))
        largest["net_cents"] += difference
    return ordered
