from kassalink.tests.pos_fixtures import alice, bob, simulator  # noqa: F401
