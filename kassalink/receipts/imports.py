"""How a page of MplusKASSA receipts becomes Receipt rows with their lines, payments and
VAT groups.

The `receipts` sync stream calls `import_receipts` inside its transaction, with the sync
marker it saves; the quarter-hour turnover of the receipts written is brought up to date
in the same transaction (kassalink.insights.imports). A receipt is identified by its POS
id per connection; seen again with a higher sync marker it is replaced (lines, payments
and VAT groups too), otherwise it is left alone, so a page applied twice changes nothing.
Bulk statements keep a page of 500 to a handful of queries. On PostgreSQL the page is
checked column by column (kassalink.receipts.columns) and written from those columns:
new rows with COPY, replaced ones with one UPDATE run (kassalink.receipts.copying); the
receivers of `receipts_stored` get the written receipts in memory. Elsewhere (SQLite)
the page goes through the ORM's bulk statements; both store the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from kassalink.connections.models import Connection
from kassalink.insights.imports import TurnoverRefresh
from kassalink.mplus import types as pos
from kassalink.sync.importing import page_savepoint, update_rows
from kassalink.sync.results import ImportResult

from . import copying
from .columns import CHILDREN, HEADER, PageColumns, page_columns
from .copying import uses_copy
from .models import Receipt, ReceiptLine, ReceiptPayment, ReceiptVatGroup
from .rows import receipt_child_values, receipt_row
from .signals import StoredReceipt, receipts_stored

# What a changed receipt's update writes on the ORM path: the checked columns (its id
# stays), the credited original as resolved, and the stamp.
HEADER_FIELDS = [*(name for name in HEADER if name != "mplus_id"), "credited_receipt", "changed_at"]
# SQLite allows 32766 bound parameters per statement; stay far below on every database.
LOOKUP_CHUNK = 500


@dataclass
class _Page:
    """One page validated and converted, before anything is written."""

    rows: dict[str, Receipt] = field(default_factory=dict)
    # Column values of lines, payments and VAT groups (rows.receipt_child_values).
    children: dict[str, tuple[list[dict], list[dict], list[dict]]] = field(default_factory=dict)
    duplicates: int = 0


def import_receipts(
    connection: Connection,
    receipts: Iterable[pos.Receipt],
    orders: Iterable[pos.Order] = (),
) -> ImportResult:
    """Store a page of getReceipts; `orders` (from getOrdersByReceipts) tie a receipt to the
    POS webhook session in which a customer's code was scanned."""
    sessions = _sessions_by_order(orders)
    if uses_copy(Receipt):
        return _import_columns(connection, page_columns(list(receipts), sessions))
    page = _convert(connection, receipts, sessions)
    with page_savepoint():
        stored = _stored_markers(connection, list(page.rows))
        new, replaced, unchanged = _sort(page.rows, stored)
        # Turnover per quarter hour comes from these receipts, not from a second fetch.
        turnover = TurnoverRefresh(connection, replaced)
        Receipt.objects.bulk_create(new)
        update_rows(Receipt, replaced, HEADER_FIELDS)
        _replace_children(page, new, replaced)
        linked = _link_credits(connection, new, replaced)
        turnover.apply([*new, *replaced])
        receipts_stored.send(
            sender=Receipt, connection=connection, receipt_ids=[r.pk for r in (*new, *replaced)]
        )
    notes = (f"{linked} credit receipts linked to their original",) if linked else ()
    return ImportResult(
        created=len(new),
        updated=len(replaced),
        skipped=unchanged + page.duplicates,
        notes=notes,
    )


def _sessions_by_order(orders: Iterable[pos.Order]) -> dict[str, str]:
    return {o.order_id: o.webhook_session_id for o in orders if o.webhook_session_id}


def _convert(
    connection: Connection, receipts: Iterable[pos.Receipt], sessions: dict[str, str]
) -> _Page:
    """Validate and convert the whole page first: bad data must leave nothing written."""
    page = _Page()
    for receipt in receipts:
        row = receipt_row(connection, receipt, sessions)
        earlier = page.rows.get(row.mplus_id)
        if earlier is not None:
            # The same receipt twice (changed while the POS paged): the newest counts.
            page.duplicates += 1
            if _marker(earlier) > _marker(row):
                continue
        page.rows[row.mplus_id] = row
        page.children[row.mplus_id] = receipt_child_values(receipt, row.mplus_id)
    return page


