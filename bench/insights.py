"""Insights figures, each beside its goal:

1. the page's data for one year of quarter-hour buckets of 20 branches (~700,000 buckets):
   turnover per day and branch for the year, and the page of one month of that year
   (KPIs against last week and last year, labour table, chart), on SQLite and PostgreSQL
   (goal: under 150 ms; median of repeats);
2. receipts fetched from the till per sale with turnover on (goal: 1; the turnover stream
   of before fetched every receipt of two days once a minute).

Freshness (a sale at the till → in the Insights data) is measured end to end, with the
simulator and a real worker with beat, in bench/freshness.py.

Each database runs in its own process (Django binds one database per process); the
PostgreSQL part uses a throwaway database on $KASSALINK_BENCH_POSTGRES_URL's server
(default the test server) and is skipped with a message when none answers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

BRANCHES = 20
YEAR = 2025
REPEATS = 7
GOAL_MS = 150
POSTGRES = os.environ.get(
    "KASSALINK_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


def setup_django(folder: str, database_url: str) -> None:
    os.environ["KASSALINK_DATA_DIR"] = folder
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kassalink.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def shop(slug: str):
    from kassalink.accounts.models import Organization
    from kassalink.connections.models import Connection
    from kassalink.insights.models import TurnoverSettings
    from kassalink.workforce.models import Department, Team

    organization = Organization.objects.create(slug=slug, name=slug)
    department = Department.objects.create(organization=organization, name="Winkel")
    team = Team.objects.create(organization=organization, department=department, name="Kassa")
    connection = Connection.objects.create(
        organization=organization,
        name="bench",
        host="127.0.0.1",
        port=1,
        scheme="http",
        ident="demo",
        secret="demo",  # noqa: S106 (a throwaway row in a throwaway database)
        import_notification_email="bench@example.com",
        status=Connection.Status.ACTIVE,
    )
    TurnoverSettings.objects.create(
        organization=organization, connection=connection, enabled=True, team=team
    )
    return connection


def fill_year(connection) -> int:
    """Every quarter hour of YEAR for BRANCHES branches, written with executemany."""
    from django.db import connection as db
    from django.db import transaction
    from django.utils import timezone

    from kassalink.insights.buckets import quarters_of_day
    from kassalink.insights.imports import refresh_days
    from kassalink.insights.models import TurnoverBucket

    table = TurnoverBucket._meta.db_table
    columns = (
        "organization_id, connection_id, team_id, branch_number, financial_date, start, "
        "amount_incl_cents, amount_excl_cents, receipt_count, credit_count, changed_at"
    )
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 11)})"  # noqa: S608
    team = connection.turnover_settings.team_id
    now = timezone.now()
    count = 0
    day = dt.date(YEAR, 1, 1)
    with transaction.atomic(), db.cursor() as cursor:
        while day.year == YEAR:
            rows = []
            for index, start in enumerate(quarters_of_day(day)):
                amount = 500 + (index * 37) % 2000
                for branch in range(1, BRANCHES + 1):
                    rows.append(
                        (
                            connection.organization_id,
                            connection.pk,
                            team,
                            branch,
                            day,
                            start,
                            amount + branch,
                            (amount + branch) * 100 // 109,
                            1 + index % 4,
                            0,
                            now,
                        )
                    )
            cursor.executemany(sql, rows)
            count += len(rows)
            day += dt.timedelta(days=1)
        # The day sums kept beside the buckets, as the receipts import keeps them.
        dates = [
            dt.date(YEAR, 1, 1) + dt.timedelta(days=n)
            for n in range((day - dt.date(YEAR, 1, 1)).days)
        ]
        refresh_days(connection, {(b, d) for b in range(1, BRANCHES + 1) for d in dates})
    return count


def median_ms(work) -> float:
    work()  # warm the caches, as a page that is open
    durations = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        work()
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations)


def page_figures(database_url: str) -> dict:
    """Run in a child process: fill a year, time the year's data and a month's page."""
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder, database_url)
        from django.db import connection as db

        from kassalink.insights.page import Choice, build
        from kassalink.insights.queries import Filters, turnover_rows

        connection = shop("bench-insights")
        buckets = fill_year(connection)
        if db.vendor == "postgresql":
            with db.cursor() as cursor:
                cursor.execute("ANALYZE")
        organization = connection.organization
        year = Filters(organization, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), "day")
        rows = turnover_rows(year)
        month = Choice("month", dt.date(YEAR, 6, 15), None, None, None, "day")
        return {
            "vendor": db.vendor,
            "buckets": buckets,
            "rows": len(rows),
            "year_ms": median_ms(lambda: turnover_rows(year)),
            "month_page_ms": median_ms(lambda: build(organization, month)),
        }


def network() -> dict:
    """Run in a child process: a trading day at the simulator, the schedule's streams."""
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder, f"sqlite:///{folder}/bench.sqlite3")
        from kassalink.insights.models import TurnoverBucket
        from kassalink.mplus.client import MplusClient
        from kassalink.mplus.simulator import Simulator, serve_in_thread
        from kassalink.mplus.units import AMSTERDAM
        from kassalink.sync.runner import run_stream

        fetched = []
        original = MplusClient.get_receipts

        def counting(self, *args, **kwargs):
            receipts = original(self, *args, **kwargs)
            fetched.extend((r.receipt_id, r.sync_marker) for r in receipts)
            return receipts

        MplusClient.get_receipts = counting
        start = dt.datetime(2026, 3, 31, 7, 0, tzinfo=AMSTERDAM)
        sim = Simulator(seed=5, start=start, ident="demo", secret="demo", history_days=0)  # noqa: S106 (the simulator's demo secret)
        connection = shop("bench-fresh")
        with serve_in_thread(sim, port=0) as server:
            connection.port = server.port
            connection.save()
            for _minute in range(0, 14 * 60, 5):  # 07:00-21:00, a run every 5 minutes
                sim.advance(5)
                run_stream(connection.pk, "receipts", "schedule")
                run_stream(connection.pk, "turnover", "schedule")
        sales = len({receipt_id for receipt_id, _marker in fetched})
        counts = TurnoverBucket.objects.values_list("receipt_count", "credit_count")
        in_buckets = sum(receipts + credits for receipts, credits in counts)
        return {
            "sales": sales,
            "fetched": len(fetched),
            "versions": len(set(fetched)),
            "in_buckets": in_buckets,
        }


