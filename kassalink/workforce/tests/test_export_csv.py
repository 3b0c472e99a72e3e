"""Payroll CSV: hours per employee per day with wage cost, semicolons, decimal commas and
a BOM so a Dutch Excel opens it right; only the shop's own people."""

import csv
import io

import pytest
from django.urls import reverse

from kassalink.workforce.tests import shops
from kassalink.workforce.tests.shops import at, make_employee, make_entry

alice, bob = shops.alice, shops.bob

pytestmark = pytest.mark.django_db


def export(shop, query: str = "week=2026-W13") -> tuple[bytes, list[list[str]]]:
    response = shop.client("manager").get(f"{reverse('workforce_export')}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="uren-2026-W13.csv"' in response["Content-Disposition"]
    raw = response.content
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    return raw, rows


def test_hours_per_employee_per_day_with_wage_cost(alice):
    sanne = make_employee(alice, "Sanne", last_name="Ørsted", hourly_wage_cents=1475)
    # Two clock-ins on Tuesday: 3.5 h + 4 h = 7.5 h; the 30-minute gap is the break.
    make_entry(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "12:30"))
    make_entry(sanne, at("2026-03-24", "13:00"), at("2026-03-24", "17:00"))
    # The DST night: 22:00 → 06:00 is seven real hours, on the day it started.
    make_entry(sanne, at("2026-03-28", "22:00"), at("2026-03-29", "06:00"))
    raw, rows = export(alice)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows[0] == [
        "Medewerker",
        "E-mailadres",
        "Datum",
        "Gewerkt (uren)",
        "Pauze (minuten)",
        "Uurloon (EUR)",
        "Loonkosten (EUR)",
        "Nog ingeklokt",
    ]
    assert rows[1:] == [
        ["Sanne Ørsted", "", "2026-03-24", "7,50", "30", "14,75", "110,63", ""],
        ["Sanne Ørsted", "", "2026-03-28", "7,00", "0", "14,75", "103,25", ""],
    ]


def test_an_open_entry_adds_no_hours_and_is_marked(alice):
    sanne = make_employee(alice, "Sanne", hourly_wage_cents=1200)
    make_entry(sanne, at("2026-03-25", "09:00"), None)
    _, rows = export(alice)
    assert rows[1][2:] == ["2026-03-25", "0,00", "0", "12,00", "0,00", "ja"]


def test_the_export_follows_the_list_filters(alice):
    sanne, piet = make_employee(alice, "Sanne"), make_employee(alice, "Piet")
    make_entry(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "12:00"))
    make_entry(piet, at("2026-03-24", "09:00"), at("2026-03-24", "12:00"))
    _, rows = export(alice, f"week=2026-W13&medewerker={piet.pk}")
    assert [row[0] for row in rows[1:]] == ["Piet Jansen"]


def test_bobs_export_holds_none_of_alices_hours(alice, bob):
    sanne = make_employee(alice, "Sanne")
    make_entry(sanne, at("2026-03-24", "09:00"), at("2026-03-24", "12:00"))
    _, rows = export(bob, f"week=2026-W13&medewerker={sanne.pk}")
    assert rows[1:] == []
    _, rows = export(bob)
    assert rows[1:] == []
