"""The simulator on HTTP: SOAP on every path except /_simulator/*, which holds the
control endpoints (advance the clock, state, faults, webhook consumers, cashier sale).

Credentials are the `ident` and `secret` query parameters, as on the real API. A wrong
pair is answered with HTTP 401 *and* a SOAP Client fault saying the ident/secret are
wrong, so a client may recognise it either way (the real API's exact signal is not in
the WSDL; this is our documented choice). Credentials never enter a log line.
"""

import contextlib
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from . import control
from .faults import Fault
from .operations import answer, operation_name
from .soap import SoapFault, envelope, fault_envelope
from .world import Simulator

log = logging.getLogger(__name__)
MAX_CONTROL_BODY = 1024 * 1024
WRONG_CREDENTIALS = "Authentication failed: the ident and/or secret are wrong"
STATIC = Path(__file__).resolve().parent / "static"
# The Kassa page of the demo: a till in the browser (plain files, no framework).
KASSA_FILES = {
    "/_simulator/kassa": ("kassa.html", "text/html; charset=utf-8"),
    "/_simulator/kassa.js": ("kassa.js", "text/javascript; charset=utf-8"),
    "/_simulator/kassa.css": ("kassa.css", "text/css; charset=utf-8"),
}


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, sim: Simulator, address: tuple[str, int]) -> None:
        super().__init__(address, SimulatorHandler)
        self.sim = sim

    @property
    def host(self) -> str:
        return str(self.server_address[0])

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"


class SimulatorHandler(BaseHTTPRequestHandler):
    server: SimulatorServer
    protocol_version = "HTTP/1.1"
    server_version = "MplusQapi-simulator"

    def log_message(self, format: str, *args: object) -> None:
        # The default log prints the request line, which holds ident and secret.
        pass

    # --- plumbing ---------------------------------------------------------------------

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_xml(self, status: int, body: bytes) -> None:
        self._send(status, body, "text/xml; charset=utf-8")

    def _send_json(self, status: int, payload: object) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json")

    # --- routing ----------------------------------------------------------------------

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path in KASSA_FILES:
            name, kind = KASSA_FILES[path]
            self._send(200, (STATIC / name).read_bytes(), kind)
        elif path.startswith("/_simulator/"):
            self._control("GET", path)
        else:
            self._send(405, b"POST a SOAP envelope to this endpoint\n", "text/plain")

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path.startswith("/_simulator/"):
            self._control("POST", path)
        else:
            self._soap()

    def do_DELETE(self) -> None:
        self._control("DELETE", urlsplit(self.path).path)

    def _control(self, method: str, path: str) -> None:
        """Always an answer: 400 with the reason for a request we refuse, 500 (logged)
        for a simulator bug; never a connection dropped without a word."""
        try:
            payload = self._control_payload() if method != "GET" else {}
            status, result = control.handle(self.server.sim, method, path, payload)
        except control.ControlError as error:
            status, result = 400, {"error": str(error)}
        except (ValueError, TypeError, KeyError, OverflowError, RecursionError) as error:
            # what the checks did not foresee is still the request's fault
            status, result = 400, {"error": f"{type(error).__name__}: {error}"[:500]}
        except Exception as error:
            log.exception("simulator control %s %s failed", method, path)
            status, result = 500, {"error": f"internal error: {type(error).__name__}"}
        self._send_json(status, result)

    def _control_payload(self) -> object:
        raw = self.headers.get("Content-Length") or "0"
        if not raw.isascii() or not raw.isdigit():
            raise control.ControlError("Content-Length: a whole number of bytes")
        if int(raw) > MAX_CONTROL_BODY:
            self.close_connection = True  # the unread body must not pass for a request
            raise control.ControlError(f"the body is larger than {MAX_CONTROL_BODY:,} bytes")
        body = self.rfile.read(int(raw)) if int(raw) else b"{}"
        try:
            return json.loads(body)
        except (ValueError, RecursionError):
            raise control.ControlError("the body is not JSON") from None

    # --- SOAP -------------------------------------------------------------------------

    def _authorised(self) -> bool:
        query = parse_qs(urlsplit(self.path).query)
        sim = self.server.sim
        return query.get("ident") == [sim.ident] and query.get("secret") == [sim.secret]

    def _soap(self) -> None:
        body = self._body()
        try:
            name: str | None = operation_name(body)
        except SoapFault:
            name = None
        fault = self.server.sim.faults.take(name)
        if fault is not None and self._inject(fault):
            return
        if not self._authorised() or (fault is not None and fault.kind == "wrong_credentials"):
            self._send_xml(401, fault_envelope("Client", WRONG_CREDENTIALS))
            return
        try:
            response = envelope(answer(self.server.sim, body))
        except SoapFault as error:
            self._send_xml(500, fault_envelope(error.code, error.message))
            return
        except Exception as error:  # a simulator bug must still answer like a server
            self._send_xml(500, fault_envelope("Server", f"internal error: {type(error).__name__}"))
            raise
        if fault is not None and fault.kind == "truncated":
            fraction = float(fault.params.get("fraction", 0.5))
            response = response[: max(1, int(len(response) * fraction))]
        self._send_xml(200, response)

    def _inject(self, fault: Fault) -> bool:
        """Act out a fault; True when the request is fully answered by it."""
        if fault.kind == "latency":
            time.sleep(float(fault.params.get("seconds", 1.0)))
            return False
        if fault.kind == "http_500":
            self._send(500, b"Internal Server Error\n", "text/plain")
            return True
        if fault.kind == "http_503":
            self.send_response(503)
            self.send_header("Retry-After", str(fault.params.get("retry_after", 1)))
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "20")
            self.end_headers()
            self.wfile.write(b"Service Unavailable\n")
            return True
        if fault.kind == "soap_fault":
            message = str(fault.params.get("message", "Simulated server error"))
            code = str(fault.params.get("code", "Server"))
            self._send_xml(500, fault_envelope(code, message))
            return True
        if fault.kind == "drop":
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return True
        return False  # wrong_credentials and truncated are handled in _soap


@contextlib.contextmanager
def serve_in_thread(
    sim: Simulator, host: str = "127.0.0.1", port: int = 0
) -> Iterator[SimulatorServer]:
    """Serve `sim` from a daemon thread for the duration of the `with` block."""
    server = SimulatorServer(sim, (host, port))
    thread = threading.Thread(target=server.serve_forever, name="mplus-simulator", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