def _marker(row: Receipt) -> int:
    return -1 if row.sync_marker is None else row.sync_marker


def _stored_markers(connection: Connection, mplus_ids: Sequence[str]) -> dict[str, tuple]:
    stored: dict[str, tuple] = {}
    for start in range(0, len(mplus_ids), LOOKUP_CHUNK):
        chunk = mplus_ids[start : start + LOOKUP_CHUNK]
        found = Receipt.objects.filter(connection=connection, mplus_id__in=chunk)
        for mplus_id, pk, marker in found.values_list("mplus_id", "pk", "sync_marker"):
            stored[mplus_id] = (pk, marker)
    return stored


def _sort(
    rows: dict[str, Receipt], stored: dict[str, tuple]
) -> tuple[list[Receipt], list[Receipt], int]:
    """New rows, rows that replace a stored older version, and how many are unchanged."""
    now = timezone.now()
    new, replaced, unchanged = [], [], 0
    for mplus_id, row in rows.items():
        row.changed_at = now
        if mplus_id not in stored:
            new.append(row)
            continue
        pk, marker = stored[mplus_id]
        if is_newer(row.sync_marker, marker):
            row.pk = pk
            replaced.append(row)
        else:
            unchanged += 1
    return new, replaced, unchanged


def is_newer(incoming: int | None, stored: int | None) -> bool:
    """Whether a receipt seen again replaces the stored one: only a higher marker means
    the POS changed it; a receipt without a marker cannot prove it is newer."""
    return incoming is not None and (stored is None or incoming > stored)


def _replace_children(page: _Page, new: list[Receipt], replaced: list[Receipt]) -> None:
    """Lines, payments and VAT groups of every written receipt, replaced as a whole."""
    replaced_pks = [row.pk for row in replaced]
    for model in (ReceiptLine, ReceiptPayment, ReceiptVatGroup):
        for start in range(0, len(replaced_pks), LOOKUP_CHUNK):
            model.objects.filter(receipt_id__in=replaced_pks[start : start + LOOKUP_CHUNK]).delete()
    written = [*new, *replaced]
    for model, kind in ((ReceiptLine, 0), (ReceiptPayment, 1), (ReceiptVatGroup, 2)):
        values = [(row.pk, child) for row in written for child in page.children[row.mplus_id][kind]]
        model.objects.bulk_create(
            [model(receipt_id=pk, **child) for pk, child in values], batch_size=1000
        )


def _link_credits(connection: Connection, new: list[Receipt], replaced: list[Receipt]) -> int:
    """Point credit receipts at the receipt they return, in both arrival orders: credits
    written now whose original is stored, and stored credits waiting for an original
    that arrived now. Both lookups use an index; unchanged receipts need no look."""
    receipts = Receipt.objects.filter(connection=connection, credited_receipt__isnull=True)
    original = Receipt.objects.filter(connection=connection, mplus_id=OuterRef("credited_mplus_id"))
    credits = [row.mplus_id for row in (*new, *replaced) if row.credited_mplus_id]
    arrived = [row.mplus_id for row in new]
    linked = 0
    for ids, waiting in ((credits, "mplus_id__in"), (arrived, "credited_mplus_id__in")):
        for start in range(0, len(ids), LOOKUP_CHUNK):
            chunk = receipts.filter(**{waiting: ids[start : start + LOOKUP_CHUNK]})
            linked += chunk.filter(Exists(original)).update(
                credited_receipt=Subquery(original.values("pk")[:1])
            )
    return linked


# --- from checked columns (PostgreSQL) ---------------------------------------------------

COPY_HEADER = ("id", "organization", "connection", *HEADER, "credited_receipt")
STAMPS = ("imported_at", "changed_at")
CHILD_MODELS = (ReceiptLine, ReceiptPayment, ReceiptVatGroup)


