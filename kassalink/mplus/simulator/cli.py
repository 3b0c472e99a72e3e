"""`kassalink simulator`: run the MplusKASSA simulator on a local port until stopped."""

import argparse
import contextlib
import os
import signal
import sys
import threading
from datetime import datetime

from .chain import DEFAULT_RECEIPTS_PER_DAY
from .http_server import SimulatorServer
from .soap_time import AMSTERDAM
from .world import Simulator


def _start_moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date-time: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)


def _env_int(name: str, default: int) -> int:
    """A default from the environment, so the demo and tests can size a simulator they
    start as a process without building its command line."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(
            f"kassalink simulator: {name} must be a whole number, not {value!r}"
        ) from None


def default_employees(branches: int) -> int:
    """24 for the demo's few branches; about ten per branch for a chain."""
    return 24 if branches <= 3 else 10 * branches


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kassalink simulator",
        description=(
            "Run a simulated MplusKASSA account that speaks the real SOAP API, with "
            "branches, employees, clocked shifts and receipts generated from a seed. "
            "The clock runs in real time (times --speed) from --start; "
            "POST /_simulator/advance moves it further. With --days, a chain's history "
            "(e.g. --branches 50 --days 365: about 30 million receipts) is served too."
        ),
    )
    parser.add_argument("--port", type=int, required=True, help="TCP port (0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data")
    parser.add_argument(
        "--start",
        type=_start_moment,
        default=None,
        help="simulated start moment, e.g. 2026-03-28T06:00 (no zone = Europe/Amsterdam; "
        "default: now)",
    )
    parser.add_argument("--speed", type=float, default=1.0, help="simulated seconds per second")
    parser.add_argument(
        "--history-days",
        type=int,
        default=None,
        help="days of the live shop's own history before --start (default 14, 0 with --days)",
    )
    parser.add_argument(
        "--branches",
        type=int,
        default=_env_int("KASSALINK_SIMULATOR_BRANCHES", 3),
        help="number of branches (default 3; env KASSALINK_SIMULATOR_BRANCHES)",
    )
    parser.add_argument(
        "--employees",
        type=int,
        default=None,
        help="number of employees (default 24, or 10 per branch for more than 3 branches)",
    )
    parser.add_argument(
        "--days",
        type=int,
        default=_env_int("KASSALINK_SIMULATOR_DAYS", 0),
        help="serve a chain history of this many days before the live shop's first day, "
        "computed on demand (default 0: none; env KASSALINK_SIMULATOR_DAYS)",
    )
    parser.add_argument(
        "--receipts-per-day",
        type=int,
        default=_env_int("KASSALINK_SIMULATOR_RECEIPTS_PER_DAY", DEFAULT_RECEIPTS_PER_DAY),
        help="mean receipts per branch per day of the chain history (default "
        f"{DEFAULT_RECEIPTS_PER_DAY:,}; env KASSALINK_SIMULATOR_RECEIPTS_PER_DAY)",
    )
    parser.add_argument("--ident", default="demo", help="API ident the clients must send")
    parser.add_argument("--secret", default="demo", help="API secret the clients must send")
    return parser


def main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.days < 0 or args.receipts_per_day < 1:
        parser.error("--days cannot be negative and --receipts-per-day must be at least 1")
    history_days = args.history_days
    if history_days is None:
        history_days = 0 if args.days else 14
    try:
        sim = Simulator(
            seed=args.seed,
            start=args.start,
            ident=args.ident,
            secret=args.secret,
            history_days=history_days,
            branches=args.branches,
            employees=args.employees or default_employees(args.branches),
            realtime=True,
            speed=args.speed,
            chain_days=args.days,
            receipts_per_day=args.receipts_per_day,
        )
    except ValueError as error:
        parser.error(str(error))
    server = SimulatorServer(sim, (args.host, args.port))
    base = f"http://{server.host}:{server.port}"
    print(f"MplusKASSA simulator listening on {server.url}", flush=True)
    print(f"  ident: {args.ident}   secret: (as given with --secret)", flush=True)
    print(f"  simulated time: {sim.now.isoformat()} at {args.speed}x", flush=True)
    if sim.chain is not None:
        chain = sim.chain
        print(
            f"  chain history: {len(sim.branches)} branches, {chain.first_day} to "
            f"{chain.last_day}, {chain.total:,} receipts (sync markers 1-{chain.top_marker:,})",
            flush=True,
        )
    print(f"  control: GET {base}/_simulator/state   POST {base}/_simulator/advance", flush=True)
    print(
        f"           POST/DELETE {base}/_simulator/faults   POST {base}/_simulator/sale", flush=True
    )
    print(f"           POST {base}/_simulator/webhook-consumers", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    server.shutdown()
    server.server_close()
    print("simulator stopped", file=sys.stderr, flush=True)
    return 0
