"""The Insights JSON API: turnover and labour per interval, hand-computed, per shop."""

import pytest
from django.test import Client

from kassalink.accounts.actions import do_create_api_token
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.tests.sales import bread, sale

from .figures import at, tuesday_morning

pytestmark = pytest.mark.django_db

TURNOVER = "/api/v1/insights/turnover/"
LABOUR = "/api/v1/insights/labour/"
DAY = {"from": "2026-03-10", "through": "2026-03-10"}


def api(shop) -> Client:
    client = Client()
    key = do_create_api_token(shop.organization, shop.manager, "test").key
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    return client


def get(client: Client, url: str, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_turnover_per_quarter_hour_and_day(alice, alice_shop):
    tuesday_morning(alice)

    quarters = get(api(alice_shop), TURNOVER, **DAY, interval="quarter")

    assert quarters["includes_vat"] is True
    assert [(r["start"], r["branch"], r["turnover_incl_vat_cents"]) for r in quarters["rows"]] == [
        ("2026-03-10T09:00:00+01:00", 1, 395),
        ("2026-03-10T10:15:00+01:00", 1, 1380),
        ("2026-03-10T11:30:00+01:00", 1, 790),
    ]
    assert quarters["rows"][0]["turnover_excl_vat_cents"] == bread().total_excl_cents
    assert quarters["rows"][0]["receipt_count"] == 1
    day = get(api(alice_shop), TURNOVER, **DAY, interval="day")["rows"]
    assert [(r["start"], r["turnover_incl_vat_cents"], r["receipt_count"]) for r in day] == [
        ("2026-03-10T00:00:00+01:00", 2565, 3)
    ]


def test_turnover_per_hour_per_branch(alice, alice_shop):
    tuesday_morning(alice)
    import_receipts(alice, [sale(at(9, 50), (bread(),), branch=2, marker=900)])

    rows = get(api(alice_shop), TURNOVER, **DAY, interval="hour")["rows"]
    assert [(r["start"], r["branch"], r["turnover_incl_vat_cents"]) for r in rows] == [
        ("2026-03-10T09:00:00+01:00", 1, 395),
        ("2026-03-10T09:00:00+01:00", 2, 395),
        ("2026-03-10T10:00:00+01:00", 1, 1380),
        ("2026-03-10T11:00:00+01:00", 1, 790),
    ]
    only_two = get(api(alice_shop), TURNOVER, **DAY, interval="hour", branch=2)["rows"]
    assert [r["turnover_incl_vat_cents"] for r in only_two] == [395]


def test_labour_per_hour_worked_out_by_hand(alice, alice_shop):
    tuesday_morning(alice)

    body = get(api(alice_shop), LABOUR, **DAY, interval="hour")
    rows = {r["start"][11:16]: r for r in body["rows"]}

    nine = rows["09:00"]  # Anna alone, € 15,00 against € 3,95
    assert (nine["planned_hours"], nine["worked_hours"]) == ("1.00", "1.00")
    assert (nine["labour_cost_cents"], nine["turnover_incl_vat_cents"]) == (1500, 395)
    assert nine["labour_percent"] == "379.75"  # 1500 / 395
    assert nine["sales_per_labour_hour_cents"] == 395
    ten = rows["10:00"]  # Anna and Bram: € 27,00 against € 13,80
    assert (ten["worked_hours"], ten["labour_cost_cents"]) == ("2.00", 2700)
    assert ten["labour_percent"] == "195.65"  # 2700 / 1380
    assert ten["sales_per_labour_hour_cents"] == 690
    assert (ten["people_planned"], ten["people_worked"]) == (2, 2)
    eleven = rows["11:00"]  # Bram left at 11:30: 1.5 h, € 21,00, € 7,90 / 1.5 h
    assert (eleven["worked_hours"], eleven["planned_hours"]) == ("1.50", "2.00")
    assert (eleven["labour_cost_cents"], eleven["sales_per_labour_hour_cents"]) == (2100, 527)
    assert rows["01:00"]["labour_percent"] is None  # no turnover at 01:00

    totals = body["totals"]
    assert (totals["planned_hours"], totals["worked_hours"]) == ("6.00", "5.50")
    assert (totals["planned_labour_cost_cents"], totals["labour_cost_cents"]) == (8400, 7800)
    assert totals["turnover_incl_vat_cents"] == 2565
    assert totals["labour_percent"] == "304.09"  # 7800 / 2565
    assert totals["sales_per_labour_hour_cents"] == 466  # 2565 / 5.5


def test_labour_of_one_team(alice, alice_shop):
    figures = tuesday_morning(alice)

    totals = get(api(alice_shop), LABOUR, **DAY, team=figures["kassa"].pk)["totals"]

    assert (totals["worked_hours"], totals["labour_cost_cents"]) == ("4.00", 6000)
    assert totals["turnover_incl_vat_cents"] == 2565  # the turnover is booked under Kassa
    assert totals["labour_percent"] == "233.92"
    bakery = get(api(alice_shop), LABOUR, **DAY, team=figures["bakery"].pk)["totals"]
    assert (bakery["worked_hours"], bakery["turnover_incl_vat_cents"]) == ("1.50", 0)
    assert bakery["labour_percent"] is None


def test_excl_vat_shops_get_labour_percent_on_turnover_excl_vat(alice, alice_shop):
    tuesday_morning(alice)
    alice.turnover_settings.includes_vat = False
    alice.turnover_settings.save()

    totals = get(api(alice_shop), LABOUR, **DAY)["totals"]

    excl = totals["turnover_excl_vat_cents"]
    assert excl < 2565
    assert totals["sales_per_labour_hour_cents"] == round(excl / 5.5)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "from"),
        ({"from": "2026-03-10"}, "through"),
        ({"from": "10-03-2026", "through": "2026-03-10"}, "from"),
        ({"from": "9999-12-31", "through": "9999-12-31"}, "from"),
        ({"from": "2026-03-10", "through": "0001-01-01"}, "through"),
        ({**DAY, "interval": "week"}, "interval"),
        ({"from": "2026-03-10", "through": "2026-03-09"}, "through"),
        ({"from": "2026-01-01", "through": "2026-03-10", "interval": "quarter"}, "through"),
        ({**DAY, "branch": "-1"}, "branch"),
        ({**DAY, "team": "abc"}, "team"),
        ({**DAY, "branch": "²"}, "branch"),
        ({**DAY, "department": "99999"}, "department"),
    ],
)
@pytest.mark.parametrize("url", [TURNOVER, LABOUR])
def test_bad_parameters_are_a_400_naming_the_field(alice, alice_shop, url, params, field):
    response = api(alice_shop).get(url, params)
    assert response.status_code == 400
    assert field in response.json()


