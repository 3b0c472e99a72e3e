"""The gear: a merchant changes the non-technical settings of their own connection."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def settings_data(team, **overrides) -> dict:
    return {
        "name": "Winkel Noord",
        "import_notification_email": "import@alice.test",
        "turnover_notification_email": "omzet@alice.test",
        **overrides,
    }


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_owner_and_manager_change_the_settings(alice, alice_connection, role):
    url = reverse("app_center_settings", args=[alice_connection.pk])
    response = alice.client(role).post(url, settings_data(alice.team))
    assert response.status_code == 302
    alice_connection.refresh_from_db()
    assert alice_connection.name == "Winkel Noord"
    assert alice_connection.import_notification_email == "import@alice.test"
    assert alice_connection.turnover_notification_email == "omzet@alice.test"


def test_technical_fields_are_not_on_the_form_and_ignored(alice, alice_connection):
    url = reverse("app_center_settings", args=[alice_connection.pk])
    html = alice.client().get(url).content.decode()
    assert 'name="port"' not in html and 'name="secret"' not in html
    alice.client().post(url, settings_data(alice.team, port="1", secret="x", host="evil"))
    alice_connection.refresh_from_db()
    assert (alice_connection.port, alice_connection.host) == (9, "127.0.0.1")
    assert alice_connection.secret == "demo"


def test_a_bad_email_is_named(alice, alice_connection):
    url = reverse("app_center_settings", args=[alice_connection.pk])
    data = settings_data(alice.team, import_notification_email="nope")
    response = alice.client().post(url, data)
    assert "import_notification_email" in response.context["form"].errors
