"""In a real browser: a manager maps two MplusKASSA employees and a cost center, a
clock_times sync runs, and their clocked times show in the timesheets and the live list."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kassalink.accounts.tests.fixtures import PASSWORD
from kassalink.connections.models import Connection
from kassalink.sync.models import SyncRun
from kassalink.sync.runner import run_stream
from kassalink.sync.streams import STREAMS, ClockTimesStream
from kassalink.workforce.models import Employee, TimesheetEntry
from kassalink.workforce.tests import shops

alice = shops.alice  # the shop with its owner and manager, not the bare connection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMS = ZoneInfo("Europe/Amsterdam")
# A Monday morning: some people are clocked in, others worked the weekend.
START = dt.datetime(2026, 3, 30, 10, 0, tzinfo=AMS)


@pytest.fixture
def sim_server():
    from kassalink.mplus.simulator import Simulator, serve_in_thread

    sim = Simulator(seed=3, start=START, ident="demo", secret="demo", history_days=2)
    with serve_in_thread(sim, port=0) as server:
        yield sim, server


def sync(connection: Connection, stream: str) -> SyncRun:
    run = run_stream(connection.pk, stream, SyncRun.Trigger.CLI)
    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    return run


def two_clocked_people(sim):
    """An employee (with an authorization group) clocked in now, and one whose shift of
    today or yesterday has ended, each with their shift."""
    staff = {e.number: e for e in sim.employees if e.group_number is not None}
    shifts = [s for s in sim.shifts(START.date() - dt.timedelta(days=1), START.date())]
    open_shift = next(s for s in shifts if not s.ended and s.employee_number in staff)
    done = next(
        s
        for s in shifts
        if s.ended
        and s.employee_number in staff
        and s.employee_number != open_shift.employee_number
    )
    return (staff[open_shift.employee_number], open_shift), (staff[done.employee_number], done)


def ours(shop, pos_employee) -> Employee:
    first, _, last = pos_employee.name.partition(" ")
    return Employee.objects.create(
        organization=shop.organization,
        first_name=first,
        last_name=last,
        default_department=shop.team.department,
    )


def log_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_maps_two_employees_and_a_cost_center_then_sees_their_clocked_times(
    live_server,
    page,
    alice,
    sim_server,
    monkeypatch,
):
    sim, server = sim_server
    monkeypatch.setitem(STREAMS, "clock_times", ClockTimesStream(today=lambda: START.date()))
    connection = Connection.objects.create(
        organization=alice.organization, name="Winkel Centrum", host="127.0.0.1",
        port=server.port, scheme="http", ident="demo", secret="demo",
        status=Connection.Status.ACTIVE,
    )  # fmt: skip
    sync(connection, "employees")
    (working, open_shift), (gone_home, done) = two_clocked_people(sim)
    clocked_in, clocked_out = ours(alice, working), ours(alice, gone_home)
    url = live_server.url

    # Medewerkers: suggested by name, chosen and saved.
    log_in(page, url, alice.manager.email)
    page.goto(f"{url}/instellingen/app-center/mpluskassa/{connection.pk}/koppelen/medewerkers/")
    for pos, person in ((working, clocked_in), (gone_home, clocked_out)):
        row = page.locator(f"tr[data-mplus-number='{pos.number}']")
        row.get_by_text(f"voorstel: {person.name}").wait_for()
        row.get_by_role("combobox").select_option(label=person.name)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Koppeling van de medewerkers opgeslagen.").wait_for()

    # Kloktijden: the branch of the one still at work books to a fixed department.
    page.get_by_role("tab", name="Kloktijden").click()
    center = f"KP{100 + open_shift.branch_number}"
    page.locator(f"tr[data-cost-center='{center}']").get_by_role("combobox").select_option(
        label=alice.team.department.name
    )
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Instellingen voor de kloktijden opgeslagen.").wait_for()

    run = sync(connection, "clock_times")
    assert run.created >= 2
    imported = TimesheetEntry.objects.filter(connection=connection)
    assert set(imported.values_list("employee", flat=True)) == {clocked_in.pk, clocked_out.pk}

    # Urenregistratie of each shift's week: the person with their clocked times.
    for person, shift in ((clocked_in, open_shift), (clocked_out, done)):
        year, week, _ = shift.financial_date.isocalendar()
        page.goto(f"{url}/personeel/uren/?week={year}-W{week:02d}")
        row = page.get_by_role("row").filter(has_text=person.name)
        row.filter(has_text=shift.start.astimezone(AMS).strftime("%H:%M")).first.wait_for()
        if shift.ended:
            row.filter(has_text=shift.end.astimezone(AMS).strftime("%H:%M")).first.wait_for()
        else:
            row.filter(has_text="nog ingeklokt").first.wait_for()

    # Nu ingeklokt: only the one still at work.
    page.goto(f"{url}/personeel/nu/")
    page.get_by_role("row").filter(has_text=clocked_in.name).first.wait_for()
    assert page.get_by_role("row").filter(has_text=clocked_out.name).count() == 0
