"""Why here, in the reader's language: reasons are stored in Dutch (as decided), and an
English page shows them in English, weekday and month included."""

import pytest
from django.urls import reverse
from django.utils import translation

from kassalink.workforce.placement_reasons import reason_for_reader
from kassalink.workforce.tests import shops
from kassalink.workforce.tests.shops import at, make_employee, make_entry

alice = shops.alice


@pytest.mark.parametrize(
    ("stored", "english"),
    [
        (
            "Geplande dienst di 10 mrt 12:00–18:00 (overlap 4:00)",
            "Planned shift Tue 10 Mar 12:00–18:00 (overlap 4:00)",
        ),
        (
            "Geplande dienst za 2 mei 16:00–21:30 (ingeklokt 16:04)",
            "Planned shift Sat 2 May 16:00–21:30 (clocked in 16:04)",
        ),
        ("Kostenplaats KP101 → afdeling Bakkerij", "Cost center KP101 → department Bakkerij"),
        (
            "Geen geplande dienst: standaardafdeling Winkel",
            "No planned shift: default department Winkel",
        ),
        ("iets anders", "iets anders"),  # not ours: shown as stored
    ],
)
def test_a_stored_reason_reads_in_english_on_an_english_page(stored, english):
    with translation.override("en"):
        assert reason_for_reader(stored) == english
    with translation.override("nl"):
        assert reason_for_reader(stored) == stored


@pytest.mark.django_db
def test_the_entry_page_says_why_here_in_english(alice):
    sanne = make_employee(alice, "Sanne")
    entry = make_entry(
        sanne,
        at("2026-03-10", "12:00"),
        at("2026-03-10", "18:00"),
        source="mplus",
        placement_reason="Kostenplaats KP101 → afdeling Winkel",
    )
    client = alice.client()
    client.cookies["django_language"] = "en"
    html = client.get(reverse("workforce_entry", args=[entry.pk])).content.decode()
    assert "Cost center KP101 → department Winkel" in html
    assert "Kostenplaats" not in html
