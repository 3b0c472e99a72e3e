"""In a real browser on a phone (390 px): the shop picks "Importeren vanaf" when requesting
the link, and the forms that carry the field fit the screen."""

import datetime as dt

import pytest
from django.utils import timezone

from kassalink.connections.models import LinkRequest
from kassalink.connections.tests.conftest import make_connection
from kassalink.web.tests.layout import PHONE, Page, button, css, layout_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REQUEST = "/instellingen/app-center/mpluskassa/aanvragen/"
DATE = css('input[type="date"][name="history_from"]')


def test_the_shop_requests_history_on_a_phone(live_server, page, alice, operator):
    last_year = timezone.localdate() - dt.timedelta(days=365)
    sign_in(page, live_server.url, alice.owner)
    page.set_viewport_size({"width": PHONE, "height": 844})
    # Checked before asking: with a request open, the page sends the shop back.
    problems = layout_problems(
        page, live_server.url, [Page("request", REQUEST, (DATE, button("Aanvragen")))], PHONE
    )
    page.goto(live_server.url + REQUEST)

    page.get_by_label("Contactpersoon").fill("Alice de Vries")
    page.get_by_label("Telefoonnummer").fill("06 12345678")
    page.get_by_label("Importeren vanaf").fill(last_year.isoformat())
    page.get_by_text("Kassabonnen en kloktijden vanaf deze datum worden opgehaald").wait_for()
    page.get_by_role("button", name="Aanvragen").click()
    page.get_by_role("status").filter(has_text="Aangevraagd").first.wait_for()

    assert LinkRequest.objects.get().history_from == last_year

    connection = make_connection(alice)
    gear = f"/instellingen/app-center/mpluskassa/{connection.pk}/instellingen/"
    shop_pages = [Page("gear", gear, (DATE, button("Opslaan")))]
    problems += layout_problems(page, live_server.url, shop_pages, PHONE)

    sign_in(page, live_server.url, operator)
    request = LinkRequest.objects.get()
    operator_pages = [
        Page("operator request", f"/operator/aanvragen/{request.pk}/", (DATE,)),
        Page("operator edit", f"/operator/koppelingen/{connection.pk}/bewerken/", (DATE,)),
    ]
    problems += layout_problems(page, live_server.url, operator_pages, PHONE)
    assert problems == [], "\n".join(problems)
