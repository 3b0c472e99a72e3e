"""Parse one real GetReceiptsResponse of 5,000 receipts (served by the simulator) with
our parser (the compiled reader, or lxml where it is not built) and with zeep on the
official WSDL; report median receipts/s and ratio. Exits non-zero only when it cannot
run (no WSDL); a ratio below the goal is printed."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

GOAL = 25.0
RECEIPTS = 5000
OUR_REPEATS = 7
ZEEP_REPEATS = 3  # zeep needs ~15-20 s a run; three keep the whole bench under 2 minutes

# zeep follows the WSDL's import of the SOAP 1.1 encoding namespace to the network;
# the schema only borrows its base64 type, so a one-type stand-in keeps zeep offline.
SOAP_ENCODING = "http://schemas.xmlsoap.org/soap/encoding"
SOAP_ENCODING_STUB = b"""<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
            targetNamespace="http://schemas.xmlsoap.org/soap/encoding/">
  <xsd:simpleType name="base64"><xsd:restriction base="xsd:base64Binary"/></xsd:simpleType>
</xsd:schema>"""


def wsdl_path() -> Path:
    """Where the official WSDL lives: the same setting and default as kassalink.settings."""
    default = Path(__file__).resolve().parents[2] / "shared" / "mplus"
    return Path(os.environ.get("KASSALINK_MPLUS_REFERENCE_DIR", default)) / "mplusqapi.wsdl"


def fetch_response(count: int) -> bytes:
    """One getReceipts answer of `count` receipts, over HTTP from a simulator."""
    return fetch_pages(count, count)[0]


def fetch_pages(count: int, page: int) -> list[bytes]:
    """getReceipts answers of `page` receipts each, `count` in all, over HTTP from a
    simulator: the pages a sync reads, each asked from the last one's highest marker."""
    from kassalink.mplus import build
    from kassalink.mplus.envelope import envelope
    from kassalink.mplus.parse_receipts import parse_get_receipts
    from kassalink.mplus.simulator import Simulator, serve_in_thread
    from kassalink.mplus.transport import Transport
    from kassalink.mplus.units import AMSTERDAM

    start = dt.datetime(2026, 3, 30, 12, 0, tzinfo=AMSTERDAM)
    history_days = 14  # about 380 receipts a day across three branches
    while True:
        sim = Simulator(seed=7, start=start, history_days=history_days)
        if sim.receipt_count() >= count:
            break
        history_days *= 2
    bodies, marker = [], 0
    with serve_in_thread(sim, port=0) as server:
        transport = Transport(
            "127.0.0.1", server.port, sim.ident, sim.secret, scheme="http", timeout=120
        )
        for first in range(0, count, page):
            limit = min(page, count - first)
            request = build.get_receipts(sync_marker=marker, sync_marker_limit=limit)
            bodies.append(transport.post("getReceipts", envelope(request)))
            if first + limit < count:
                # The simulator's marker is inclusive, as a POS's may be: ask past the last.
                marker = max(r.sync_marker for r in parse_get_receipts(bodies[-1])) + 1
    return bodies


def zeep_parser(wsdl: Path) -> Callable[[bytes], list]:
    """zeep's own reply path without the network: parse_xml + operation.process_reply,
    which is what zeep's binding does with an HTTP response body."""
    import zeep
    from zeep.loader import parse_xml

    class OfflineTransport(zeep.Transport):
        def load(self, url: str) -> bytes:
            if url.rstrip("/") == SOAP_ENCODING:
                return SOAP_ENCODING_STUB
            return super().load(url)

    client = zeep.Client(str(wsdl), transport=OfflineTransport())
    operation = client.service._binding.get("getReceipts")

    def parse(body: bytes) -> list:
        document = parse_xml(body, client.transport, settings=client.settings)
        return operation.process_reply(document)

    return parse


def median_rate(parse: Callable[[bytes], list], body: bytes, repeats: int) -> float:
    durations = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = parse(body)
        durations.append(time.perf_counter() - started)
        if len(result) != RECEIPTS:
            raise SystemExit(f"expected {RECEIPTS} receipts, parsed {len(result)}")
    return RECEIPTS / statistics.median(durations)


def main() -> int:
    wsdl = wsdl_path()
    if not wsdl.is_file():
        print(
            f"parse getReceipts: the official WSDL is not at {wsdl}; set "
            "KASSALINK_MPLUS_REFERENCE_DIR to the folder that holds mplusqapi.wsdl",
            file=sys.stderr,
        )
        return 2
    from kassalink.mplus import tree
    from kassalink.mplus.parse_receipts import parse_get_receipts

    body = fetch_response(RECEIPTS)
    ours = median_rate(parse_get_receipts, body, OUR_REPEATS)
    theirs = median_rate(zeep_parser(wsdl), body, ZEEP_REPEATS)
    ratio = ours / theirs
    verdict = "ok" if ratio >= GOAL else "BELOW GOAL"
    road = "compiled reader" if tree.read_tree is not None else "lxml: reader not compiled"
    print(
        f"parse getReceipts ({RECEIPTS:,} receipts, {len(body) / 1e6:.1f} MB, {road}): "
        f"kassalink {ours:,.0f}/s  zeep {theirs:,.0f}/s  "
        f"ratio {ratio:.1f}x (goal ≥{GOAL:g}x) {verdict}"
    )
    return 0  # a shortfall is reported above, not a failure of `make bench`
