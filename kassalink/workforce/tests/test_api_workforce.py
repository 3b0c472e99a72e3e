"""The workforce JSON API: employees, departments, teams, roster shifts and timesheets
with filters, create, update and approve; a token never reaches another shop's rows."""

import json

import pytest
from django.test import Client

from kassalink.accounts.actions import do_create_api_token
from kassalink.workforce.models import Department, Employee, RosterShift, Team, TimesheetEntry
from kassalink.workforce.tests import shops
from kassalink.workforce.tests.shops import (
    at,
    department,
    make_connection,
    make_employee,
    make_entry,
    make_imported_entry,
    make_shift,
)

alice, bob = shops.alice, shops.bob

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


class Api:
    """A shop's token on a test client; bodies are JSON."""

    def __init__(self, shop) -> None:
        self.client = Client()
        key = do_create_api_token(shop.organization, shop.manager, "test").key
        self.headers = {"HTTP_AUTHORIZATION": f"Token {key}"}

    def get(self, url: str):
        return self.client.get(BASE + url, **self.headers)

    def send(self, method: str, url: str, body: object):
        return getattr(self.client, method)(
            BASE + url, json.dumps(body), content_type="application/json", **self.headers
        )

    def post(self, url: str, body: object):
        return self.send("post", url, body)

    def patch(self, url: str, body: object):
        return self.send("patch", url, body)


@pytest.fixture
def alice_api(alice) -> Api:
    return Api(alice)


@pytest.fixture
def bob_api(bob) -> Api:
    return Api(bob)


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_without_a_token_the_api_says_401(client, alice):
    assert client.get(f"{BASE}/employees/").status_code in (401, 403)


def test_departments_and_teams(alice, alice_api):
    created = alice_api.post("/departments/", {"name": "Bakkerij"})
    assert created.status_code == 201
    bakery = created.json()["id"]
    team = alice_api.post("/teams/", {"department": bakery, "name": "Oven"})
    assert team.status_code == 201
    assert alice_api.patch(f"/teams/{team.json()['id']}/", {"name": "Ovens"}).status_code == 200
    assert [t["name"] for t in results(alice_api.get(f"/teams/?department={bakery}"))] == ["Ovens"]
    duplicate = alice_api.post("/departments/", {"name": "winkel"})
    assert duplicate.status_code == 400 and "name" in duplicate.json()


def test_employees_create_filter_and_deactivate(alice, alice_api):
    body = {
        "first_name": "Sanne",
        "last_name": "de Vries",
        "email": "sanne@example.com",
        "default_department": department(alice).pk,
        "teams": [alice.team.pk],
        "contract_hours": "24.00",
        "hourly_wage_cents": 1475,
    }
    created = alice_api.post("/employees/", body)
    assert created.status_code == 201, created.content
    sanne = created.json()
    assert (sanne["name"], sanne["teams"], sanne["active"]) == (
        "Sanne de Vries",
        [alice.team.pk],
        True,
    )
    make_employee(alice, "Oud", active=False)
    assert [e["first_name"] for e in results(alice_api.get("/employees/?active=true"))] == ["Sanne"]
    assert alice_api.patch(f"/employees/{sanne['id']}/", {"active": False}).status_code == 200
    assert not Employee.objects.get(pk=sanne["id"]).active
    bad = alice_api.post("/employees/", {**body, "email": "nee", "hourly_wage_cents": -1})
    assert bad.status_code == 400 and {"email", "hourly_wage_cents"} <= set(bad.json())


def test_roster_shifts_by_week_and_the_rules(alice, alice_api):
    sanne = make_employee(alice, "Sanne")
    body = {
        "employee": sanne.pk,
        "department": department(alice).pk,
        "team": alice.team.pk,
        "start": "2026-03-29T09:00:00+02:00",
        "end": "2026-03-29T17:00:00+02:00",
        "planned_break_minutes": 30,
    }
    created = alice_api.post("/roster-shifts/", body)
    assert created.status_code == 201, created.content
    make_shift(sanne, at("2026-04-01", "09:00"), at("2026-04-01", "17:00"))
    week = results(alice_api.get(f"/roster-shifts/?week=2026-W13&employee={sanne.pk}"))
    assert [s["id"] for s in week] == [created.json()["id"]]
    moved = alice_api.patch(
        f"/roster-shifts/{created.json()['id']}/", {"end": "2026-03-29T08:00:00+02:00"}
    )
    assert moved.status_code == 400 and "end" in moved.json()
    other = Department.objects.create(organization=alice.organization, name="Magazijn")
    wrong_team = alice_api.post("/roster-shifts/", {**body, "department": other.pk})
    assert wrong_team.status_code == 400 and "team" in wrong_team.json()
    # 8 hours with an 8-hour break leave no work: a typing error, not a shift.
    all_break = alice_api.post("/roster-shifts/", {**body, "planned_break_minutes": 480})
    assert all_break.status_code == 400 and "planned_break_minutes" in all_break.json()
    assert alice_api.get("/roster-shifts/?week=W13").status_code == 400
    deleted = alice_api.client.delete(
        f"{BASE}/roster-shifts/{created.json()['id']}/", **alice_api.headers
    )
    assert deleted.status_code == 204
    assert RosterShift.objects.count() == 1


