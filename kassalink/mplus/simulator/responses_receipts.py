"""getReceipts and getOrdersByReceipts: receipts with lines, VAT groups and payments,
and the orders behind them (which carry the webhook session of a scanned code).

Serialised as text and cached per receipt version, so a 5,000-receipt page is fast.
"""

from collections.abc import Iterator

from .chain import SUB_RECEIPT, UNLIMITED_PAGE
from .chain_receipts import orders_xml, receipts_xml, record
from .receipt_xml import order_xml, receipt_xml
from .records import Receipt
from .soap import Fields, response_bytes
from .world import Simulator


def _cached_receipt(sim: Simulator, receipt: Receipt, lines: bool, refs: bool) -> str:
    key = ("receipt", receipt.receipt_id, receipt.sync_marker, lines, refs)
    text = sim.fragment_cache.get(key)
    if text is None:
        text = sim.fragment_cache[key] = receipt_xml(receipt, lines, refs)
    return text


def _cached_order(sim: Simulator, receipt: Receipt) -> str:
    key = ("order", receipt.receipt_id, receipt.sync_marker)
    text = sim.fragment_cache.get(key)
    if text is None:
        text = sim.fragment_cache[key] = order_xml(receipt)
    return text


def _matches(receipt: Receipt, filters: dict) -> bool:
    if filters["from"] and receipt.financial_date < filters["from"]:
        return False
    if filters["through"] and receipt.financial_date > filters["through"]:
        return False
    if filters["branches"] and receipt.branch_number not in filters["branches"]:
        return False
    if filters["employees"] and receipt.employee_number not in filters["employees"]:
        return False
    if filters["relations"] and receipt.relation_number not in filters["relations"]:
        return False
    if filters["ids"] and receipt.receipt_id not in filters["ids"]:
        return False
    for key, attribute in (
        ("articles", "number"),
        ("groups", "turnover_group"),
        ("plus", "plu"),
        ("barcodes", "barcode"),
    ):
        wanted = filters[key]
        if wanted and not any(getattr(line.article, attribute) in wanted for line in receipt.lines):
            return False
    return True


def _receipt_filters(fields: Fields) -> dict:
    return {
        "from": fields.soap_date("fromFinancialDate"),
        "through": fields.soap_date("throughFinancialDate"),
        "branches": set(fields.ints("branchNumbers")),
        "employees": set(fields.ints("employeeNumbers")),
        "relations": set(fields.ints("relationNumbers")),
        "articles": set(fields.ints("articleNumbers")),
        "groups": set(fields.ints("articleTurnoverGroups")),
        "plus": set(_texts(fields.child("articlePluNumbers"))),
        "barcodes": set(_texts(fields.child("articleBarcodes"))),
        "ids": set(fields.texts("receiptIds")),
    }


def _texts(text_list: Fields) -> Iterator[str]:
    """The strings of a TextList: <text><text>value</text></text>."""
    if text_list.element is None:
        return
    for item in text_list.element:
        value = Fields(item).text("text")
        if value:
            yield value


# Filters the chain history's layout cannot answer: it reads each receipt's record.
_RECORD_FILTERS = ("employees", "relations", "articles", "groups", "plus", "barcodes")


def _history_page(sim: Simulator, marker: int, limit: int | None, filters: dict) -> list:
    """(block, seq) of the chain history's receipts for this request, by marker."""
    chain = sim.chain
    if chain is None or marker > chain.top_marker:
        return []
    keep = None
    if any(filters[name] for name in _RECORD_FILTERS):
        keep = lambda block, seq: _matches(record(chain, block, seq), filters)  # noqa: E731
    if filters["ids"]:
        found = sorted(
            (
                (block, seq)
                for block, seq in chain.by_ids(filters["ids"])
                if block.first_marker + seq >= marker
                and _matches(record(chain, block, seq), filters)
            ),
            key=lambda entry: entry[0].first_marker + entry[1],
        )
        return found[:limit] if limit is not None and limit > 0 else found
    return chain.page(marker, limit, filters["from"], filters["through"], filters["branches"], keep)


def _page(sim: Simulator, fields: Fields, filters: dict) -> tuple[list, list[Receipt]]:
    """The chain history's part of the page, then the live shop's, by sync marker."""
    marker = fields.int("syncMarker") or 0
    limit = fields.int("syncMarkerLimit")
    history = _history_page(sim, marker, limit, filters)
    if limit is not None and 0 < limit <= len(history):
        return history, []
    if (limit is None or limit <= 0) and len(history) >= UNLIMITED_PAGE:
        return history, []  # the history goes on: the next page asks from its last marker
    wanted = None if limit is None or limit <= 0 else limit - len(history)
    if sim.chain is not None:
        marker = max(marker, sim.chain.top_marker + 1)
    page = []
    for receipt in sim.receipts_from(marker):
        if _matches(receipt, filters):
            page.append(receipt)
            if wanted is not None and wanted <= len(page):
                break
    return history, page


def get_receipts(sim: Simulator, request: Fields) -> bytes:
    """Receipts with syncMarker >= the asked one (inclusive), ascending, honouring the
    date, branch, employee, relation, article, turnover group, PLU, barcode and id filters.
    The chain history's come first (their markers are lower), then the live shop's."""
    fields = request.child("request")
    include_lines = fields.bool("includeLineList", True)
    include_refs = fields.bool("includeOrderReferences", False)
    history, page = _page(sim, fields, _receipt_filters(fields))
    parts = receipts_xml(sim.chain, history, include_lines, include_refs) if history else []  # type: ignore[arg-type]
    if page:
        parts.append(
            "".join(_cached_receipt(sim, r, include_lines, include_refs) for r in page).encode()
        )
    return response_bytes("GetReceiptsResponse", "receiptList", parts)


def get_orders_by_receipts(sim: Simulator, request: Fields) -> bytes:
    """The orders behind the asked receipts, or by receipt sync marker (inclusive)."""
    fields = request.child("request")
    ids = fields.child("receiptIds").texts("id")
    chain = sim.chain
    if ids:
        asked: list = []
        for receipt_id in ids:
            located = chain.locate(receipt_id) if chain is not None else None
            if located is not None and located[2] == SUB_RECEIPT:
                asked.append(located[:2])
            else:
                asked.append(sim.receipt(receipt_id))
        history = [a for a in asked if isinstance(a, tuple)]
        written = iter(orders_xml(chain, history) if history else ())  # type: ignore[arg-type]
        parts = [
            next(written) if isinstance(a, tuple) else _cached_order(sim, a).encode()
            for a in asked
            if a is not None
        ]
    else:
        history, page = _page(sim, fields, _receipt_filters(Fields(None)))
        parts = orders_xml(chain, history) if history else []  # type: ignore[arg-type]
        if page:
            parts.append("".join(_cached_order(sim, r) for r in page).encode())
    return response_bytes("GetOrdersByReceiptsResponse", "orderList", parts)
