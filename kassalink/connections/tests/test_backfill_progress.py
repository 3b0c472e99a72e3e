"""The receipts history's progress on the shop's and the operator's pages and in the API."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kassalink.sync.backfill_progress import backfill_progress
from kassalink.sync.models import Backfill, BackfillWindow

pytestmark = pytest.mark.django_db


def half_done(connection, now=None) -> Backfill:
    """Two weeks: the newer week done (1,234 receipts, 2 min ago), one day of the older
    week running with 100 receipts so far, six days waiting."""
    now = now or timezone.now()
    start = now - dt.timedelta(minutes=2)
    backfill = Backfill.objects.create(
        connection=connection,
        from_date=dt.date(2026, 11, 17),
        through_date=dt.date(2026, 11, 30),
        cutover_marker=5000,
        planned_at=start,
        spell_started_at=start,
    )
    BackfillWindow.objects.create(
        backfill=backfill, from_date=dt.date(2026, 11, 24), through_date=dt.date(2026, 11, 30),
        status="done", received=1234, planned_at=start, started_at=start, finished_at=now,
    )  # fmt: skip
    BackfillWindow.objects.create(
        backfill=backfill, from_date=dt.date(2026, 11, 23), through_date=dt.date(2026, 11, 23),
        status="running", received=100, planned_at=start, started_at=now,
    )  # fmt: skip
    BackfillWindow.objects.create(
        backfill=backfill, from_date=dt.date(2026, 11, 17), through_date=dt.date(2026, 11, 22),
        status="retrying", planned_at=start, error="MplusUnavailable: HTTP 503",
    )  # fmt: skip
    return backfill


def test_time_left_is_the_remaining_days_at_the_rate_so_far(alice_connection):
    now = timezone.now()
    progress = backfill_progress(half_done(alice_connection, now), now=now)
    assert (progress.days_done, progress.days_total, progress.receipts) == (7, 14, 1334)
    # 1234 receipts a week: 7 days to go hold about 1234 - 100 already read;
    # 1334 receipts in 120 s is 11.1/s: 1134 / 11.1 = 102 s, shown as 2 min.
    assert progress.seconds_left == 102 and progress.minutes_left == 2
    assert progress.windows_retrying == 1 and progress.errors == ("MplusUnavailable: HTTP 503",)


def test_time_left_is_unknown_until_a_window_is_done(alice_connection):
    now = timezone.now()
    backfill = half_done(alice_connection, now)
    backfill.windows.filter(status="done").update(status="running")
    progress = backfill_progress(backfill, now=now)
    assert progress.seconds_left is None and progress.minutes_left is None


def test_the_shop_sees_a_progress_bar_that_refreshes_itself(alice, alice_connection):
    half_done(alice_connection)
    html = alice.client().get(reverse("app_center_settings", args=[alice_connection.pk]))
    html = html.content.decode()
    assert '<progress max="14" value="7"' in html
    # (the page's clock runs on a little: 2 or 3 minutes left)
    assert re.search(
        r"Geschiedenis importeren: 7 van 14 dagen, 1\.334 bonnen, nog ca\. [23] min", html
    )
    assert 'hx-trigger="every 5s"' in html and "HTTP 503" in html


def test_the_operator_sees_it_on_the_connection_and_in_the_console(
    operator_client, alice_connection
):
    half_done(alice_connection)
    for url in (
        reverse("operator_connection", args=[alice_connection.pk]),
        reverse("operator_console"),
    ):
        html = operator_client.get(url).content.decode()
        assert "7 van 14 dagen, 1.334 bonnen" in html


def test_a_finished_backfill_stops_refreshing_and_says_so(alice, alice_connection):
    backfill = half_done(alice_connection)
    backfill.windows.update(status="done", error="")
    Backfill.objects.filter(pk=backfill.pk).update(finished_at=timezone.now())
    html = alice.client().get(reverse("app_center_settings", args=[alice_connection.pk]))
    html = html.content.decode()
    assert "Geschiedenis geïmporteerd: 14 dagen vanaf 17 nov 2026, 1.334 bonnen." in html
    assert 'hx-trigger="every 5s"' not in html.split('id="backfill-')[1].split(">")[0]


def test_a_link_without_history_shows_no_bar(alice, alice_connection):
    html = alice.client().get(reverse("app_center_settings", args=[alice_connection.pk]))
    assert b"<progress" not in html.content


def test_the_api_gives_the_progress(alice, alice_connection):
    half_done(alice_connection)
    body = alice.client().get(reverse("api-connection", args=[alice_connection.pk])).json()
    assert body["backfill"]["days_done"] == 7 and body["backfill"]["receipts"] == 1334
    assert body["backfill"]["windows_retrying"] == 1


def test_the_operator_retries_failed_windows(operator_client, alice_connection, monkeypatch):
    from kassalink.sync import backfill

    queued = []
    monkeypatch.setattr(backfill, "enqueue_window", queued.append)
    progress = half_done(alice_connection)
    failed = progress.windows.get(status="retrying")
    BackfillWindow.objects.filter(pk=failed.pk).update(status="failed", attempts=6)
    page = operator_client.get(reverse("operator_connection", args=[alice_connection.pk]))
    assert "Opnieuw proberen" in page.content.decode()
    # every window listed with its state; the failed one with its error
    assert page.content.decode().count('<tr data-status="') == 3
    assert '<tr data-status="failed"><td>17 nov 2026 – 22 nov 2026' in page.content.decode()

    url = reverse("operator_backfill_retry", args=[alice_connection.pk])
    assert operator_client.post(url).status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, queued) == ("pending", 0, [failed.pk])


def test_a_shop_cannot_retry(alice, alice_connection):
    url = reverse("operator_backfill_retry", args=[alice_connection.pk])
    assert alice.client().post(url).status_code in (302, 403, 404)
    assert not BackfillWindow.objects.exists()
