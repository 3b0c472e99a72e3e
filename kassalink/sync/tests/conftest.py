from kassalink.sync.tests.fakes import fake_stream  # noqa: F401
from kassalink.tests.pos_fixtures import alice, bob, simulator  # noqa: F401
