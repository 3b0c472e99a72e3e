"""In a real browser at phone width: a manager scans a receipt's barcode into the search
box, makes an invoice for a buyer and downloads the PDF with its e-invoice inside."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from kassalink.accounts.models import Membership
from kassalink.accounts.tests.fixtures import PASSWORD, make_user
from kassalink.receipts.tests.sales import bread, sale

from .conftest import NOON, fill_settings, store

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_find_a_receipt_by_barcode_invoice_it_and_download_it(live_server, page):
    from kassalink.tests.pos_fixtures import make_shop

    connection = make_shop("alice", "Bakkerij Alice")
    fill_settings(connection.organization)
    store(connection, sale(NOON, (bread("2"),), marker=1, receipt_barcode="0101260000001"),
          sale(NOON, (bread("1"),), marker=2, receipt_barcode="0101260000002"))  # fmt: skip
    user = make_user("manager@alice.example")
    Membership.objects.create(organization=connection.organization, user=user)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mailadres").fill("manager@alice.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/login/" not in url)  # signed in before going on
    page.goto(live_server.url + "/kassabonnen/")
    assert no_horizontal_overflow(page)
    # A hand scanner types the code and presses Enter in the focused search box.
    expect(page.get_by_role("searchbox").or_(page.locator("#q"))).to_be_focused()
    page.keyboard.type("0101260000002")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Kassabon 1-1-2026-2").wait_for()
    assert no_horizontal_overflow(page)

    page.get_by_role("link", name="Factuur maken").click()
    assert no_horizontal_overflow(page)
    page.get_by_label("Bedrijfsnaam").fill("Acme B.V.")
    page.get_by_label("Straat en huisnummer").fill("Kerkstraat 2")
    page.get_by_label("Postcode").fill("5678 CD")
    page.get_by_label("Plaats").fill("Amsterdam")
    page.get_by_label("Btw-id").fill("NL000099998B57")
    page.get_by_label("Referentie / inkoopordernummer").fill("PO-42")
    page.get_by_role("button", name="Factuur maken").click()
    page.get_by_role("heading", name="Factuur 2026-00001").wait_for()
    assert no_horizontal_overflow(page)

    # The first PDF of a process loads Typst's fonts: allow it more than a click's time.
    with page.expect_download(timeout=30_000) as download:
        page.get_by_test_id("download-pdf").click()
    pdf = open(download.value.path(), "rb").read()  # noqa: SIM115 (a test's temp file)
    reader = PdfReader(io.BytesIO(pdf))
    assert "factur-x.xml" in reader.attachments
    text = reader.pages[0].extract_text()
    assert "2026-00001" in text and "Acme B.V." in text and "PO-42" in text


@pytest.mark.parametrize(
    "path", ["/kassabonnen/", "/facturen/", "/facturen/instellingen/", "/verkoop/"]
)
def test_pages_fit_a_phone(live_server, page, path):
    from kassalink.tests.pos_fixtures import make_shop

    connection = make_shop("alice", "Bakkerij Alice")
    store(connection, sale(NOON, marker=1))
    user = make_user("manager@alice.example")
    Membership.objects.create(organization=connection.organization, user=user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mailadres").fill("manager@alice.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/login/" not in url)  # signed in before going on

    page.goto(live_server.url + path)

    assert no_horizontal_overflow(page)
