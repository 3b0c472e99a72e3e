"""Test verbinding against the simulator: version and branches, or the reason in plain words."""

import pytest

from kassalink.connections.probe import probe_connection, probe_deadline
from kassalink.connections.tests.conftest import closed_port, make_connection
from kassalink.mplus.tests.fake_server import fixture
from kassalink.mplus.tests.hostile_till import Misbehaviour, hostile_till


def test_a_working_account_gives_its_version_and_branches(alice, simulator):
    connection = make_connection(alice, port=simulator.port)
    result = probe_connection(connection)
    assert result.ok, result.problem
    assert result.version.count(".") == 2
    assert [b.number for b in result.branches] == [1, 2, 3]
    assert all(b.name for b in result.branches)


def test_a_wrong_port_says_so(alice):
    port = closed_port()
    result = probe_connection(make_connection(alice, port=port))
    assert not result.ok
    assert result.reason == "unreachable"
    assert f"poort {port}" in result.problem
    assert "Klopt de poort?" in result.problem


def test_a_wrong_secret_says_the_credentials_are_wrong(alice, simulator):
    result = probe_connection(make_connection(alice, port=simulator.port, secret="fout"))
    assert not result.ok
    assert result.reason == "credentials"
    assert "ident of secret klopt niet" in result.problem
    assert "fout" not in result.problem


def test_a_soap_fault_shows_its_text(alice, simulator):
    simulator.sim.faults.add("getApiVersion", "soap_fault", message="Database in onderhoud")
    result = probe_connection(make_connection(alice, port=simulator.port))
    assert result.reason == "fault"
    assert "Database in onderhoud" in result.problem


@pytest.mark.parametrize("kind", ["truncated"])
def test_an_unreadable_answer_is_called_unexpected(alice, simulator, kind):
    simulator.sim.faults.add("getApiVersion", kind)
    result = probe_connection(make_connection(alice, port=simulator.port))
    assert result.reason == "protocol"
    assert "Onverwacht antwoord" in result.problem


# --- a till in trouble is not a wrong port (issue #11) --------------------------------


@pytest.mark.parametrize(("kind", "status"), [("http_500", 500), ("http_503", 503)])
def test_a_server_error_names_the_status_not_the_port(alice, simulator, kind, status):
    simulator.sim.faults.add("getApiVersion", kind)
    result = probe_connection(make_connection(alice, port=simulator.port))
    assert result.reason == "unreachable"
    assert f"HTTP {status}" in result.problem
    assert "Klopt de poort?" not in result.problem


def test_an_answer_that_breaks_off_says_so(alice):
    body = fixture("get_api_version.xml")
    with hostile_till(Misbehaviour("short", body)) as port:
        result = probe_connection(make_connection(alice, port=port))
    assert "brak het antwoord halverwege af" in result.problem
    assert "Klopt de poort?" not in result.problem


def test_a_huge_fault_text_is_cut_before_it_reaches_the_page(alice, simulator):
    simulator.sim.faults.add("getApiVersion", "soap_fault", message="x" * 200_000)
    result = probe_connection(make_connection(alice, port=simulator.port))
    assert result.reason == "fault"
    assert len(result.problem) < 1000


def test_an_endless_answer_names_the_limit(alice, settings):
    settings.KASSALINK_MPLUS_MAX_ANSWER_BYTES = 100_000
    with hostile_till(Misbehaviour("endless")) as port:
        result = probe_connection(make_connection(alice, port=port))
    assert result.reason == "protocol"
    assert "KASSALINK_MPLUS_MAX_ANSWER_BYTES" in result.problem
    assert "100.000 bytes" in result.problem


def test_a_dripped_answer_ends_well_inside_the_web_workers_timeout(alice, settings):
    settings.KASSALINK_WEB_TIMEOUT = 3
    assert 2 * probe_deadline() < settings.KASSALINK_WEB_TIMEOUT
    body = fixture("get_api_version.xml")
    with hostile_till(Misbehaviour("drip", body, pause=0.05)) as port:
        result = probe_connection(make_connection(alice, port=port))
    assert result.reason == "unreachable"
    assert "geen volledig antwoord" in result.problem


def test_the_web_server_runs_with_the_timeout_the_probe_is_sized_from(settings, monkeypatch):
    from gunicorn.app import wsgiapp

    from kassalink.web.management.commands.serve import Command

    settings.KASSALINK_WEB_TIMEOUT = 17
    seen = []
    monkeypatch.setattr(wsgiapp.WSGIApplication, "run", lambda self: seen.append(self.cfg.timeout))
    monkeypatch.setattr("sys.argv", ["kassalink"])
    Command().handle(host="127.0.0.1", port=9399, workers=1)
    assert seen == [17]


def test_a_huge_branch_name_is_cut_before_it_reaches_the_page(alice):
    body = fixture("get_branches.xml").replace(b"Centrum", b"C" * 1_000_000)
    with hostile_till(Misbehaviour("body", body)) as port:
        client = make_connection(alice, port=port).client()
        assert len(client.get_branches()[0].name) == 1_000_000  # the client reads it whole
    both = (fixture("get_api_version.xml"), body)
    with hostile_till(Misbehaviour("bodies", bodies=both)) as port:
        result = probe_connection(make_connection(alice, port=port))
    assert result.ok, result.problem
    assert len(result.branches[0].name) < 200
    assert result.branches[0].name.startswith("CCCC")
