"""The two-arrows icon: the mapping page with its tabs Medewerkers, Kloktijden, Omzet."""

import pytest
from django.http import HttpResponse
from django.urls import reverse

from kassalink.connections import mapping

pytestmark = pytest.mark.django_db


def test_the_mapping_page_has_three_tabs(alice, alice_connection):
    response = alice.client().get(reverse("app_center_mapping", args=[alice_connection.pk]))
    html = response.content.decode()
    for label in ("Medewerkers", "Kloktijden", "Omzet"):
        assert f">{label}</a>" in html
    assert response.context["active_tab"] == "medewerkers"


@pytest.mark.parametrize("tab", ["medewerkers", "kloktijden", "omzet"])
def test_every_tab_renders(alice, alice_connection, tab):
    url = reverse("app_center_mapping_tab", args=[alice_connection.pk, tab])
    response = alice.client().get(url)
    assert response.status_code == 200
    assert response.context["active_tab"] == tab


def test_an_unknown_tab_is_404(alice, alice_connection):
    url = reverse("app_center_mapping_tab", args=[alice_connection.pk, "bonnen"])
    assert alice.client().get(url).status_code == 404


def test_another_app_can_fill_a_tab(alice, alice_connection, monkeypatch):
    monkeypatch.setattr(mapping, "_views", {})

    @mapping.register_tab("medewerkers")
    def employees(request, connection, membership):
        return HttpResponse(f"medewerkers van {connection.name} voor {membership.role}")

    response = alice.client().get(reverse("app_center_mapping", args=[alice_connection.pk]))
    assert response.content.decode() == "medewerkers van Winkel Centrum voor owner"
    with pytest.raises(ValueError, match="no mapping tab"):
        mapping.register_tab("bonnen")
