"""The Omzet tab of the mapping page: Insights' settings per connection."""

import pytest
from django.urls import reverse

from kassalink.insights.models import TurnoverSettings
from kassalink.workforce.models import PosBranch, Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_connection(alice):
    TurnoverSettings.objects.filter(connection=alice).delete()  # as before the tab is used
    return alice


def omzet_url(connection) -> str:
    return reverse("app_center_mapping_tab", args=[connection.pk, "omzet"])


def test_the_omzet_tab_saves_turnover_settings(alice_shop, alice_connection):
    data = {"enabled": "on", "includes_vat": "False", "team": alice_shop.team.pk}
    response = alice_shop.client().post(omzet_url(alice_connection), data)
    assert response["Location"] == omzet_url(alice_connection)
    settings = TurnoverSettings.objects.get(connection=alice_connection)
    assert settings.enabled and settings.includes_vat is False
    assert settings.team == alice_shop.team


def test_turnover_on_needs_a_team_and_nothing_changes(alice_shop, alice_connection):
    response = alice_shop.client().post(omzet_url(alice_connection), {"enabled": "on", "team": ""})
    assert "team" in response.context["form"].errors
    assert not TurnoverSettings.objects.filter(connection=alice_connection, enabled=True).exists()


def test_the_omzet_tab_offers_only_the_shops_teams(alice_shop, bob_shop, alice_connection):
    form = alice_shop.client().get(omzet_url(alice_connection)).context["form"]
    assert list(form.fields["team"].queryset) == [alice_shop.team]
    data = {"enabled": "on", "includes_vat": "True", "team": bob_shop.team.pk}
    response = alice_shop.client().post(omzet_url(alice_connection), data)
    assert "team" in response.context["form"].errors


def test_a_connection_with_several_branches_gets_a_team_per_branch(alice_shop, alice_connection):
    for number in (1, 2):
        PosBranch.objects.create(
            organization=alice_shop.organization,
            connection=alice_connection,
            number=number,
            name=f"Winkel {number}",
        )
    noord = Team.objects.create(
        organization=alice_shop.organization, department=alice_shop.team.department, name="Noord"
    )
    data = {
        "enabled": "on",
        "includes_vat": "True",
        "team": alice_shop.team.pk,
        "branch_2": noord.pk,
    }
    alice_shop.client().post(omzet_url(alice_connection), data)

    settings = TurnoverSettings.objects.get(connection=alice_connection)
    assert settings.team_id_for(1) == alice_shop.team.pk
    assert settings.team_id_for(2) == noord.pk


def test_a_shop_without_teams_is_offered_to_create_one(alice_shop, alice_connection):
    Team.objects.filter(organization=alice_shop.organization).delete()
    page = alice_shop.client().get(omzet_url(alice_connection))
    assert page.context["first_team_form"] is not None
    assert "Team aanmaken" in page.content.decode()

    response = alice_shop.client().post(
        omzet_url(alice_connection), {"team_name": "Kassa", "department_name": "Winkel"}
    )

    assert response["Location"] == omzet_url(alice_connection)
    team = Team.objects.get(organization=alice_shop.organization)
    assert (team.name, team.department.name) == ("Kassa", "Winkel")
    after = alice_shop.client().get(omzet_url(alice_connection))
    assert after.context["first_team_form"] is None
    assert list(after.context["form"].fields["team"].queryset) == [team]


def test_bob_cannot_change_alices_omzet(bob_shop, alice_connection):
    data = {"enabled": "on", "includes_vat": "True", "team": bob_shop.team.pk}
    assert bob_shop.client().post(omzet_url(alice_connection), data).status_code == 404
    assert not TurnoverSettings.objects.filter(connection=alice_connection, enabled=True).exists()