def test_bob_sees_none_of_alices_turnover_or_hours(alice, bob, alice_shop, bob_shop):
    figures = tuesday_morning(alice)

    bobs = get(api(bob_shop), TURNOVER, **DAY)
    assert bobs["rows"] == []
    labour = get(api(bob_shop), LABOUR, **DAY)["totals"]
    assert (labour["worked_hours"], labour["turnover_incl_vat_cents"]) == ("0.00", 0)
    response = api(bob_shop).get(TURNOVER, {**DAY, "team": figures["kassa"].pk})
    assert response.status_code == 400 and "team" in response.json()


def test_without_a_token_the_api_says_no(client, alice):
    assert client.get(TURNOVER, DAY).status_code in (401, 403)


def omzet_url(connection) -> str:
    return f"/api/v1/insights/omzet/{connection.pk}/"


def test_the_omzet_settings_are_read_and_changed_in_the_api(alice, alice_shop):
    client = api(alice_shop)
    assert get(client, omzet_url(alice)) == {
        "enabled": True,
        "includes_vat": True,
        "team": alice_shop.team.pk,
        "branch_teams": {},
    }

    body = {"includes_vat": False, "branch_teams": {"2": alice_shop.team.pk}}
    response = client.patch(omzet_url(alice), body, content_type="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["includes_vat"] is False
    alice.turnover_settings.refresh_from_db()
    assert alice.turnover_settings.includes_vat is False
    assert alice.turnover_settings.team_id_for(2) == alice_shop.team.pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"team": None}, "team"),
        ({"colour": "red"}, "colour"),
        ({"enabled": "maybe"}, "enabled"),
        ({"branch_teams": {"x": 1}}, "branch_teams"),
        # A digit to str.isdigit() but not to int(); a branch no 32-bit column holds.
        ({"branch_teams": {"²": 1}}, "branch_teams"),
        ({"branch_teams": {"99999999999999999999": 1}}, "branch_teams"),
    ],
)
def test_bad_omzet_changes_name_the_field_and_change_nothing(alice, alice_shop, body, field):
    response = api(alice_shop).patch(omzet_url(alice), body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    alice.turnover_settings.refresh_from_db()
    assert alice.turnover_settings.enabled and alice.turnover_settings.team_id == alice_shop.team.pk


def test_bob_can_neither_read_nor_change_alices_omzet(alice, alice_shop, bob_shop):
    client = api(bob_shop)
    assert client.get(omzet_url(alice)).status_code == 404
    body = {"enabled": False}
    assert client.patch(omzet_url(alice), body, content_type="application/json").status_code == 404
    own = api(alice_shop).patch(
        omzet_url(alice), {"team": bob_shop.team.pk}, content_type="application/json"
    )
    assert own.status_code == 400 and "team" in own.json()
    alice.turnover_settings.refresh_from_db()
    assert alice.turnover_settings.enabled
