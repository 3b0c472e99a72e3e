"""Connections of Alice's and Bob's shops, and a running MplusKASSA simulator."""

import socket
from collections.abc import Iterator

import pytest

from kassalink.connections.models import Connection, LinkRequest
from kassalink.mplus.simulator import Simulator, SimulatorServer, serve_in_thread


@pytest.fixture
def simulator() -> Iterator[SimulatorServer]:
    # Yesterday too: with today alone there is nothing sold yet before the shop opens, and
    # a first sync run at night would import no receipts.
    with serve_in_thread(
        Simulator(seed=1, ident="demo", secret="demo", history_days=1, employees=4), port=0
    ) as server:
        yield server


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_connection(shop, *, port: int = 9, status: str = Connection.Status.ACTIVE, **fields):
    defaults = {
        "name": "Winkel Centrum",
        "host": "127.0.0.1",
        "port": port,
        "scheme": "http",
        "ident": "demo",
        "secret": "demo",
        "import_notification_email": shop.owner.email,
        "status": status,
    }
    return Connection.objects.create(organization=shop.organization, **{**defaults, **fields})


def make_link_request(shop, **fields) -> LinkRequest:
    defaults = {
        "requested_by": shop.owner,
        "contact_name": "Eigenaar",
        "email": shop.owner.email,
        "phone": "020 123 4567",
        "company": shop.organization.name,
    }
    return LinkRequest.objects.create(organization=shop.organization, **{**defaults, **fields})


@pytest.fixture
def alice_connection(alice) -> Connection:
    return make_connection(alice)


@pytest.fixture
def bob_connection(bob) -> Connection:
    return make_connection(bob, name="Bob's kassa")
