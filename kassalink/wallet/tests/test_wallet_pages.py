"""The customer's wallet: sign up by magic link, the code, receipts newest first with
search, one receipt, PDF, export, share; privacy; and nobody sees another's receipts."""

import datetime as dt
import io
import json
import re
import zipfile

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kassalink.receipts.tests.sales import bread, cheese
from kassalink.wallet.models import Customer, PosSession, ShareLink, WalletEntry

from .conftest import make_webhook_connection
from .receipts_in_wallet import give


def signed_in(customer: Customer) -> Client:
    client = Client()
    client.force_login(customer.user)
    return client


@pytest.fixture
def shop_connection(alice):
    return make_webhook_connection(alice)[0]


def test_sign_up_mails_a_magic_link_that_signs_in_once(db):
    from django.core.cache import cache

    cache.clear()
    response = Client().post("/portemonnee/aanmelden/", {"email": "Hanna@Example.com"})
    assert response.status_code == 200 and b"link-sent" in response.content
    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    browser = Client()
    assert browser.get("/" + path).status_code == 302
    assert browser.get("/portemonnee/").status_code == 200
    assert Client().get("/" + path).content.count(b"verlopen") == 1  # one time only
    assert Customer.objects.get().user.email == "hanna@example.com"


def test_sign_up_sends_one_link_a_minute(db):
    from django.core.cache import cache

    cache.clear()
    for _ in range(3):
        Client().post("/portemonnee/aanmelden/", {"email": "flood@example.com"})
    assert len(mail.outbox) == 1


def test_a_bad_email_is_a_form_error(db):
    response = Client().post("/portemonnee/aanmelden/", {"email": "nope"})
    assert response.status_code == 200 and b'class="error"' in response.content
    assert not Customer.objects.exists() and not mail.outbox


