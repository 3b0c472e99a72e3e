"""Nu ingeklokt: who is clocked in right now and since when, refreshed by htmx; Bob's
shop never sees Alice's people."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kassalink.workforce.tests import shops
from kassalink.workforce.tests.shops import (
    make_connection,
    make_employee,
    make_entry,
    make_imported_entry,
)

alice, bob = shops.alice, shops.bob

pytestmark = pytest.mark.django_db


def test_open_entries_are_listed_with_since_when_and_duration(alice):
    sanne, piet = make_employee(alice, "Sanne"), make_employee(alice, "Piet")
    now = timezone.now().replace(microsecond=0)
    start = now - dt.timedelta(hours=2, minutes=5)
    open_entry = make_entry(sanne, start, None)
    make_entry(piet, now - dt.timedelta(hours=5), now - dt.timedelta(hours=1))
    page = alice.client("manager").get(reverse("workforce_now")).content.decode()
    row = page.split(f'data-testid="now-{open_entry.pk}"')[1].split("</tr>")[0]
    assert timezone.localtime(start).strftime("%H:%M") in row
    assert "2:05" in row
    assert "Piet" not in page  # clocked out
    assert 'hx-trigger="every 30s"' in page


def test_htmx_refresh_returns_only_the_rows(alice):
    sanne = make_employee(alice, "Sanne")
    make_imported_entry(
        sanne,
        make_connection(alice),
        timezone.now() - dt.timedelta(hours=15),
        None,
        state="open",
        clock_out_missing=True,
    )
    response = alice.client().get(reverse("workforce_now"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "Sanne" in body
    assert "uitklokken ontbreekt" in body and "MplusKASSA · dienst 4711" in body


def test_nobody_in_says_so(alice):
    assert (
        "Niemand is nu ingeklokt" in alice.client().get(reverse("workforce_now")).content.decode()
    )


@pytest.mark.parametrize("htmx", [False, True])
def test_bob_does_not_see_who_is_in_at_alices(alice, bob, htmx):
    sanne = make_employee(alice, "Sanne")
    make_entry(sanne, timezone.now() - dt.timedelta(hours=1), None)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    page = bob.client("manager").get(reverse("workforce_now"), **headers).content.decode()
    assert "Sanne" not in page and "Niemand is nu ingeklokt" in page
