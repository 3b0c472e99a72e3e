"""In a real browser at 390 px: the history's progress bar fits the phone and moves on
by itself (htmx) as windows finish."""

import pytest
from django.utils import timezone

from kassalink.connections.tests.conftest import make_connection
from kassalink.connections.tests.test_backfill_progress import half_done
from kassalink.sync.models import Backfill
from kassalink.web.tests.layout import PHONE, Page, css, layout_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_bar_fits_a_phone_and_follows_the_backfill(live_server, page, alice):
    connection = make_connection(alice)
    backfill = half_done(connection)
    path = f"/instellingen/app-center/mpluskassa/{connection.pk}/instellingen/"
    sign_in(page, live_server.url, alice.owner)

    bar = Page("backfill", path, controls=(css("progress", in_view=True),))
    assert layout_problems(page, live_server.url, [bar], PHONE) == []
    text = page.get_by_test_id("backfill-text")
    assert text.inner_text().startswith("Geschiedenis importeren: 7 van 14 dagen, 1.334 bonnen")
    page.evaluate("window.sameDocument = true")

    backfill.windows.update(status="done", error="")
    Backfill.objects.filter(pk=backfill.pk).update(finished_at=timezone.now())
    done = page.get_by_text("Geschiedenis geïmporteerd: 14 dagen vanaf 17 nov 2026")
    done.wait_for(timeout=15_000)
    assert page.locator("progress").get_attribute("value") == "14"
    assert page.evaluate("window.sameDocument === true")  # updated in place, not reloaded
