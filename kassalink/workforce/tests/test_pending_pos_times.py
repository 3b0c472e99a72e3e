"""Times MplusKASSA changed after the manager approved an entry: shown on the entry with
Kassatijden overnemen / Huidige tijden houden, and listed under Controle nodig."""

import datetime as dt

import pytest
from django.urls import reverse

from kassalink.workforce.imports_timesheets import import_timesheets
from kassalink.workforce.models import EmployeeMapping, PosShift, TimesheetEntry
from kassalink.workforce.tests import shops
from kassalink.workforce.tests.shops import (
    at,
    make_connection,
    make_employee,
    make_entry,
    make_imported_entry,
)
from kassalink.workforce.tests.test_api_workforce import Api, results

alice, bob = shops.alice, shops.bob

pytestmark = pytest.mark.django_db

State = TimesheetEntry.State


def changed_after_approval(shop) -> TimesheetEntry:
    """Sanne's approved 08:00–12:00, which the POS now says ended at 12:30."""
    return make_imported_entry(
        make_employee(shop, "Sanne"),
        make_connection(shop),
        at("2026-03-10", "08:00"),
        at("2026-03-10", "12:00"),
        state=State.APPROVED,
        approved_by=shop.manager,
        approved_at=at("2026-03-10", "18:00"),
        changed_after_approval=True,
        pending_start=at("2026-03-10", "08:00"),
        pending_end=at("2026-03-10", "12:30"),
        no_planned_shift=False,
    )


def test_the_entry_shows_what_the_pos_says_now_and_both_choices(alice):
    entry = changed_after_approval(alice)
    page = alice.client("manager").get(reverse("workforce_entry", args=[entry.pk]))
    text = page.content.decode()
    box = text.split('data-testid="pending-pos-times"')[1].split("</div>\n</div>")[0]
    assert "MplusKASSA meldt nu:" in box and "08:00" in box and "12:30" in box
    assert "Kassatijden overnemen" in box and "Huidige tijden houden" in box


def test_an_entry_without_changes_shows_no_choices(alice):
    entry = make_entry(make_employee(alice, "Piet"), at("2026-03-10", "09:00"), None)
    page = alice.client("manager").get(reverse("workforce_entry", args=[entry.pk]))
    assert b"Kassatijden overnemen" not in page.content


def test_kassatijden_overnemen_takes_the_pos_times_and_asks_for_approval_again(alice):
    entry = changed_after_approval(alice)
    url = reverse("workforce_entry_accept_pos_times", args=[entry.pk])
    response = alice.client("manager").post(url)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.start, entry.end) == (at("2026-03-10", "08:00"), at("2026-03-10", "12:30"))
    assert entry.state == State.TO_APPROVE
    assert not entry.changed_after_approval
    assert (entry.pending_start, entry.pending_end, entry.approved_at) == (None, None, None)
    assert entry.no_planned_shift is False and entry.department_id == alice.team.department_id


def test_huidige_tijden_houden_keeps_the_approved_times_and_drops_the_pos_ones(alice):
    entry = changed_after_approval(alice)
    response = alice.client("manager").post(reverse("workforce_entry_keep_times", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.start, entry.end) == (at("2026-03-10", "08:00"), at("2026-03-10", "12:00"))
    assert entry.state == State.APPROVED and entry.approved_at is not None
    assert not entry.changed_after_approval
    assert (entry.pending_start, entry.pending_end) == (None, None)
    assert entry.pos_times_kept_at is not None


def test_the_choices_are_posts_only(alice):
    entry = changed_after_approval(alice)
    for name in ["workforce_entry_accept_pos_times", "workforce_entry_keep_times"]:
        assert alice.client("manager").get(reverse(name, args=[entry.pk])).status_code == 405
    entry.refresh_from_db()
    assert entry.changed_after_approval


def test_bob_cannot_act_on_alices_entry(alice, bob):
    entry = changed_after_approval(alice)
    for name in ["workforce_entry_accept_pos_times", "workforce_entry_keep_times"]:
        assert bob.client("manager").post(reverse(name, args=[entry.pk])).status_code == 404
    entry.refresh_from_db()
    assert entry.changed_after_approval and entry.end == at("2026-03-10", "12:00")
    assert entry.pending_end == at("2026-03-10", "12:30")


def test_pressing_twice_does_nothing_the_second_time(alice):
    entry = changed_after_approval(alice)
    client = alice.client("manager")
    client.post(reverse("workforce_entry_keep_times", args=[entry.pk]))
    client.post(reverse("workforce_entry_accept_pos_times", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.state == State.APPROVED and entry.end == at("2026-03-10", "12:00")


def listing(shop, query: str) -> str:
    url = f"{reverse('workforce_timesheets')}?week=2026-W11{query}"
    response = shop.client("manager").get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_controle_nodig_lists_missing_clock_outs_and_changes_after_approval(alice):
    changed = changed_after_approval(alice)
    piet = make_employee(alice, "Piet")
    forgotten = make_entry(piet, at("2026-03-11", "08:00"), None, clock_out_missing=True)
    fine = make_entry(piet, at("2026-03-12", "08:00"), at("2026-03-12", "12:00"))
    page = listing(alice, "&controle=1")
    assert f"entry-{changed.pk}" in page and f"entry-{forgotten.pk}" in page
    assert f"entry-{fine.pk}" not in page
    assert f"entry-{fine.pk}" in listing(alice, "")
    assert 'name="controle" value="1" checked' in page
    assert "controle=1" in page.split("Exporteer CSV")[0]  # the export keeps the filter


def test_controle_nodig_in_the_api(alice):
    changed = changed_after_approval(alice)
    make_entry(make_employee(alice, "Piet"), at("2026-03-12", "08:00"), at("2026-03-12", "12:00"))
    rows = results(Api(alice).get("/timesheets/?needs_review=true"))
    assert [row["id"] for row in rows] == [changed.pk]


def test_keeping_our_times_survives_the_next_sync_until_the_pos_changes_again(alice):
    entry = changed_after_approval(alice)
    connection = entry.connection
    EmployeeMapping.objects.create(
        organization=alice.organization,
        connection=connection,
        pos_number=7,
        employee=entry.employee,
    )
    shift = PosShift.objects.create(
        organization=alice.organization,
        connection=connection,
        shift_year=entry.mplus_shift_year,
        shift_number=entry.mplus_shift_number,
        branch_number=1,
        employee_number=7,
        financial_date=entry.financial_date,
        start=entry.start,
        end=at("2026-03-10", "12:30"),
        ended=True,
        changed_at=at("2026-03-10", "19:00"),
    )
    alice.client("manager").post(reverse("workforce_entry_keep_times", args=[entry.pk]))

    import_timesheets(connection, [shift])
    entry.refresh_from_db()
    assert not entry.changed_after_approval and entry.end == at("2026-03-10", "12:00")

    shift.end = at("2026-03-10", "12:45")  # the POS corrects the shift once more
    shift.changed_at = entry.pos_times_kept_at + dt.timedelta(minutes=5)
    import_timesheets(connection, [shift])
    entry.refresh_from_db()
    assert entry.changed_after_approval and entry.pending_end == at("2026-03-10", "12:45")
