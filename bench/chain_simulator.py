"""How fast the chain simulator (`kassalink simulator --branches 50 --days 365`, ~30
million receipts computed on demand) serves getReceipts pages of 5,000 receipts over HTTP
to our client, beside the live shop's simulator (3 branches, 14 days held in memory, its
XML cached after the first answer) as the peer; report receipts/s and the ratios.

Each simulator runs in a process of its own (as when a backfill's workers ask it), the
client in this one. "served" counts receipts per second of the simulator process's own
CPU time (what one core of it answers, however busy the machine is); "fetch" is the HTTP
round trip as the client sees it (median page); "fetch+parse" adds our parser (what a
worker spends before it stores). The chain's pages all differ (start, middle and end of
the year, and a one-branch week), so nothing comes from a cache; the peer serves its one
page of 5,000 again and again (its best case). Both are warmed up first. Goal: served
>= 40,000 receipts/s, the most four backfill workers on PostgreSQL can store."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PAGE = 5000
GOAL = 40_000
START = "2026-03-28T14:00"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def simulator(*flags: str) -> Iterator[tuple[int, int]]:
    """A `kassalink simulator` process with `flags`: (port, process id)."""
    from kassalink.mplus import MplusClient

    port = _free_port()
    command = [sys.executable, "-m", "kassalink", "simulator", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--start", START, *flags],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        client = MplusClient("127.0.0.1", port, "demo", "demo", scheme="http", retries=0)
        deadline = time.monotonic() + 60
        while True:
            try:
                client.get_api_version()
                break
            except Exception:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit(
                        f"chain simulator bench: simulator {flags} did not start"
                    ) from None
                time.sleep(0.2)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Rates:
    fetch: float  # receipts/s, HTTP round trip (median page)
    served: float  # receipts per CPU second of the simulator process
    parse: float  # receipts/s, round trip and our parser
    orders: float  # orders/s, getOrdersByReceipts round trip
    megabytes: float  # one page's answer


def rates(port: int, pid: int, pages: list[dict], warm_up: tuple[int, ...] = ()) -> Rates:
    """Rates over `pages` (get_receipts keyword arguments), after asking pages from the
    `warm_up` markers (not measured)."""
    from kassalink.mplus import MplusClient, build
    from kassalink.mplus.envelope import envelope
    from kassalink.mplus.transport import Transport

    transport = Transport("127.0.0.1", port, "demo", "demo", scheme="http", timeout=120)
    client = MplusClient("127.0.0.1", port, "demo", "demo", scheme="http", timeout=120)
    fetch, parse, orders, size = [], [], [], 0
    for marker in warm_up:
        transport.post("getReceipts", envelope(build.get_receipts(marker, PAGE)))
    cpu = 0.0
    for page in pages:
        request = envelope(build.get_receipts(**page, include_order_references=True))
        cpu -= cpu_seconds(pid)
        started = time.perf_counter()
        size = len(transport.post("getReceipts", request))
        fetch.append(time.perf_counter() - started)
        cpu += cpu_seconds(pid)
    for page in pages:
        started = time.perf_counter()
        receipts = client.get_receipts(**page, include_order_references=True)
        parse.append(time.perf_counter() - started)
        if len(receipts) != PAGE:
            raise SystemExit(f"chain simulator bench: {len(receipts)} receipts, not {PAGE}")
        started = time.perf_counter()
        client.get_orders_by_receipts([r.receipt_id for r in receipts])
        orders.append(time.perf_counter() - started)
    return Rates(
        fetch=PAGE / statistics.median(fetch),
        served=PAGE * len(pages) / max(cpu, 0.01),
        parse=PAGE / statistics.median(parse),
        orders=PAGE / statistics.median(orders),
        megabytes=size / 1e6,
    )


def main() -> int:
    chain_pages = [
        {"sync_marker": marker, "sync_marker_limit": PAGE}
        for marker in (1, 8_000_000, 15_000_000, 22_000_000, 29_000_000)
    ] + [
        {
            "sync_marker": 1,
            "sync_marker_limit": PAGE,
            "from_financial_date": dt.date(2025, 11, 3),
            "through_financial_date": dt.date(2025, 11, 9),
            "branch_numbers": (17,),
        }
    ]
    with simulator("--branches", "50", "--days", "365") as (port, pid):
        # A backfill runs for minutes: measure after a few other pages, as it would be
        # served then (a day's clock times and the credit baskets made once).
        chain = rates(port, pid, chain_pages, warm_up=(4_000_000, 12_000_000, 26_000_000))
    with simulator("--history-days", "14") as (port, pid):
        peer = rates(port, pid, [{"sync_marker": 1, "sync_marker_limit": PAGE}] * 5, warm_up=(1,))
    verdict = "ok" if chain.served >= GOAL else "BELOW GOAL"
    print(
        f"chain simulator getReceipts ({PAGE:,} a page, {chain.megabytes:.1f} MB, HTTP, 50 "
        f"branches x 365 days): served {chain.served:,.0f}/s of simulator CPU, "
        f"fetch {chain.fetch:,.0f}/s, fetch+parse {chain.parse:,.0f}/s, "
        f"getOrdersByReceipts {chain.orders:,.0f}/s"
    )
    print(
        f"  peer, live-shop simulator (3 branches x 14 days, its page cached): served "
        f"{peer.served:,.0f}/s, fetch {peer.fetch:,.0f}/s, fetch+parse {peer.parse:,.0f}/s, "
        f"orders {peer.orders:,.0f}/s"
    )
    print(
        f"  ratio: served {chain.served / peer.served:.2f}x  fetch {chain.fetch / peer.fetch:.2f}x"
        f"  fetch+parse {chain.parse / peer.parse:.2f}x  orders {chain.orders / peer.orders:.2f}x"
        f"  (goal: served ≥{GOAL:,}/s of one core) {verdict}"
    )
    return 0  # a shortfall is reported above, not a failure of `make bench`


if __name__ == "__main__":
    sys.exit(main())
