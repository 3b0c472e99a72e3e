"""Urenregistratie: filters, what each row says (planned shift, source, flags, the why),
day totals with the break between clock-ins, approving, manual entries; Bob's shop cannot
read or change Alice's hours."""

import pytest
from django.urls import reverse

from kassalink.workforce.models import Department, RosterShift, TimesheetEntry
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

WEEK = "2026-W11"  # 9–15 March 2026


def listing(shop, query: str = "") -> str:
    response = shop.client("manager").get(f"{reverse('workforce_timesheets')}?week={WEEK}{query}")
    assert response.status_code == 200
    return response.content.decode()


def row_of(page: str, entry: TimesheetEntry) -> str:
    return page.split(f'data-testid="entry-{entry.pk}"')[1].split("</tr>")[0]


def test_a_row_shows_planned_shift_times_break_worked_source_and_state(alice):
    sanne = make_employee(alice, "Sanne")
    shift = make_shift(sanne, at("2026-03-10", "09:00"), at("2026-03-10", "17:00"))
    entry = make_entry(
        sanne,
        at("2026-03-10", "08:55"),
        at("2026-03-10", "17:05"),
        roster_shift=shift,
        break_minutes=30,
        team=alice.team,
    )
    row = row_of(listing(alice), entry)
    for text in [
        "Sanne Jansen",
        "Winkel · Kassa",
        "09:00–17:00",
        "08:55",
        "17:05",
        "0:30",
        "7:40",
        "handmatig",
        "goed te keuren",
    ]:
        assert text in row, text


def test_an_imported_row_shows_its_shift_number_flags_and_why_on_hover(alice):
    sanne = make_employee(alice, "Sanne")
    connection = make_connection(alice)
    entry = make_imported_entry(
        sanne, connection, at("2026-03-10", "08:00"), None, state="open", clock_out_missing=True
    )
    row = row_of(listing(alice), entry)
    assert "MplusKASSA · dienst 4711" in row
    assert "geen geplande dienst" in row and "uitklokken ontbreekt" in row
    assert 'title="Geen geplande dienst gevonden; standaardafdeling Winkel."' in row
    assert "nog ingeklokt" in row
    detail = alice.client().get(reverse("workforce_entry", args=[entry.pk])).content.decode()
    assert "Geen geplande dienst gevonden; standaardafdeling Winkel." in detail
    assert "Winkel Centrum" in detail


def test_changed_after_approval_is_flagged(alice):
    sanne = make_employee(alice, "Sanne")
    entry = make_imported_entry(
        sanne,
        make_connection(alice),
        at("2026-03-10", "08:00"),
        at("2026-03-10", "12:00"),
        state="approved",
        changed_after_approval=True,
        no_planned_shift=False,
    )
    assert "gewijzigd in kassa na goedkeuring" in row_of(listing(alice), entry)


def test_filters_by_week_department_employee_and_state(alice):
    sanne, piet = make_employee(alice, "Sanne"), make_employee(alice, "Piet")
    storage = Department.objects.create(organization=alice.organization, name="Magazijn")
    in_week = make_entry(sanne, at("2026-03-10", "09:00"), at("2026-03-10", "12:00"))
    other_week = make_entry(sanne, at("2026-03-17", "09:00"), at("2026-03-17", "12:00"))
    piets = make_entry(piet, at("2026-03-11", "09:00"), None, department=storage)
    page = listing(alice)
    assert f"entry-{in_week.pk}" in page and f"entry-{piets.pk}" in page
    assert f"entry-{other_week.pk}" not in page
    by_department = listing(alice, f"&afdeling={storage.pk}")
    assert f"entry-{piets.pk}" in by_department and f"entry-{in_week.pk}" not in by_department
    by_employee = listing(alice, f"&medewerker={sanne.pk}")
    assert f"entry-{in_week.pk}" in by_employee and f"entry-{piets.pk}" not in by_employee
    by_state = listing(alice, "&status=open")
    assert f"entry-{piets.pk}" in by_state and f"entry-{in_week.pk}" not in by_state


def test_a_night_shift_stays_on_its_financial_date(alice):
    sanne = make_employee(alice, "Sanne")
    entry = make_entry(sanne, at("2026-03-15", "22:00"), at("2026-03-16", "06:00"))
    row = row_of(listing(alice), entry)  # Sunday of W11, although it ends on Monday (W12)
    assert "8:00" in row and "(+1)" in row


