"""A manager corrects imported hours (a forgotten clock-out, a wrong clock-in) with a
reason: the POS's own times stay shown, every change is in the entry's history, and the
correction survives later syncs; a later change in the POS is flagged, not applied."""

import datetime as dt

import pytest
from django.urls import reverse

from kassalink.workforce.imports_timesheets import import_timesheets
from kassalink.workforce.models import (
    EmployeeMapping,
    PosShift,
    TimesheetComment,
    TimesheetCorrection,
    TimesheetEntry,
)
from kassalink.workforce.tests import shops
from kassalink.workforce.tests.shops import at, make_connection, make_employee
from kassalink.workforce.tests.test_api_workforce import Api

alice, bob = shops.alice, shops.bob

pytestmark = pytest.mark.django_db

State = TimesheetEntry.State
DAY = "2026-03-10"


def synced_open_shift(shop) -> tuple[TimesheetEntry, PosShift]:
    """Sanne clocked in at 16:04 and forgot to clock out; the sync imported it as open."""
    connection = make_connection(shop)
    sanne = make_employee(shop, "Sanne")
    EmployeeMapping.objects.create(
        organization=shop.organization, connection=connection, pos_number=7, employee=sanne
    )
    shift = PosShift.objects.create(
        organization=shop.organization,
        connection=connection,
        shift_year=2026,
        shift_number=4711,
        branch_number=1,
        employee_number=7,
        financial_date=dt.date(2026, 3, 10),
        start=at(DAY, "16:04"),
        end=None,
        changed_at=at(DAY, "16:04"),
    )
    import_timesheets(connection, [shift], now=at(DAY, "16:30"))
    return TimesheetEntry.objects.get(mplus_shift_number=4711), shift


def correct(shop, entry, **fields):
    form = {"day": DAY, "start_time": "16:00", "end_time": "21:30", "break_minutes": "30"}
    form["reason"] = "Vergeten uit te klokken, belde om 21:35"
    form.update(fields)
    url = reverse("workforce_entry_correct", args=[entry.pk])
    return shop.client("manager").post(url, form)


def resync(shift: PosShift, **changes) -> None:
    for name, value in changes.items():
        setattr(shift, name, value)
    shift.save()
    import_timesheets(shift.connection, [shift], now=at(DAY, "23:00"))


def test_a_manager_corrects_a_forgotten_clock_out_with_a_reason(alice):
    entry, _ = synced_open_shift(alice)
    response = correct(alice, entry)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.start, entry.end) == (at(DAY, "16:00"), at(DAY, "21:30"))
    assert entry.break_minutes == 30 and entry.corrected
    assert entry.state == State.TO_APPROVE
    assert (entry.pos_start, entry.pos_end) == (at(DAY, "16:04"), None)  # the POS's original
    row = TimesheetCorrection.objects.get(entry=entry)
    assert row.user == alice.manager and row.reason.startswith("Vergeten uit te klokken")
    assert (row.old_start, row.old_end, row.new_end) == (at(DAY, "16:04"), None, at(DAY, "21:30"))

    page = alice.client("manager").get(reverse("workforce_entry", args=[entry.pk]))
    text = page.content.decode()
    assert "16:04" in text.split('data-testid="pos-times"')[1].split("</dd>")[0]
    history = text.split('data-testid="corrections"')[1].split("</section>")[0]
    assert alice.manager.get_username() in history and "belde om 21:35" in history


def test_a_correction_without_a_reason_or_with_an_impossible_break_changes_nothing(alice):
    entry, _ = synced_open_shift(alice)
    response = correct(alice, entry, reason="  ")
    assert response.status_code == 400 and "reason" in response.context["form"].errors
    response = correct(alice, entry, break_minutes="400")
    assert response.status_code == 400 and "break_minutes" in response.context["form"].errors
    response = correct(alice, entry, end_time="16:00")
    assert response.status_code == 400 and "end_time" in response.context["form"].errors
    entry.refresh_from_db()
    assert entry.end is None and not entry.corrected
    assert not TimesheetCorrection.objects.exists()


def test_the_correction_survives_a_sync_that_changes_nothing(alice):
    entry, shift = synced_open_shift(alice)
    correct(alice, entry)
    resync(shift)  # still open in the POS
    entry.refresh_from_db()
    assert (entry.start, entry.end) == (at(DAY, "16:00"), at(DAY, "21:30"))
    assert not entry.changed_after_approval and entry.state == State.TO_APPROVE


def test_a_later_change_in_the_pos_is_flagged_not_applied(alice):
    entry, shift = synced_open_shift(alice)
    correct(alice, entry)
    resync(shift, end=at(DAY, "22:10"), ended=True, changed_at=at(DAY, "22:15"))
    entry.refresh_from_db()
    assert entry.end == at(DAY, "21:30")  # the correction stands
    assert entry.changed_after_approval and entry.pending_end == at(DAY, "22:10")
    page = alice.client("manager").get(reverse("workforce_entry", args=[entry.pk]))
    assert "gewijzigd in kassa na correctie" in page.content.decode()
    listed = alice.client("manager").get(
        reverse("workforce_timesheets") + "?week=2026-W11&controle=1"
    )
    assert f"entry-{entry.pk}" in listed.content.decode()

    # Huidige tijden houden: the correction stays, and the next sync does not ask again.
    alice.client("manager").post(reverse("workforce_entry_keep_times", args=[entry.pk]))
    resync(shift)
    entry.refresh_from_db()
    assert entry.end == at(DAY, "21:30") and not entry.changed_after_approval
    assert entry.pos_end == at(DAY, "22:10")
    kinds = list(entry.corrections.values_list("kind", flat=True))
    assert kinds == [TimesheetCorrection.Kind.CORRECTED, TimesheetCorrection.Kind.POS_DISMISSED]


