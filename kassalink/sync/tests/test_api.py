"""The sync API: sync now, run log and health, each within the caller's tenant scope."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from kassalink.accounts.actions import do_create_api_token
from kassalink.accounts.models import Membership
from kassalink.sync import tasks
from kassalink.sync.models import SyncRun
from kassalink.sync.runner import run_stream


def member_of(connection, email: str, staff: bool = False):
    user = get_user_model().objects.create_user(email, email, "pw", is_staff=staff)
    if connection is not None:
        Membership.objects.create(organization=connection.organization, user=user)
    return user


def client_for(user, token=None) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token=token)
    return client


@pytest.fixture
def queued(monkeypatch) -> list:
    calls = []
    monkeypatch.setattr(tasks.run_stream_task, "delay", lambda *args: calls.append(args))
    return calls


def test_sync_now_queues_the_asked_stream(alice, queued):
    client = client_for(member_of(alice, "anna@alice.example"))

    response = client.post(f"/api/v1/connections/{alice.pk}/sync/", {"stream": "receipts"})

    assert response.status_code == 202
    assert response.json() == {"queued": ["receipts"]}
    assert queued == [(alice.pk, "receipts", "api")]


def test_sync_now_without_a_stream_queues_every_enabled_one(alice, queued):
    client = client_for(member_of(alice, "anna@alice.example"))

    response = client.post(f"/api/v1/connections/{alice.pk}/sync/", {}, format="json")

    assert response.json()["queued"] == ["receipts", "employees", "clock_times", "turnover"]


@pytest.mark.parametrize("state", ["draft", "paused"])
def test_sync_now_is_refused_before_activation_and_while_paused(alice, queued, state):
    alice.status = state
    alice.save()
    client = client_for(member_of(alice, "anna@alice.example"))

    response = client.post(f"/api/v1/connections/{alice.pk}/sync/", {"stream": "receipts"})

    assert response.status_code == 409 and "activate" in response.json()["detail"]
    assert queued == []


def test_sync_now_with_a_bad_stream_names_the_field_and_queues_nothing(alice, queued):
    client = client_for(member_of(alice, "anna@alice.example"))

    response = client.post(f"/api/v1/connections/{alice.pk}/sync/", {"stream": "sales"})

    assert response.status_code == 400 and "stream" in response.json()
    assert queued == []


def test_bob_cannot_reach_alices_connection(alice, bob, queued, fake_stream):
    run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)
    client = client_for(member_of(bob, "bert@bob.example"))

    for method, path in [
        ("post", f"/api/v1/connections/{alice.pk}/sync/"),
        ("get", f"/api/v1/connections/{alice.pk}/runs/"),
        ("get", f"/api/v1/connections/{alice.pk}/health/"),
    ]:
        assert getattr(client, method)(path).status_code == 404, path
    assert queued == []


def test_a_token_reaches_only_its_own_organization_even_for_staff(alice, bob):
    user = member_of(bob, "ops@install.example", staff=True)
    key = do_create_api_token(bob.organization, user, "script").key
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")

    assert client.get(f"/api/v1/connections/{alice.pk}/runs/").status_code == 404
    assert client.get(f"/api/v1/connections/{bob.pk}/runs/").status_code == 200


def test_an_operator_signed_in_reaches_every_connection(alice, bob):
    client = client_for(member_of(None, "ops@install.example", staff=True))

    assert client.get(f"/api/v1/connections/{alice.pk}/health/").status_code == 200
    assert client.get(f"/api/v1/connections/{bob.pk}/health/").status_code == 200


def test_anonymous_gets_nothing(alice):
    assert APIClient().get(f"/api/v1/connections/{alice.pk}/runs/").status_code in {401, 403}


def test_runs_filtered_by_stream_and_status(alice, fake_stream):
    from kassalink.sync import locks

    run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)
    lease = locks.claim(alice.pk, "fake", "other")
    run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)
    locks.release(lease)
    client = client_for(member_of(alice, "anna@alice.example"))

    every = client.get(f"/api/v1/connections/{alice.pk}/runs/").json()
    skipped = client.get(f"/api/v1/connections/{alice.pk}/runs/?status=skipped_locked").json()
    other = client.get(f"/api/v1/connections/{alice.pk}/runs/?stream=receipts").json()

    assert every["count"] == 2
    assert [r["status"] for r in skipped["results"]] == ["skipped_locked"]
    assert other["count"] == 0
    first = every["results"][1]
    assert (first["created"], first["cursor_after"]) == (10, {"sync_marker": 10})


def test_health_per_stream(alice, fake_stream):
    from kassalink.mplus.errors import MplusUnavailable

    fake_stream(fetch_error=MplusUnavailable("down"))
    client = client_for(member_of(alice, "anna@alice.example"))
    alice.turnover_settings.enabled = False
    alice.turnover_settings.save()

    health = {h["stream"]: h for h in client.get(f"/api/v1/connections/{alice.pk}/health/").json()}

    assert health["receipts"]["status"] == "never"
    assert health["turnover"]["status"] == "off"
    assert health["receipts"]["interval_seconds"] == 30
    assert health["employees"]["last_run"] is None


def test_the_schema_describes_the_sync_routes_without_warnings(tmp_path):
    from django.core.management import call_command

    schema = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(schema), "--skip-checks")

    text = schema.read_text()
    for route in ("sync", "runs", "health"):
        assert f"/api/v1/connections/{{connection_id}}/{route}/:" in text