def test_two_clock_ins_on_a_day_show_the_gap_as_the_break(alice):
    sanne = make_employee(alice, "Sanne")
    make_entry(sanne, at("2026-03-10", "09:00"), at("2026-03-10", "12:30"))
    make_entry(sanne, at("2026-03-10", "13:00"), at("2026-03-10", "17:00"))
    page = listing(alice)
    day = page.split(f'data-testid="day-{sanne.pk}-2026-03-10"')[1].split("</tr>")[0]
    assert "<td>2</td>" in day  # two entries
    assert "7:30" in day and "0:30" in day  # worked, and the gap as break


def test_a_planned_shift_clocked_in_two_parts_is_neither_late_nor_left_early(alice):
    sanne = make_employee(alice, "Sanne")
    shift = make_shift(sanne, at("2026-03-10", "09:00"), at("2026-03-10", "17:30"))
    morning = make_entry(
        sanne, at("2026-03-10", "08:55"), at("2026-03-10", "12:32"), roster_shift=shift
    )
    afternoon = make_entry(
        sanne, at("2026-03-10", "13:00"), at("2026-03-10", "17:32"), roster_shift=shift
    )
    page = listing(alice)
    for entry in (morning, afternoon):
        row = row_of(page, entry)
        assert "te laat" not in row and "eerder weg" not in row
    detail = alice.client().get(reverse("workforce_entry", args=[morning.pk])).content.decode()
    assert "eerder weg" not in detail


def test_approving_several_entries(alice):
    sanne = make_employee(alice, "Sanne")
    one = make_entry(sanne, at("2026-03-10", "09:00"), at("2026-03-10", "12:00"))
    two = make_entry(sanne, at("2026-03-11", "09:00"), at("2026-03-11", "12:00"))
    response = alice.client("manager").post(
        reverse("workforce_approve"), {"ids": [one.pk, two.pk]}, follow=True
    )
    assert "2 registraties goedgekeurd" in response.content.decode()
    for entry in (one, two):
        entry.refresh_from_db()
        assert entry.state == "approved"
        assert entry.approved_by == alice.manager and entry.approved_at is not None


def test_an_open_entry_cannot_be_approved_and_says_why(alice):
    sanne = make_employee(alice, "Sanne")
    still_in = make_entry(sanne, at("2026-03-10", "09:00"), None)
    done = make_entry(sanne, at("2026-03-09", "09:00"), at("2026-03-09", "12:00"))
    response = alice.client().post(
        reverse("workforce_approve"), {"ids": [still_in.pk, done.pk]}, follow=True
    )
    page = response.content.decode()
    assert "1 registratie goedgekeurd" in page
    assert "nog ingeklokt en kan pas na het uitklokken worden goedgekeurd" in page
    still_in.refresh_from_db()
    assert still_in.state == "open" and still_in.approved_at is None


def test_approving_nothing_asks_to_choose(alice):
    response = alice.client().post(reverse("workforce_approve"), {}, follow=True)
    assert "Kies eerst de registraties" in response.content.decode()


def entry_form(employee, **changes) -> dict:
    data = {
        "employee": employee.pk,
        "department": employee.default_department_id,
        "team": "",
        "day": "2026-03-10",
        "start_time": "09:00",
        "end_time": "17:00",
        "break_minutes": "30",
    }
    return {**data, **changes}


def test_a_manager_types_in_hours_and_edits_them(alice):
    sanne = make_employee(alice, "Sanne")
    client = alice.client("manager")
    assert client.post(reverse("workforce_entry_new"), entry_form(sanne)).status_code == 302
    entry = TimesheetEntry.objects.get(employee=sanne)
    assert (entry.source, entry.state, entry.financial_date.isoformat()) == (
        "manual",
        "to_approve",
        "2026-03-10",
    )
    assert (entry.start, entry.end) == (at("2026-03-10", "09:00"), at("2026-03-10", "17:00"))
    client.post(reverse("workforce_approve"), {"ids": [entry.pk]})
    url = reverse("workforce_entry_edit", args=[entry.pk])
    assert client.post(url, entry_form(sanne, end_time="18:00")).status_code == 302
    entry.refresh_from_db()
    # A changed entry needs approving again.
    assert entry.end == at("2026-03-10", "18:00")
    assert (entry.state, entry.approved_at) == ("to_approve", None)


