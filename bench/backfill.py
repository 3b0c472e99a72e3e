"""A receipts history backfilled by 1, 2 and 4 Celery worker processes (each its own
`celery worker`, concurrency 1) on PostgreSQL and Redis: receipts/s for each, the ratio
to one worker, and what that means for a 30,000,000-receipt chain.

The history is the chain simulator's (`kassalink simulator --branches B --days D
--receipts-per-day R`, computed on demand, in a process of its own). Each run backfills
the same history into a fresh connection of a scratch database, timed from planning
until every window is done. Needs the PostgreSQL at TEST_DATABASE_URL and the
Redis at KASSALINK_TEST_REDIS_URL (or BENCH_BACKFILL_BROKER_URL); skipped without them.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

WORKERS = (1, 2, 4)
CHAIN = 30_000_000
# 10 branches x 30 days x 100 receipts: some 30,000 receipts, a few minutes in all on a
# busy 2-core machine (the chain of the projection: 50 x 365 x 1,650).
BRANCHES = int(os.environ.get("BENCH_BACKFILL_BRANCHES", "10"))
DAYS = int(os.environ.get("BENCH_BACKFILL_DAYS", "30"))
PER_DAY = int(os.environ.get("BENCH_BACKFILL_RECEIPTS_PER_DAY", "100"))
SIM_PORT = int(os.environ.get("BENCH_BACKFILL_SIM_PORT", "18410"))
# 03:00: the shops are closed, so the history does not grow while it is read.
SIM_START = "2026-03-30T03:00"
BIN = Path(sys.executable).parent


def reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2):
            return True
    except OSError:
        return False


def main() -> int:
    database = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    broker = os.environ.get("BENCH_BACKFILL_BROKER_URL") or os.environ.get(
        "KASSALINK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"
    )
    import psycopg

    try:
        psycopg.connect(database, connect_timeout=3).close()
    except psycopg.OperationalError:
        print(f"backfill: skipped, no PostgreSQL answers at {database}")
        return 0
    if not reachable(broker):
        print(f"backfill: skipped, no broker answers at {broker}")
        return 0
    done = subprocess.run(  # Django is set up once per process: a child of our own
        [sys.executable, "-m", "bench.backfill", database, broker], check=False
    )
    return done.returncode


def start_simulator(log: Path) -> subprocess.Popen:
    command = [
        str(BIN / "kassalink"), "simulator", "--port", str(SIM_PORT), "--start", SIM_START,
        "--history-days", "0", "--branches", str(BRANCHES), "--days", str(DAYS),
        "--receipts-per-day", str(PER_DAY),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the simulator stopped:\n{log.read_text()[-2000:]}")
        if "listening" in log.read_text():
            return process
        time.sleep(0.5)
    process.kill()
    raise SystemExit("the simulator did not start within 300 s")


def start_workers(count: int, queue: str, env: dict[str, str], folder: str) -> list:
    workers = []
    for number in range(count):
        log = Path(folder) / f"worker-{queue}-{number}.log"
        command = [
            str(BIN / "celery"), "-A", "kassalink.celery", "worker", "-Q", queue,
            "-n", f"bench{number}-{queue}@%h", "--concurrency=1", "--without-gossip",
            "--without-mingle", "--loglevel=INFO",
        ]  # fmt: skip
        process = subprocess.Popen(
            command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        workers.append((process, log))
    return workers


def wait_ready(workers: list) -> None:
    deadline = time.monotonic() + 120
    for process, log in workers:
        while " ready." not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"a worker did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)


def stop_workers(workers: list) -> None:
    import contextlib
    import signal

    for process, _ in workers:
        process.terminate()
    for process, _ in workers:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def one_run(workers: int, sim_day: dt.date, first_day: dt.date, folder: str, base_env) -> tuple:
    """Backfill the history with `workers` workers; returns (receipts, seconds, windows)."""
    from kassalink.accounts.models import Organization
    from kassalink.connections.models import Connection
    from kassalink.receipts.models import Receipt
    from kassalink.sync import backfill
    from kassalink.sync.models import BackfillWindow

    queue = f"bench-backfill-{uuid.uuid4().hex[:8]}"
    os.environ["KASSALINK_BACKFILL_QUEUE"] = queue
    env = {**base_env, "KASSALINK_BACKFILL_QUEUE": queue}
    organization = Organization.objects.create(slug=f"bench-{queue}", name="Bench")
    connection = Connection.objects.create(
        organization=organization, name="bench", host="127.0.0.1", port=SIM_PORT,
        scheme="http", ident="demo", secret="demo",  # noqa: S106 (the simulator's demo login)
        import_notification_email="bench@example.com", status=Connection.Status.ACTIVE,
        history_from=first_day,
    )  # fmt: skip
    processes = start_workers(workers, queue, env, folder)
    try:
        wait_ready(processes)  # the clock starts once every worker reads the queue
        started = time.perf_counter()
        plan = backfill.plan_backfill(connection, today=sim_day)
        windows = BackfillWindow.objects.filter(backfill=plan)
        deadline = time.monotonic() + 1800
        while windows.exclude(status="done").exists():
            if windows.filter(status="failed").exists() or time.monotonic() > deadline:
                logs = "\n".join(log.read_text()[-1500:] for _, log in processes)
                raise SystemExit(f"backfill with {workers} workers did not finish:\n{logs}")
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    finally:
        stop_workers(processes)
        from kassalink.celery import app

        with app.connection_for_write() as broker:
            broker.default_channel.queue_delete(queue)
    stored = Receipt.objects.filter(connection=connection).count()
    return stored, seconds, windows.count()


def run(database_url: str, broker: str) -> int:
    import psycopg

    name = f"kassalink_bench_backfill_{os.getpid()}"
    base = database_url.rsplit("/", 1)[0]
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    simulator = None
    try:
        with tempfile.TemporaryDirectory() as folder:
            env = {
                **os.environ,
                "KASSALINK_DATA_DIR": folder,
                "DATABASE_URL": f"{base}/{name}",
                "KASSALINK_BROKER_URL": broker,
                "DJANGO_SETTINGS_MODULE": "kassalink.settings",
            }
            os.environ.update(env)
            import django
            from django.core.management import call_command

            django.setup()
            call_command("migrate", verbosity=0)
            simulator = start_simulator(Path(folder) / "simulator.log")
            from kassalink.mplus import MplusClient

            client = MplusClient("127.0.0.1", SIM_PORT, "demo", "demo", scheme="http")
            # The chain's history has dense markers 1..N and the shops are closed at 03:00.
            total = client.get_current_sync_markers().receipt
            sim_day = dt.date.fromisoformat(SIM_START[:10])
            first_day = sim_day - dt.timedelta(days=DAYS)
            figures = {}
            for workers in WORKERS:
                stored, seconds, windows = one_run(workers, sim_day, first_day, folder, env)
                if stored != total:
                    raise SystemExit(f"{workers} workers stored {stored} of {total} receipts")
                figures[workers] = stored / seconds
            from django.db import connections

            connections.close_all()
    finally:
        if simulator is not None:
            simulator.terminate()
            simulator.wait(10)
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    report(figures, total, windows)
    return 0


def report(figures: dict[int, float], total: int, windows: int) -> None:
    one = figures[WORKERS[0]]
    parts = []
    for workers, rate in figures.items():
        ratio = f" ({rate / one:.2f}x)" if workers != WORKERS[0] else ""
        parts.append(f"{workers} worker{'s' if workers > 1 else ''} {rate:,.0f}/s{ratio}")
    best = max(figures, key=figures.get)
    print(
        f"backfill ({total:,} receipts, {DAYS} days x {BRANCHES} branches, chain simulator, "
        f"{windows} windows, "
        f"PostgreSQL + Redis, {os.cpu_count()} cores): " + "  ".join(parts)
    )
    print(
        f"backfill projection for {CHAIN:,} receipts: "
        + "  ".join(
            f"{w} worker{'s' if w > 1 else ''} {CHAIN / r / 3600:.1f} h" for w, r in figures.items()
        )
        + f" (best: {best} workers)"
    )


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], sys.argv[2]) if len(sys.argv) == 3 else main())