def test_taking_over_the_pos_times_ends_the_correction(alice):
    entry, shift = synced_open_shift(alice)
    correct(alice, entry)
    resync(shift, end=at(DAY, "22:10"), ended=True, changed_at=at(DAY, "22:15"))
    alice.client("manager").post(reverse("workforce_entry_accept_pos_times", args=[entry.pk]))
    entry.refresh_from_db()
    assert (entry.start, entry.end) == (at(DAY, "16:04"), at(DAY, "22:10"))
    assert not entry.corrected and not entry.changed_after_approval
    resync(shift, end=at(DAY, "22:20"), changed_at=at(DAY, "23:30"))  # POS rules again
    entry.refresh_from_db()
    assert entry.end == at(DAY, "22:20")


def test_a_correction_of_an_approved_entry_asks_for_approval_again(alice):
    entry, shift = synced_open_shift(alice)
    resync(shift, end=at(DAY, "21:00"), ended=True)
    TimesheetEntry.objects.filter(pk=entry.pk).update(state=State.APPROVED)
    correct(alice, entry, end_time="21:30")
    entry.refresh_from_db()
    assert entry.state == State.TO_APPROVE and entry.approved_at is None
    assert entry.pos_end == at(DAY, "21:00")


def test_comments_on_an_entry(alice):
    entry, _ = synced_open_shift(alice)
    url = reverse("workforce_entry_comment", args=[entry.pk])
    alice.client("manager").post(url, {"text": "Sanne belde: om 21:30 naar huis."})
    assert alice.client("manager").post(url, {"text": ""}).status_code == 302
    assert TimesheetComment.objects.filter(entry=entry).count() == 1
    page = alice.client("manager").get(reverse("workforce_entry", args=[entry.pk]))
    comments = page.content.decode().split('data-testid="comments"')[1]
    assert "om 21:30 naar huis" in comments


def test_bob_cannot_correct_or_comment_on_alices_entry(alice, bob):
    entry, _ = synced_open_shift(alice)
    client = bob.client("manager")
    assert client.get(reverse("workforce_entry_correct", args=[entry.pk])).status_code == 404
    assert correct(bob, entry).status_code == 404
    url = reverse("workforce_entry_comment", args=[entry.pk])
    assert client.post(url, {"text": "hallo"}).status_code == 404
    assert not TimesheetCorrection.objects.exists() and not TimesheetComment.objects.exists()


# --- the JSON API ---------------------------------------------------------------------


def test_the_api_corrects_with_a_reason_and_shows_the_history(alice):
    entry, shift = synced_open_shift(alice)
    api = Api(alice)
    body = {
        "start": "2026-03-10T16:00:00+01:00",
        "end": "2026-03-10T21:30:00+01:00",
        "break_minutes": 30,
        "reason": "Vergeten uit te klokken",
    }
    response = api.post(f"/timesheets/{entry.pk}/correct/", body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["corrected"] and data["state"] == "to_approve"
    assert data["pos_start"].startswith("2026-03-10T16:04") and data["pos_end"] is None
    history = api.get(f"/timesheets/{entry.pk}/corrections/").json()
    assert [row["reason"] for row in history] == ["Vergeten uit te klokken"]
    assert history[0]["user"] == alice.manager.email

    resync(shift, end=at(DAY, "22:10"), ended=True, changed_at=at(DAY, "22:15"))
    data = api.get(f"/timesheets/{entry.pk}/").json()
    assert data["end"].startswith("2026-03-10T21:30") and data["changed_after_approval"]
    assert data["pending_end"].startswith("2026-03-10T22:10")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"end": "2026-03-10T15:00:00+01:00"}, "end"),
        ({"break_minutes": -5}, "break_minutes"),
        ({"start": "gisteren"}, "start"),
    ],
)
def test_the_api_names_the_bad_field_and_changes_nothing(alice, change, field):
    entry, _ = synced_open_shift(alice)
    body = {"start": "2026-03-10T16:00:00+01:00", "end": "2026-03-10T21:30:00+01:00"}
    body.update({"reason": "Vergeten", **change})
    response = Api(alice).post(f"/timesheets/{entry.pk}/correct/", body)
    assert response.status_code == 400 and field in response.json()
    entry.refresh_from_db()
    assert entry.end is None and not entry.corrected


def test_the_api_comments_and_bob_sees_none_of_it(alice, bob):
    entry, _ = synced_open_shift(alice)
    api = Api(alice)
    assert (
        api.post(f"/timesheets/{entry.pk}/comments/", {"text": "Belde om 21:35"}).status_code == 201
    )
    assert api.post(f"/timesheets/{entry.pk}/comments/", {"text": ""}).status_code == 400
    assert [c["text"] for c in api.get(f"/timesheets/{entry.pk}/comments/").json()] == [
        "Belde om 21:35"
    ]
    bob_api = Api(bob)
    for path in ["comments/", "corrections/"]:
        assert bob_api.get(f"/timesheets/{entry.pk}/{path}").status_code == 404
    body = {"start": "2026-03-10T16:00:00+01:00", "end": None, "reason": "x"}
    assert bob_api.post(f"/timesheets/{entry.pk}/correct/", body).status_code == 404


def test_a_day_far_outside_any_shop_is_a_form_error(alice):
    entry, _ = synced_open_shift(alice)
    response = correct(alice, entry, day="0001-01-01")
    assert response.status_code == 400 and "day" in response.context["form"].errors
