"""Freshness, measured end to end as `kassalink demo` runs: a sale at the simulator's till
until its amount is in the Insights data, with the default schedule (goal: under 60 s;
the seed's link: 15 minutes).

A throwaway data directory holds a SQLite database and the file broker. The demo shop is
seeded there; the simulator (real time, from now) and a real worker with beat (`kassalink
worker --concurrency 1`, as the demo starts it) run as their own processes. After the
first runs have imported the till's history, SALES sales are rung up through `POST
/_simulator/sale`, SPACING seconds apart, so they fall at different moments of the beat
tick; each is timed from its answer until both its receipt is stored and the branch's day
turnover in the Insights data (the figures the page and /api/v1/insights/turnover/ read)
has grown by its amount. The whole measurement is bounded (DEADLINE seconds).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

SALES = 5
SPACING = 15  # seconds between sales: five over a minute
GOAL_S = 60
DEADLINE = 180  # seconds for the whole run after the first import
SETTLE_TIMEOUT = 120  # the first runs (history of a day) must be in by then


def _start(command: list[str], env: dict[str, str], log: str) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "kassalink", *command],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _tail(log: str, size: int = 3000) -> str:
    with open(log) as text:
        return text.read()[-size:]


def _simulator_url(log: str, process: subprocess.Popen) -> str:
    """The simulator picks a free port (--port 0) and prints where it listens."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the simulator stopped:\n{_tail(log)}")
        for line in _tail(log, 100_000).splitlines():
            if "listening on " in line:
                return line.rsplit("listening on ", 1)[1].strip().rstrip("/")
        time.sleep(0.1)
    raise SystemExit("the simulator did not start within 30 s")


def _post(url: str, payload: dict) -> dict:
    request = urllib.request.Request(  # noqa: S310 (the local simulator)
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        return json.loads(answer.read())


def measure() -> dict:
    """Run in a child process whose environment points Django at a throwaway folder."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from kassalink.demo.seed import seed_demo_shop
    from kassalink.demo.staff import DEMO_SEED
    from kassalink.insights.queries import Filters, turnover_rows
    from kassalink.mplus.units import AMSTERDAM
    from kassalink.receipts.models import Receipt
    from kassalink.sync import conf
    from kassalink.sync.models import SyncRun
    from kassalink.sync.tasks import sync_now

    call_command("migrate", verbosity=0)
    folder = str(settings.DATA_DIR)
    env = dict(os.environ)
    start = timezone.now().astimezone(AMSTERDAM).replace(microsecond=0)
    sim_log, worker_log = f"{folder}/simulator.log", f"{folder}/worker.log"
    simulator = _start(
        [
            "simulator",
            "--port",
            "0",
            "--seed",
            str(DEMO_SEED),
            "--start",
            start.isoformat(),
            "--history-days",
            "1",
        ],
        env,
        sim_log,
    )
    processes = [simulator]
    try:
        base = _simulator_url(sim_log, simulator)
        port = int(base.rsplit(":", 1)[1])
        connection = seed_demo_shop(port, start).connection
        processes.append(
            _start(["worker", "--concurrency", "1", "--loglevel", "WARNING"], env, worker_log)
        )
        # As the demo does: the first runs now, rather than at beat's first tick.
        sync_now(connection.pk, trigger=SyncRun.Trigger.SCHEDULE)
        first = SyncRun.objects.filter(
            connection=connection, stream="receipts", status=SyncRun.Status.SUCCEEDED
        )
        settle = time.monotonic() + SETTLE_TIMEOUT
        while not first.exists():
            if time.monotonic() > settle or any(p.poll() is not None for p in processes):
                raise SystemExit(f"no first receipts run:\n{_tail(worker_log)}")
            time.sleep(0.5)

        def day_turnover() -> tuple[int, int]:
            today = timezone.now().astimezone(AMSTERDAM).date()
            rows = turnover_rows(Filters(connection.organization, today, today, "day", branch=1))
            return (
                sum(r["turnover_incl_vat_cents"] or 0 for r in rows),
                sum(r["receipt_count"] or 0 for r in rows),
            )

        pending: dict[str, tuple[float, int, int]] = {}  # receipt id -> rung up, cents, base
        latencies: dict[str, float] = {}
        began = time.monotonic()
        next_sale = began
        while len(latencies) < SALES:
            now = time.monotonic()
            if now - began > DEADLINE:
                break
            if len(pending) + len(latencies) < SALES and now >= next_sale:
                before, _count = day_turnover()
                sale = _post(f"{base}/_simulator/sale", {"branch": 1, "workplace": 1})
                cents = int(sale["totalInclAmount"])  # the simulator answers in cents
                pending[sale["receiptId"]] = (time.monotonic(), cents, before)
                next_sale += SPACING
            for receipt_id, (rung, cents, before) in list(pending.items()):
                stored = Receipt.objects.filter(connection=connection, mplus_id=receipt_id)
                if stored.exists() and day_turnover()[0] >= before + cents:
                    latencies[receipt_id] = time.monotonic() - rung
                    del pending[receipt_id]
            time.sleep(0.2)
        runs = SyncRun.objects.filter(
            connection=connection, stream="receipts", started__gte=start
        ).exclude(finished=None)
        run_seconds = [
            (run.finished - run.started).total_seconds() for run in runs.order_by("-pk")[:10]
        ]
        return {
            "interval_s": conf.interval_seconds("receipts"),
            "sales": SALES,
            "latencies_s": sorted(latencies.values()),
            "run_s": statistics.median(run_seconds) if run_seconds else None,
            "started": dt.datetime.now(dt.UTC).isoformat(),
        }
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kassalink.settings",
            "KASSALINK_DATA_DIR": folder,
            "DATABASE_URL": f"sqlite:///{folder}/freshness.sqlite3",
            "KASSALINK_BROKER_URL": "filesystem://",
            "KASSALINK_TASKS_EAGER": "false",
        }
        # The default schedule is what is measured: no interval from the caller's shell.
        for name in list(env):
            if name.startswith("KASSALINK_SYNC_INTERVAL_"):
                del env[name]
        done = subprocess.run(
            [sys.executable, "-m", "bench.freshness", "measure"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=DEADLINE + SETTLE_TIMEOUT + 120,
        )
    if done.returncode != 0:
        print(f"freshness: the measurement failed:\n{done.stderr[-3000:]}{done.stdout[-2000:]}")
        return 1
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    latencies = figures["latencies_s"]
    missing = figures["sales"] - len(latencies)
    if not latencies:
        print(f"freshness sale -> insights data: none of {figures['sales']} sales arrived")
        return 1
    p50, worst = statistics.median(latencies), max(latencies)
    run = figures["run_s"]
    print(
        f"freshness sale -> insights data, end to end (simulator, worker with beat on the file "
        f"broker, receipts every {figures['interval_s']} s, a receipts run "
        f"{run * 1000 if run is not None else float('nan'):.0f} ms; {len(latencies)} sales "
        f"{SPACING} s apart): p50 {p50:.1f} s, max {worst:.1f} s; goal < {GOAL_S} s: ratio "
        f"{worst / GOAL_S:.2f}x of goal, {'meets' if worst < GOAL_S and not missing else 'MISSES'}"
        + (f" ({missing} sales not in within {DEADLINE} s)" if missing else "")
        + f"; the seed's link: {15 * 60} s ({15 * 60 / worst:.0f}x slower than max)"
    )
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["measure"]:
        print(json.dumps(measure()))
    else:
        sys.exit(main())
