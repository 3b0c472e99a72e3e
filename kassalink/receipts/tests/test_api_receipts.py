"""/api/v1/receipts/: the dashboard's filters, the search box, keyset pages, one receipt
with what is still returnable, and Bob never seeing Alice's receipts."""

import datetime as dt

import pytest
from django.test import Client

from kassalink.accounts.models import Membership
from kassalink.accounts.tests.fixtures import make_user
from kassalink.mplus.types import Payment
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.models import Receipt

from .sales import AMS, bread, cheese, credit, sale

NOON = dt.datetime(2026, 12, 1, 12, 0, tzinfo=AMS)


def member(connection) -> Client:
    user = make_user(f"m@{connection.organization.slug}.example")
    Membership.objects.create(organization=connection.organization, user=user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def day_of_sales(alice):
    sales = [
        sale(
            NOON + dt.timedelta(minutes=10 * i),
            marker=i + 1,
            branch=1 + i % 2,
            receipt_barcode=f"0101260{i + 1:06d}",
        )
        for i in range(7)
    ]
    sales[3] = sales[3]._replace(
        lines=(cheese("1.000"),),
        total_incl_cents=1840,
        paid_cents=1840,
        payments=(Payment(method="CONTANT", amount_cents=1840, description="Contant"),),
    )
    import_receipts(alice, sales)
    Receipt.objects.filter(sync_marker=5).update(digital_since=NOON)
    return sales


def numbers(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [r["number"] for r in response.json()["results"]]


def test_newest_first_in_keyset_pages_that_follow_on(alice, day_of_sales):
    client = member(alice)

    first = client.get("/api/v1/receipts/?limit=3").json()
    second = client.get(f"/api/v1/receipts/?limit=3&cursor={first['next_cursor']}").json()
    third = client.get(first["next"].replace("http://testserver", "")).json()

    assert [r["number"] for r in first["results"]] == ["1-1-2026-7", "2-1-2026-6", "1-1-2026-5"]
    assert [r["number"] for r in second["results"]] == ["2-1-2026-4", "1-1-2026-3", "2-1-2026-2"]
    assert third == second
    last = client.get(f"/api/v1/receipts/?limit=3&cursor={second['next_cursor']}").json()
    assert [r["number"] for r in last["results"]] == ["1-1-2026-1"] and last["next"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("barcode=0101260000004", ["2-1-2026-4"]),
        ("q=0101260000004", ["2-1-2026-4"]),
        ("q=T-3", ["1-1-2026-3"]),
        ("transaction=T-3", ["1-1-2026-3"]),
        ("q=2-1-2026-6", ["2-1-2026-6"]),
        ("number=5", ["1-1-2026-5"]),
        ("branch=2", ["2-1-2026-6", "2-1-2026-4", "2-1-2026-2"]),
        ("payment_method=CONTANT", ["2-1-2026-4"]),
        ("article=1001&branch=2", ["2-1-2026-6", "2-1-2026-2"]),
        ("digital=true", ["1-1-2026-5"]),
        ("amount_min=18,40&amount_max=18.40", ["2-1-2026-4"]),
        ("from=2026-12-01T12:45&to=2026-12-01T13:05", ["1-1-2026-7", "2-1-2026-6"]),
        ("from=2026-12-02", []),
        ("employee=8", []),
        ("customer=1", []),
        ("type=credit", []),
    ],
)
def test_filters_and_the_search_box(alice, day_of_sales, query, expected):
    assert numbers(member(alice).get(f"/api/v1/receipts/?{query}")) == expected


@pytest.mark.parametrize(
    "query",
    [
        "branch=x",
        "from=gisteren",
        "amount_min=1.234",
        "digital=misschien",
        "type=bon",
        "cursor=abc",
        "limit=0",
        "limit=x",
        "cursor=1.x",
    ],
)
def test_a_bad_filter_is_a_400_naming_it(alice, query):
    response = member(alice).get(f"/api/v1/receipts/?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_a_receipt_shows_its_returns_and_what_is_still_returnable(alice):
    original = sale(NOON, (bread("3"), cheese("0.750")), marker=1)
    returned = credit(original, NOON + dt.timedelta(days=1), 2)
    returned = returned._replace(
        lines=(returned.lines[0]._replace(quantity=-1 * bread("2").quantity),)
    )
    import_receipts(alice, [original, returned])
    receipt = Receipt.objects.get(sync_marker=1)

    body = member(alice).get(f"/api/v1/receipts/{receipt.pk}/").json()

    loaf, kaas = body["lines"]
    assert (loaf["returned"], loaf["returnable"]) == ("2.000000", "1.000000")
    assert (kaas["returned"], kaas["returnable"]) == ("0.000000", "0.750000")
    assert [c["number"] for c in body["credits"]] == ["1-1-2026-2"]
    assert body["total_incl"] == "25.65" and body["payments"][0]["amount"] == "25.65"


def test_bob_never_sees_alices_receipts(alice, bob, day_of_sales):
    client = member(bob)
    receipt = Receipt.objects.filter(organization=alice.organization).first()

    assert numbers(client.get("/api/v1/receipts/?q=0101260000004")) == []
    assert numbers(client.get("/api/v1/receipts/")) == []
    assert client.get(f"/api/v1/receipts/{receipt.pk}/").status_code == 404


@pytest.mark.parametrize(
    "query", ["branch=%C2%B2", "q=a%00b", "limit=%D9%A3", "cursor=%C2%B2.1", "barcode=%00"]
)
def test_odd_characters_are_a_400_not_a_crash(alice, query):
    response = member(alice).get(f"/api/v1/receipts/?{query}")

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("receipts/?to=9999-12-31", "to"),
        ("receipts/?from=0001-01-01", "from"),
        ("sales/?to=0001-01-01", "to"),
        ("sales/?from=9999-12-31&to=9999-12-31", "to"),
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_a_400(alice, path, field):
    response = member(alice).get(f"/api/v1/{path}")

    assert response.status_code == 400 and field in response.json()
