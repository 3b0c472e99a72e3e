"""API: /api/v1/connections/{id}/employee-mapping/ and …/cost-center-mapping/."""

import json

import pytest
from django.test import Client

from kassalink.accounts.actions import do_create_api_token
from kassalink.accounts.models import Membership
from kassalink.accounts.tests.fixtures import make_user
from kassalink.workforce.models import CostCenterRule, EmployeeMapping
from kassalink.workforce.tests.mapping_shops import (
    cost_center,
    department,
    employee,
    pos_employee,
)


class Api:
    def __init__(self, connection) -> None:
        owner = make_user(f"api@{connection.organization.slug}.example")
        Membership.objects.create(organization=connection.organization, user=owner, role="owner")
        key = do_create_api_token(connection.organization, owner, "test").key
        self.client = Client(HTTP_AUTHORIZATION=f"Token {key}")

    def get(self, url: str):
        return self.client.get(url)

    def put(self, url: str, body: object):
        return self.client.put(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def alice_api(alice) -> Api:
    return Api(alice)


@pytest.fixture
def bob_api(bob) -> Api:
    return Api(bob)


def item_errors(response, index: int) -> dict:
    """The field errors of item `index` of a PUT list (keyed by its position)."""
    body = response.json()
    return body[str(index)] if isinstance(body, dict) else body[index]


def employees_url(connection) -> str:
    return f"/api/v1/connections/{connection.pk}/employee-mapping/"


def cost_centers_url(connection) -> str:
    return f"/api/v1/connections/{connection.pk}/cost-center-mapping/"


def test_reads_the_pos_employees_with_their_choice(alice, alice_api):
    pos_employee(alice, 12, "Eva de Vries", email="eva@alice.example")
    pos_employee(alice, 13, "Sem Bakker", group=False)

    body = alice_api.get(employees_url(alice)).json()

    assert body == [
        {
            "mplus_number": 12,
            "name": "Eva de Vries",
            "email": "eva@alice.example",
            "employee": None,
            "mapped": False,
        }
    ]


def test_writes_choices_by_mplus_number(alice, alice_api):
    pos_employee(alice, 12, "Eva de Vries")
    pos_employee(alice, 14, "Daan Jansen")
    eva = employee(alice, "Eva", "de Vries")

    response = alice_api.put(
        employees_url(alice),
        [{"mplus_number": 12, "employee": eva.pk}, {"mplus_number": 14, "employee": None}],
    )

    assert response.status_code == 200, response.content
    assert {r["mplus_number"]: (r["employee"], r["mapped"]) for r in response.json()} == {
        12: (eva.pk, True),
        14: (None, True),
    }
    assert dict(EmployeeMapping.objects.values_list("pos_number", "employee")) == {
        12: eva.pk,
        14: None,
    }


def test_a_foreign_employee_is_400_naming_the_field_and_nothing_changes(alice, bob, alice_api):
    pos_employee(alice, 12, "Eva de Vries")
    pos_employee(alice, 14, "Daan Jansen")
    eva = employee(alice, "Eva", "de Vries")
    bobs = employee(bob, "Bram", "Bos")

    response = alice_api.put(
        employees_url(alice),
        [{"mplus_number": 12, "employee": eva.pk}, {"mplus_number": 14, "employee": bobs.pk}],
    )

    assert response.status_code == 400
    assert "employee" in item_errors(response, 1)
    assert not EmployeeMapping.objects.exists()


def test_an_unknown_mplus_number_is_400(alice, alice_api):
    response = alice_api.put(employees_url(alice), [{"mplus_number": 99, "employee": None}])

    assert response.status_code == 400 and "mplus_number" in item_errors(response, 0)


def test_cost_center_rules_read_and_write(alice, alice_api):
    cost_center(alice, "KP101", branch=1)
    cost_center(alice, "KP102", branch=2)
    bakery = department(alice, "Bakkerij")

    listed = alice_api.get(cost_centers_url(alice)).json()
    assert [(r["cost_center"], r["mode"], r["branches"]) for r in listed] == [
        ("KP101", "auto", [{"number": 1, "name": "Filiaal 1"}]),
        ("KP102", "auto", [{"number": 2, "name": "Filiaal 2"}]),
    ]
    response = alice_api.put(
        cost_centers_url(alice),
        [
            {"cost_center": "KP101", "mode": "skip", "department": None},
            {"cost_center": "KP102", "mode": "department", "department": bakery.pk},
        ],
    )

    assert response.status_code == 200, response.content
    assert {r["cost_center"]: (r["mode"], r["department"]) for r in response.json()} == {
        "KP101": ("skip", None),
        "KP102": ("department", bakery.pk),
    }


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"cost_center": "KP101", "mode": "department", "department": None}, "department"),
        ({"cost_center": "KP999", "mode": "auto"}, "cost_center"),
        ({"cost_center": "KP101", "mode": "sometimes"}, "mode"),
    ],
)
def test_bad_cost_center_rules_are_400_and_change_nothing(alice, alice_api, item, field):
    cost_center(alice, "KP101", branch=1)

    response = alice_api.put(cost_centers_url(alice), [item])

    assert response.status_code == 400 and field in item_errors(response, 0)
    assert not CostCenterRule.objects.exists()


def test_a_foreign_department_is_400_and_changes_nothing(alice, bob, alice_api):
    cost_center(alice, "KP101", branch=1)
    foreign = department(bob, "Slijterij")

    response = alice_api.put(
        cost_centers_url(alice),
        [{"cost_center": "KP101", "mode": "department", "department": foreign.pk}],
    )

    assert response.status_code == 400 and "department" in item_errors(response, 0)
    assert not CostCenterRule.objects.exists()


def test_bobs_token_gets_404_on_alices_connection(alice, bob_api):
    pos_employee(alice, 12, "Eva de Vries")
    cost_center(alice, "KP101", branch=1)

    assert bob_api.get(employees_url(alice)).status_code == 404
    assert bob_api.get(cost_centers_url(alice)).status_code == 404
    put = bob_api.put(employees_url(alice), [{"mplus_number": 12, "employee": None}])
    assert put.status_code == 404 and not EmployeeMapping.objects.exists()


def test_without_a_token_401(alice):
    assert Client().get(employees_url(alice)).status_code in (401, 403)


def test_a_body_that_is_not_a_list_is_400(alice, alice_api):
    assert alice_api.put(employees_url(alice), {"mplus_number": 12}).status_code == 400