def test_the_code_page_shows_a_scannable_qr_and_a_typed_code(carol):
    page = signed_in(carol).get("/portemonnee/code/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<script>" not in html
    code = re.search(r'data-code="(KL1[A-Z2-7]{10}\d{6})"', html).group(1)
    assert code.startswith("KL1" + carol.public_id)
    assert re.search(r'data-testid="typed-code">([A-Z0-9]{6})<', html)


def test_the_code_as_an_svg_file_is_a_standalone_svg(carol):
    response = signed_in(carol).get("/portemonnee/code.svg")
    assert response["Content-Type"] == "image/svg+xml"
    drawing = response.content.decode()
    assert drawing.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in drawing


def test_receipts_newest_first_and_searchable(carol, shop_connection):
    now = timezone.now()
    old = give(shop_connection, carol, now - dt.timedelta(days=3), lines=(bread("2"),))
    new = give(shop_connection, carol, now, lines=(cheese(),))
    client = signed_in(carol)
    page = client.get("/portemonnee/").content.decode()
    assert page.index(f"/portemonnee/bonnen/{new.pk}/") < page.index(
        f"/portemonnee/bonnen/{old.pk}/"
    )
    found = client.get("/portemonnee/", {"article": "brood"}).content.decode()
    assert f"/bonnen/{old.pk}/" in found and f"/bonnen/{new.pk}/" not in found
    amount = str(old.receipt.total_incl_cents / 100).replace(".", ",")
    found = client.get("/portemonnee/", {"amount": amount}).content.decode()
    assert f"/bonnen/{old.pk}/" in found and f"/bonnen/{new.pk}/" not in found
    since = (now - dt.timedelta(days=1)).date().isoformat()
    found = client.get("/portemonnee/", {"date_from": since}).content.decode()
    assert f"/bonnen/{new.pk}/" in found and f"/bonnen/{old.pk}/" not in found
    found = client.get("/portemonnee/", {"shop": "Alice"}).content.decode()
    assert f"/bonnen/{new.pk}/" in found
    bad = client.get("/portemonnee/", {"amount": "twelve"})
    assert bad.status_code == 200 and "Bedrag" in bad.content.decode()


@pytest.mark.parametrize(
    "params",
    [{"date_from": "2026-02-30"}, {"date_from": "99999-01-01"}, {"date_to": "gisteren"}],
)
def test_a_bad_date_in_the_search_is_named_under_the_form(carol, shop_connection, params):
    give(shop_connection, carol)
    response = signed_in(carol).get("/portemonnee/", params)
    page = response.content.decode()
    assert response.status_code == 200 and page.count('<p class="error">') == 1
    assert "Geen bonnen gevonden" in page  # not "no receipts yet"


def test_a_search_without_results_says_so(carol, shop_connection):
    give(shop_connection, carol)
    page = signed_in(carol).get("/portemonnee/", {"article": "fiets"}).content.decode()
    assert "Geen bonnen gevonden" in page and "Nog geen bonnen" not in page
    assert "Nog geen bonnen" not in signed_in(carol).get("/portemonnee/").content.decode()


def test_a_receipt_looks_like_a_receipt_and_its_pdf_downloads(carol, shop_connection):
    entry = give(shop_connection, carol)
    client = signed_in(carol)
    page = client.get(f"/portemonnee/bonnen/{entry.pk}/").content.decode()
    for text in ("Alice", "Volkorenbrood", "Pinpas", entry.receipt.transaction_string, "9"):
        assert text in page
    entry.refresh_from_db()
    assert entry.opened_at is not None  # delivery state: opened
    pdf = client.get(f"/portemonnee/bonnen/{entry.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_export_selected_as_csv_and_zip(carol, shop_connection):
    one, two = give(shop_connection, carol), give(shop_connection, carol)
    client = signed_in(carol)
    csv = client.post("/portemonnee/export/", {"entry": [one.pk, two.pk], "format": "csv"})
    assert csv.status_code == 200 and csv.content.decode("utf-8-sig").count("\n") == 3
    bundle = client.post("/portemonnee/export/", {"entry": [one.pk], "format": "pdf"})
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert len(names) == 1 and names[0].endswith(".pdf")
    for nothing in ({"format": "csv"}, {"entry": ["²"], "format": "csv"}):
        back = client.post("/portemonnee/export/", nothing, follow=True)
        assert back.redirect_chain == [("/portemonnee/", 302)]
        assert "Kies eerst één of meer bonnen." in back.content.decode()


def test_a_share_link_shows_one_receipt_until_it_expires(carol, shop_connection):
    entry = give(shop_connection, carol)
    client = signed_in(carol)
    made = client.post(f"/portemonnee/bonnen/{entry.pk}/delen/")
    assert made["Location"] == f"/portemonnee/bonnen/{entry.pk}/#deellink"  # in view
    page = client.get(f"/portemonnee/bonnen/{entry.pk}/").content.decode()
    assert 'id="deellink"' in page
    url = re.search(r'value="(http://[^"]+/gedeeld/[^"]+)"', page).group(1)
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    assert entry.receipt.transaction_string in Client().get(path).content.decode()
    ShareLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get(path).status_code == 404
    assert Client().get("/gedeeld/guessed-token/").status_code == 404


def test_privacy_download_has_everything_and_delete_removes_it(carol, shop_connection):
    entry = give(shop_connection, carol)
    client = signed_in(carol)
    data = json.loads(client.get("/portemonnee/privacy/download/").content)
    assert data["account"]["email"] == "carol@example.com"
    assert data["receipts"][0]["receipt"]["transaction_id"] == entry.receipt.transaction_string
    assert data["receipts"][0]["receipt"]["lines"]
    assert data["till_sessions"]
    assert client.post("/portemonnee/privacy/verwijderen/", {}).status_code == 400
    assert Customer.objects.exists()
    response = client.post("/portemonnee/privacy/verwijderen/", {"confirm": "ja"})
    assert response.status_code == 200
    assert not Customer.objects.exists() and not WalletEntry.objects.exists()
    assert PosSession.objects.get().customer is None
    assert entry.receipt.__class__.objects.filter(pk=entry.receipt_id).exists()  # the shop's
    assert client.get("/portemonnee/").status_code == 302


def test_a_customer_never_opens_anothers_receipt(carol, dave, shop_connection):
    carols = give(shop_connection, carol)
    dave_client = signed_in(dave)
    for path in ("/", "/pdf/"):
        assert dave_client.get(f"/portemonnee/bonnen/{carols.pk}{path}").status_code == 404
    assert dave_client.post(f"/portemonnee/bonnen/{carols.pk}/delen/").status_code == 404
    export = dave_client.post("/portemonnee/export/", {"entry": [carols.pk], "format": "csv"})
    assert export.status_code == 302 and "text/csv" not in export.get("Content-Type", "")
    assert (
        carols.receipt.transaction_string not in dave_client.get("/portemonnee/").content.decode()
    )


def test_a_shop_member_is_not_a_customer(alice, carol, shop_connection):
    give(shop_connection, carol)
    response = alice.client().get("/portemonnee/")
    assert response.status_code == 302 and "aanmelden" in response["Location"]


def test_the_manifest_and_icon_are_served(db):
    manifest = json.loads(Client().get("/portemonnee/manifest.webmanifest").content)
    assert manifest["display"] == "standalone" and manifest["icons"]


def test_a_customer_signs_out_from_the_wallet(carol):
    client = signed_in(carol)
    page = client.get(reverse("wallet_home")).content.decode()
    assert "Uitloggen" in page
    response = client.post(reverse("logout"), {"next": reverse("wallet_sign_in")})
    assert response.status_code == 302 and response["Location"] == reverse("wallet_sign_in")
    assert client.get(reverse("wallet_home")).status_code == 302  # signed out: to sign-in


def test_the_page_after_signing_out_asks_for_a_new_link_without_a_warning(db):
    from django.core.cache import cache

    cache.clear()
    page = Client().get(reverse("wallet_sign_in")).content.decode()
    assert "verlopen" not in page  # no link was used, none expired
    # The form sends its address to sign-up, which mails the link.
    form = re.search(r'<form method="post" action="([^"]+)"', page).group(1)
    assert form == reverse("wallet_sign_up")
    response = Client().post(form, {"email": "carol@example.com"})
    assert b"link-sent" in response.content and len(mail.outbox) == 1
    assert "verlopen" in Client().get(reverse("wallet_sign_in") + "?sesame=bad").content.decode()


def test_the_list_writes_dates_as_the_rest_of_the_product_does(carol, shop_connection):
    from kassalink.mplus.units import AMSTERDAM

    give(shop_connection, carol, dt.datetime(2026, 12, 2, 8, 13, tzinfo=AMSTERDAM))
    client = signed_in(carol)
    assert "2 dec 2026 08:13" in client.get("/portemonnee/").content.decode()
    client.cookies["django_language"] = "en"
    assert "2 Dec 2026 08:13" in client.get("/portemonnee/").content.decode()
