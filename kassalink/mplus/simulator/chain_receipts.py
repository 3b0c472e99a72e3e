"""The chain history's receipts and orders as XML, and as Receipt records.

`record` builds the live shop's Receipt record from a draw: the obviously right way,
used for filters the layout cannot answer, getReceipts by id and the tests. The writers
write UTF-8 straight from the draw and the basket templates instead, which makes a
history page several times faster to serve; the tests hold them to
receipt_xml.receipt_xml / order_xml of the record, byte for byte. Credit receipts (under
1 %) take the record's road.
"""

from collections.abc import Iterable
from dataclasses import replace

from .catalogue import PAYMENT_METHODS
from .chain import SUB_ORDER, SUB_PAYMENT, SUB_RECEIPT, SUB_SESSION, Block, ChainHistory
from .chain_baskets import COST_CENTER, EMPLOYEE, SUB_LINE, Basket
from .receipt_xml import order_xml, receipt_xml
from .records import Payment, Receipt
from .xml_text import esc

_PAYMENT_TEXT = tuple(
    (esc(kind), esc(description), method_type)
    for kind, description, method_type, _ in PAYMENT_METHODS
)


def record(chain: ChainHistory, block: Block, seq: int) -> Receipt:
    """Receipt `seq` of `block` as the live shop's Receipt record."""
    (marker, stem, second, workplace, number, employee, basket, payments, relation, session,
     credited) = chain.draw(block, seq)  # fmt: skip
    cost_center = block.branch.turnover_cost_center
    lines = tuple(
        replace(
            line,
            line_id=f"{stem}{SUB_LINE + i:02x}",
            employee_number=employee,
            cost_center=cost_center,
        )
        for i, line in enumerate(basket.lines)
    )
    payments = tuple(
        Payment(
            f"{stem}{SUB_PAYMENT + i:02x}",
            PAYMENT_METHODS[method][0],
            PAYMENT_METHODS[method][1],
            amount,
            PAYMENT_METHODS[method][2],
        )
        for i, (method, amount) in enumerate(payments)
    )
    credit = credited >= 0
    return Receipt(
        receipt_id=f"{stem}{SUB_RECEIPT:02x}",
        order_id=f"{stem}{SUB_ORDER:02x}",
        receipt_type="RECEIPT-TYPE-CREDIT-RECEIPT" if credit else "RECEIPT-TYPE-RECEIPT",
        branch_number=block.branch.number,
        workplace_number=workplace,
        employee_number=employee,
        employee_name=chain.employee_name(employee),
        entry=chain.entry(block, second),
        financial_date=block.day,
        total_incl=basket.total_incl,
        total_excl=basket.total_excl,
        vat_groups=basket.groups,
        lines=lines,
        payments=payments,
        credited_receipt_id=(
            chain.make_id(block.key_base | credited, SUB_RECEIPT) if credit else None
        ),
        relation_number=relation,
        reference="Retour" if credit else None,
        webhook_session_id=f"{stem}{SUB_SESSION:02x}" if session else None,
        number=number,
        sync_marker=marker,
        order_number=block.order_base + seq + 1,
    )


def _lines(chain: ChainHistory, block: Block, stem: bytes, employee: int, basket: Basket) -> bytes:
    return (
        stem.join(basket.line_pieces)
        .replace(EMPLOYEE, chain.employee_bytes[employee])
        .replace(COST_CENTER, block.cost_center_bytes)
    )


