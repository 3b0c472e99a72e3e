"""Verkoop: the figures a shop reads per branch and period, in the page, the API and CSV."""

import csv
import datetime as dt
import io
from decimal import Decimal

from kassalink.mplus.types import Payment
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.models import Receipt

from .sales import AMS, bread, cheese, credit, sale
from .test_api_receipts import member

MONDAY_9 = dt.datetime(2026, 11, 30, 9, 15, tzinfo=AMS)


def week(alice):
    first = sale(MONDAY_9, (bread("2"), cheese("0.750")), marker=1)  # 7,90 + 13,80
    second = sale(
        MONDAY_9 + dt.timedelta(hours=1),
        (bread("1"),),
        marker=2,
        payments=(Payment(method="CONTANT", amount_cents=395, description="Contant"),),
        paid_cents=395,
    )
    other_branch = sale(MONDAY_9, (bread("4"),), marker=3, branch=2)
    returned = credit(second, MONDAY_9 + dt.timedelta(days=1), 4)
    import_receipts(alice, [first, second, other_branch, returned])
    Receipt.objects.filter(sync_marker=1).update(digital_since=MONDAY_9)


def test_the_figures_of_a_branch_and_period(alice):
    week(alice)

    body = member(alice).get("/api/v1/sales/?from=2026-11-30&to=2026-12-06&branch=1&paper_cm=25")

    figures = body.json()
    assert body.status_code == 200, figures
    assert figures["sales"] == "25.65" and figures["returned"] == "3.95"
    assert figures["turnover"] == "21.70"
    assert figures["receipts"] == 2 and figures["average_basket"] == "12.83"
    assert figures["items_per_basket"] == "2.0"  # 2 loaves + 1 weighed cheese, 1 loaf
    assert figures["credit_receipts"] == 1 and figures["returns_per_100_receipts"] == "50.0"
    assert figures["digital_receipts"] == 1 and figures["digital_share_percent"] == "50.0"
    assert figures["paper_saved_m"] == "0.25"
    assert figures["top_articles"][0]["description"] == "Oude kaas"
    assert figures["heatmap_cents"][0][9] == 2170 and figures["heatmap_cents"][0][10] == 395
    assert [p["method"] for p in figures["payments"]] == ["PIN", "CONTANT"]


def test_every_table_exports_as_csv(alice):
    week(alice)
    client = member(alice)

    for table in ("summary", "top", "bottom", "heatmap", "payments"):
        response = client.get(f"/verkoop/{table}.csv?from=2026-11-30&to=2026-12-06")
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert len(rows) > 1
    summary = dict(
        csv.reader(
            io.StringIO(
                client.get(
                    "/verkoop/summary.csv?from=2026-11-30&to=2026-12-06&branch=1"
                ).content.decode()
            )
        )
    )
    assert Decimal(summary["turnover_eur"]) == Decimal("21.70")


def test_the_page_shows_the_figures_and_refuses_a_bad_period(alice):
    week(alice)
    client = member(alice)

    page = client.get("/verkoop/?from=2026-11-30&to=2026-12-06&branch=1").content.decode()
    bad = client.get("/verkoop/?from=2026-12-06&to=2026-11-30")

    assert "€ 21,70" in page and "Oude kaas" in page
    assert bad.status_code == 400
    assert client.get("/api/v1/sales/?paper_cm=-1").status_code == 400


def test_bob_sees_no_figures_of_alice(alice, bob):
    week(alice)

    figures = member(bob).get("/api/v1/sales/?from=2026-11-30&to=2026-12-06").json()

    assert figures["receipts"] == 0 and figures["turnover"] == "0.00"
