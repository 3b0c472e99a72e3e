"""Shops and a simulated MplusKASSA account for the importer tests of every domain app.

Two tenants, Alice and Bob, each with one connection, so every suite can assert that
Bob never sees Alice's rows. Import the fixtures in an app's tests/conftest.py.
"""

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest

from kassalink.accounts.models import Organization
from kassalink.connections.models import Connection
from kassalink.insights.models import TurnoverSettings
from kassalink.workforce.models import Department, Team


def make_shop(slug: str, name: str) -> Connection:
    organization = Organization.objects.create(slug=slug, name=name)
    department = Department.objects.create(organization=organization, name="Winkel")
    team = Team.objects.create(organization=organization, department=department, name="Kassa")
    connection = Connection.objects.create(
        organization=organization,
        name=f"{name} kassa",
        host="127.0.0.1",
        port=1,
        scheme="http",
        ident="demo",
        secret="demo",
        import_notification_email=f"owner@{slug}.example",
        turnover_notification_email=f"turnover@{slug}.example",
        status=Connection.Status.ACTIVE,
    )
    TurnoverSettings.objects.create(
        organization=organization, connection=connection, enabled=True, team=team
    )
    return connection


@pytest.fixture
def alice(db) -> Connection:
    """Alice's bakery and its MplusKASSA connection."""
    return make_shop("alice", "Bakkerij Alice")


@pytest.fixture
def bob(db) -> Connection:
    """Bob's shop: must never see anything of Alice's."""
    return make_shop("bob", "Slijterij Bob")


# Monday morning after the spring DST change: three days of history hold the 92-quarter
# Sunday (and keep the suites fast), and the morning shifts are still open.
SIMULATOR_START = dt.datetime(2026, 3, 30, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
def simulator() -> Iterator[object]:
    """A simulated account (seed 3) served over HTTP, and a client talking to it."""
    from kassalink.mplus import MplusClient
    from kassalink.mplus.simulator import Simulator, serve_in_thread

    sim = Simulator(seed=3, start=SIMULATOR_START, ident="demo", secret="demo", history_days=3)
    with serve_in_thread(sim, port=0) as server:
        client = MplusClient(
            host="127.0.0.1", port=server.port, ident="demo", secret="demo", scheme="http"
        )
        yield sim, client