def test_timesheets_carry_their_source_and_filter_like_the_page(alice, alice_api):
    sanne, piet = make_employee(alice, "Sanne"), make_employee(alice, "Piet")
    connection = make_connection(alice)
    imported = make_imported_entry(
        sanne, connection, at("2026-03-24", "09:00"), at("2026-03-24", "17:00")
    )
    make_entry(piet, at("2026-03-24", "09:00"), None)
    make_entry(sanne, at("2026-03-31", "09:00"), at("2026-03-31", "12:00"))
    week = results(alice_api.get(f"/timesheets/?week=2026-W13&employee={sanne.pk}"))
    assert len(week) == 1
    entry = week[0]
    assert entry["id"] == imported.pk
    assert (entry["source"], entry["connection"], entry["mplus_shift_number"]) == (
        "mplus",
        connection.pk,
        4711,
    )
    assert entry["mplus_shift_year"] == 2026 and entry["worked_minutes"] == 480
    assert entry["placement_reason"].startswith("Geen geplande dienst")
    assert entry["no_planned_shift"] is True
    assert [
        e["employee"] for e in results(alice_api.get("/timesheets/?week=2026-W13&state=open"))
    ] == [piet.pk]
    assert alice_api.get("/timesheets/?state=nope").status_code == 400


def test_a_manual_entry_is_created_and_edited_and_imported_ones_are_not(alice, alice_api):
    sanne = make_employee(alice, "Sanne")
    body = {
        "employee": sanne.pk,
        "department": department(alice).pk,
        "start": "2026-03-28T22:00:00+01:00",
        "end": "2026-03-29T06:00:00+02:00",
    }
    created = alice_api.post("/timesheets/", body)
    assert created.status_code == 201, created.content
    entry = created.json()
    assert (entry["source"], entry["state"], entry["financial_date"]) == (
        "manual",
        "to_approve",
        "2026-03-28",
    )
    assert entry["worked_minutes"] == 420  # the DST night
    changed = alice_api.patch(f"/timesheets/{entry['id']}/", {"break_minutes": 30})
    assert changed.status_code == 200 and changed.json()["worked_minutes"] == 390
    imported = make_imported_entry(
        sanne, make_connection(alice), at("2026-03-24", "09:00"), at("2026-03-24", "17:00")
    )
    refused = alice_api.patch(f"/timesheets/{imported.pk}/", {"break_minutes": 30})
    assert refused.status_code == 400 and "source" in refused.json()
    backwards = alice_api.post("/timesheets/", {**body, "end": "2026-03-28T21:00:00+01:00"})
    assert backwards.status_code == 400 and "end" in backwards.json()
    # The same night again would count its hours twice.
    twice = alice_api.post("/timesheets/", {**body, "start": "2026-03-29T01:00:00+01:00"})
    assert twice.status_code == 400 and "start" in twice.json()
    assert TimesheetEntry.objects.filter(employee=sanne).count() == 2


def test_what_the_till_and_the_approval_set_cannot_be_written_through_the_api(alice, alice_api):
    """state, source, approval and the till's times are shown, never taken from a body:
    approving goes through /timesheets/approve/, imported hours follow the POS."""
    sanne = make_employee(alice, "Sanne")
    entry = make_entry(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "17:00"))
    forged = {
        "state": "approved",
        "source": "pos",
        "approved_at": "2026-03-24T18:00:00+01:00",
        "pos_start": "2026-03-24T08:00:00+01:00",
        "clock_out_missing": True,
        "break_minutes": 15,
    }
    response = alice_api.patch(f"/timesheets/{entry.pk}/", forged)
    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert (entry.state, entry.source, entry.approved_at) == ("to_approve", "manual", None)
    assert (entry.pos_start, entry.clock_out_missing, entry.break_minutes) == (None, False, 15)


