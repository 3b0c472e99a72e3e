"""`make demo`'s last step, for real: seed, start simulator + web + worker, see data arrive."""

import contextlib
import datetime as dt
import os
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
    subprocess.run([*KASSALINK, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    web, sim = free_port(), free_port()
    errors = tmp_path / "demo-stderr.log"
    with errors.open("w") as stderr:  # the child keeps its own copy of the handle
        demo = subprocess.Popen(
            [*KASSALINK, "demo", "--port", str(web), "--simulator-port", str(sim)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            start_new_session=True,
        )
    try:
        watch_the_demo(demo, web, sim, tmp_path / "demo.sqlite3")
    except AssertionError as failure:
        # The processes' own words say why: a port taken, a crash, a slow first sync.
        tail = "\n".join(errors.read_text(errors="replace").splitlines()[-40:])
        raise AssertionError(
            f"{failure}\n--- kassalink demo stderr (last lines) ---\n{tail}"
        ) from failure
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(demo.pid, signal.SIGKILL)


def watch_the_demo(demo: subprocess.Popen, web: int, sim: int, db: Path) -> None:
    announced = ""
    while "  Simulator " not in announced:  # the last line of the announcement
        line = demo.stdout.readline()
        assert line, "kassalink demo stopped before announcing its URL"
        announced += line
    assert f"http://127.0.0.1:{web}/" in announced
    assert OWNER.username in announced and OWNER.password in announced
    assert NEW_SHOP_OWNER.username in announced  # a shop to try Aanvragen with
    assert "Demo shop: " in announced and " mapped to MplusKASSA" in announced
    with urllib.request.urlopen(f"http://127.0.0.1:{web}/login/") as page:
        assert page.status == 200
    with urllib.request.urlopen(f"http://127.0.0.1:{sim}/_simulator/state") as state:
        assert b"receipts" in state.read()
    deadline = time.monotonic() + 120
    while count(db, "receipts_receipt") == 0:
        assert time.monotonic() < deadline, "no receipt reached the demo within 120 s"
        time.sleep(1)
    while count(db, "workforce_timesheetentry") == 0:
        assert time.monotonic() < deadline, "no clocked time reached a timesheet within 120 s"
        time.sleep(1)
    # `kill` of the demo alone (not its process group) stops every part, as Ctrl-C does.
    demo.send_signal(signal.SIGTERM)
    demo.wait(timeout=30)
    assert not port_answers(web) and not port_answers(sim), "a demo part outlived kill"
