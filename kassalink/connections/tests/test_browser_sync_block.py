"""In a real browser: after Nu synchroniseren the sync block shows the runs as they finish,
without reloading the page (htmx)."""

import pytest
from django.utils import timezone

from kassalink.connections.tests.conftest import make_connection
from kassalink.sync import tasks
from kassalink.sync.models import SyncRun
from kassalink.web.tests.layout import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_runs_appear_after_nu_synchroniseren_without_a_reload(
    live_server, page, alice, monkeypatch
):
    queued: list[tuple] = []
    # A worker elsewhere: the button only queues; the test plays the worker below.
    monkeypatch.setattr(tasks.run_stream_task, "delay", lambda *args: queued.append(args))
    connection = make_connection(alice)
    sign_in(page, live_server.url, alice.owner)
    page.goto(f"{live_server.url}/instellingen/app-center/mpluskassa/{connection.pk}/instellingen/")
    page.evaluate("window.sameDocument = true")

    page.get_by_role("button", name="Nu synchroniseren").click()
    page.get_by_role("status").filter(has_text="Synchronisatie gestart voor").wait_for()
    assert queued
    now = timezone.now()
    SyncRun.objects.create(
        connection=connection, stream="receipts", trigger="manual", status="succeeded",
        started=now, finished=now, created=7,
    )  # fmt: skip

    row = page.locator("table.sync-runs tr[data-stream=receipts]")
    row.wait_for(timeout=15_000)
    assert row.locator("[data-count=created]").inner_text() == "7"
    assert page.evaluate("window.sameDocument === true")  # updated in place, not reloaded