def test_approve_many_and_open_ones_are_counted_not_approved(alice, alice_api):
    sanne = make_employee(alice, "Sanne")
    done = make_entry(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "12:00"))
    still_in = make_entry(sanne, at("2026-03-25", "09:00"), None)
    response = alice_api.post("/timesheets/approve/", {"ids": [done.pk, still_in.pk, 999999]})
    assert response.status_code == 200
    body = response.json()
    assert (body["approved"], body["still_open"], body["not_found"]) == (1, 1, 1)
    done.refresh_from_db()
    still_in.refresh_from_db()
    assert done.state == "approved" and done.approved_by == alice.manager
    assert still_in.state == "open"
    assert alice_api.post("/timesheets/approve/", {"ids": []}).status_code == 400


# --- Bob's token cannot read or change Alice's rows ----------------------------------


@pytest.fixture
def alices_rows(alice) -> dict[str, int]:
    sanne = make_employee(alice, "Sanne")
    shift = make_shift(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "17:00"))
    entry = make_entry(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "17:00"))
    return {
        "employees": sanne.pk,
        "departments": department(alice).pk,
        "teams": alice.team.pk,
        "roster-shifts": shift.pk,
        "timesheets": entry.pk,
    }


@pytest.mark.parametrize(
    "kind", ["employees", "departments", "teams", "roster-shifts", "timesheets"]
)
def test_bob_gets_404_on_each_of_alices_rows_and_nothing_changes(alices_rows, bob_api, kind):
    url = f"/{kind}/{alices_rows[kind]}/"
    assert bob_api.get(url).status_code == 404
    assert (
        bob_api.patch(url, {"name": "Van Bob", "first_name": "Bob", "break_minutes": 5}).status_code
        == 404
    )
    assert alices_rows[kind] not in [row["id"] for row in results(bob_api.get(f"/{kind}/"))]
    assert Employee.objects.get(pk=alices_rows["employees"]).first_name == "Sanne"
    assert Department.objects.get(pk=alices_rows["departments"]).name == "Winkel"
    assert Team.objects.get(pk=alices_rows["teams"]).name == "Kassa"
    assert TimesheetEntry.objects.get(pk=alices_rows["timesheets"]).break_minutes == 0


def test_bob_cannot_delete_or_approve_alices_rows(alices_rows, bob_api):
    url = f"{BASE}/roster-shifts/{alices_rows['roster-shifts']}/"
    assert bob_api.client.delete(url, **bob_api.headers).status_code == 404
    assert RosterShift.objects.filter(pk=alices_rows["roster-shifts"]).exists()
    response = bob_api.post("/timesheets/approve/", {"ids": [alices_rows["timesheets"]]})
    assert response.json()["approved"] == 0 and response.json()["not_found"] == 1
    assert TimesheetEntry.objects.get(pk=alices_rows["timesheets"]).state == "to_approve"


def test_bobs_filters_with_alices_ids_show_nothing(alices_rows, bob_api):
    assert results(bob_api.get(f"/timesheets/?employee={alices_rows['employees']}")) == []
    assert results(bob_api.get(f"/roster-shifts/?department={alices_rows['departments']}")) == []


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        ("employees", "default_department"),
        ("employees", "teams"),
        ("teams", "department"),
        ("roster-shifts", "employee"),
        ("roster-shifts", "department"),
        ("timesheets", "employee"),
        ("timesheets", "department"),
    ],
)
def test_a_foreign_id_in_a_body_is_a_400_naming_the_field(alices_rows, bob, bob_api, kind, field):
    bobs_man = make_employee(bob, "Bert")
    bodies = {
        "employees": {"first_name": "X", "default_department": department(bob).pk, "teams": []},
        "teams": {"department": department(bob).pk, "name": "X"},
        "roster-shifts": {
            "employee": bobs_man.pk,
            "department": department(bob).pk,
            "start": "2026-03-24T09:00:00+01:00",
            "end": "2026-03-24T17:00:00+01:00",
        },
        "timesheets": {
            "employee": bobs_man.pk,
            "department": department(bob).pk,
            "start": "2026-03-24T09:00:00+01:00",
            "end": "2026-03-24T17:00:00+01:00",
        },
    }
    foreign = {
        "default_department": alices_rows["departments"],
        "teams": [alices_rows["teams"]],
        "department": alices_rows["departments"],
        "employee": alices_rows["employees"],
    }
    before = {m: m.objects.count() for m in (Employee, Team, RosterShift, TimesheetEntry)}
    response = bob_api.post(f"/{kind}/", {**bodies[kind], field: foreign[field]})
    assert response.status_code == 400
    assert field in response.json()
    assert {m: m.objects.count() for m in before} == before
    # And the same for a change to Bob's own row.
    if kind == "employees":
        changed = bob_api.patch(f"/employees/{bobs_man.pk}/", {field: foreign[field]})
        assert changed.status_code == 400 and field in changed.json()
        bobs_man.refresh_from_db()
        assert bobs_man.default_department == department(bob)
