"""A tiny HTTP server in a thread answering what a test tells it to, for the client's
failure paths (the simulator covers the happy ones)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0  # seconds before answering
    drop: bool = False  # close the connection without a word
    content_type: str = "text/xml; charset=utf-8"


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeMplus:
    """Answers requests from a script (a list, one per request, last one repeats) or a
    function of the request body."""

    script: list[Answer] = field(default_factory=list)
    respond: Callable[[bytes], Answer] | None = None
    seen: list[Seen] = field(default_factory=list)

    def answer(self, body: bytes) -> Answer:
        if self.respond is not None:
            return self.respond(body)
        index = min(len(self.seen) - 1, len(self.script) - 1)
        return self.script[index]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@contextlib.contextmanager
def serve(fake: FakeMplus) -> Iterator[int]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            fake.seen.append(Seen(self.path, dict(self.headers), body))
            answer = fake.answer(body)
            if answer.delay:
                time.sleep(answer.delay)
            if answer.drop:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
