"""Rooster: the week per department, adding, moving and deleting shifts, copying last week;
DST weeks show local times; Bob's shop cannot read or change Alice's roster."""

import pytest
from django.urls import reverse

from kassalink.workforce.models import Department, RosterShift, Team
from kassalink.workforce.tests import shops
from kassalink.workforce.tests.shops import at, department, make_employee, make_shift

alice, bob = shops.alice, shops.bob

pytestmark = pytest.mark.django_db

DST_WEEK = "2026-W13"  # Monday 23 March – Sunday 29 March 2026: clocks go forward on Sunday


def week_page(shop, week: str = DST_WEEK, dept=None) -> str:
    dept = dept or department(shop)
    url = f"{reverse('workforce_roster')}?week={week}&afdeling={dept.pk}"
    response = shop.client("manager").get(url)
    assert response.status_code == 200
    return response.content.decode()


def shift_form(who, **changes) -> dict:
    data = {
        "employee": who.pk,
        "department": who.default_department_id,
        "team": "",
        "day": "2026-03-24",
        "start_time": "09:00",
        "end_time": "17:00",
        "planned_break_minutes": "30",
        "note": "",
    }
    return {**data, **changes}


def test_the_week_shows_employees_as_rows_and_shifts_under_their_day(alice):
    sanne = make_employee(alice, "Sanne")
    make_employee(alice, "Piet")
    shift = make_shift(sanne, at("2026-03-29", "09:00"), at("2026-03-29", "17:00"))
    page = week_page(alice)
    assert "Sanne" in page and "Piet" in page
    # Sunday of the DST change: still 09:00–17:00 local, in the Sunday column.
    row = page.split(f'data-testid="roster-row-{sanne.pk}"')[1].split("</tr>")[0]
    cell = row.split('data-day="2026-03-29"')[1].split("</td>")[0]
    assert f'data-testid="shift-{shift.pk}"' in cell
    assert "09:00–17:00" in cell


def test_a_shift_of_another_department_stays_out_of_this_departments_week(alice):
    sanne = make_employee(alice, "Sanne")
    other = Department.objects.create(organization=alice.organization, name="Magazijn")
    make_shift(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "12:00"), department=other)
    assert "09:00–12:00" not in week_page(alice)
    assert "09:00–12:00" in week_page(alice, dept=other)


def test_a_manager_adds_a_shift(alice):
    sanne = make_employee(alice, "Sanne")
    response = alice.client("manager").post(
        reverse("workforce_shift_new"), shift_form(sanne, team=alice.team.pk)
    )
    assert response.status_code == 302
    shift = RosterShift.objects.get(employee=sanne)
    assert (shift.start, shift.end) == (at("2026-03-24", "09:00"), at("2026-03-24", "17:00"))
    assert (shift.team, shift.planned_break_minutes) == (alice.team, 30)


def test_an_end_before_the_start_is_a_night_shift(alice):
    sanne = make_employee(alice, "Sanne")
    form = shift_form(sanne, day="2026-03-28", start_time="22:00", end_time="06:00")
    alice.client().post(reverse("workforce_shift_new"), form)
    shift = RosterShift.objects.get(employee=sanne)
    assert shift.end == at("2026-03-29", "06:00")
    assert (shift.end - shift.start).total_seconds() == 7 * 3600  # the DST night


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_time": "09:00"}, "end_time"),
        ({"day": ""}, "day"),
        ({"start_time": "25:00"}, "start_time"),
        ({"employee": ""}, "employee"),
    ],
)
def test_a_bad_shift_is_refused_naming_the_field(alice, changes, field):
    sanne = make_employee(alice, "Sanne")
    response = alice.client().post(reverse("workforce_shift_new"), shift_form(sanne, **changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not RosterShift.objects.exists()


def test_a_team_of_another_department_is_refused(alice):
    sanne = make_employee(alice, "Sanne")
    other = Department.objects.create(organization=alice.organization, name="Magazijn")
    forklift = Team.objects.create(
        organization=alice.organization, department=other, name="Heftruck"
    )
    response = alice.client().post(
        reverse("workforce_shift_new"), shift_form(sanne, team=forklift.pk)
    )
    assert response.status_code == 400
    assert "team" in response.context["form"].errors


def test_a_manager_moves_a_shift_to_another_day_and_time(alice):
    sanne = make_employee(alice, "Sanne")
    shift = make_shift(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "17:00"))
    url = reverse("workforce_shift_edit", args=[shift.pk])
    form = alice.client().get(url).content.decode()
    assert 'value="2026-03-24"' in form and 'value="09:00"' in form
    changes = {"day": "2026-03-26", "start_time": "12:00", "end_time": "20:00"}
    assert alice.client().post(url, shift_form(sanne, **changes)).status_code == 302
    shift.refresh_from_db()
    assert (shift.start, shift.end) == (at("2026-03-26", "12:00"), at("2026-03-26", "20:00"))


def test_a_manager_deletes_a_shift(alice):
    sanne = make_employee(alice, "Sanne")
    shift = make_shift(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "17:00"))
    response = alice.client("manager").post(reverse("workforce_shift_delete", args=[shift.pk]))
    assert response.status_code == 302
    assert f"week={DST_WEEK}" in response.url
    assert not RosterShift.objects.exists()


