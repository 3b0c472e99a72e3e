"""Injected faults and protocol errors, as a client sees them over HTTP."""

import http.client
import time
from urllib.parse import urlsplit

import pytest
from lxml import etree

from kassalink.mplus.simulator import Simulator, SimulatorServer

from .soap_calls import SOAP_ENV, element, envelope, post

API_VERSION = envelope(element("getApiVersion"))


def _faultstring(body: bytes) -> str:
    fault = etree.fromstring(body).find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
    assert fault is not None, body[:300]
    return fault.findtext("faultcode") + " " + fault.findtext("faultstring")


def test_latency_delays_the_answer(fresh_shop: Simulator, fresh_server: SimulatorServer):
    fresh_shop.faults.add("getApiVersion", "latency", seconds=0.3)
    started = time.perf_counter()
    status, _ = post(fresh_server.url, API_VERSION)
    assert status == 200 and time.perf_counter() - started >= 0.3


@pytest.mark.parametrize("kind, status", [("http_500", 500), ("http_503", 503)])
def test_http_errors_then_recovery(fresh_shop, fresh_server, kind, status):
    fresh_shop.faults.add("getApiVersion", kind, times=2)
    assert post(fresh_server.url, API_VERSION)[0] == status
    assert post(fresh_server.url, API_VERSION)[0] == status
    assert post(fresh_server.url, API_VERSION)[0] == 200


def test_soap_fault(fresh_shop: Simulator, fresh_server: SimulatorServer):
    fresh_shop.faults.add("*", "soap_fault", message="Database is locked")
    status, body = post(fresh_server.url, API_VERSION)
    assert status == 500
    assert _faultstring(body) == "SOAP-ENV:Server Database is locked"


def test_truncated_xml_does_not_parse(fresh_shop: Simulator, fresh_server: SimulatorServer):
    fresh_shop.faults.add("getBranches", "truncated")
    status, body = post(fresh_server.url, envelope(element("getBranches")))
    assert status == 200
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(body)


def test_a_fault_only_hits_its_operation(fresh_shop: Simulator, fresh_server: SimulatorServer):
    fresh_shop.faults.add("getBranches", "http_500")
    assert post(fresh_server.url, API_VERSION)[0] == 200
    assert post(fresh_server.url, envelope(element("getBranches")))[0] == 500


def test_dropped_connection(fresh_shop: Simulator, fresh_server: SimulatorServer):
    fresh_shop.faults.add("getApiVersion", "drop")
    parts = urlsplit(fresh_server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    connection.request("POST", "/?ident=demo&secret=demo", body=API_VERSION)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        connection.getresponse()
    connection.close()


def test_wrong_credentials_fault(fresh_shop: Simulator, fresh_server: SimulatorServer):
    fresh_shop.faults.add("getApiVersion", "wrong_credentials")
    status, body = post(fresh_server.url, API_VERSION)
    assert status == 401
    assert "ident and/or secret are wrong" in _faultstring(body)


def test_bad_secret_is_refused_without_echoing_it(shop_server: SimulatorServer):
    status, body = post(shop_server.url, API_VERSION, secret="s3cr3t-guess")
    assert status == 401
    assert "SOAP-ENV:Client" in _faultstring(body)
    assert b"s3cr3t-guess" not in body


def test_unknown_operation_is_a_client_fault(shop_server: SimulatorServer):
    status, body = post(shop_server.url, envelope(element("getFlyingCars")))
    assert status == 500
    assert _faultstring(body).startswith("SOAP-ENV:Client operation 'getFlyingCars'")


@pytest.mark.parametrize(
    "body",
    [
        b"<not xml",
        b"<root/>",
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>',
        envelope(etree.Element("{urn:other}getApiVersion")),
    ],
)
def test_malformed_requests_are_client_faults(shop_server: SimulatorServer, body: bytes):
    status, answer = post(shop_server.url, body)
    assert status == 500
    assert _faultstring(answer).startswith("SOAP-ENV:Client")


def test_bad_values_are_client_faults(shop_server: SimulatorServer):
    request = element("getEmployees", element("request", element("syncMarker", text="lots")))
    status, answer = post(shop_server.url, envelope(request))
    assert status == 500 and "syncMarker must be an integer" in _faultstring(answer)


def test_unknown_fault_kind_is_refused(fresh_shop: Simulator):
    with pytest.raises(ValueError):
        fresh_shop.faults.add("*", "meteor")
