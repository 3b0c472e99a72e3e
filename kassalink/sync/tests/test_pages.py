"""The operator's run log page and the health/run partials for connection pages."""

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from kassalink.mplus.errors import MplusUnavailable
from kassalink.sync.health import health_for
from kassalink.sync.models import SyncRun
from kassalink.sync.runner import run_stream


def test_operator_sees_failing_connections_first(client, alice, bob, fake_stream):
    fake_stream(count=2)
    run_stream(alice.pk, "fake", SyncRun.Trigger.SCHEDULE)
    fake_stream(fetch_error=MplusUnavailable("the account did not answer"))
    run_stream(bob.pk, "fake", SyncRun.Trigger.SCHEDULE)
    fake_stream(count=3)
    run_stream(alice.pk, "fake", SyncRun.Trigger.SCHEDULE)  # newest, but Alice is fine
    operator = get_user_model().objects.create_user("ops", "ops@x.example", "pw", is_staff=True)
    client.force_login(operator)

    html = client.get("/operator/runs/").content.decode()

    assert "Koppelingen met fouten" in html
    assert html.index("Slijterij Bob kassa") < html.index("Bakkerij Alice kassa")
    assert "the account did not answer" in html


def test_operator_filters_by_status(client, alice, fake_stream):
    run_stream(alice.pk, "fake", SyncRun.Trigger.SCHEDULE)
    operator = get_user_model().objects.create_user("ops", "ops@x.example", "pw", is_staff=True)
    client.force_login(operator)

    html = client.get("/operator/runs/?status=failed").content.decode()

    assert "Nog geen synchronisaties." in html


def test_merchants_do_not_get_the_operator_page(client, alice):
    merchant = get_user_model().objects.create_user("anna", "anna@alice.example", "pw")
    client.force_login(merchant)

    assert client.get("/operator/runs/").status_code == 404  # our page, not the admin login


def test_health_and_runs_partials_render_in_dutch(alice, fake_stream):
    fake_stream(fetch_error=MplusUnavailable("the account did not answer"))
    run_stream(alice.pk, "fake", SyncRun.Trigger.SCHEDULE)

    health = render_to_string("sync/_health.html", {"health": health_for(alice)})
    runs = render_to_string("sync/_runs.html", {"runs": SyncRun.objects.filter(connection=alice)})

    assert "Kassabonnen" in health and "nog niet gedraaid" in health
    assert "mislukt" in runs and "the account did not answer" in runs


def test_the_run_filter_names_each_connection_with_its_shop(client, alice, bob, fake_stream):
    operator = get_user_model().objects.create_user("ops", "ops@x.example", "pw", is_staff=True)
    client.force_login(operator)

    html = client.get("/operator/runs/").content.decode()

    for connection in (alice, bob):
        label = f"{connection.organization.name} · {connection.name}"
        assert f">{label}</option>" in html.replace("&#x27;", "'")
