"""Bob cannot read or change anything of Alice's shop, on any page or API endpoint; a
merchant cannot reach the operator console."""

import json

import pytest
from django.urls import reverse

from kassalink.accounts.actions import do_create_api_token
from kassalink.connections.models import Connection, LinkRequest
from kassalink.connections.tests.conftest import make_link_request

pytestmark = pytest.mark.django_db

MERCHANT_PAGES = [
    ("app_center_settings", "get"),
    ("app_center_settings", "post"),
    ("app_center_mapping", "get"),
    ("app_center_mapping_tab:medewerkers", "get"),
    ("app_center_mapping_tab:kloktijden", "get"),
    ("app_center_mapping_tab:omzet", "get"),
    ("app_center_mapping_tab:omzet", "post"),
    ("app_center_sync", "post"),
]


def url_for(name: str, connection: Connection) -> str:
    name, _, tab = name.partition(":")
    return reverse(name, args=[connection.pk, tab] if tab else [connection.pk])


def unchanged(connection: Connection) -> bool:
    fresh = Connection.objects.get(pk=connection.pk)
    return (fresh.name, fresh.turnover_notification_email) == (
        connection.name,
        connection.turnover_notification_email,
    )


@pytest.mark.parametrize(("name", "method"), MERCHANT_PAGES)
@pytest.mark.parametrize("role", ["owner", "manager"])
def test_bob_gets_404_on_alices_connection_pages(bob, alice_connection, name, method, role):
    data = {"name": "Van Bob", "turnover_notification_email": "bob@example.com"}
    response = getattr(bob.client(role), method)(url_for(name, alice_connection), data)
    assert response.status_code == 404
    assert unchanged(alice_connection)


OPERATOR_PAGES = [
    ("operator_console", "get", None),
    ("operator_request", "get", "request"),
    ("operator_request", "post", "request"),
    ("operator_fetch_branches", "post", None),
    ("operator_connection", "get", "connection"),
    ("operator_connection_edit", "get", "connection"),
    ("operator_connection_edit", "post", "connection"),
    ("operator_connection_branches", "post", "connection"),
    ("operator_connection_test", "post", "connection"),
    ("operator_connection_activate", "post", "connection"),
    ("operator_connection_sync", "post", "connection"),
    ("operator_request_decline", "post", "request"),
]


@pytest.mark.parametrize(("name", "method", "target"), OPERATOR_PAGES)
def test_merchants_get_404_on_every_operator_page(alice, name, method, target):
    link_request = make_link_request(alice)
    connection = Connection.objects.create(
        organization=alice.organization,
        name="Concept",
        port=1,
        ident="i",
        secret="s",
        import_notification_email="a@example.com",
    )
    args = {"request": [link_request.pk], "connection": [connection.pk], None: []}[target]
    response = getattr(alice.client(), method)(reverse(name, args=args), {"port": "2"})
    assert response.status_code == 404
    connection.refresh_from_db()
    assert connection.status == Connection.Status.DRAFT and connection.port == 1
    assert LinkRequest.objects.get().status == LinkRequest.Status.REQUESTED


@pytest.fixture
def bob_token(bob) -> str:
    return do_create_api_token(bob.organization, bob.owner, "bob").key


def test_bobs_token_lists_only_bobs_connections(
    client, bob_token, alice_connection, bob_connection
):
    response = client.get("/api/v1/connections/", HTTP_AUTHORIZATION=f"Token {bob_token}")
    assert [c["id"] for c in response.json()["results"]] == [bob_connection.pk]


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("get", "", None), ("patch", "", {"name": "Van Bob"}), ("post", "test/", None)],
)
def test_bobs_token_gets_404_for_alices_connection(
    client, bob_token, alice_connection, method, suffix, body
):
    url = f"/api/v1/connections/{alice_connection.pk}/{suffix}"
    kwargs = {"HTTP_AUTHORIZATION": f"Token {bob_token}", "content_type": "application/json"}
    response = getattr(client, method)(url, json.dumps(body) if body else None, **kwargs)
    assert response.status_code == 404
    assert unchanged(alice_connection)


@pytest.mark.parametrize(("method", "suffix"), [("get", ""), ("patch", ""), ("post", "test/")])
def test_bobs_session_gets_404_for_alices_connection(bob, alice_connection, method, suffix):
    url = f"/api/v1/connections/{alice_connection.pk}/{suffix}"
    client = bob.client()
    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, "{}", content_type="application/json")
    assert response.status_code == 404
