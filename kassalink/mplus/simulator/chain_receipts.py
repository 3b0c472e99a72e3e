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
from .chain_baskets import COST_CENTER, EMPLOYEE, SUB_LINE
from .receipt_xml import order_xml, receipt_xml
from .records import Payment, Receipt
from .xml_text import esc

# Per payment method: the payment's XML from <method> to <amount>, and after the amount.
_PAYMENT_TEXT = tuple(
    f"<method>{esc(kind)}</method><description>{esc(description)}</description><amount>"
    for kind, description, _, _ in PAYMENT_METHODS
)
_PAYMENT_END = tuple(
    f"</amount><paymentMethodType>{method_type}</paymentMethodType></payment>"
    for _, _, method_type, _ in PAYMENT_METHODS
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


def clock_xml(second: int) -> str:
    """<sec>, <min> and <hour> of a second of the day (kept: a day has 86,400)."""
    text = _CLOCK[second]
    if text is None:
        minute, sec = divmod(second, 60)
        hour, minute = divmod(minute, 60)
        text = _CLOCK[second] = f"<sec>{sec}</sec><min>{minute}</min><hour>{hour}</hour>"
    return text


_CLOCK: list[str | None] = [None] * 86_400


def receipts_xml(
    chain: ChainHistory,
    entries: Iterable[tuple[Block, int]],
    include_lines: bool,
    include_refs: bool,
) -> list[bytes]:
    """The <receipt> elements of (block, seq) entries, UTF-8: exactly
    receipt_xml(record(...)). Measured ways to be quick (bench/chain_simulator.py): few
    holes between pieces made once per block and workplace, ASCII-only f-strings (a name
    like "Zoë" costs twice as much when it is formatted in), names and lines as bytes."""
    draw = chain.draw
    people = chain.employee_xml
    out = []
    append = out.append
    for block, seq in entries:
        (marker, stem, second, workplace, number, employee, basket, payments, relation, _,
         credited) = draw(block, seq)  # fmt: skip
        if credited >= 0:
            append(receipt_xml(record(chain, block, seq), include_lines, include_refs).encode())
            continue
        t1, t3, t4, t5, p1, p2, _, _ = block.texts[workplace]
        digits = str(number)
        when = f"{clock_xml(second)}{block.when_tail}"
        order_ref = f"<orderIds><id>{stem}01</id></orderIds>" if include_refs else ""
        head = (
            f"<receipt><receiptId>{stem}00</receiptId>{order_ref}{t1}{digits.zfill(6)}"
            f"</transactionString><syncMarker>{marker}{t3}{digits}{t4}{digits.zfill(7)}"
            "</receiptBarcode><receiptType>RECEIPT-TYPE-RECEIPT</receiptType>"
        ).encode()
        person = people[employee]
        after = (
            f"<entryTimestamp>{when}"
            f"{'' if relation is None else f'<relationNumber>{relation}</relationNumber>'}{t5}"
        ).encode()
        if not include_lines:
            append(b"".join((head, person, after, basket.receipt_totals, b"</receipt>")))
            continue
        parts = [
            head,
            person,
            after,
            basket.receipt_totals,
            b"<lineList>",
            stem.encode()
            .join(basket.line_pieces)
            .replace(EMPLOYEE, chain.employee_bytes[employee])
            .replace(COST_CENTER, block.cost_center_bytes),
            b"</lineList><paymentList>",
        ]
        for i, (method, amount) in enumerate(payments):
            parts += (
                f"<payment><paymentId>{stem}0{SUB_PAYMENT + i}{p1}{when}{p2}".encode(),
                person,
                f"{_PAYMENT_TEXT[method]}{amount}{_PAYMENT_END[method]}".encode(),
            )
        parts.append(b"</paymentList></receipt>")
        append(b"".join(parts))
    return out


def orders_xml(chain: ChainHistory, entries: Iterable[tuple[Block, int]]) -> list[bytes]:
    """The <order> elements of (block, seq) entries, UTF-8: exactly order_xml(record(...)),
    written the way receipts_xml is."""
    draw = chain.draw
    people = chain.employee_xml
    out = []
    append = out.append
    for block, seq in entries:
        (marker, stem, second, workplace, number, employee, basket, _, relation, session,
         credited) = draw(block, seq)  # fmt: skip
        if credited >= 0:
            append(order_xml(record(chain, block, seq)).encode())
            continue
        t1, _, _, _, _, _, o2, o3 = block.texts[workplace]
        head = (
            f"<order><orderId>{stem}01</orderId>{t1}{str(number).zfill(6)}</transactionString>"
            f"<syncMarker>{marker}{o2}"
        ).encode()
        after = (
            f"<entryTimestamp>{clock_xml(second)}{block.when_tail}"
            f"{'' if relation is None else f'<relationNumber>{relation}</relationNumber>'}{o3}"
        ).encode()
        number_xml = (
            f"<orderNumber><year>{block.year_text}</year><number>{block.order_base + seq + 1}"
            "</number></orderNumber><lineList>"
        ).encode()
        session_xml = (
            f"</lineList><webhookSessionData><webhookSessionId>{stem}{SUB_SESSION:02x}"
            "</webhookSessionId></webhookSessionData></order>".encode()
            if session
            else b"</lineList></order>"
        )
        lines = (
            stem.encode()
            .join(basket.line_pieces)
            .replace(EMPLOYEE, chain.employee_bytes[employee])
            .replace(COST_CENTER, block.cost_center_bytes)
        )
        append(
            b"".join(
                (head, people[employee], after, basket.order_totals, number_xml, lines, session_xml)
            )
        )
    return out


def block_turnover(chain: ChainHistory, block: Block, groups: frozenset[int]) -> dict:
    """Per hour of the day (0-23) the reportTurnover row of one block: [incl, excl,
    credited incl, credited excl, sales, credits]; with `groups`, only their lines count.
    Kept per block: the turnover check asks the same days again."""
    key = (block.index, groups)
    rows = chain.turnover_cache.get(key)
    if rows is not None:
        return rows
    rows = {}
    for seq in range(block.count):
        drawn = chain.draw(block, seq)
        basket, credit = drawn[6], drawn[10] >= 0
        if groups:
            lines = [line for line in basket.lines if line.article.turnover_group in groups]
            if not lines:
                continue
            incl = sum(line.total_incl for line in lines)
            excl = sum(line.total_excl for line in lines)
        else:
            incl, excl = basket.total_incl, basket.total_excl
        row = rows.setdefault(drawn[2] // 3600, [0, 0, 0, 0, 0, 0])
        row[0] += incl
        row[1] += excl
        if credit:
            row[2] += incl
            row[3] += excl
            row[5] += 1
        else:
            row[4] += 1
    if len(chain.turnover_cache) > 4096:
        chain.turnover_cache.clear()
    chain.turnover_cache[key] = rows
    return rows