def receipts_xml(
    chain: ChainHistory,
    entries: Iterable[tuple[Block, int]],
    include_lines: bool,
    include_refs: bool,
) -> list[bytes]:
    """The <receipt> elements of (block, seq) entries, UTF-8: exactly
    receipt_xml(record(...)). Heads are f-strings and lines joined bytes: measured
    several times faster than %-templates (see bench/chain_simulator.py)."""
    draw = chain.draw
    names = chain.names
    out = []
    for block, seq in entries:
        (marker, stem, second, workplace, number, employee, basket, payments, relation, _,
         credited) = draw(block, seq)  # fmt: skip
        if credited >= 0:
            out.append(receipt_xml(record(chain, block, seq), include_lines, include_refs).encode())
            continue
        branch, year = block.branch_text, block.year_text
        minute, sec = divmod(second, 60)
        hour, minute = divmod(minute, 60)
        when = f"<sec>{sec}</sec><min>{minute}</min><hour>{hour}</hour>{block.when_tail}"
        name = names[employee]
        head = (
            f"<receipt><receiptId>{stem}00</receiptId>"
            f"{f'<orderIds><id>{stem}01</id></orderIds>' if include_refs else ''}"
            f"<transactionString>{branch}-{workplace}-{year}-{number:06d}</transactionString>"
            f"<syncMarker>{marker}</syncMarker>"
            f"<receiptNumber><branchNumber>{branch}</branchNumber>"
            f"<workplaceNumber>{workplace}</workplaceNumber>"
            f"<year>{year}</year><number>{number}</number></receiptNumber>"
            f"<receiptBarcode>{block.branch.number:02d}{workplace:02d}{block.yy:02d}{number:07d}"
            "</receiptBarcode><receiptType>RECEIPT-TYPE-RECEIPT</receiptType>"
            f"<employeeNumber>{employee}</employeeNumber><employeeName>{name}</employeeName>"
            f"<entryTimestamp>{when}</entryTimestamp>"
            f"{'' if relation is None else f'<relationNumber>{relation}</relationNumber>'}"
            f"<financialDate>{block.day_xml}</financialDate>"
            f"<financialBranchNumber>{branch}</financialBranchNumber>"
            f"<workplaceNumber>{workplace}</workplaceNumber>"
            f"<entryBranchNumber>{branch}</entryBranchNumber>"
        ).encode()
        if not include_lines:
            out.append(b"".join((head, basket.receipt_totals, b"</receipt>")))
            continue
        paid = ""
        for i, (method, amount) in enumerate(payments):
            kind, description, method_type = _PAYMENT_TEXT[method]
            paid += (
                f"<payment><paymentId>{stem}0{SUB_PAYMENT + i}</paymentId>"
                f"<financialDate>{block.day_xml}</financialDate>"
                f"<entryTimestamp>{when}</entryTimestamp><branchNumber>{branch}</branchNumber>"
                f"<workplaceNumber>{workplace}</workplaceNumber>"
                f"<employeeNumber>{employee}</employeeNumber><employeeName>{name}</employeeName>"
                f"<method>{kind}</method><description>{description}</description>"
                f"<amount>{amount}</amount><paymentMethodType>{method_type}</paymentMethodType>"
                "</payment>"
            )
        out.append(
            b"".join(
                (
                    head,
                    basket.receipt_totals,
                    b"<lineList>",
                    _lines(chain, block, stem.encode(), employee, basket),
                    b"</lineList><paymentList>",
                    paid.encode(),
                    b"</paymentList></receipt>",
                )
            )
        )
    return out


def orders_xml(chain: ChainHistory, entries: Iterable[tuple[Block, int]]) -> list[bytes]:
    """The <order> elements of (block, seq) entries, UTF-8: exactly order_xml(record(...))."""
    draw = chain.draw
    names = chain.names
    out = []
    for block, seq in entries:
        (marker, stem, second, workplace, number, employee, basket, _, relation, session,
         credited) = draw(block, seq)  # fmt: skip
        if credited >= 0:
            out.append(order_xml(record(chain, block, seq)).encode())
            continue
        branch, year = block.branch_text, block.year_text
        minute, sec = divmod(second, 60)
        hour, minute = divmod(minute, 60)
        head = (
            f"<order><orderId>{stem}01</orderId>"
            f"<transactionString>{branch}-{workplace}-{year}-{number:06d}</transactionString>"
            f"<syncMarker>{marker}</syncMarker><entryBranchNumber>{branch}</entryBranchNumber>"
            f"<employeeNumber>{employee}</employeeNumber><employeeName>{names[employee]}</employeeName>"
            f"<entryTimestamp><sec>{sec}</sec><min>{minute}</min><hour>{hour}</hour>"
            f"{block.when_tail}</entryTimestamp>"
            f"{'' if relation is None else f'<relationNumber>{relation}</relationNumber>'}"
            f"<financialDate>{block.day_xml}</financialDate>"
            f"<financialBranchNumber>{branch}</financialBranchNumber>"
            f"<workplaceNumber>{workplace}</workplaceNumber>"
        ).encode()
        number_xml = (
            f"<orderNumber><year>{year}</year><number>{block.order_base + seq + 1}</number>"
            "</orderNumber><lineList>"
        ).encode()
        session_xml = (
            f"</lineList><webhookSessionData><webhookSessionId>{stem}{SUB_SESSION:02x}"
            "</webhookSessionId></webhookSessionData></order>"
            if session
            else "</lineList></order>"
        ).encode()
        lines = _lines(chain, block, stem.encode(), employee, basket)
        out.append(b"".join((head, basket.order_totals, number_xml, lines, session_xml)))
    return out
