"""In a real browser, the whole flow: a shopper signs up with a magic link, shows the
code, the simulator's Kassa page scans it (pasted), pays, the receipt appears in the
wallet, and its PDF downloads; the wallet fits a 390 px screen."""

import re

import pytest
from django.core import mail

from kassalink.connections.models import Connection
from kassalink.connections.webhook_settings import do_new_webhook_secret, endpoint_url
from kassalink.mplus.simulator import Simulator, serve_in_thread
from kassalink.wallet.codes import SCAN_PATTERN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kassa(alice, live_server, settings):
    settings.SITE_URL = live_server.url
    sim = Simulator(seed=5, history_days=0, employees=4, branches=1)
    with serve_in_thread(sim) as server:
        connection = Connection.objects.create(
            organization=alice.organization, name="Winkel", host="127.0.0.1",
            port=server.port, scheme="http", ident="demo", secret="demo",
            import_notification_email=alice.owner.email, status=Connection.Status.ACTIVE,
        )  # fmt: skip
        key = do_new_webhook_secret(connection)
        sim.add_webhook_consumer(
            endpoint_url(connection), connection.webhook_subscription_id, key,
            patterns=[SCAN_PATTERN],
        )  # fmt: skip
        yield server.url.rstrip("/")


def assert_qr_drawn_whole(page, selector: str) -> None:
    """The QR drawing fills the box the page gives it: scaled, not cut off or in a corner
    (its first path is the white square under the whole code)."""
    box, drawing = page.evaluate(
        """(selector) => {
            const svg = document.querySelector(selector);
            const rect = (el) => {
                const r = el.getBoundingClientRect();
                return [r.left, r.top, r.width, r.height];
            };
            return [rect(svg), rect(svg.querySelector("path"))];
        }""",
        selector,
    )
    assert box[2] > 100, box  # big enough to scan
    assert all(abs(a - b) <= 1 for a, b in zip(box, drawing, strict=True)), (box, drawing)


def test_sign_up_show_code_scan_at_the_kassa_and_find_the_receipt(live_server, page, kassa):
    url = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + "/portemonnee/aanmelden/")
    page.get_by_label("E-mailadres").fill("shopper@example.com")
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    page.get_by_test_id("link-sent").wait_for()
    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("link", name="Toon mijn code").click()
    code = page.get_by_test_id("qr").get_attribute("data-code")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_qr_drawn_whole(page, "[data-testid=qr] svg")

    till = page.context.new_page()
    till.goto(kassa + "/_simulator/kassa")
    till.locator("[data-article='1001']").click()
    till.locator("[data-article='3002']").click()
    till.get_by_test_id("scan-code").fill(code)
    till.get_by_role("button", name="Afrekenen").click()
    till.get_by_test_id("printed").filter(has_text="Totaal").wait_for()
    assert '"recognized": true' in till.get_by_test_id("calls").inner_text()

    page.goto(url + "/portemonnee/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_test_id("receipt-list").get_by_role("link").first.click()
    page.get_by_test_id("receipt").filter(has_text="Desembrood wit").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_qr_drawn_whole(page, ".barcode svg")
    with page.expect_download() as download:
        page.get_by_test_id("pdf").click()
    assert download.value.suggested_filename.endswith(".pdf")
