import pytest

from kassalink.sync import locks
from kassalink.sync.tests.fakes import fake_stream  # noqa: F401
from kassalink.tests.pos_fixtures import alice, bob, simulator  # noqa: F401


@pytest.fixture(autouse=True)
def _advisory_sessions_closed():
    """A test that claims without releasing leaves a PostgreSQL session (and its advisory
    lock) open; close it, or the test database cannot be dropped."""
    yield
    locks.close_sessions()