def _import_columns(connection: Connection, page: PageColumns) -> ImportResult:
    """The page written from its columns: the same decisions as the ORM path above
    (new, replaced when its marker is higher, else left alone; credits linked both ways;
    turnover; the signal), with a statement per kind of row instead of objects."""
    header = page.header
    ids, markers, credited = header["mplus_id"], header["sync_marker"], header["credited_mplus_id"]
    with page_savepoint():
        stored = copying.stored_versions(Receipt, connection.pk, [*ids, *filter(None, credited)])
        pks: list[int | None] = [None] * len(page)
        new, replaced = [], []
        for index, mplus_id in enumerate(ids):
            found = stored.get(mplus_id)
            if found is None:
                new.append(index)
            elif is_newer(markers[index], found[1]):
                replaced.append(index)
                pks[index] = found[0]
        for index, pk in zip(new, copying.reserve_ids(Receipt, len(new)), strict=True):
            pks[index] = pk
        written = [*new, *replaced]
        # A credit points at its original when that is stored or written now.
        pk_of = {mplus_id: found[0] for mplus_id, found in stored.items()}
        pk_of.update((ids[index], pks[index]) for index in written)
        credited_pks = [pk_of.get(mplus_id) if mplus_id else None for mplus_id in credited]
        receipts = _stored_receipts(header, pks, credited_pks, written)
        turnover = TurnoverRefresh(connection, receipts[len(new) :])
        _write_headers(connection, header, pks, credited_pks, new, replaced)
        _write_children(page, pks, [pks[index] for index in replaced])
        linked = sum(credited_pks[index] is not None for index in written)
        linked += copying.link_waiting_credits(
            Receipt, connection.pk, [ids[index] for index in new]
        )
        turnover.apply(receipts)
        receipts_stored.send(
            sender=Receipt,
            connection=connection,
            receipt_ids=[receipt.pk for receipt in receipts],
            receipts=receipts,
        )
    notes = (f"{linked} credit receipts linked to their original",) if linked else ()
    return ImportResult(
        created=len(new),
        updated=len(replaced),
        skipped=len(page) - len(written) + page.duplicates,
        notes=notes,
    )


def _stored_receipts(
    header: dict[str, list], pks: list, credited_pks: list, written: list[int]
) -> list[StoredReceipt]:
    columns = {"pk": pks, "credited_receipt_id": credited_pks, **header}
    return [
        StoredReceipt._make(values)
        for values in zip(
            *(_pick(columns[name], written) for name in StoredReceipt._fields), strict=True
        )
    ]


def _write_headers(
    connection: Connection,
    header: dict[str, list],
    pks: list,
    credited_pks: list,
    new: list[int],
    replaced: list[int],
) -> None:
    now = timezone.now()
    count = len(new)
    copying.copy_tuples(
        Receipt,
        (*COPY_HEADER, *STAMPS),
        zip(
            _pick(pks, new),
            [connection.organization_id] * count,
            [connection.pk] * count,
            *(_pick(header[name], new) for name in HEADER),
            _pick(credited_pks, new),
            [now] * count,
            [now] * count,
            strict=True,
        ),
    )
    # A replaced receipt keeps its id and its first import's stamp.
    changed = [now] * len(replaced)
    copying.update_tuples(
        Receipt,
        (*HEADER, "credited_receipt", "changed_at"),
        list(
            zip(
                *(_pick(header[name], replaced) for name in HEADER),
                _pick(credited_pks, replaced),
                changed,
                _pick(pks, replaced),
                strict=True,
            )
        ),
    )


def _write_children(page: PageColumns, pks: list, replaced_pks: list[int]) -> None:
    """Lines, payments and VAT groups of every written receipt (those with an id now),
    replaced as a whole."""
    for model in CHILD_MODELS:
        copying.delete_children(model, replaced_pks)
    every = None not in pks
    for model, names, columns in zip(CHILD_MODELS, CHILDREN, page.children, strict=True):
        owners = list(map(pks.__getitem__, columns["receipt"]))
        rows = zip(owners, *(columns[name] for name in names), strict=True)
        if not every:
            rows = (row for row in rows if row[0] is not None)
        copying.copy_tuples(model, ("receipt", *names), rows)


def _pick(column: list, indices: list[int]) -> list:
    """The values of `column` at `indices` (the column itself when that is all of it)."""
    if len(indices) == len(column) and indices == list(range(len(column))):
        return column
    return [column[index] for index in indices]
