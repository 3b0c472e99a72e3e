"""`make demo`'s last step, for real: seed, start simulator + web + worker, see data arrive."""

import contextlib
import datetime as dt
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone

from kassalink.accounts.models import Organization
from kassalink.connections.models import Connection
from kassalink.demo.management.commands.demo import demo_site_url
from kassalink.demo.seed import NEW_SHOP_OWNER, OWNER, seed_demo, seed_demo_shop
from kassalink.demo.staff import DEMO_SEED, has_day_off_in_roster
from kassalink.mplus.simulator import Simulator, serve_in_thread
from kassalink.mplus.simulator.soap_time import AMSTERDAM
from kassalink.sync.models import SyncRun
from kassalink.sync.runner import run_stream
from kassalink.workforce.models import Employee, EmployeeMapping, RosterShift, TimesheetEntry

KASSALINK = [sys.executable, "-m", "kassalink"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db
def test_seeding_twice_gives_one_shop_with_one_active_connection():
    first = seed_demo(8765)
    second = seed_demo(8766)
    assert first.pk == second.pk
    assert second.port == 8766 and second.status == "active"
    assert second.secret == "demo"
    # and one shop that has yet to ask for the link, to try the request flow with
    new_shop = Organization.objects.get(slug="fietsen-demo")
    assert not Connection.objects.filter(organization=new_shop).exists()
    assert new_shop.memberships.get().user.username == NEW_SHOP_OWNER.username


def shop_counts() -> dict[str, int]:
    models = [Employee, EmployeeMapping, RosterShift]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_the_demo_shop_has_staff_most_of_them_mapped_and_a_roster_of_three_weeks():
    start = timezone.now().astimezone(AMSTERDAM)
    shop = seed_demo_shop(8765, start)
    first = shop_counts()
    seed_demo_shop(8765, start)
    assert shop_counts() == first  # seeding twice changes nothing
    assert shop.staff.employees == first["Employee"] >= 15
    mapped = EmployeeMapping.objects.filter(connection=shop.connection, employee__isnull=False)
    assert shop.staff.mapped == mapped.count()
    assert 0.5 < shop.staff.mapped / shop.staff.employees < 0.8  # a few left to map by hand
    assert not EmployeeMapping.objects.filter(employee__isnull=True).exists()
    assert Employee.objects.filter(hourly_wage_cents=0).count() == 0
    assert Employee.objects.filter(contract_hours=0).count() == 0
    planned = RosterShift.objects.order_by("start")
    monday = start.date() - dt.timedelta(days=start.weekday())
    assert planned.first().start.astimezone(AMSTERDAM).date() == monday - dt.timedelta(days=7)
    assert planned.last().start.astimezone(AMSTERDAM).date() >= monday + dt.timedelta(days=13)
    assert all(shift.start.minute % 15 == 0 for shift in planned)
    assert set(planned.values_list("employee", flat=True)) <= set(
        mapped.values_list("employee", flat=True)
    )
    days = [monday + dt.timedelta(days=d) for d in range(-7, 14)]
    assert any(has_day_off_in_roster(m.pos_number, day) for m in mapped for day in days)
    assert f"{shop.staff.employees} employees, {shop.staff.mapped} mapped" in str(shop.staff)


@pytest.mark.django_db
def test_clock_times_of_the_demo_simulator_land_under_their_planned_shifts():
    start = timezone.now().astimezone(AMSTERDAM).replace(microsecond=0)
    sim = Simulator(seed=DEMO_SEED, start=start, history_days=4)
    with serve_in_thread(sim) as server:
        shop = seed_demo_shop(server.port, start)
        run = run_stream(shop.connection.pk, "clock_times", SyncRun.Trigger.CLI)
    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    entries = TimesheetEntry.objects.filter(connection=shop.connection)
    mappings = EmployeeMapping.objects.filter(connection=shop.connection)
    mapped = set(mappings.values_list("employee", flat=True))
    clocked = set(entries.values_list("employee", flat=True))
    assert clocked and clocked <= mapped  # none for the employees not mapped yet
    assert len(clocked) > len(mapped) // 2
    matched = entries.filter(roster_shift__isnull=False)
    assert matched.count() > 0.75 * entries.count()
    for entry in matched:
        assert entry.placement_reason.startswith("Geplande dienst")
        assert entry.roster_shift.employee_id == entry.employee_id
    unplanned = entries.filter(roster_shift__isnull=True)
    assert all(e.no_planned_shift for e in unplanned)


def port_answers(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


def test_demo_runs_every_part_and_receipts_and_clock_times_arrive(tmp_path):
    env = {
        **os.environ,
        "KASSALINK_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3",
    }
    env.pop("KASSALINK_BROKER_URL", None)
    env.pop("SITE_URL", None)
    subprocess.run([*KASSALINK, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    web, sim = free_port(), free_port()
    output = tmp_path / "demo-output.log"
    with output.open("w") as log:  # the child keeps its own copy of the handle
        demo = subprocess.Popen(
            [*KASSALINK, "demo", "--port", str(web), "--simulator-port", str(sim)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    try:
        watch_the_demo(demo, web, sim, tmp_path / "demo.sqlite3", output)
    except Exception as failure:
        # Whatever went wrong (a refused connection too), the demo's own words say why:
        # a port taken, a crash, a slow first sync.
        tail = "\n".join(output.read_text(errors="replace").splitlines()[-60:])
        raise AssertionError(
            f"{failure!r}\n--- kassalink demo output (last lines) ---\n{tail}"
        ) from failure
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(demo.pid, signal.SIGKILL)


def announcement(demo: subprocess.Popen, output: Path) -> str:
    """The demo's output up to its announcement's last line, read as it is written."""
    deadline = time.monotonic() + 150
    while "  Simulator " not in (text := output.read_text(errors="replace")):
        assert demo.poll() is None, "kassalink demo stopped before announcing its URL"
        assert time.monotonic() < deadline, "kassalink demo announced nothing within 150 s"
        time.sleep(0.3)
    return text


def watch_the_demo(demo: subprocess.Popen, web: int, sim: int, db: Path, output: Path) -> None:
    announced = announcement(demo, output)
    assert f"http://127.0.0.1:{web}/" in announced
    assert OWNER.username in announced and OWNER.password in announced
    assert NEW_SHOP_OWNER.username in announced  # a shop to try Aanvragen with
    assert "Demo shop: " in announced and " mapped to MplusKASSA" in announced
    # Every part listens once announced: no waiting, no retry.
    with urllib.request.urlopen(f"http://127.0.0.1:{web}/login/") as page:
        assert page.status == 200
    with urllib.request.urlopen(f"http://127.0.0.1:{sim}/_simulator/state") as state:
        assert b"receipts" in state.read()
    assert count(db, "sync_syncrun") > 0, "announced before the worker took a run"
    deadline = time.monotonic() + 120
    while count(db, "receipts_receipt") == 0:
        assert time.monotonic() < deadline, "no receipt reached the demo within 120 s"
        time.sleep(1)
    while count(db, "workforce_timesheetentry") == 0:
        assert time.monotonic() < deadline, "no clocked time reached a timesheet within 120 s"
        time.sleep(1)
    for body in mail_bodies(db):  # e.g. "not mapped yet": its link opens this demo
        assert set(re.findall(r"https?://[^/\s]+", body)) <= {f"http://127.0.0.1:{web}"}, body
    # `kill` of the demo alone (not its process group) stops every part, as Ctrl-C does.
    demo.send_signal(signal.SIGTERM)
    demo.wait(timeout=30)
    assert not port_answers(web) and not port_answers(sim), "a demo part outlived kill"


def mail_bodies(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT body FROM web_outboxmessage")]


def test_the_demo_mails_link_to_its_own_port(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert demo_site_url(8123) == "http://127.0.0.1:8123"
    monkeypatch.setenv("SITE_URL", "https://kassa.example.nl")
    assert demo_site_url(8123) == "https://kassa.example.nl"  # a site behind a proxy says so
