"""history_from (Importeren vanaf) in /api/v1/connections/: read, change, refuse, scope."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from kassalink.accounts.actions import do_create_api_token
from kassalink.connections.signals import history_wanted
from kassalink.connections.tests.conftest import make_connection
from kassalink.connections.tests.test_api_connections import Api, detail

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = TODAY - dt.timedelta(days=365)


@pytest.fixture
def alice_api(client, alice) -> Api:
    return Api(client, do_create_api_token(alice.organization, alice.owner, "test").key)


@pytest.fixture
def announced():
    sent: list[int] = []

    def receiver(sender, connection, **kwargs):
        sent.append(connection.pk)

    history_wanted.connect(receiver)
    yield sent
    history_wanted.disconnect(receiver)


def test_it_is_read_as_an_iso_date_or_null(alice_api, alice):
    connection = make_connection(alice, history_from=dt.date(2025, 1, 6))
    assert alice_api.get(detail(connection)).json()["history_from"] == "2025-01-06"
    connection.history_from = None
    connection.save()
    assert alice_api.get(detail(connection)).json()["history_from"] is None


def test_the_shop_sets_it_and_the_history_is_announced_once(
    alice_api, alice_connection, announced, django_capture_on_commit_callbacks
):
    body = {"history_from": LAST_YEAR.isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_api.patch(detail(alice_connection), body)
    with django_capture_on_commit_callbacks(execute=True):
        again = alice_api.patch(detail(alice_connection), body)

    assert response.status_code == 200, response.json()
    assert response.json()["history_from"] == LAST_YEAR.isoformat()
    assert again.status_code == 200
    alice_connection.refresh_from_db()
    assert alice_connection.history_from == LAST_YEAR
    assert announced == [alice_connection.pk]


def test_null_clears_it(alice_api, alice):
    connection = make_connection(alice, history_from=LAST_YEAR)
    response = alice_api.patch(detail(connection), {"history_from": None})
    assert response.status_code == 200, response.json()
    connection.refresh_from_db()
    assert connection.history_from is None


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ((TODAY + dt.timedelta(days=1)).isoformat(), "in de toekomst"),
        (TODAY.replace(year=TODAY.year - 6).isoformat(), "hoogstens 5 jaar terug"),
        ("2026-02-30", "geen geldige datum"),
        ("01-06-2025", "geen geldige datum"),
        ("", "geen geldige datum"),
        (20250106, "geen geldige datum"),
        (["2025-01-06"], "geen geldige datum"),
        ({"date": "2025-01-06"}, "geen geldige datum"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_changes_nothing(
    alice_api, alice_connection, value, says
):
    response = alice_api.patch(detail(alice_connection), {"history_from": value, "name": "X"})
    assert response.status_code == 400
    [message] = response.json()["history_from"]
    assert message.startswith("Importeren vanaf") and says in message
    alice_connection.refresh_from_db()
    assert (alice_connection.history_from, alice_connection.name) == (None, "Winkel Centrum")


def test_an_operator_session_sets_it_too(operator_client, alice_connection):
    response = Api(operator_client).patch(
        detail(alice_connection), {"history_from": LAST_YEAR.isoformat(), "port": 4444}
    )
    assert response.status_code == 200, response.json()
    alice_connection.refresh_from_db()
    assert (alice_connection.history_from, alice_connection.port) == (LAST_YEAR, 4444)


def test_another_shops_connection_is_not_found(alice_api, bob_connection, announced):
    response = alice_api.patch(detail(bob_connection), {"history_from": LAST_YEAR.isoformat()})
    assert response.status_code == 404
    assert alice_api.get(detail(bob_connection)).status_code == 404
    bob_connection.refresh_from_db()
    assert bob_connection.history_from is None
    assert announced == []


def test_the_schema_has_it_as_a_nullable_date(tmp_path):
    import yaml

    call_command("spectacular", "--file", str(tmp_path / "s.yml"))
    schema = yaml.safe_load((tmp_path / "s.yml").read_text())
    field = schema["components"]["schemas"]["Connection"]["properties"]["history_from"]
    assert field["format"] == "date" and field["nullable"] is True
    assert "Importeren vanaf" in field["description"]
    patched = schema["components"]["schemas"]["PatchedConnection"]["properties"]
    assert "history_from" in patched
