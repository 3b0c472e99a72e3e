"""The Insights page: KPIs against earlier periods, staffing, targets, CSV, per shop."""

import datetime as dt

import pytest
from django.urls import reverse

from kassalink.insights.models import TeamTarget

from .figures import TUESDAY, tuesday_morning

pytestmark = pytest.mark.django_db

DAY = {"period": "day", "date": "2026-03-10"}


def page(shop, **params):
    response = shop.client().get(reverse("insights"), params)
    assert response.status_code == 200
    return response


def test_the_page_shows_the_days_figures_and_last_week(alice, alice_shop):
    tuesday_morning(alice)
    tuesday_morning(alice, TUESDAY - dt.timedelta(days=7))

    response = page(alice_shop, **DAY)

    data = response.context["data"]
    kpis = {line.key: line for line in data.kpis}
    assert kpis["turnover_cents"].now == 2565
    assert kpis["turnover_cents"].last_week == 2565
    assert kpis["turnover_cents"].last_year == 0
    assert kpis["labour_cost_cents"].now == 7800
    assert str(kpis["labour_percent"].now) == "304.09"
    assert kpis["turnover_cents"].change_week == 0
    assert data.chart["total"] == 2565
    assert sum(data.chart["now"]) == 2565 and sum(data.chart["last_week"]) == 2565
    html = response.content.decode()
    assert "€ 25,65" in html and "Inzichten" in html
    assert 'src="/static/vendor/chart.js/chart.umd.js"' in html
    assert "<script>" not in html and " onclick=" not in html


def test_the_staffing_view_marks_over_and_under_staffed_hours(alice, alice_shop):
    tuesday_morning(alice)

    staffing = page(alice_shop, **DAY).context["data"].staffing

    marks = {line.start.astimezone(dt.UTC).hour + 1: line.staffing for line in staffing}
    # The day's sales per labour hour: € 25,65 / 5.5 h = € 4,66. 09:00 one person sells
    # € 3,95 (ok), 10:00 two sell € 13,80 (€ 6,90 each: ok), 11:00 two for € 7,90
    # (€ 3,95: ok), 12:00 Anna alone sells nothing (over-staffed).
    assert marks == {9: "ok", 10: "ok", 11: "ok", 12: "over"}
    assert [(line.figures["people_planned"], line.figures["people_worked"]) for line in staffing][
        :3
    ] == [(1, 1), (2, 2), (2, 2)]


def test_hours_still_to_come_are_not_judged(alice, alice_shop, monkeypatch):
    from django.utils import timezone

    from kassalink.mplus.units import AMSTERDAM

    tuesday_morning(alice)
    at_half_past_ten = dt.datetime.combine(TUESDAY, dt.time(10, 30), AMSTERDAM)
    monkeypatch.setattr(timezone, "now", lambda: at_half_past_ten)

    response = page(alice_shop, **DAY)

    marks = {
        line.start.astimezone(dt.UTC).hour + 1: line.staffing
        for line in response.context["data"].staffing
    }
    assert marks == {9: "ok", 10: "ok", 11: "later", 12: "later"}
    assert "nog te komen" in response.content.decode()


def test_today_is_set_against_last_week_up_to_the_same_moment(alice, alice_shop, monkeypatch):
    from django.utils import timezone

    from kassalink.mplus.units import AMSTERDAM

    tuesday_morning(alice)
    tuesday_morning(alice, TUESDAY - dt.timedelta(days=7))
    monkeypatch.setattr(
        timezone, "now", lambda: dt.datetime.combine(TUESDAY, dt.time(10, 30), AMSTERDAM)
    )

    response = page(alice_shop, **DAY)

    kpis = {line.key: line for line in response.context["data"].kpis}
    turnover = kpis["turnover_cents"]
    # The same morning both weeks, cut at 10:30 both times: no change, not -38 %.
    assert 0 < turnover.now < 2565 and turnover.last_week == turnover.now
    assert turnover.change_week == 0
    assert kpis["worked_hours"].last_week == kpis["worked_hours"].now
    assert 'data-testid="so-far"' in response.content.decode()
    # The week so far: Monday whole, Tuesday to 10:30, nothing after; last week alike.
    week = {line.key: line for line in page(alice_shop, period="week", date="2026-03-10")
            .context["data"].kpis}  # fmt: skip
    assert week["turnover_cents"].now == week["turnover_cents"].last_week == turnover.now


