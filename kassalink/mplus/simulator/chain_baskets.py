"""Basket templates of the chain history: a few thousand baskets drawn once from the
seed, each with its totals and VAT groups worked out by money.py and its XML written by
receipt_xml with holes for what differs per receipt (line ids, cashier, cost center).

A history receipt is a template plus arithmetic, so 30 million receipts need no storage
and each costs a string format instead of a run of the till's arithmetic.
"""

import functools
import random
from dataclasses import dataclass, replace

from .money import make_line, vat_groups
from .receipt_xml import line_xml, vat_groups_xml
from .records import Line, VatGroup
from .sales import draw_basket

BASKETS = 2048  # a power of two: a template is picked by the low bits of a hash
SUB_LINE = 16  # line i of a receipt has id stem + hex(SUB_LINE + i) (see chain.py)
# Stand-ins written into the XML, filled per receipt; none can occur in real text.
_STEM, _EMPLOYEE, _COST_CENTER = "\x01", "\x02", "\x03"
EMPLOYEE, COST_CENTER = _EMPLOYEE.encode(), _COST_CENTER.encode()


@dataclass(frozen=True)
class Basket:
    """Lines (ids, cashier and cost center left blank), their VAT groups and totals, and
    the receipt's and order's XML that depend on nothing else."""

    lines: tuple[Line, ...]
    groups: tuple[VatGroup, ...]
    total_incl: int
    total_excl: int
    # The <line> elements cut at the receipt's id stem, with EMPLOYEE and COST_CENTER
    # standing in for the cashier and the branch's cost center: b"stem".join(...).
    line_pieces: tuple[bytes, ...]
    receipt_totals: bytes  # <totalInclAmount> through <state>
    order_totals: bytes  # <totalInclAmount> through <completeState>


def make_basket(lines: list[Line]) -> Basket:
    groups = vat_groups(lines)
    total_incl = sum(line.total_incl for line in lines)
    total_excl = sum(g.excl_amount for g in groups)
    holed = "".join(
        line_xml(
            replace(
                line,
                line_id=f"{_STEM}{SUB_LINE + i:02x}",
                employee_number=_EMPLOYEE,  # type: ignore[arg-type]
                cost_center=_COST_CENTER,
            )
        )
        for i, line in enumerate(lines)
    ).encode()
    amounts = (
        f"<totalInclAmount>{total_incl}</totalInclAmount>"
        f"<totalExclAmount>{total_excl}</totalExclAmount>"
        "<vatMethod>VAT-METHOD-INCLUSIVE</vatMethod>"
        f"<vatGroupList>{vat_groups_xml(groups)}</vatGroupList><changeCounter>0</changeCounter>"
    )
    return Basket(
        lines=tuple(lines),
        groups=groups,
        total_incl=total_incl,
        total_excl=total_excl,
        line_pieces=tuple(holed.split(_STEM.encode())),
        receipt_totals=(
            f"{amounts}<versionNumber>1</versionNumber>"
            f"<paidAmount>{total_incl}</paidAmount><state>RECEIPT-STATE-PAID</state>"
        ).encode(),
        order_totals=(
            f"{amounts}<prepaidAmount>{total_incl}</prepaidAmount><fullyPaid>true</fullyPaid>"
            "<deliveryState>ORDER-DELIVERY-STATE-COMPLETE</deliveryState>"
            "<cancelState>ORDER-CANCEL-STATE-NOTHING</cancelState>"
            "<completeState>ORDER-COMPLETE-STATE-COMPLETE</completeState>"
        ).encode(),
    )


@functools.lru_cache(maxsize=4)
def sale_baskets(seed: int) -> tuple[Basket, ...]:
    """The seed's basket templates (a few MB, shared by every history of that seed)."""
    rng = random.Random(f"{seed}:chain-baskets")
    return tuple(make_basket(draw_basket(rng, 0, "", str)) for _ in range(BASKETS))


@functools.lru_cache(maxsize=8192)
def credit_basket(seed: int, index: int, returned_line: int | None) -> Basket:
    """The return of basket `index`: all its lines, or only `returned_line`."""
    sold = sale_baskets(seed)[index].lines
    picked = sold if returned_line is None else (sold[returned_line],)
    return make_basket(
        [
            make_line("", 0, line.article, -line.quantity, line.discount_percentage, "")
            for line in picked
        ]
    )
