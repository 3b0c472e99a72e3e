"""The dashboard's queries can use their indexes on PostgreSQL (the database for shops with
millions of receipts): checked with the planner told to avoid full scans, since a test
table is too small for it to choose an index on its own."""

import datetime as dt

import pytest
from django.db import connection

from kassalink.receipts.models import Receipt
from kassalink.receipts.search import filtered_receipts, parse_filters, search_condition


def plan(queryset, *avoid: str) -> str:
    """EXPLAIN of `queryset` with full scans, and the `avoid`ed plan kinds, made costly."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for kind in ("seqscan", *avoid):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL (make test's second pass)")


def test_a_keyset_page_reads_the_newest_first_index_without_sorting(alice, on_postgres):
    receipts = filtered_receipts(alice.organization, parse_filters({}))
    after = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    page = receipts.filter(entry_at__lt=after).order_by("-entry_at", "-pk")[:51]

    # Without bitmap scans: those never keep an index's order, and the statistics other
    # tests leave behind (ANALYZE of rows since rolled back) can make one look cheaper.
    # A Sort in the plan then still means the index cannot give the order.
    found = plan(page, "bitmapscan")

    assert "receipt_org_newest" in found and "Sort" not in found


@pytest.fixture
def many_receipts(alice, on_postgres):
    """Enough rows, analysed, for the planner to weigh indexes as it would in a shop."""
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    Receipt.objects.bulk_create(
        Receipt(
            organization=alice.organization, connection=alice, mplus_id=str(n),
            transaction_string=f"T-{n}", barcode=f"0101260{n:06d}", receipt_year=2026,
            receipt_number=n, receipt_type="receipt", state="paid",
            entry_at=at + dt.timedelta(minutes=n),
            branch_number=1, workplace_number=1, employee_number=n % 20, total_incl_cents=n,
            total_excl_cents=n, changed_at=at,
        )
        for n in range(1, 20001)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE receipts_receipt")


@pytest.mark.parametrize(
    ("text", "indexes"),
    [
        ("0101260000004", {"receipt_org_barcode", "receipt_org_number"}),
        ("T-3", {"receipt_org_barcode"}),
    ],
)
def test_the_search_box_looks_up_indexed_columns(alice, many_receipts, text, indexes):
    found = plan(
        Receipt.objects.filter(organization=alice.organization).filter(search_condition(text))
    )

    assert all(index in found for index in indexes), found


def test_an_import_finds_stored_receipts_and_waiting_credits_on_indexes(alice, many_receipts):
    from django.test.utils import CaptureQueriesContext

    from kassalink.receipts import copying

    waiting = next(
        index.name
        for index in Receipt._meta.indexes
        if index.fields == ["connection", "credited_mplus_id"]
    )
    with CaptureQueriesContext(connection) as page:
        copying.stored_versions(Receipt, alice.pk, ["17", "18", "credited-elsewhere"])
        copying.link_waiting_credits(Receipt, alice.pk, ["17", "18"])

    plans = []
    for query in page.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {query['sql']}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    stored, linked = plans
    assert "unique_receipt_per_connection" in stored and "Seq Scan" not in stored, stored
    assert waiting in linked and "Seq Scan" not in linked, linked


def test_complete_session_finds_its_receipt_on_the_session_index(alice, many_receipts):
    # What wallet.matching.tie_stored_receipt asks at completeSession, under the write lock.
    found = plan(Receipt.objects.filter(connection=alice, webhook_session_id="S-123")[:1])

    assert "receipt_webhook_session" in found, found
