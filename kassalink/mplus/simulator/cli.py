"""`kassalink simulator`: run the MplusKASSA simulator on a local port until stopped."""

import argparse
import contextlib
import signal
import sys
import threading
from datetime import datetime

from .http_server import SimulatorServer
from .soap_time import AMSTERDAM
from .world import Simulator


def _start_moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date-time: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kassalink simulator",
        description=(
            "Run a simulated MplusKASSA account that speaks the real SOAP API, with "
            "branches, employees, clocked shifts and receipts generated from a seed. "
            "The clock runs in real time (times --speed) from --start; "
            "POST /_simulator/advance moves it further."
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
    parser.add_argument("--history-days", type=int, default=14, help="days of history")
    parser.add_argument("--branches", type=int, default=3, help="number of branches")
    parser.add_argument("--employees", type=int, default=24, help="number of employees")
    parser.add_argument("--ident", default="demo", help="API ident the clients must send")
    parser.add_argument("--secret", default="demo", help="API secret the clients must send")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    sim = Simulator(
        seed=args.seed,
        start=args.start,
        ident=args.ident,
        secret=args.secret,
        history_days=args.history_days,
        branches=args.branches,
        employees=args.employees,
        realtime=True,
        speed=args.speed,
    )
    server = SimulatorServer(sim, (args.host, args.port))
    base = f"http://{server.host}:{server.port}"
    print(f"MplusKASSA simulator listening on {server.url}", flush=True)
    print(f"  ident: {args.ident}   secret: (as given with --secret)", flush=True)
    print(f"  simulated time: {sim.now.isoformat()} at {args.speed}x", flush=True)
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