def child(task: str, argument: str = "") -> dict:
    command = [sys.executable, "-m", "bench.insights", task, argument]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(f"bench.insights {task} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def postgres_database() -> tuple[str, str] | None:
    """A fresh database on the PostgreSQL server, or None when it does not answer."""
    import psycopg

    name = f"kassalink_bench_{os.getpid()}"
    try:
        with psycopg.connect(POSTGRES, connect_timeout=3, autocommit=True) as server:
            server.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        print(f"  (PostgreSQL at {POSTGRES} skipped: {str(error).splitlines()[0]})")
        return None
    return name, POSTGRES.rsplit("/", 1)[0] + "/" + name


def drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES, connect_timeout=3, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def verdict(value: float, goal: float) -> str:
    return "meets" if value < goal else "MISSES"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        results = [child("page", f"sqlite:///{folder}/insights.sqlite3")]
    database = postgres_database()
    if database is not None:
        try:
            results.append(child("page", database[1]))
        finally:
            drop_postgres(database[0])
    for figures in results:
        print(
            f"insights page data ({figures['buckets']:,} quarter-hour buckets, {BRANCHES} "
            f"branches, one year; {figures['vendor']}): year per day and branch "
            f"({figures['rows']:,} rows) {figures['year_ms']:.0f} ms, a month's page "
            f"{figures['month_page_ms']:.0f} ms; goal < {GOAL_MS} ms: "
            f"ratio {max(figures['year_ms'], figures['month_page_ms']) / GOAL_MS:.2f}x of goal, "
            f"{verdict(max(figures['year_ms'], figures['month_page_ms']), GOAL_MS)}"
        )
    day = child("network")
    per_sale = day["fetched"] / max(1, day["sales"])
    before = 2 * 24 * 60  # every receipt of yesterday and today, once a minute
    versions = day["versions"] / max(1, day["sales"])
    print(
        f"receipts fetched per sale with turnover on ({day['sales']:,} receipts in a trading "
        f"day, {day['in_buckets']:,} in the buckets): {versions:.2f} per sale (each version "
        f"once; {per_sale:.2f} counting the last receipt each receipts run reads again at "
        f"the sync-marker boundary); goal 1: ratio {versions:.2f}x; the turnover stream of "
        f"before: ~{before:,} ({before / per_sale:,.0f}x more)"
    )
    return 0


if __name__ == "__main__":
    task = sys.argv[1]
    if task == "page":
        print(json.dumps(page_figures(sys.argv[2])))
    elif task == "network":
        print(json.dumps(network()))
    else:
        raise SystemExit(f"unknown task {task!r}")
