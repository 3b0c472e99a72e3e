"""The Kassabonnen pages: a scanned barcode opens its receipt, filters narrow the list,
a receipt shows what is still returnable, and Bob sees none of Alice's receipts."""

import datetime as dt

from kassalink.receipts.imports import import_receipts
from kassalink.receipts.models import Receipt

from .sales import AMS, bread, credit, sale
from .test_api_receipts import member

NOON = dt.datetime(2026, 12, 1, 12, 0, tzinfo=AMS)


def test_a_scanned_barcode_opens_its_receipt(alice):
    import_receipts(
        alice,
        [
            sale(NOON, marker=1, receipt_barcode="0101260000001"),
            sale(NOON, marker=2, receipt_barcode="0101260000002"),
        ],
    )
    receipt = Receipt.objects.get(barcode="0101260000002")

    response = member(alice).get("/kassabonnen/?q=0101260000002")

    assert response.status_code == 302 and response["Location"] == f"/kassabonnen/{receipt.pk}/"


def test_the_list_filters_and_says_when_nothing_is_found(alice):
    import_receipts(alice, [sale(NOON, marker=1, branch=1), sale(NOON, marker=2, branch=2)])
    client = member(alice)

    page = client.get("/kassabonnen/?branch=2").content.decode()
    nothing = client.get("/kassabonnen/?q=onbekend").content.decode()
    bad = client.get("/kassabonnen/?amount_min=veel")

    assert "2-1-2026-2" in page and "1-1-2026-1" not in page
    assert "Geen kassabonnen gevonden." in nothing
    assert bad.status_code == 400 and "amount_min" in bad.content.decode()


def test_a_receipt_page_shows_returns_and_what_can_still_come_back(alice):
    original = sale(NOON, (bread("3"),), marker=1)
    returned = credit(original, NOON + dt.timedelta(hours=1), 2)
    returned = returned._replace(lines=(returned.lines[0]._replace(quantity=-bread("1").quantity),))
    import_receipts(alice, [original, returned])
    receipt = Receipt.objects.get(sync_marker=1)

    client = member(alice)
    page = client.get(f"/kassabonnen/{receipt.pk}/").content.decode()
    pdf = client.get(f"/kassabonnen/{receipt.pk}/pdf/")

    assert "1-1-2026-2" in page and "Factuur maken" in page
    assert pdf["Content-Type"] == "application/pdf"


def test_bob_cannot_open_alices_receipt(alice, bob):
    import_receipts(alice, [sale(NOON, marker=1, receipt_barcode="0101260000001")])
    receipt = Receipt.objects.get()
    client = member(bob)

    assert client.get(f"/kassabonnen/{receipt.pk}/").status_code == 404
    assert client.get(f"/kassabonnen/{receipt.pk}/pdf/").status_code == 404
    assert "1-1-2026-1" not in client.get("/kassabonnen/?q=0101260000001").content.decode()


def test_a_credit_receipt_shows_no_returns_of_its_own(alice):
    original = sale(NOON, (bread("3"),), marker=1)
    import_receipts(alice, [original, credit(original, NOON + dt.timedelta(hours=1), 2)])
    client = member(alice)
    returned = client.get(f"/kassabonnen/{Receipt.objects.get(sync_marker=2).pk}/")
    sold = client.get(f"/kassabonnen/{Receipt.objects.get(sync_marker=1).pk}/")
    assert (
        "Nog retour" not in returned.content.decode()
        and "Retour van bon" in returned.content.decode()
    )
    assert "Nog retour" in sold.content.decode()


def test_the_payment_menu_names_methods_as_the_till_describes_them(alice):
    import_receipts(alice, [sale(NOON, marker=1)])  # PIN, "Pinpas"
    client = member(alice)
    page = client.get("/kassabonnen/").content.decode()
    assert '<option value="PIN">Pinpas</option>' in page
    chosen = client.get("/kassabonnen/?payment_method=PIN").content.decode()
    assert '<option value="PIN" selected>Pinpas</option>' in chosen and "1-1-2026-1" in chosen
