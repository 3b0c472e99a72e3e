"""/api/v1/connections/: token auth, read without secrets, merchant-only PATCH, test."""

import json

import pytest
from django.core.management import call_command

from kassalink.accounts.actions import do_create_api_token, do_revoke_api_token
from kassalink.connections.models import Connection
from kassalink.connections.tests.conftest import make_connection

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, client, key: str | None = None) -> None:
        self.client, self.key = client, key

    def _headers(self) -> dict:
        return {"HTTP_AUTHORIZATION": f"Token {self.key}"} if self.key else {}

    def get(self, url: str):
        return self.client.get(url, **self._headers())

    def patch(self, url: str, body: object):
        return self.client.patch(
            url, json.dumps(body), content_type="application/json", **self._headers()
        )

    def post(self, url: str):
        return self.client.post(url, **self._headers())


@pytest.fixture
def alice_api(client, alice) -> Api:
    return Api(client, do_create_api_token(alice.organization, alice.owner, "test").key)


def detail(connection: Connection) -> str:
    return f"/api/v1/connections/{connection.pk}/"


def test_without_a_token_the_api_says_401(client, alice_connection):
    response = client.get("/api/v1/connections/")
    assert response.status_code == 401


def test_a_wrong_or_revoked_token_is_refused(client, alice, alice_connection):
    new = do_create_api_token(alice.organization, alice.owner, "weg")
    do_revoke_api_token(new.token)
    assert Api(client, new.key).get("/api/v1/connections/").status_code == 401
    assert Api(client, "kl_onzin").get("/api/v1/connections/").status_code == 401


def test_list_and_read_never_show_ident_or_secret(alice_api, alice_connection):
    listing = alice_api.get("/api/v1/connections/").json()
    assert listing["count"] == 1
    body = alice_api.get(detail(alice_connection)).json()
    assert body["name"] == "Winkel Centrum"
    assert body["organization"] == "alice"
    assert body["credentials_stored"] is True
    assert "secret" not in body and "ident" not in body
    raw = json.dumps(listing) + json.dumps(body)
    assert '"demo"' not in raw


def test_a_merchant_changes_the_gear_settings(alice_api, alice, alice_connection):
    response = alice_api.patch(
        detail(alice_connection),
        {"name": "Winkel Noord", "turnover_notification_email": "omzet@alice.example"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Winkel Noord"
    alice_connection.refresh_from_db()
    assert alice_connection.name == "Winkel Noord"
    assert alice_connection.turnover_notification_email == "omzet@alice.example"


@pytest.mark.parametrize("field", ["port", "host", "secret", "ident", "branches", "scheme"])
def test_operator_fields_are_refused_for_merchants(alice_api, alice_connection, field):
    response = alice_api.patch(detail(alice_connection), {field: "1", "name": "Nieuw"})
    assert response.status_code == 400
    assert field in response.json()
    assert "beheerder" in response.json()[field][0]
    alice_connection.refresh_from_db()
    assert alice_connection.name == "Winkel Centrum"


def test_unknown_and_read_only_fields_are_named(alice_api, alice_connection):
    response = alice_api.patch(detail(alice_connection), {"status": "active", "kleur": "rood"})
    assert response.status_code == 400
    assert set(response.json()) == {"status", "kleur"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"import_notification_email": "nope"}, "import_notification_email"),
        ({"name": ""}, "name"),
        ({"turnover_notification_email": "nope"}, "turnover_notification_email"),
    ],
)
def test_bad_values_name_the_field_and_change_nothing(alice_api, alice_connection, body, field):
    changes = {"name": "Nieuw", "import_notification_email": "x@alice.example", **body}
    response = alice_api.patch(detail(alice_connection), changes)
    assert response.status_code == 400
    assert field in response.json()
    alice_connection.refresh_from_db()
    assert alice_connection.name == "Winkel Centrum"


def test_the_omzet_settings_are_not_the_connections(alice_api, alice_connection):
    response = alice_api.patch(detail(alice_connection), {"turnover_team": 1})
    assert response.status_code == 400
    assert "turnover_team" in response.json()


def test_put_is_not_offered(alice_api, alice_connection):
    response = alice_api.client.put(
        detail(alice_connection),
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {alice_api.key}",
    )
    assert response.status_code == 405


def test_an_operator_session_may_change_technical_fields(operator_client, alice_connection):
    api = Api(operator_client)
    response = api.patch(
        detail(alice_connection), {"port": 4444, "secret": "nieuw", "branches": [2]}
    )
    assert response.status_code == 200, response.json()
    alice_connection.refresh_from_db()
    assert (alice_connection.port, alice_connection.secret) == (4444, "nieuw")
    assert alice_connection.branches == [2]
    assert alice_connection.ident == "demo"


def test_the_test_endpoint_reports_version_and_branches(alice_api, alice, simulator):
    connection = make_connection(alice, port=simulator.port)
    body = alice_api.post(f"{detail(connection)}test/").json()
    assert body["ok"] is True
    assert body["version"]
    assert [b["number"] for b in body["branches"]] == [1, 2, 3]


def test_the_test_endpoint_reports_wrong_credentials(alice_api, alice, simulator):
    connection = make_connection(alice, port=simulator.port, secret="fout")
    body = alice_api.post(f"{detail(connection)}test/").json()
    assert body["ok"] is False
    assert body["reason"] == "credentials"
    assert body["problem"]


def test_the_token_remembers_when_it_was_used(alice_api, alice):
    alice_api.get("/api/v1/connections/")
    assert alice.organization.api_tokens.get().last_used is not None


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    schema = (tmp_path / "s.yml").read_text()
    assert "/api/v1/connections/{id}/test/" in schema
    assert "ApiToken" in schema
