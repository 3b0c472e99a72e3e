"""Every endpoint and parameter of the JSON API, driven from its OpenAPI schema: no 5xx.

schemathesis reads /api/v1/schema/ from the Django app in-process (WSGI, no server) and
makes one test per operation, so an endpoint added tomorrow is tested the day it appears.
Each operation gets valid and invalid bodies and query values (huge ids, non-ASCII digits,
lone surrogates, wrong types) with a shop owner's API token; any answer of 500 or more
fails with the request that caused it.
"""

import datetime as dt
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from kassalink.accounts.actions import do_create_api_token
from kassalink.accounts.tests.fixtures import make_shop
from kassalink.connections.models import Connection
from kassalink.workforce.hours import SHOP_TZ
from kassalink.workforce.models import Employee, RosterShift, TimesheetEntry

# Bounded so the whole module stays around a minute on two cores.
EXAMPLES_PER_OPERATION = 20

APP = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", APP)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@pytest.fixture
def keep_test_transaction() -> Iterator[None]:
    """Django closes a connection whose autocommit looks changed at each request's start
    and end; inside a test's transaction that would drop it. The test client does the
    same dance (django.test.client.ClientHandler)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, keep_test_transaction) -> str:
    """A shop owner's key, with one row of each kind so small ids often hit a real row."""
    shop = make_shop("alice", "Alice's shop")
    department = shop.team.department
    employee = Employee.objects.create(
        organization=shop.organization,
        first_name="Anna",
        last_name="Jansen",
        default_department=department,
        hourly_wage_cents=1500,
    )
    start = dt.datetime(2026, 3, 24, 9, tzinfo=SHOP_TZ)
    end = start + dt.timedelta(hours=8)
    common = {"organization": shop.organization, "employee": employee, "department": department}
    RosterShift.objects.create(start=start, end=end, **common)
    TimesheetEntry.objects.create(
        start=start, end=end, financial_date=start.date(), state="to_approve", **common
    )
    # Port 9 on loopback: a connection test or sync ends at once with "no connection".
    Connection.objects.create(
        organization=shop.organization,
        name="Winkel Centrum",
        host="127.0.0.1",
        port=9,
        scheme="http",
        ident="demo",
        secret="demo",
        status=Connection.Status.ACTIVE,
    )
    return do_create_api_token(shop.organization, shop.owner, "schemathesis").key


def test_every_operation_of_the_schema_is_driven():
    """schemathesis must not drop an operation it cannot read (that would pass silently):
    every path and method drf-spectacular publishes is among the operations tested below."""
    published = {
        (method.upper(), path)
        for path, operations in SchemaGenerator()
        .get_schema(request=None, public=True)["paths"]
        .items()
        for method in operations
    }
    driven = {(op.ok().method.upper(), op.ok().path) for op in schema.get_all_operations()}
    assert len(published) >= 20
    assert published == driven


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error(case, token):
    response = case.call(headers={"Authorization": f"Token {token}"})
    case.validate_response(response, checks=[not_a_server_error])
