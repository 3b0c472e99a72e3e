"""Shared set-up for the simulator tests: a shop at a fixed moment, served over HTTP."""

from collections.abc import Iterator
from datetime import datetime

import pytest

from kassalink.mplus.simulator import Simulator, SimulatorServer, serve_in_thread
from kassalink.mplus.simulator.soap_time import AMSTERDAM

# Saturday afternoon before the spring DST change (Sunday 29 March 2026, 02:00 → 03:00).
START = datetime(2026, 3, 28, 14, 0, tzinfo=AMSTERDAM)


@pytest.fixture(scope="session")
def shop() -> Simulator:
    """A read-only shop shared by tests that only look (never advance or sell)."""
    return Simulator(seed=1, start=START)


@pytest.fixture(scope="session")
def shop_server(shop: Simulator) -> Iterator[SimulatorServer]:
    with serve_in_thread(shop) as server:
        yield server


@pytest.fixture
def fresh_shop() -> Simulator:
    """A shop of its own, for tests that move the clock, sell or arm faults."""
    return Simulator(seed=1, start=START, history_days=2)


@pytest.fixture
def fresh_server(fresh_shop: Simulator) -> Iterator[SimulatorServer]:
    with serve_in_thread(fresh_shop) as server:
        yield server


@pytest.fixture(scope="session")
def mplus_schema(wsdl_path):
    from kassalink.mplus.tests.schema import load_schema

    return load_schema(wsdl_path)
