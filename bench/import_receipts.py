"""Import pages of real simulator receipts into the database with kassalink's importer and
with the plain one-row-at-a-time ORM way (the peer); report median receipts/s and ratio.

Runs on a fresh SQLite file in WAL mode, as `make demo` does; both sides write the same
rows (header, lines, payments, VAT groups) inside one transaction per page.

Then, when the PostgreSQL at TEST_DATABASE_URL answers, on a scratch database there (in a
child process: Django is set up once per process): PostgreSQL's path (checked columns,
COPY) against the ORM bulk path SQLite keeps, parse of the getReceipts answer included,
beside the goal of 10,000/s."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence

RECEIPTS = 2000
PAGE = 500
REPEATS = 5
PG_RECEIPTS = 5000
PG_REPEATS = 5
PG_GOAL = 10_000  # receipts/s stored, parse included (issue 15)


def setup_django(folder: str, database_url: str | None = None) -> None:
    os.environ["KASSALINK_DATA_DIR"] = folder
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kassalink.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def simulator_receipts(count: int) -> list:
    from kassalink.mplus import MplusClient
    from kassalink.mplus.simulator import Simulator, serve_in_thread
    from kassalink.mplus.units import AMSTERDAM

    sim = Simulator(seed=11, start=dt.datetime(2026, 3, 30, 12, 0, tzinfo=AMSTERDAM))
    with serve_in_thread(sim, port=0) as server:
        client = MplusClient("127.0.0.1", server.port, "demo", "demo", scheme="http")
        return client.get_receipts(sync_marker=0, sync_marker_limit=count)


def new_connection(run: int):
    from kassalink.accounts.models import Organization
    from kassalink.connections.models import Connection

    org = Organization.objects.create(slug=f"bench-{run}-{time.time_ns()}", name="Bench")
    return Connection.objects.create(
        organization=org,
        name="bench",
        port=1,
        ident="x",
        secret="x",  # noqa: S106 (a throwaway row in a throwaway database)
        import_notification_email="bench@example.com",
    )


def row_by_row(connection, receipts: Sequence) -> None:
    """The peer: what a first importer on the ORM would do, one receipt and child at a time."""
    from kassalink.receipts.models import Receipt
    from kassalink.receipts.rows import receipt_children, receipt_row

    for receipt in receipts:
        row = receipt_row(connection, receipt, {})
        row.changed_at = row.changed_at or dt.datetime.now(dt.UTC)
        stored = Receipt.objects.filter(connection=connection, mplus_id=row.mplus_id).first()
        if stored is not None:
            row.pk = stored.pk
        row.save()
        for children in receipt_children(receipt, row.mplus_id):
            for child in children:
                child.receipt = row
                child.save()


def bulk(connection, receipts: Sequence) -> None:
    from kassalink.receipts.imports import import_receipts

    import_receipts(connection, receipts)


def median_rate(importer: Callable, receipts: list, label: str) -> float:
    from django.db import transaction

    from kassalink.receipts.models import Receipt

    durations = []
    for run in range(REPEATS):
        connection = new_connection(run)
        started = time.perf_counter()
        for start in range(0, len(receipts), PAGE):
            with transaction.atomic():
                importer(connection, receipts[start : start + PAGE])
        durations.append(time.perf_counter() - started)
        stored = Receipt.objects.filter(connection=connection).count()
        if stored != len({r.receipt_id for r in receipts}):
            raise SystemExit(f"{label}: stored {stored} receipts, expected {len(receipts)}")
    return len(receipts) / statistics.median(durations)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        receipts = simulator_receipts(RECEIPTS)
        ours = median_rate(bulk, receipts, "kassalink")
        theirs = median_rate(row_by_row, receipts, "row by row")
    lines = sum(len(r.lines) for r in receipts)
    print(
        f"import receipts ({len(receipts):,} receipts, {lines:,} lines, pages of {PAGE}, "
        f"SQLite, its own path: ORM bulk statements): kassalink {ours:,.0f}/s  "
        f"ORM row by row {theirs:,.0f}/s  ratio {ours / theirs:.1f}x"
    )
    return postgres_figures()


def postgres_figures() -> int:
    url = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.OperationalError:
        print(f"import receipts (PostgreSQL): skipped, nothing answers at {url}")
        return 0
    done = subprocess.run(  # our own module, our own interpreter
        [sys.executable, "-m", "bench.import_receipts", url], check=False
    )
    return done.returncode


def page_seconds(write: Callable, body: bytes, run: int) -> float:
    """Seconds to parse `body` and store it in pages, each in a transaction (commit and
    the receivers of receipts_stored included), into a fresh connection."""
    from django.db import transaction

    from kassalink.mplus.parse_receipts import parse_get_receipts
    from kassalink.receipts.models import Receipt

    connection = new_connection(run)
    started = time.perf_counter()
    receipts = parse_get_receipts(body)
    for start in range(0, len(receipts), PAGE):
        with transaction.atomic():
            write(connection, receipts[start : start + PAGE])
    seconds = time.perf_counter() - started
    stored = Receipt.objects.filter(connection=connection).count()
    if stored != len({r.receipt_id for r in receipts}):
        raise SystemExit(f"PostgreSQL: stored {stored} receipts of {len(receipts)}")
    return seconds


def stage_seconds(body: bytes) -> dict[str, float]:
    """One more run of the columns+COPY path with a clock on each of its stages."""
    from django.db import connection

    from kassalink.mplus import parse_receipts
    from kassalink.receipts import copying, imports

    spent: dict[str, float] = {}
    stages = [
        (parse_receipts, "parse_get_receipts", "parse"),
        (imports, "page_columns", "checks (columns)"),
        (copying, "stored_versions", "stored markers + ids"),
        (copying, "reserve_ids", "stored markers + ids"),
        (imports, "_write_headers", "receipts COPY"),
        (imports, "_write_children", "lines/payments/VAT COPY"),
        (copying, "link_waiting_credits", "credit links"),
        (imports.receipts_stored, "send", "receivers (wallet)"),
        (connection, "commit", "commit (deferred FK checks)"),
        (connection, "run_and_clear_commit_hooks", "after commit (credit notes)"),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in stages]

    def timed(function, stage):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - started

        return run

    for (owner, name, stage), (_, _, function) in zip(stages, originals, strict=True):
        setattr(owner, name, timed(function, stage))
    try:
        total = page_seconds(bulk, body, PG_REPEATS)
    finally:
        for owner, name, function in originals:
            setattr(owner, name, function)
    spent["the rest (turnover, savepoints, Python between)"] = total - sum(spent.values())
    return {"total": total, **spent}


def on_postgres(server_url: str) -> int:
    """Both paths on a scratch database of the server at `server_url`, dropped after.

    The paths take turns (which goes first alternates), so a busy moment of this shared
    machine slows both alike; medians of PG_REPEATS runs each."""
    import psycopg

    from bench.parse_receipts import fetch_response

    name = f"kassalink_bench_import_{os.getpid()}"
    base = server_url.rsplit("/", 1)[0]
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory() as folder:
            setup_django(folder, f"{base}/{name}")
            from django.db import connections

            from kassalink.receipts import imports

            body = fetch_response(PG_RECEIPTS)
            copying = imports.uses_copy
            orm_path = lambda model: False  # noqa: E731 (today's path: ORM bulk statements)
            times: dict[str, list[float]] = {"copy": [], "orm": []}
            for run in range(PG_REPEATS):
                order = ("copy", "orm") if run % 2 == 0 else ("orm", "copy")
                for path in order:
                    imports.uses_copy = copying if path == "copy" else orm_path
                    try:
                        times[path].append(page_seconds(bulk, body, run))
                    finally:
                        imports.uses_copy = copying
            stages = stage_seconds(body)
            connections.close_all()
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    copy, orm = (PG_RECEIPTS / statistics.median(times[path]) for path in ("copy", "orm"))
    verdict = "ok" if copy >= PG_GOAL else "BELOW GOAL"
    print(
        f"import receipts ({PG_RECEIPTS:,} receipts, pages of {PAGE}, PostgreSQL, parse of "
        f"the getReceipts answer, checks, writes, receivers and commits included): "
        f"columns+COPY {copy:,.0f}/s  ORM bulk {orm:,.0f}/s  ratio {copy / orm:.1f}x "
        f"(goal ≥{PG_GOAL:,}/s) {verdict}; medians of {PG_REPEATS}, paths interleaved"
    )
    print(
        f"  where columns+COPY spends its time (one more run, per {PG_RECEIPTS:,} receipts): "
        + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in stages.items())
    )
    return 0  # a shortfall is reported above, not a failure of `make bench`


if __name__ == "__main__":
    sys.exit(on_postgres(sys.argv[1]))
