"""Test verbinding against the simulator: version and branches, or the reason in plain words."""

import pytest

from kassalink.connections.probe import probe_connection
from kassalink.connections.tests.conftest import closed_port, make_connection


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
