"""Every bad request the hostile-input probe found answering 500: now a 400 (or a form
error) naming the field, with nothing changed. One parametrized case per probe."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from kassalink.accounts.actions import do_create_api_token
from kassalink.connections.models import Connection
from kassalink.connections.tests.conftest import make_connection
from kassalink.workforce.hours import SHOP_TZ
from kassalink.workforce.models import RosterShift, TimesheetEntry
from kassalink.workforce.tests.shops import make_employee

HUGE_ID = str(2**63)
HUGE = "99999999999999999999"


@pytest.fixture
def api(alice) -> Client:
    key = do_create_api_token(alice.organization, alice.owner, "probe").key
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def connection(alice) -> Connection:
    return make_connection(alice)


@pytest.fixture
def anna(alice):
    return make_employee(alice, "Anna")


def rows() -> tuple[int, int, int]:
    return Connection.objects.count(), RosterShift.objects.count(), TimesheetEntry.objects.count()


def errors_of(response) -> dict:
    assert response.status_code == 400, response.content[:500]
    return response.json()


# --- deeply nested JSON on every write endpoint ----------------------------------------


def write_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"post", "put", "patch"}
    ]


@pytest.mark.parametrize(("method", "path"), write_operations())
def test_deeply_nested_json_is_a_400_on_every_write_endpoint(api, connection, method, path):
    # Every path parameter gets the connection's id: the mapping and sync endpoints need
    # it; the others may answer 404 before reading the body, which is no 500 either.
    url = path.replace("{id}", str(connection.pk))
    url = url.replace("{pk}", str(connection.pk))
    url = url.replace("{connection_id}", str(connection.pk))
    before = rows()
    response = api.generic(method, url, "[" * 100_000, content_type="application/json")
    # 200 only where the body is not read at all (Test verbinding takes none).
    assert response.status_code in {200, 400, 404}, (url, response.status_code)
    assert rows() == before


# --- ISO weeks out of range ------------------------------------------------------------


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01", "2026-W60", "２０２６-W13"])
@pytest.mark.parametrize("path", ["/api/v1/roster-shifts/", "/api/v1/timesheets/"])
def test_api_week_out_of_range_is_a_400_naming_week(api, path, week):
    assert "week" in errors_of(api.get(path, {"week": week}))


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01", "2026-W99"])
@pytest.mark.parametrize("name", ["workforce_roster", "workforce_timesheets"])
def test_pages_with_a_week_out_of_range_show_this_week_and_say_so(alice, name, week):
    response = alice.client().get(reverse(name), {"week": week})
    assert response.status_code == 200
    assert "week: gebruik een week zoals 2026-W13" in response.content.decode()


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01", "2026-W99"])
def test_the_export_of_a_week_out_of_range_is_a_400_naming_week(alice, week):
    response = alice.client().get(reverse("workforce_export"), {"week": week})
    assert response.status_code == 400
    assert response.content.decode().startswith("week:")


# --- ids past 64 bits and digits that are not ASCII ----------------------------------


@pytest.mark.parametrize("value", [HUGE_ID, HUGE, "²", "١٢", "-1", "0"])
@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/employees/", "department"),
        ("/api/v1/teams/", "department"),
        ("/api/v1/roster-shifts/", "department"),
        ("/api/v1/roster-shifts/", "employee"),
        ("/api/v1/timesheets/", "department"),
        ("/api/v1/timesheets/", "employee"),
    ],
)
def test_api_id_filters_out_of_range_are_a_400_naming_the_parameter(api, path, name, value):
    assert name in errors_of(api.get(path, {name: value}))


@pytest.mark.parametrize("value", [HUGE_ID, HUGE, "²"])
@pytest.mark.parametrize(
    ("name", "param"),
    [
        ("workforce_roster", "afdeling"),
        ("workforce_timesheets", "afdeling"),
        ("workforce_timesheets", "medewerker"),
    ],
)
def test_pages_name_an_id_filter_out_of_range_and_show_the_unfiltered_page(
    alice, name, param, value
):
    response = alice.client().get(reverse(name), {param: value})
    assert response.status_code == 200
    warnings = [str(m) for m in response.context["messages"]]
    assert any(w.startswith(f"{param}:") for w in warnings), warnings


@pytest.mark.parametrize("value", [HUGE_ID, HUGE, "²"])
@pytest.mark.parametrize("param", ["afdeling", "medewerker"])
def test_the_payroll_csv_with_an_id_out_of_range_is_a_400_naming_it(alice, param, value):
    response = alice.client().get(reverse("workforce_export"), {param: value})
    assert response.status_code == 400
    assert response.content.decode().startswith(f"{param}:")


@pytest.mark.parametrize("value", [HUGE_ID, HUGE, "²"])
def test_a_new_team_ignores_a_preselected_department_out_of_range(alice, value):
    assert alice.client().get(reverse("workforce_team_new"), {"afdeling": value}).status_code == 200


def test_operator_run_filter_ignores_an_id_out_of_range(operator_client):
    response = operator_client.get(reverse("operator_runs"), {"connection": HUGE_ID})
    assert response.status_code == 200


@pytest.mark.parametrize("value", [2**63, 2**64, 10**30])
def test_api_approve_with_an_id_out_of_range_is_a_400(api, value):
    response = api.post(
        "/api/v1/timesheets/approve/", {"ids": [value]}, content_type="application/json"
    )
    assert "ids" in errors_of(response)


@pytest.mark.parametrize("value", [HUGE_ID, HUGE, "²"])
def test_approve_page_ignores_an_id_out_of_range(alice, anna, value):
    start = dt.datetime(2026, 3, 24, 9, tzinfo=SHOP_TZ)
    TimesheetEntry.objects.create(
        organization=alice.organization,
        employee=anna,
        department=anna.default_department,
        start=start,
        end=start + dt.timedelta(hours=4),
        financial_date=start.date(),
        state=TimesheetEntry.State.TO_APPROVE,
    )
    response = alice.client().post(reverse("workforce_approve"), {"ids": [value]})
    assert response.status_code == 302
    assert TimesheetEntry.objects.get().state == TimesheetEntry.State.TO_APPROVE


@pytest.mark.parametrize("value", [HUGE_ID, HUGE, "²", "x"])
def test_switching_to_an_organization_id_out_of_range_is_a_400_naming_the_field(alice, value):
    response = alice.client().post(reverse("switch_organization"), {"organization": value})
    assert response.status_code == 400
    assert response.content.decode().startswith("organization:")


def test_a_huge_limit_is_capped_and_a_huge_offset_is_a_400(api):
    assert api.get("/api/v1/employees/", {"limit": HUGE}).status_code == 200
    assert "offset" in errors_of(api.get("/api/v1/employees/", {"offset": HUGE}))


# --- lone surrogates and wrong JSON types ----------------------------------------------


def patch_connection(api, connection, body: dict):
    return api.patch(
        f"/api/v1/connections/{connection.pk}/", json.dumps(body), content_type="application/json"
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "\ud800"),
        ("name", "Kassa \udfff"),
        ("name", ["Kassa"]),
        ("name", {"a": 1}),
        ("name", True),
    ],
)
def test_connection_settings_of_the_wrong_kind_are_a_400_naming_the_field(
    api, connection, field, value
):
    response = patch_connection(api, connection, {field: value})
    assert field in errors_of(response)
    connection.refresh_from_db()
    assert connection.name == "Winkel Centrum"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("includes_vat", "\ud800"),
        ("enabled", "junk"),
        ("enabled", "\ud800"),
        ("includes_vat", ["x"]),
    ],
)
def test_omzet_settings_of_the_wrong_kind_are_a_400_naming_the_field(api, connection, field, value):
    url = f"/api/v1/insights/omzet/{connection.pk}/"
    before = api.get(url).json()
    response = api.patch(url, json.dumps({field: value}), content_type="application/json")
    assert response.status_code == 400
    assert field in errors_of(response)
    assert api.get(url).json() == before


def test_a_lone_surrogate_in_a_cost_center_mode_is_a_400(api, connection):
    body = [{"cost_center": "1", "mode": "\ud800"}]
    response = api.put(
        f"/api/v1/connections/{connection.pk}/cost-center-mapping/",
        json.dumps(body),
        content_type="application/json",
    )
    assert "[0].mode" in errors_of(response)


def test_a_lone_surrogate_as_the_sync_stream_is_a_400(api, connection):
    response = api.post(
        f"/api/v1/connections/{connection.pk}/sync/",
        json.dumps({"stream": "\ud800"}),
        content_type="application/json",
    )
    assert "stream" in errors_of(response)


def test_an_unknown_stream_in_the_run_filter_is_a_400(api, connection):
    response = api.get(f"/api/v1/connections/{connection.pk}/runs/", {"stream": "nope"})
    assert "stream" in errors_of(response)


# --- times: DST gap, LMT, the last day of the calendar, long breaks -------------------


def shift_body(anna, **changes) -> dict:
    return {
        "employee": anna.pk,
        "department": anna.default_department_id,
        "start": "2026-03-24T09:00",
        "end": "2026-03-24T17:00",
        **changes,
    }


@pytest.mark.parametrize("path", ["/api/v1/roster-shifts/", "/api/v1/timesheets/"])
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start", "2026-03-29T02:30"),  # the hour the clock skips
        ("end", "2026-03-29T02:15"),
        ("start", "0001-01-01T00:30"),  # would get Amsterdam's 1 AD offset of +00:19:32
        ("start", "0001-01-01T00:30+05:00"),
        ("end", "9999-12-31T23:30"),
    ],
)
def test_api_times_that_are_no_shop_moment_are_a_400_naming_the_field(
    api, anna, path, field, value
):
    body = shift_body(anna, **{field: value})
    if field == "end":
        body["start"] = value[:11] + "00:00" if value.startswith("2026") else "2026-03-24T09:00"
    response = api.post(path, body, content_type="application/json")
    assert field in errors_of(response)
    assert rows()[1:] == (0, 0)


@pytest.mark.parametrize(
    ("path", "field"),
    [("/api/v1/roster-shifts/", "planned_break_minutes"), ("/api/v1/timesheets/", "break_minutes")],
)
def test_api_break_of_2_to_the_31_minutes_is_a_400(api, anna, path, field):
    response = api.post(path, shift_body(anna, **{field: 2**31}), content_type="application/json")
    assert field in errors_of(response)
    assert rows()[1:] == (0, 0)


def form_post(shop, anna, name: str, **fields):
    data = {
        "employee": anna.pk,
        "department": anna.default_department_id,
        "day": "2026-03-24",
        "start_time": "09:00",
        "end_time": "17:00",
        "break_minutes": "0",
        "planned_break_minutes": "0",
        **fields,
    }
    return shop.client().post(reverse(name), data)


@pytest.mark.parametrize("name", ["workforce_shift_new", "workforce_entry_new"])
@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"day": "9999-12-31", "start_time": "22:00", "end_time": "06:00"}, "day"),
        ({"day": "0001-01-01", "start_time": "00:30", "end_time": "06:00"}, "day"),
        # 02:30-03:15 on the night the clock skips: 02:30 does not exist.
        ({"day": "2026-03-29", "start_time": "02:30", "end_time": "03:15"}, "start_time"),
        ({"day": "2026-03-29", "start_time": "01:00", "end_time": "02:15"}, "end_time"),
        ({"break_minutes": str(2**31), "planned_break_minutes": str(2**31)}, None),
    ],
)
def test_forms_refuse_times_that_are_no_shop_moment(alice, anna, name, fields, error_field):
    response = form_post(alice, anna, name, **fields)
    assert response.status_code == 400
    errors = response.context["form"].errors
    if error_field is None:
        error_field = "planned_break_minutes" if name == "workforce_shift_new" else "break_minutes"
    assert error_field in errors, errors
    assert rows()[1:] == (0, 0)


@pytest.mark.parametrize("name", ["workforce_shift_new", "workforce_entry_new"])
def test_an_overnight_shift_on_an_ordinary_day_still_saves(alice, anna, name):
    response = form_post(alice, anna, name, start_time="22:00", end_time="06:00")
    assert response.status_code == 302
