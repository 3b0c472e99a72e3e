"""Medewerkers, Afdelingen and teams: a manager lists, adds, edits and deactivates; Bob's
shop never reads or changes Alice's rows."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kassalink.workforce.models import Department, Employee, Team
from kassalink.workforce.tests import shops
from kassalink.workforce.tests.shops import department, make_employee

# The shops with a signed-in owner and manager (see shops.py), not the conftest's bare ones.
alice, bob = shops.alice, shops.bob

pytestmark = pytest.mark.django_db


def employee_form(shop, **changes) -> dict:
    data = {
        "first_name": "Sanne",
        "last_name": "de Vries",
        "email": "sanne@example.com",
        "default_department": department(shop).pk,
        "teams": [shop.team.pk],
        "contract_hours": "24",
        "hourly_wage": "14.75",
        "active": "on",
    }
    return {**data, **changes}


def test_the_list_shows_active_employees_by_default(alice):
    make_employee(alice, "Sanne")
    make_employee(alice, "Oud", active=False)
    page = alice.client("manager").get(reverse("workforce_employees")).content.decode()
    assert "Sanne" in page and "Oud" not in page
    inactive = alice.client().get(reverse("workforce_employees") + "?status=inactief")
    assert "Oud" in inactive.content.decode() and "Sanne" not in inactive.content.decode()
    everyone = alice.client().get(reverse("workforce_employees") + "?status=alle")
    assert "Oud" in everyone.content.decode() and "Sanne" in everyone.content.decode()


def test_a_manager_adds_an_employee_with_wage_in_euros(alice):
    response = alice.client("manager").post(reverse("workforce_employee_new"), employee_form(alice))
    assert response.status_code == 302
    sanne = Employee.objects.get(organization=alice.organization, first_name="Sanne")
    assert sanne.hourly_wage_cents == 1475
    assert sanne.contract_hours == Decimal("24")
    assert list(sanne.teams.all()) == [alice.team]
    assert sanne.active


def test_the_wage_shows_in_euros_on_the_list_and_form(alice):
    sanne = make_employee(alice, "Sanne", hourly_wage_cents=1475)
    assert "€ 14,75" in alice.client().get(reverse("workforce_employees")).content.decode()
    form = alice.client().get(reverse("workforce_employee_edit", args=[sanne.pk])).content.decode()
    assert 'value="14.75"' in form


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", ""),
        ("email", "geen-adres"),
        ("hourly_wage", "-1"),
        ("contract_hours", "100"),
        ("default_department", ""),
    ],
)
def test_a_bad_value_is_named_under_its_field(alice, field, value):
    response = alice.client().post(
        reverse("workforce_employee_new"), employee_form(alice, **{field: value})
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Employee.objects.filter(organization=alice.organization).exists()


def test_editing_changes_the_employee(alice):
    sanne = make_employee(alice, "Sanne")
    url = reverse("workforce_employee_edit", args=[sanne.pk])
    response = alice.client().post(url, employee_form(alice, last_name="Bakker"))
    assert response.status_code == 302
    sanne.refresh_from_db()
    assert sanne.last_name == "Bakker"


def test_deactivating_keeps_the_employee_but_hides_them(alice):
    sanne = make_employee(alice, "Sanne")
    url = reverse("workforce_employee_active", args=[sanne.pk])
    response = alice.client("manager").post(url, {"active": "0"}, follow=True)
    assert "gedeactiveerd" in response.content.decode()
    sanne.refresh_from_db()
    assert not sanne.active
    alice.client().post(url, {"active": "1"})
    sanne.refresh_from_db()
    assert sanne.active


def test_departments_and_teams_are_created_and_edited(alice):
    client = alice.client("manager")
    assert client.post(reverse("workforce_department_new"), {"name": "Bakkerij"}).status_code == 302
    bakery = Department.objects.get(organization=alice.organization, name="Bakkerij")
    response = client.post(reverse("workforce_team_new"), {"department": bakery.pk, "name": "Oven"})
    assert response.status_code == 302
    oven = Team.objects.get(department=bakery, name="Oven")
    client.post(
        reverse("workforce_team_edit", args=[oven.pk]), {"department": bakery.pk, "name": "Ovens"}
    )
    client.post(reverse("workforce_department_edit", args=[bakery.pk]), {"name": "Brood"})
    page = client.get(reverse("workforce_departments")).content.decode()
    assert "Brood" in page and "Ovens" in page


def test_a_duplicate_department_or_team_name_is_named(alice):
    client = alice.client()
    response = client.post(reverse("workforce_department_new"), {"name": "winkel"})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    response = client.post(
        reverse("workforce_team_new"), {"department": department(alice).pk, "name": "Kassa"}
    )
    assert response.status_code == 400
    assert "name" in response.context["form"].errors


# --- Bob's shop cannot read or change Alice's rows -----------------------------------


def test_bob_does_not_see_alices_employees_in_his_list(alice, bob):
    make_employee(alice, "Sanne")
    page = bob.client().get(reverse("workforce_employees") + "?status=alle").content.decode()
    assert "Sanne" not in page
    Department.objects.create(organization=alice.organization, name="Bakkerij")
    assert "Bakkerij" not in bob.client().get(reverse("workforce_departments")).content.decode()


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_bob_gets_404_on_alices_employee_department_and_team(alice, bob, role):
    sanne = make_employee(alice, "Sanne")
    client = bob.client(role)
    dept = department(alice)
    pages = [
        ("get", reverse("workforce_employee_edit", args=[sanne.pk]), {}),
        ("post", reverse("workforce_employee_edit", args=[sanne.pk]), employee_form(bob)),
        ("post", reverse("workforce_employee_active", args=[sanne.pk]), {"active": "0"}),
        ("get", reverse("workforce_department_edit", args=[dept.pk]), {}),
        ("post", reverse("workforce_department_edit", args=[dept.pk]), {"name": "Van Bob"}),
        ("get", reverse("workforce_team_edit", args=[alice.team.pk]), {}),
        ("post", reverse("workforce_team_edit", args=[alice.team.pk]), {"name": "Van Bob"}),
    ]
    for method, url, data in pages:
        assert getattr(client, method)(url, data).status_code == 404, url
    sanne.refresh_from_db()
    assert (sanne.first_name, sanne.active) == ("Sanne", True)
    assert Department.objects.get(pk=dept.pk).name == "Winkel"
    assert Team.objects.get(pk=alice.team.pk).name == "Kassa"


def test_bob_cannot_give_his_employee_alices_department_or_team(alice, bob):
    response = bob.client().post(
        reverse("workforce_employee_new"),
        employee_form(bob, default_department=department(alice).pk, teams=[alice.team.pk]),
    )
    assert response.status_code == 400
    assert {"default_department", "teams"} <= set(response.context["form"].errors)
    response = bob.client().post(
        reverse("workforce_team_new"), {"department": department(alice).pk, "name": "X"}
    )
    assert response.status_code == 400 and "department" in response.context["form"].errors


def test_signed_out_visitors_are_sent_to_login(client):
    response = client.get(reverse("workforce_employees"))
    assert response.status_code == 302 and "/login/" in response.url
