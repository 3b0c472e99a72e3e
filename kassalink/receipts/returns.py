"""What a customer has returned of a receipt, and what can still be returned, per line.

Credit receipts return articles with negative quantities and name the receipt they
return. The POS does not say which line a return belongs to, so returns of an article
are set against that article's lines in receipt order: what a person at the counter
would do too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from .models import Receipt, ReceiptLine


@dataclass(frozen=True)
class LineReturns:
    line: ReceiptLine
    returned: Decimal
    returnable: Decimal


def line_returns(receipt: Receipt) -> list[LineReturns]:
    """Every line of `receipt` with how much of it came back and how much still can."""
    returned: dict[int, Decimal] = defaultdict(Decimal)
    credit_lines = ReceiptLine.objects.filter(
        receipt__credited_receipt=receipt, receipt__receipt_type=Receipt.Type.CREDIT
    )
    for article, quantity in credit_lines.values_list("article_number", "quantity"):
        returned[article] += -quantity
    result = []
    for line in receipt.lines.all():
        sold = max(line.quantity, Decimal(0))
        taken = min(sold, max(returned[line.article_number], Decimal(0)))
        returned[line.article_number] -= taken
        places = Decimal(1).scaleb(-line.quantity_places)
        result.append(LineReturns(line, taken.quantize(places), (sold - taken).quantize(places)))
    return result