def test_a_manual_entry_without_end_is_someone_still_at_work(alice):
    sanne = make_employee(alice, "Sanne")
    alice.client().post(reverse("workforce_entry_new"), entry_form(sanne, end_time=""))
    entry = TimesheetEntry.objects.get(employee=sanne)
    assert entry.end is None and entry.state == "open"


def test_a_bad_manual_entry_names_the_field(alice):
    sanne = make_employee(alice, "Sanne")
    response = alice.client().post(
        reverse("workforce_entry_new"), entry_form(sanne, break_minutes="-5")
    )
    assert response.status_code == 400 and "break_minutes" in response.context["form"].errors
    assert not TimesheetEntry.objects.exists()


@pytest.mark.parametrize("url", ["workforce_entry_new", "workforce_shift_new"])
def test_a_break_as_long_as_the_day_is_refused(alice, url):
    sanne = make_employee(alice, "Sanne")
    form = entry_form(sanne, break_minutes="600", planned_break_minutes="600")
    response = alice.client().post(reverse(url), form)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"break_minutes", "planned_break_minutes"} & set(errors), errors
    assert not TimesheetEntry.objects.exists() and not RosterShift.objects.exists()


def test_a_manual_entry_over_hours_already_there_is_refused(alice):
    sanne = make_employee(alice, "Sanne")
    make_entry(sanne, at("2026-03-10", "09:00"), at("2026-03-10", "12:30"))
    client = alice.client()
    overlapping = client.post(reverse("workforce_entry_new"), entry_form(sanne))  # 09-17
    assert overlapping.status_code == 400
    assert "heeft dan al uren" in str(overlapping.context["form"].errors["start_time"])
    after = client.post(reverse("workforce_entry_new"), entry_form(sanne, start_time="13:00"))
    assert after.status_code == 302 and TimesheetEntry.objects.count() == 2


def test_imported_hours_are_not_edited_without_a_reason(alice):
    sanne = make_employee(alice, "Sanne")
    entry = make_imported_entry(
        sanne, make_connection(alice), at("2026-03-10", "09:00"), at("2026-03-10", "12:00")
    )
    url = reverse("workforce_entry_edit", args=[entry.pk])
    response = alice.client().post(url, entry_form(sanne, end_time="23:00"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("workforce_entry_correct", args=[entry.pk])
    assert "kassatijden blijven bewaard" in response.content.decode()
    entry.refresh_from_db()
    assert entry.end == at("2026-03-10", "12:00")


# --- Bob's shop cannot read or change Alice's hours ---------------------------------


def test_bob_does_not_see_alices_hours(alice, bob):
    sanne = make_employee(alice, "Sanne")
    entry = make_entry(sanne, at("2026-03-10", "09:00"), at("2026-03-10", "12:00"))
    page = listing(bob, f"&medewerker={sanne.pk}&afdeling={department(alice).pk}")
    assert f"entry-{entry.pk}" not in page and "Sanne" not in page


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_bob_gets_404_on_alices_entry_and_cannot_approve_it(alice, bob, role):
    sanne = make_employee(alice, "Sanne")
    entry = make_entry(sanne, at("2026-03-10", "09:00"), at("2026-03-10", "12:00"))
    client = bob.client(role)
    assert client.get(reverse("workforce_entry", args=[entry.pk])).status_code == 404
    assert client.get(reverse("workforce_entry_edit", args=[entry.pk])).status_code == 404
    edit = client.post(reverse("workforce_entry_edit", args=[entry.pk]), entry_form(sanne))
    assert edit.status_code == 404
    client.post(reverse("workforce_approve"), {"ids": [entry.pk]})
    entry.refresh_from_db()
    assert (entry.state, entry.end) == ("to_approve", at("2026-03-10", "12:00"))


def test_bob_cannot_book_hours_on_alices_employee(alice, bob):
    sanne = make_employee(alice, "Sanne")
    form = entry_form(sanne, department=department(bob).pk)
    response = bob.client().post(reverse("workforce_entry_new"), form)
    assert response.status_code == 400 and "employee" in response.context["form"].errors
    assert not TimesheetEntry.objects.exists()
