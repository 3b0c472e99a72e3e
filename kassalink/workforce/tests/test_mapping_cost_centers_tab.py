"""Tab Kloktijden: per cost center Niet importeren, Automatisch or a department."""

from django.urls import reverse

from kassalink.workforce.models import CostCenterRule
from kassalink.workforce.tests.mapping_shops import cost_center, department, signed_in


def url(connection) -> str:
    return reverse("app_center_mapping_tab", args=[connection.pk, "kloktijden"])


def test_lists_the_branch_cost_centers_with_the_tips(alice):
    cost_center(alice, "KP101", branch=1)
    cost_center(alice, "KP900", branch=None, description="Hoofdkantoor")

    page = signed_in(alice).get(url(alice)).content.decode()

    assert 'data-cost-center="KP101"' in page and "KP900" not in page
    assert "Filiaal 1" in page and "kolom Filiaal" in page  # the branch, said plainly
    assert "omzetgroep" not in page  # how it is derived is for the README, not the shop
    assert "Automatisch" in page and "Niet importeren" in page
    assert "Pauze-knop" in page and "uitklokken" in page
    assert "rooster" in page


def test_saving_modes_and_a_department(alice):
    cost_center(alice, "KP101", branch=1)
    cost_center(alice, "KP102", branch=2)
    cost_center(alice, "KP103", branch=3)
    bakery = department(alice, "Bakkerij")
    client = signed_in(alice)

    response = client.post(
        url(alice),
        {
            "cost_center_KP101": "skip",
            "cost_center_KP102": "auto",
            "cost_center_KP103": f"department:{bakery.pk}",
        },
    )

    assert response.status_code == 302
    rules = {r.cost_center: (r.mode, r.department_id) for r in CostCenterRule.objects.all()}
    assert rules == {
        "KP101": ("skip", None),
        "KP102": ("auto", None),
        "KP103": ("department", bakery.pk),
    }
    page = client.get(url(alice)).content.decode()
    assert f'value="department:{bakery.pk}" selected' in page


def test_a_department_of_another_shop_is_refused_and_nothing_saved(alice, bob):
    cost_center(alice, "KP101", branch=1)
    cost_center(alice, "KP102", branch=2)
    foreign = department(bob, "Slijterij")

    response = signed_in(alice, "owner").post(
        url(alice), {"cost_center_KP101": "skip", "cost_center_KP102": f"department:{foreign.pk}"}
    )

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not CostCenterRule.objects.exists()


def test_bob_cannot_open_alices_tab(alice, bob):
    assert signed_in(bob).get(url(alice)).status_code == 404
