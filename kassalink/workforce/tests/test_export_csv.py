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
        "Status",
    ]
    assert rows[1:] == [
        ["Sanne Ørsted", "", "2026-03-24", "7,50", "30", "14,75", "110,63", "goed te keuren"],
        ["Sanne Ørsted", "", "2026-03-28", "7,00", "0", "14,75", "103,25", "goed te keuren"],
    ]


def test_an_open_day_is_not_exported_as_zero_hours(alice):
    sanne = make_employee(alice, "Sanne", hourly_wage_cents=1200)
    make_entry(sanne, at("2026-03-25", "09:00"), None)
    make_entry(sanne, at("2026-03-26", "09:00"), at("2026-03-26", "12:00"))
    make_entry(sanne, at("2026-03-26", "13:00"), None)  # back from lunch, still at work
    _, rows = export(alice)
    assert rows[1][2:] == ["2026-03-25", "", "", "12,00", "", "ingeklokt"]
    assert rows[2][2:] == ["2026-03-26", "", "", "12,00", "", "ingeklokt"]


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


# --- payroll export of a chosen period ------------------------------------------------


def period_export(shop, query: str) -> list[list[str]]:
    response = shop.client("manager").get(f"{reverse('workforce_export')}?{query}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def march(alice):
    """Sanne in March 2026: approved on the 2nd and the 31st, unapproved on the 10th, one
    day in April and one in February that stay out, and clocked in on the 20th."""
    sanne = make_employee(alice, "Sanne", hourly_wage_cents=1500)
    approved = {"state": "approved", "approved_by": alice.manager}
    make_entry(sanne, at("2026-02-28", "09:00"), at("2026-02-28", "17:00"), **approved)
    make_entry(sanne, at("2026-03-02", "09:00"), at("2026-03-02", "13:00"), **approved)
    make_entry(sanne, at("2026-03-10", "09:00"), at("2026-03-10", "12:00"))
    make_entry(sanne, at("2026-03-20", "09:00"), None)
    make_entry(sanne, at("2026-03-31", "22:00"), at("2026-04-01", "02:00"), **approved)
    make_entry(sanne, at("2026-04-01", "09:00"), at("2026-04-01", "12:00"), **approved)
    return sanne


def test_a_chosen_period_with_a_status_column(alice, march):
    rows = period_export(alice, "van=2026-03-01&tot=2026-03-31")
    assert [(r[2], r[3], r[7]) for r in rows[1:]] == [
        ("2026-03-02", "4,00", "goedgekeurd"),
        ("2026-03-10", "3,00", "goed te keuren"),
        ("2026-03-20", "", "ingeklokt"),
        ("2026-03-31", "4,00", "goedgekeurd"),  # a night counts on the day it started
    ]


def test_approved_hours_only(alice, march):
    rows = period_export(alice, "van=2026-03-01&tot=2026-03-31&alleen_goedgekeurd=on")
    assert [(r[2], r[6]) for r in rows[1:]] == [("2026-03-02", "60,00"), ("2026-03-31", "60,00")]
    response = alice.client().get(f"{reverse('workforce_export')}?van=2026-03-01&tot=2026-03-31")
    assert 'filename="uren-2026-03-01-2026-03-31.csv"' in response["Content-Disposition"]


def test_the_export_page_warns_about_unapproved_hours(alice, march):
    url = f"{reverse('workforce_export_page')}?van=2026-03-01&tot=2026-03-31"
    text = alice.client("manager").get(url).content.decode()
    warning = text.split('data-testid="export-warning"')[1].split("</p>")[0]
    assert "1 registratie is nog niet goedgekeurd" in warning
    assert "1 registratie is nog ingeklokt" in warning
    assert "van=2026-03-01&amp;tot=2026-03-31" in text.split('data-testid="export-download"')[0]
    fine = f"{reverse('workforce_export_page')}?van=2026-03-01&tot=2026-03-05"
    assert 'data-testid="export-warning"' not in alice.client().get(fine).content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("van=2026-03-31&tot=2026-03-01", "tot"),
        ("van=maart&tot=2026-03-01", "van"),
        ("van=2026-03-01", "tot"),
        ("van=2025-01-01&tot=2026-03-01", "tot"),
    ],
)
def test_a_bad_period_is_a_400_naming_the_field(alice, query, field):
    response = alice.client().get(f"{reverse('workforce_export')}?{query}")
    assert response.status_code == 400 and field in response.content.decode()
    page = alice.client().get(f"{reverse('workforce_export_page')}?{query}")
    assert page.status_code == 400 and field in page.context["form"].errors


def test_bobs_period_export_holds_none_of_alices_hours(alice, bob, march):
    assert period_export(bob, "van=2026-03-01&tot=2026-03-31")[1:] == []
