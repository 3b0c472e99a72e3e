"""Omzet on the seed's settings screens: the operator's setup form and the shop's gear."""

import pytest
from django.urls import reverse

from kassalink.connections.models import Connection
from kassalink.connections.tests.conftest import make_link_request
from kassalink.insights.models import TurnoverSettings

pytestmark = pytest.mark.django_db


def setup_data(team, **overrides) -> dict:
    return {
        "port": 44123,
        "name": "Winkel Centrum",
        "host": "127.0.0.1",
        "scheme": "http",
        "ident": "demo",
        "secret": "demo",
        "import_notification_email": "import@alice.test",
        "turnover_notification_email": "omzet@alice.test",
        "omzet-enabled": "on",
        "omzet-includes_vat": "False",
        "omzet-team": team.pk,
        **overrides,
    }


def test_the_operator_sets_omzet_when_setting_up_the_link(operator_client, alice_shop):
    link_request = make_link_request(alice_shop)
    url = reverse("operator_request", args=[link_request.pk])
    assert "Omzet importeren" in operator_client.get(url).content.decode()

    operator_client.post(url, setup_data(alice_shop.team))

    connection = Connection.objects.get(link_request=link_request)
    settings = TurnoverSettings.objects.get(connection=connection)
    assert settings.enabled and settings.includes_vat is False
    assert settings.team == alice_shop.team


def test_only_teams_of_the_shop_can_receive_turnover(operator_client, alice_shop, bob_shop):
    link_request = make_link_request(alice_shop)
    url = reverse("operator_request", args=[link_request.pk])
    response = operator_client.post(url, setup_data(bob_shop.team))
    assert "team" in response.context["sections"][0].errors
    assert not Connection.objects.filter(link_request=link_request).exists()


def test_the_gear_changes_omzet_and_needs_a_team(alice, alice_shop):
    url = reverse("app_center_settings", args=[alice.pk])
    data = {
        "name": "Winkel Noord",
        "import_notification_email": "import@alice.test",
        "turnover_notification_email": "omzet@alice.test",
        "omzet-enabled": "on",
        "omzet-includes_vat": "False",
        "omzet-team": "",
    }
    refused = alice_shop.client().post(url, data)
    assert "team" in refused.context["sections"][0].errors
    alice.refresh_from_db()
    assert alice.name == "Bakkerij Alice kassa"  # nothing changed

    alice_shop.client().post(url, {**data, "omzet-team": alice_shop.team.pk})
    alice.refresh_from_db()
    alice.turnover_settings.refresh_from_db()
    assert alice.name == "Winkel Noord"
    assert alice.turnover_settings.includes_vat is False
