"""Receipts built the way MplusClient returns them, for the receipts and insights tests."""

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from kassalink.mplus.types import (
    Line,
    Payment,
    Receipt,
    ReceiptState,
    ReceiptType,
    VatGroup,
    VatMethod,
)

AMS = ZoneInfo("Europe/Amsterdam")


def bread(quantity: str = "1", price: int = 395) -> Line:
    """A loaf at 9 % VAT; `price` incl. VAT in cents."""
    amount = int(Decimal(quantity) * price)
    excl = round(amount * 100 / 109)
    return Line(
        article_number=1001,
        description="Volkorenbrood",
        quantity=Decimal(quantity),
        price_cents=price,
        price_excl_cents=round(price * 100 / 109),
        total_incl_cents=amount,
        total_excl_cents=excl,
        vat_code=2,
        vat_percentage=Decimal("9.00"),
    )


def cheese(quantity: str = "0.750") -> Line:
    """Weighed cheese, € 18.40 per kg."""
    amount = int(Decimal(quantity) * 1840)
    excl = round(amount * 100 / 109)
    return Line(
        article_number=2002,
        description="Oude kaas",
        quantity=Decimal(quantity),
        price_cents=1840,
        price_excl_cents=1688,
        total_incl_cents=amount,
        total_excl_cents=excl,
        vat_code=2,
        vat_percentage=Decimal("9.00"),
    )


def sale(
    at: dt.datetime,
    lines: tuple[Line, ...] = (),
    *,
    receipt_id: str | None = None,
    marker: int = 1,
    branch: int = 1,
    credits: str | None = None,
    order_id: str | None = None,
    financial_date: dt.date | None = None,
    **changes,
) -> Receipt:
    """A paid receipt (or, with `credits`, a credit receipt returning that receipt)."""
    lines = lines or (bread(), cheese())
    incl = sum(line.total_incl_cents for line in lines)
    excl = sum(line.total_excl_cents for line in lines)
    values = {
        "receipt_id": receipt_id or str(uuid.uuid4()),
        "transaction_string": f"T-{marker}",
        "sync_marker": marker,
        "receipt_number": (branch, 1, at.year, marker),
        "receipt_type": ReceiptType.CREDIT_RECEIPT if credits else ReceiptType.RECEIPT,
        "state": ReceiptState.PAID,
        "vat_method": VatMethod.INCLUSIVE,
        "employee_number": 7,
        "employee_name": "Sanne de Vries",
        "entry_timestamp": at,
        "relation_number": None,
        "financial_date": financial_date or at.astimezone(AMS).date(),
        "branch_number": branch,
        "workplace_number": 1,
        "total_incl_cents": incl,
        "total_excl_cents": excl,
        "paid_cents": incl,
        "lines": lines,
        "payments": (Payment(method="PIN", amount_cents=incl, description="Pinpas"),),
        "vat_groups": (VatGroup(2, Decimal("9.00"), excl, incl - excl),),
        "credited_receipt_id": credits,
        "order_ids": (order_id,) if order_id else (),
    }
    values.update(changes)
    return Receipt(**values)


def credit(original: Receipt, at: dt.datetime, marker: int) -> Receipt:
    """Everything of `original` returned: negative quantities and amounts."""
    returned = tuple(
        Line(
            article_number=line.article_number,
            description=line.description,
            quantity=-line.quantity,
            price_cents=line.price_cents,
            price_excl_cents=line.price_excl_cents,
            total_incl_cents=-line.total_incl_cents,
            total_excl_cents=-line.total_excl_cents,
            vat_code=line.vat_code,
            vat_percentage=line.vat_percentage,
        )
        for line in original.lines
    )
    return sale(
        at, returned, marker=marker, credits=original.receipt_id, branch=original.branch_number
    )