def test_hours_that_miss_the_teams_target_are_marked(alice, alice_shop):
    figures = tuesday_morning(alice)
    TeamTarget.objects.create(
        organization=alice.organization,
        team=figures["kassa"],
        max_labour_percent=300,
        min_sales_per_labour_hour_cents=None,
    )

    data = page(alice_shop, **DAY, team=figures["kassa"].pk).context["data"]

    missed = {line.start.astimezone(dt.UTC).hour + 1 for line in data.intervals if line.missed}
    # Kassa is Anna: € 15,00 an hour against € 3,95 (380 %), € 13,80 (109 %), € 7,90 (190 %),
    # nothing at 12:00: the 09:00 and 12:00 hours miss 300 %.
    assert missed == {9, 12}


def test_a_target_is_saved_for_the_shops_own_team_only(alice, alice_shop, bob_shop):
    team = alice_shop.team
    url = reverse("insights_target", args=[team.pk])
    data = {
        f"team{team.pk}-max_labour_percent": "25",
        f"team{team.pk}-min_sales_per_labour_hour_cents": "9000",
    }
    alice_shop.client().post(url, data)
    target = TeamTarget.objects.get(team=team)
    assert (str(target.max_labour_percent), target.min_sales_per_labour_hour_cents) == (
        "25.00",
        9000,
    )

    assert bob_shop.client().post(url, data).status_code == 404
    bad = {f"team{team.pk}-max_labour_percent": "250"}
    alice_shop.client().post(url, bad)
    assert str(TeamTarget.objects.get(team=team).max_labour_percent) == "25.00"


@pytest.mark.parametrize("table", ["kpis", "intervals", "staffing"])
def test_each_table_exports_as_csv(alice, alice_shop, table):
    tuesday_morning(alice)

    response = alice_shop.client().get(reverse("insights_csv", args=[table]), DAY)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    if table == "kpis":
        assert "Omzet;25,65;" in text
        assert "Loonkosten in % van de omzet;304,09;" in text
    elif table == "intervals":
        assert "2026-03-10 10:00;13,80;2,00;2,00;27,00;195,65;6,90;" in text
    else:
        assert "2026-03-10 12:00;0,00;1,00;1,00;15,00;;0,00;1;1;over;" in text


def test_bob_sees_nothing_of_alices_shop(alice, alice_shop, bob_shop):
    figures = tuesday_morning(alice)

    data = page(bob_shop, **DAY, team=figures["kassa"].pk).context["data"]

    assert data.choice.team is None  # another shop's team is not a filter for Bob
    assert {line.key: line.now for line in data.kpis}["turnover_cents"] == 0
    assert data.chart["total"] == 0 and data.staffing == []
    csv = bob_shop.client().get(reverse("insights_csv", args=["kpis"]), DAY)
    assert "25,65" not in csv.content.decode("utf-8-sig")


def test_todays_view_refreshes_itself(alice, alice_shop):
    html = page(alice_shop).content.decode()
    assert 'hx-trigger="every 10s"' in html
    assert 'hx-trigger="every 10s"' not in page(alice_shop, **DAY).content.decode()
    refreshed = alice_shop.client().get(reverse("insights"), HTTP_HX_REQUEST="true")
    assert refreshed.content.decode().startswith('<div id="insights-data"')


def test_bad_filters_fall_back_instead_of_failing(alice, alice_shop):
    response = page(alice_shop, period="year", date="gisteren", team="x", branch="-3", chart="?")
    assert response.context["data"].choice.period == "day"
    far = page(alice_shop, period="month", date="9999-12-31").context["data"].choice
    assert far.day.year < 2100


def test_every_kpi_label_is_in_english_on_the_english_page(alice, alice_shop):
    tuesday_morning(alice)
    client = alice_shop.client()
    client.cookies["django_language"] = "en"
    html = client.get(reverse("insights"), DAY).content.decode()
    # The one with a "%" in it was missed by {% translate %} on a variable.
    assert "Labour cost as % of turnover" in html
    assert "Loonkosten" not in html and "Omzet per gewerkt uur" not in html
