"""The client over real HTTP against a fake server: what goes on the wire, each failure
mapped to its exception, retries with backoff, and the secret kept out of everything."""

from __future__ import annotations

import logging
import socket

import pytest

from kassalink.mplus import (
    MplusAuthError,
    MplusClient,
    MplusError,
    MplusFault,
    MplusProtocolError,
    MplusUnavailable,
)

from .fake_server import Answer, FakeMplus, fixture, serve

IDENT = "ident-Qw7"
SECRET = "s3cr3t Zx9&!"  # a space and & test the URL quoting too
OK = Answer(200, fixture("get_branches.xml"))
FAULT = fixture("fault.xml")
AUTH_FAULT = fixture("fault_auth.xml")


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client_for(port: int, sleeps: Sleeps | None = None, **kwargs) -> MplusClient:
    return MplusClient(
        host="127.0.0.1",
        port=port,
        ident=IDENT,
        secret=SECRET,
        scheme="http",
        sleep=sleeps if sleeps is not None else Sleeps(),
        **{"timeout": 2.0, "retries": 3, **kwargs},
    )


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_call_posts_soap_with_the_credentials_in_the_query() -> None:
    fake = FakeMplus([OK])
    with serve(fake) as port:
        branches = client_for(port).get_branches()
    assert [b.name for b in branches] == ["Centrum", "Noord"]
    (request,) = fake.seen
    assert request.path == "/?ident=ident-Qw7&secret=s3cr3t+Zx9%26%21"
    assert request.headers["SOAPAction"] == '""'
    assert request.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert b"<ns1:getBranches" in request.body
    assert b"http://schemas.xmlsoap.org/soap/envelope/" in request.body


def test_transient_failures_are_retried_with_growing_jittered_backoff() -> None:
    fake = FakeMplus([Answer(503), Answer(502), Answer(500, b"oops"), OK])
    sleeps = Sleeps()
    with serve(fake) as port:
        branches = client_for(port, sleeps).get_branches()
    assert len(branches) == 2
    assert len(fake.seen) == 4
    # Full jitter: each pause lies between 0 and base * 2**attempt (0.5, 1, 2 s).
    assert len(sleeps) == 3
    assert all(0 <= pause <= cap for pause, cap in zip(sleeps, (0.5, 1.0, 2.0), strict=True))


@pytest.mark.parametrize(
    ("answer", "error", "attempts"),
    [
        (Answer(401, b"Unauthorized", content_type="text/plain"), MplusAuthError, 1),
        (Answer(403, b""), MplusAuthError, 1),
        (Answer(500, AUTH_FAULT), MplusAuthError, 1),
        (Answer(500, FAULT), MplusFault, 1),
        (Answer(200, FAULT), MplusFault, 1),
        (Answer(503), MplusUnavailable, 4),
        (Answer(500, b"<html>Internal error</html>"), MplusUnavailable, 4),
        (Answer(drop=True), MplusUnavailable, 4),
        (Answer(200, OK.body[: len(OK.body) // 2]), MplusProtocolError, 1),
        (Answer(200, b"<html>captive portal</html>"), MplusProtocolError, 1),
        (Answer(404, b"<html>not here</html>"), MplusProtocolError, 1),
        (Answer(200, fixture("get_cost_centers.xml")), MplusProtocolError, 1),
    ],
    ids=lambda value: getattr(value, "__name__", None) or repr(value)[:40],
)
def test_each_failure_maps_to_its_exception(answer: Answer, error: type, attempts: int) -> None:
    fake = FakeMplus([answer])
    with serve(fake) as port, pytest.raises(error) as caught:
        client_for(port).get_branches()
    assert len(fake.seen) == attempts
    assert "getBranches" in str(caught.value)


def test_no_answer_within_the_timeout_is_unavailable() -> None:
    fake = FakeMplus([Answer(200, OK.body, delay=1.0)])
    with serve(fake) as port, pytest.raises(MplusUnavailable, match=r"no answer within 0\.2s"):
        client_for(port, timeout=0.2, retries=1).get_branches()
    assert len(fake.seen) == 2


def test_a_refused_connection_is_unavailable_after_the_retries() -> None:
    sleeps = Sleeps()
    with pytest.raises(MplusUnavailable, match="after 3 attempt"):
        client_for(unused_port(), sleeps, retries=2).get_api_version()
    assert len(sleeps) == 2


def test_an_unknown_host_is_unavailable() -> None:
    client = MplusClient("no-such-host.invalid", 1, IDENT, SECRET, retries=0)
    with pytest.raises(MplusUnavailable):
        client.get_api_version()


def test_the_secret_never_shows_in_errors_reprs_or_logs(caplog) -> None:
    # A server that echoes the credentials in its fault, as some do.
    echoed = f"no branch 99 for {IDENT}:{SECRET}".encode()
    echo = fixture("fault.xml").replace(b"Unknown branch 99", echoed)
    echo_auth = fixture("fault_auth.xml").replace(b"Invalid ident or secret", SECRET.encode())
    answers = [
        Answer(401),
        Answer(500, echo_auth.replace(b"&", b"&amp;")),
        Answer(500, echo.replace(b"&", b"&amp;")),
        Answer(503),
        Answer(drop=True),
        Answer(200, b"<broken"),
        Answer(200, b"<p>" + SECRET.encode().replace(b"&", b"") + b"</p>"),
    ]
    caplog.set_level(logging.DEBUG, logger="kassalink.mplus")
    caught: list[MplusError] = []
    for answer in answers:
        with serve(FakeMplus([answer])) as port:
            client = client_for(port, retries=1)
            with pytest.raises(MplusError) as error:
                client.get_receipts(sync_marker=0, sync_marker_limit=10)
            caught.append(error.value)
            assert SECRET not in repr(client) and IDENT not in repr(client)
            assert repr(client) == f"MplusClient(host='127.0.0.1', port={port})"
    with pytest.raises(MplusError) as refused:
        client_for(unused_port(), retries=0).get_receipts()
    caught.append(refused.value)

    families = (MplusAuthError, MplusFault, MplusUnavailable, MplusProtocolError)
    kinds = {next(kind for kind in families if isinstance(error, kind)) for error in caught}
    assert kinds == set(families)
    quoted = ("s3cr3t+Zx9", "s3cr3t%20Zx9", "Zx9%26")
    for error in caught:
        for text in (str(error), repr(error), str(error.args)):
            assert SECRET not in text and IDENT not in text
            assert not any(q in text for q in quoted)
    assert caplog.records, "retries should have been logged"
    assert SECRET not in caplog.text and IDENT not in caplog.text
    assert not any(q in caplog.text for q in quoted)
