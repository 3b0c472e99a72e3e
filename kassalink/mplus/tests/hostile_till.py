"""A till that misbehaves on purpose, on loopback: an endless answer, an answer dripped
byte by byte, a body shorter than announced, or any bytes a test hands it.

Written on a bare socket, not http.server, because the misbehaviour is in how the bytes
arrive (no length, one at a time, cut off), which a well-behaved server cannot do."""

from __future__ import annotations

import contextlib
import itertools
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

OK_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nConnection: close\r\n"


@dataclass(frozen=True)
class Misbehaviour:
    """What the till does after reading a request."""

    # "endless" | "drip" | "short" | "body" | "bodies" (one per request, in turn) | "raw"
    kind: str
    body: bytes = b""
    bodies: tuple[bytes, ...] = ()
    status: int = 200
    pause: float = 0.2  # drip: seconds between bytes
    head_first: bool = False  # drip: the head at once, then the body byte by byte


def response(body: bytes, status: int = 200) -> bytes:
    reason = {200: "OK", 500: "Internal Server Error", 503: "Service Unavailable"}
    return (
        f"HTTP/1.1 {status} {reason.get(status, 'Status')}\r\n"
        "Content-Type: text/xml; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body


class _Handler(socketserver.BaseRequestHandler):
    server: _Till

    def handle(self) -> None:
        _read_request(self.request)
        act = self.server.misbehaviour
        with contextlib.suppress(OSError):  # the client hung up: that is the point
            if act.kind == "endless":
                self.request.sendall(OK_HEAD + b"\r\n<?xml version='1.0'?><a>")
                chunk = b"x" * 65536
                while not self.server.stopping.is_set():
                    self.request.sendall(chunk)
            elif act.kind == "drip":
                whole = response(act.body, act.status)
                if act.head_first:
                    head = len(whole) - len(act.body)
                    self.request.sendall(whole[:head])
                    whole = whole[head:]
                for byte in whole:
                    if self.server.stopping.wait(act.pause):
                        return
                    self.request.sendall(bytes([byte]))
            elif act.kind == "short":
                whole = response(act.body, act.status)
                self.request.sendall(whole[: len(whole) - len(act.body) // 2])
            elif act.kind == "raw":  # not HTTP at all
                self.request.sendall(act.body)
            elif act.kind == "bodies":
                turn = next(self.server.turns)
                self.request.sendall(response(act.bodies[turn % len(act.bodies)], act.status))
            else:
                self.request.sendall(response(act.body, act.status))


class _Till(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, misbehaviour: Misbehaviour) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.misbehaviour = misbehaviour
        self.stopping = threading.Event()
        self.turns = itertools.count()


def _read_request(sock: socket.socket) -> None:
    """The request's head and its body (by Content-Length); what it says is not used."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    deadline = time.monotonic() + 5
    while len(body) < length and time.monotonic() < deadline:
        chunk = sock.recv(65536)
        if not chunk:
            return
        body += chunk


@contextlib.contextmanager
def hostile_till(misbehaviour: Misbehaviour) -> Iterator[int]:
    """Serve `misbehaviour` on a free loopback port for the `with` block; yields the port."""
    till = _Till(misbehaviour)
    thread = threading.Thread(target=till.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield till.server_address[1]
    finally:
        till.stopping.set()
        till.shutdown()
        till.server_close()
        thread.join(timeout=5)
