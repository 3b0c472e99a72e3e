"""Rooster for a manager's week: planned and worked hours with labour cost per day, an
"all departments" view, and an overlapping shift for the same person refused."""

import pytest
from django.urls import reverse

from kassalink.workforce.models import Department, RosterShift
from kassalink.workforce.tests import shops
from kassalink.workforce.tests.shops import at, department, make_employee, make_entry, make_shift
from kassalink.workforce.tests.test_api_workforce import Api
from kassalink.workforce.tests.test_roster_week import shift_form

alice, bob = shops.alice, shops.bob

pytestmark = pytest.mark.django_db

DST_WEEK = "2026-W13"  # Mon 23 - Sun 29 March 2026; Sunday has 23 hours


def roster(shop, afdeling) -> str:
    url = f"{reverse('workforce_roster')}?week={DST_WEEK}&afdeling={afdeling}"
    response = shop.client("manager").get(url)
    assert response.status_code == 200
    return response.content.decode()


def day_total(page: str, weekday: int) -> str:
    return page.split(f'data-testid="day-total-{weekday}">')[1].split("</td>")[0]


def test_planned_and_worked_hours_and_labour_cost_per_day(alice):
    sanne = make_employee(alice, "Sanne", hourly_wage_cents=1450)
    piet = make_employee(alice, "Piet", hourly_wage_cents=1333)
    make_shift(
        sanne, at("2026-03-24", "09:00"), at("2026-03-24", "17:30"), planned_break_minutes=30
    )
    make_shift(piet, at("2026-03-24", "12:00"), at("2026-03-24", "16:00"))
    make_entry(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "17:40"), break_minutes=30)
    make_entry(piet, at("2026-03-24", "12:00"), None)  # still clocked in: counts nothing yet
    # The DST night: Saturday 22:00 to Sunday 06:00 is 7 real hours.
    make_shift(sanne, at("2026-03-28", "22:00"), at("2026-03-29", "06:00"))
    page = roster(alice, department(alice).pk)
    tuesday = day_total(page, 1)
    # planned 8:00 x 14,50 = 116,00 + 4:00 x 13,33 = 53,32; worked 8:10 x 14,50 = 118,42
    assert "12:00</strong> / 8:10" in tuesday
    assert "€ 169,32 / € 118,42" in tuesday
    assert "7:00</strong> / 0:00" in day_total(page, 5)  # 7 x 14,50 = 101,50
    assert "€ 101,50 / € 0,00" in day_total(page, 5)
    assert "0:00</strong> / 0:00" in day_total(page, 0)


def test_all_departments_in_one_roster(alice):
    sanne = make_employee(alice, "Sanne")
    magazijn = Department.objects.create(organization=alice.organization, name="Magazijn")
    kees = make_employee(alice, "Kees", default_department=magazijn)
    make_shift(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "12:00"))
    make_shift(kees, at("2026-03-25", "13:00"), at("2026-03-25", "17:00"))
    assert "13:00–17:00" not in roster(alice, department(alice).pk)
    page = roster(alice, "alle")
    assert "09:00–12:00" in page and "13:00–17:00" in page
    assert '<option value="alle" selected>' in page
    assert "data-autosubmit" in page and "onchange" not in page.split("<main>")[1]
    assert "7:00</strong>" not in day_total(page, 1) and "3:00</strong>" in day_total(page, 1)


def test_bobs_all_departments_roster_shows_none_of_alices(alice, bob):
    make_shift(make_employee(alice, "Sanne"), at("2026-03-24", "09:00"), at("2026-03-24", "12:00"))
    page = roster(bob, "alle")
    assert "Sanne" not in page and "09:00–12:00" not in page


def test_an_overlapping_shift_for_the_same_person_is_refused(alice):
    sanne = make_employee(alice, "Sanne")
    make_shift(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "13:00"))
    client = alice.client("manager")
    url = reverse("workforce_shift_new")
    response = client.post(url, shift_form(sanne, start_time="12:00", end_time="17:00"))
    assert response.status_code == 400
    error = " ".join(response.context["form"].errors["start_time"])
    assert "Sanne Jansen heeft dan al een dienst" in error and "09:00–13:00" in error
    assert RosterShift.objects.count() == 1
    # Back to back is fine, and so is someone else at the same time.
    assert (
        client.post(url, shift_form(sanne, start_time="13:00", end_time="17:00")).status_code == 302
    )
    piet = make_employee(alice, "Piet")
    assert (
        client.post(url, shift_form(piet, start_time="10:00", end_time="12:00")).status_code == 302
    )


def test_moving_a_shift_onto_itself_is_no_overlap(alice):
    sanne = make_employee(alice, "Sanne")
    shift = make_shift(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "13:00"))
    url = reverse("workforce_shift_edit", args=[shift.pk])
    form = shift_form(sanne, start_time="10:00", end_time="14:00")
    assert alice.client("manager").post(url, form).status_code == 302


def test_the_api_refuses_an_overlap_naming_start(alice):
    sanne = make_employee(alice, "Sanne")
    make_shift(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "13:00"))
    body = {
        "employee": sanne.pk,
        "department": sanne.default_department_id,
        "start": "2026-03-24T12:00:00+01:00",
        "end": "2026-03-24T17:00:00+01:00",
    }
    response = Api(alice).post("/roster-shifts/", body)
    assert response.status_code == 400 and "start" in response.json()
    assert RosterShift.objects.count() == 1


def test_copying_last_week_skips_a_shift_that_would_overlap(alice):
    sanne = make_employee(alice, "Sanne")
    make_shift(sanne, at("2026-03-17", "09:00"), at("2026-03-17", "13:00"))
    make_shift(sanne, at("2026-03-24", "12:00"), at("2026-03-24", "16:00"))  # already planned
    response = alice.client("manager").post(
        reverse("workforce_roster_copy"),
        {"week": DST_WEEK, "afdeling": department(alice).pk},
        follow=True,
    )
    assert "al een andere dienst" in response.content.decode()
    assert RosterShift.objects.filter(employee=sanne).count() == 2