def copy(shop, week: str = "2026-W14", dept=None):
    dept = dept or department(shop)
    return shop.client("manager").post(
        reverse("workforce_roster_copy"), {"week": week, "afdeling": dept.pk}, follow=True
    )


def test_copy_last_week_copies_once_and_says_how_many(alice):
    sanne = make_employee(alice, "Sanne")
    piet = make_employee(alice, "Piet")
    # Last week (W13) is the DST week: copied shifts keep their local times in W14.
    make_shift(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "17:00"), team=alice.team)
    make_shift(piet, at("2026-03-28", "22:00"), at("2026-03-29", "06:00"))
    first = copy(alice).content.decode()
    assert "2 diensten van vorige week gekopieerd" in first
    copied = RosterShift.objects.filter(start__gte=at("2026-03-30", "00:00")).order_by("start")
    assert [(s.employee, s.start, s.end) for s in copied] == [
        (sanne, at("2026-03-31", "09:00"), at("2026-03-31", "17:00")),
        (piet, at("2026-04-04", "22:00"), at("2026-04-05", "06:00")),
    ]
    assert copied[0].team == alice.team
    second = copy(alice).content.decode()
    assert "0 diensten van vorige week gekopieerd" in second
    assert "2 stonden er al" in second
    assert RosterShift.objects.count() == 4


def test_copy_skips_deactivated_employees_and_other_departments(alice):
    sanne = make_employee(alice, "Sanne")
    gone = make_employee(alice, "Oud", active=False)
    other = Department.objects.create(organization=alice.organization, name="Magazijn")
    make_shift(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "17:00"))
    make_shift(gone, at("2026-03-25", "09:00"), at("2026-03-25", "17:00"))
    make_shift(sanne, at("2026-03-26", "09:00"), at("2026-03-26", "17:00"), department=other)
    page = copy(alice).content.decode()
    assert "1 dienst van vorige week gekopieerd" in page
    assert "1 dienst van een niet-actieve medewerker is overgeslagen" in page
    assert RosterShift.objects.count() == 4


# --- Bob's shop cannot read or change Alice's roster --------------------------------


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_bob_gets_404_on_alices_shifts_and_department(alice, bob, role):
    sanne = make_employee(alice, "Sanne")
    shift = make_shift(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "17:00"))
    client = bob.client(role)
    dept = department(alice).pk
    roster = reverse("workforce_roster")
    assert client.get(f"{roster}?week={DST_WEEK}&afdeling={dept}").status_code == 404
    assert client.get(reverse("workforce_shift_edit", args=[shift.pk])).status_code == 404
    moved = shift_form(sanne, day="2026-03-25")
    assert client.post(reverse("workforce_shift_edit", args=[shift.pk]), moved).status_code == 404
    assert client.post(reverse("workforce_shift_delete", args=[shift.pk])).status_code == 404
    copied = client.post(reverse("workforce_roster_copy"), {"week": "2026-W14", "afdeling": dept})
    assert copied.status_code == 404
    assert list(RosterShift.objects.values_list("start", flat=True)) == [shift.start]


def test_bob_does_not_see_alices_shifts_in_his_week(alice, bob):
    sanne = make_employee(alice, "Sanne")
    make_shift(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "17:00"))
    page = week_page(bob)
    assert "Sanne" not in page and "09:00–17:00" not in page


def test_bob_cannot_plan_alices_employee(alice, bob):
    sanne = make_employee(alice, "Sanne")
    form = shift_form(sanne, department=department(bob).pk)
    response = bob.client().post(reverse("workforce_shift_new"), form)
    assert response.status_code == 400
    assert "employee" in response.context["form"].errors
    assert not RosterShift.objects.exists()
