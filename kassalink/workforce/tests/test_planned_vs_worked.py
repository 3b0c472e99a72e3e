"""Planned against worked in Urenregistratie and the API: late, left early, no-show,
unplanned and overtime per entry and per employee per week, each with its filter."""

from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from kassalink.workforce.tests import shops
from kassalink.workforce.tests.shops import at, make_employee, make_entry, make_shift
from kassalink.workforce.tests.test_api_workforce import Api, results

alice, bob = shops.alice, shops.bob

pytestmark = pytest.mark.django_db

WEEK = "2026-W11"  # Mon 9 - Sun 15 March 2026


@pytest.fixture
def week(alice):
    """Sanne (contract 10 h): Monday 20 min late, Tuesday a no-show, Wednesday unplanned.
    Piet: Monday on time and left 30 min early; Friday planned (still to come)."""
    sanne = make_employee(alice, "Sanne", contract_hours=Decimal("10"))
    piet = make_employee(alice, "Piet", contract_hours=Decimal("32"))
    mon = make_shift(
        sanne, at("2026-03-09", "09:00"), at("2026-03-09", "17:30"), planned_break_minutes=30
    )
    tue = make_shift(sanne, at("2026-03-10", "09:00"), at("2026-03-10", "13:00"))
    pmon = make_shift(piet, at("2026-03-09", "12:00"), at("2026-03-09", "18:00"))
    fri = make_shift(piet, at("2026-03-13", "09:00"), at("2026-03-13", "13:00"))
    late = make_entry(
        sanne,
        at("2026-03-09", "09:20"),
        at("2026-03-09", "18:00"),
        roster_shift=mon,
        break_minutes=30,
    )
    unplanned = make_entry(sanne, at("2026-03-11", "12:00"), at("2026-03-11", "17:00"))
    early = make_entry(
        piet, at("2026-03-09", "12:00"), at("2026-03-09", "17:30"), roster_shift=pmon
    )
    return {
        "sanne": sanne,
        "piet": piet,
        "tue": tue,
        "fri": fri,
        "late": late,
        "unplanned": unplanned,
        "early": early,
    }


def thursday_noon():
    """Pages and API read the clock to tell a no-show from a shift still to come."""
    return mock.patch("django.utils.timezone.now", return_value=at("2026-03-12", "12:00"))


def page(shop, query: str = "") -> str:
    url = f"{reverse('workforce_timesheets')}?week={WEEK}{query}"
    with thursday_noon():
        response = shop.client("manager").get(url)
    assert response.status_code == 200
    return response.content.decode()


def listed(text: str, *entries) -> list[bool]:
    return [f'data-testid="entry-{e.pk}"' in text for e in entries]


def test_each_entry_shows_how_it_compares_with_its_shift(alice, week):
    text = page(alice)
    cell = lambda e: text.split(f'data-testid="variance-{e.pk}">')[1].split("</td>")[0]  # noqa: E731
    assert "20 min te laat" in cell(week["late"])
    assert "30 min eerder weg" in cell(week["early"])
    assert "ongepland" in cell(week["unplanned"])


def test_the_week_per_employee_against_hand_computed_figures(alice, week):
    text = page(alice)
    sanne = text.split(f'data-testid="week-{week["sanne"].pk}">')[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in sanne.split("<td>")[1:]]
    # planned 8:00 + 4:00; worked 8:10 + 5:00; contract 10:00 -> overtime 3:10
    assert cells[1:4] == ["12:00", "13:10", "10:00"] and "3:10" in cells[4]
    assert cells[5:] == ["1", "0", "1", "1"]
    piet = text.split(f'data-testid="week-{week["piet"].pk}">')[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in piet.split("<td>")[1:]]
    assert cells[1:3] == ["10:00", "5:30"] and cells[4] == "0:00"
    assert cells[5:] == ["0", "1", "0", "0"]  # Friday is still to come: not a no-show
    no_shows = text.split('data-testid="no-shows"')[1].split("</table>")[0]
    assert f"no-show-{week['tue'].pk}" in no_shows and f"no-show-{week['fri'].pk}" not in no_shows


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("late", [True, False, False]),
        ("left_early", [False, False, True]),
        ("unplanned", [False, True, False]),
        ("overtime", [True, True, False]),
        ("no_show", [False, False, False]),
    ],
)
def test_a_filter_for_each_kind(alice, week, kind, expected):
    text = page(alice, f"&afwijking={kind}")
    assert listed(text, week["late"], week["unplanned"], week["early"]) == expected
    assert f'<option value="{kind}" selected>' in text
    assert (f"no-show-{week['tue'].pk}" in text) == (kind == "no_show")


def test_bob_sees_none_of_alices_figures(alice, bob, week):
    text = page(bob)
    assert "Sanne" not in text and "no-show-" not in text


def test_the_api_filters_and_summarises_the_week(alice, bob, week):
    api = Api(alice)
    with thursday_noon():
        rows = results(api.get(f"/timesheets/?week={WEEK}&variance=late"))
        summary = api.get(f"/timesheets/planned-vs-worked/?week={WEEK}").json()
        bobs = Api(bob).get(f"/timesheets/planned-vs-worked/?week={WEEK}").json()
    assert [r["id"] for r in rows] == [week["late"].pk]
    sanne = next(r for r in summary if r["employee"] == week["sanne"].pk)
    assert (sanne["planned_minutes"], sanne["worked_minutes"], sanne["overtime_minutes"]) == (
        720,
        790,
        190,
    )
    assert [n["roster_shift"] for n in sanne["no_shows"]] == [week["tue"].pk]
    assert bobs == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("/timesheets/?week=2026-W11&variance=lazy", "variance"),
        ("/timesheets/?variance=late", "week"),
        ("/timesheets/planned-vs-worked/", "week"),
        ("/timesheets/planned-vs-worked/?week=11", "week"),
        ("/timesheets/planned-vs-worked/?week=2026-W11&employee=x", "employee"),
    ],
)
def test_the_api_names_a_bad_parameter(alice, query, field):
    response = Api(alice).get(query)
    assert response.status_code == 400 and field in response.json()


def test_a_week_with_no_utc_value_is_a_400_not_a_crash(alice):
    for week in ["0001-W01", "9999-W52"]:
        response = Api(alice).get(f"/timesheets/planned-vs-worked/?week={week}")
        assert response.status_code == 400 and "week" in response.json()


def test_the_entry_page_says_how_it_compares_with_its_shift(alice, week):
    url = reverse("workforce_entry", args=[week["late"].pk])
    text = alice.client("manager").get(url).content.decode()
    assert (
        "20 min te laat" in text.split('data-testid="entry-variance"')[1].split("</span></dd>")[0]
    )
