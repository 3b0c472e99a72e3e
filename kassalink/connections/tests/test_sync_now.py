"""Nu synchroniseren and the run log on the connection pages (the gear and the operator's)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kassalink.connections.models import Connection
from kassalink.connections.tests.conftest import make_connection
from kassalink.insights.models import TurnoverSettings
from kassalink.sync import tasks
from kassalink.sync.models import SyncRun, SyncState

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch) -> list[tuple]:
    """What the button put on the queue, instead of running it."""
    calls: list[tuple] = []
    monkeypatch.setattr(tasks.run_stream_task, "delay", lambda *args: calls.append(args))
    return calls


def log_run(connection: Connection, stream: str = "receipts", **fields) -> SyncRun:
    now = timezone.now()
    defaults = {"trigger": "schedule", "status": "succeeded", "started": now, "finished": now}
    return SyncRun.objects.create(connection=connection, stream=stream, **{**defaults, **fields})


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_owner_and_manager_start_a_sync_and_hear_which_streams(
    alice, alice_connection, queued, role
):
    url = reverse("app_center_sync", args=[alice_connection.pk])
    response = alice.client(role).post(url, follow=True)
    assert {args[1] for args in queued} == {"receipts", "employees", "clock_times"}
    assert {args[2] for args in queued} == {"manual"}
    html = response.content.decode()
    assert "Synchronisatie gestart voor: Kassabonnen, Medewerkers, Kloktijden." in html
    assert response.redirect_chain[-1][0].endswith(
        reverse("app_center_settings", args=[alice_connection.pk]) + "#sync"
    )


def test_turnover_is_queued_when_it_is_switched_on(alice, alice_connection, queued):
    TurnoverSettings.objects.create(
        organization=alice.organization, connection=alice_connection, enabled=True, team=alice.team
    )
    alice.client().post(reverse("app_center_sync", args=[alice_connection.pk]))
    assert [args[1] for args in queued] == ["receipts", "employees", "clock_times", "turnover"]


def test_the_button_only_takes_a_post(alice, alice_connection, queued):
    response = alice.client().get(reverse("app_center_sync", args=[alice_connection.pk]))
    assert response.status_code == 405
    assert queued == []


def test_the_button_checks_the_csrf_token(alice, alice_connection, queued):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.owner)
    response = client.post(reverse("app_center_sync", args=[alice_connection.pk]))
    assert response.status_code == 403
    assert queued == []


@pytest.mark.parametrize("status", [Connection.Status.DRAFT, Connection.Status.PAUSED])
def test_a_connection_that_is_not_on_cannot_be_synced(alice, queued, status):
    connection = make_connection(alice, status=status)
    page = alice.client().get(reverse("app_center_settings", args=[connection.pk]))
    assert "Nu synchroniseren" not in page.content.decode()
    response = alice.client().post(reverse("app_center_sync", args=[connection.pk]), follow=True)
    assert queued == []
    assert "synchroniseren kan pas na activeren" in response.content.decode()


def test_a_connection_that_needs_attention_may_be_retried(alice, queued):
    connection = make_connection(alice, status=Connection.Status.NEEDS_ATTENTION)
    alice.client().post(reverse("app_center_sync", args=[connection.pk]))
    assert queued


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_bob_cannot_sync_alices_connection(bob, alice_connection, queued, role):
    response = bob.client(role).post(reverse("app_center_sync", args=[alice_connection.pk]))
    assert response.status_code == 404
    assert queued == []


def test_the_gear_page_shows_health_and_runs_per_stream(alice, alice_connection):
    SyncState.objects.create(
        connection=alice_connection,
        stream="clock_times",
        failures_in_a_row=3,
        last_success_at=timezone.now(),
        newest_data_at=timezone.now() - timezone.timedelta(hours=2),
    )
    log_run(alice_connection, created=42)
    log_run(alice_connection, "clock_times", status="failed", error="Geen verbinding")
    log_run(alice_connection, "employees", status="skipped_locked")

    page = alice.client().get(reverse("app_center_settings", args=[alice_connection.pk]))
    html = page.content.decode()
    assert "Nu synchroniseren" in html
    assert "Laatst gelukt" in html and "Mislukt op rij" in html
    assert re.search(r"2\suur geleden", html)  # how old the newest data is
    assert 'data-stream="receipts" data-status="succeeded"' in html
    assert '<td data-count="created">42</td>' in html
    assert "Geen verbinding" in html
    assert 'data-status="skipped_locked"' not in html  # noise, left out


def test_bob_never_sees_alices_runs(alice, bob, alice_connection, bob_connection):
    log_run(alice_connection, created=7, error="Alleen van Alice")
    log_run(bob_connection, created=3)

    page = bob.client().get(reverse("app_center_settings", args=[bob_connection.pk]))
    html = page.content.decode()
    assert "Alleen van Alice" not in html
    assert html.count('data-stream="receipts"') == 1
    assert (
        bob.client().get(reverse("app_center_settings", args=[alice_connection.pk])).status_code
        == 404
    )


def test_the_operator_starts_a_sync_from_the_connection_page(
    operator_client, alice_connection, queued
):
    page = operator_client.get(reverse("operator_connection", args=[alice_connection.pk]))
    assert "Nu synchroniseren" in page.content.decode()
    response = operator_client.post(
        reverse("operator_connection_sync", args=[alice_connection.pk]), follow=True
    )
    assert {args[1] for args in queued} == {"receipts", "employees", "clock_times"}
    assert "Synchronisatie gestart voor: Kassabonnen" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith("#sync")


def test_the_operator_page_shows_the_run_log(operator_client, alice_connection):
    log_run(alice_connection, created=5, error="")
    page = operator_client.get(reverse("operator_connection", args=[alice_connection.pk]))
    assert '<td data-count="created">5</td>' in page.content.decode()


def test_with_eager_tasks_the_button_runs_the_streams_in_process(settings, alice, simulator):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    connection = make_connection(alice, port=simulator.port)

    alice.client().post(reverse("app_center_sync", args=[connection.pk]))

    runs = {run.stream: run for run in SyncRun.objects.filter(connection=connection)}
    assert set(runs) == {"receipts", "employees", "clock_times"}
    assert {run.status for run in runs.values()} == {"succeeded"}
    assert runs["employees"].created == 4


def test_pressed_through_htmx_the_sync_block_follows_the_runs(alice, alice_connection, queued):
    client = alice.client()
    settings_url = reverse("app_center_settings", args=[alice_connection.pk])

    pressed = client.post(
        reverse("app_center_sync", args=[alice_connection.pk]), HTTP_HX_REQUEST="true"
    )

    assert pressed.status_code == 302 and pressed.url.startswith(settings_url + "?volgen=")
    following = client.get(pressed.url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 3s"' in following and "data-following" in following
    # Nothing pressed, nothing running: the page stays still.
    still = client.get(settings_url).content.decode()
    assert "data-following" not in still
    log_run(alice_connection, status=SyncRun.Status.RUNNING, finished=None)
    assert "data-following" in client.get(settings_url).content.decode()
    assert "Bezig met synchroniseren" in client.get(settings_url).content.decode()


def test_the_sync_table_says_what_its_columns_mean(alice, alice_connection):
    log_run(alice_connection, skipped=213)
    html = alice.client().get(reverse("app_center_settings", args=[alice_connection.pk]))
    text = html.content.decode()
    assert "Overgeslagen: rijen die we al precies zo hadden" in text
    assert "Laatste wijziging in MplusKASSA" in text
    assert "runs" not in re.sub(r"<[^>]+>", "", text).split()  # Dutch words only
