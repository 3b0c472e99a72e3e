"""The four streams: what each fetches from MplusKASSA, its cursor, and which importer applies it.

A stream turns a saved cursor into a sequence of `Page`s. The runner applies each page
with the stream's importer and saves `page.cursor` in the same transaction, so a crash
between pages resumes exactly after the last committed page.

Importers are named by dotted path and imported only when a page is applied, so the
engine never imports the domain apps at module level. Their contracts:

- employees:   kassalink.workforce.imports.import_employees(
                   connection, employees, groups_by_employee
                   [, branches, cost_centers, turnover_groups])
- clock_times: kassalink.workforce.imports.import_shifts(connection, shifts)
- receipts:    kassalink.receipts.imports.import_receipts(connection, receipts, orders)
- turnover:    kassalink.insights.reconcile.reconcile_turnover(connection, days, reports)
  where days are the financial dates to reconcile and reports maps each branch number to
  its reportTurnover rows for those days (turnover itself comes from the receipts import).

Each returns a kassalink.sync.results.ImportResult and must be idempotent by source key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_noop

from kassalink.sync import conf
from kassalink.sync.results import ImportResult

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Clock times are read in windows of at most this many days per page.
WINDOW_DAYS = 7


class UnknownStream(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown stream {name!r}; valid streams: {', '.join(STREAMS)}")


@dataclass(frozen=True)
class Page:
    """One batch for the importer (`args` after the connection) and the cursor after it."""

    args: tuple[Any, ...]
    cursor: dict[str, Any]
    size: int
    newest_data_at: dt.datetime | None = None


@dataclass(frozen=True)
class Stream:
    name: ClassVar[str]
    cursor_kind: ClassVar[str]  # "sync_marker" or "date_window"
    importer: ClassVar[str]
    label: ClassVar[str]
    # Whether the runner may fetch this stream's next page in a thread while it writes
    # one (kassalink/sync/read_ahead.py): then only `pages`' code before its first page
    # may use the database.
    read_ahead: ClassVar[bool] = False

    def enabled_for(self, connection: Any) -> bool:
        return True

    def pages(self, connection: Any, cursor: dict[str, Any]) -> Iterator[Page]:
        raise NotImplementedError

    def apply(self, connection: Any, page: Page) -> ImportResult:
        path = conf.importer_override(self.name) or self.importer
        return import_string(path)(connection, *page.args)


def today_in_amsterdam(now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(AMSTERDAM).date()


def _newest(*moments: dt.datetime | None) -> dt.datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def marker_pages(
    fetch: Callable[[int], Sequence[Any]], cursor: dict[str, Any]
) -> Iterator[tuple[list[Any], int]]:
    """Pages of objects above the cursor's sync marker, each with its highest marker.

    The WSDL does not say whether syncMarker is inclusive, so we ask from the highest
    marker imported and drop what is not above it: right either way, and never skips
    the object with marker + 1. A short page, or one with nothing new, is the last.
    """
    highest = int(cursor.get("sync_marker", -1))
    limit = conf.page_size()
    while True:
        page = fetch(max(highest, 0))
        fresh = [item for item in page if (item.sync_marker or 0) > highest]
        if not fresh:
            return
        highest = max(item.sync_marker for item in fresh)
        yield fresh, highest
        if len(page) < limit:
            return


def receipt_pages(
    client: Any,
    connection: Any,
    cursor: dict[str, Any],
    from_date: dt.date | None = None,
    through_date: dt.date | None = None,
) -> Iterator[Page]:
    """Pages of receipts above the cursor's sync marker with financial dates in
    [from_date, through_date] (either open), each with its orders: the live stream's and
    every backfill window's reader. It never uses the database: its pages after the first
    are read ahead in a thread (kassalink/sync/read_ahead.py)."""

    def fetch(marker: int) -> Sequence[Any]:
        return client.get_receipts(
            sync_marker=marker,
            sync_marker_limit=conf.page_size(),
            from_financial_date=from_date,
            through_financial_date=through_date,
            branch_numbers=connection.branches,
            # Without it the POS leaves out orderIds, and no receipt finds its order's
            # webhook session (the scanned customer code).
            include_order_references=True,
        )

    for receipts, top in marker_pages(fetch, cursor):
        # Orders carry the webhook session id that ties a receipt to a customer's QR scan.
        orders = client.get_orders_by_receipts([r.receipt_id for r in receipts])
        yield Page(
            args=(receipts, orders),
            cursor={"sync_marker": top},
            size=len(receipts),
            newest_data_at=_newest(*(r.entry_timestamp for r in receipts)),
        )


@dataclass(frozen=True)
class ReceiptsStream(Stream):
    """The live receipts: every receipt added or changed, by sync marker.

    With "importeren vanaf" (history_from) set, the history is the backfill's
    (kassalink/sync/backfill.py): this stream starts after the backfill's cutover marker
    and asks only for financial dates from history_from on."""

    name = "receipts"
    cursor_kind = "sync_marker"
    importer = "kassalink.receipts.imports.import_receipts"
    label = gettext_noop("Kassabonnen")
    # Large pages, each a slow fetch and a CPU-heavy parse: worth overlapping with the
    # write. tail_start (the database) runs before the first page, in the runner's thread.
    read_ahead = True

    def pages(self, connection: Any, cursor: dict[str, Any]) -> Iterator[Page]:
        client = connection.client()
        if connection.history_from is not None and "sync_marker" not in cursor:
            from kassalink.sync.backfill import tail_start

            cursor = tail_start(connection, client)
        yield from receipt_pages(client, connection, cursor, from_date=connection.history_from)


@dataclass(frozen=True)
class EmployeesStream(Stream):
    name = "employees"
    cursor_kind = "sync_marker"
    importer = "kassalink.workforce.imports.import_employees"
    label = gettext_noop("Medewerkers")

    def pages(self, connection: Any, cursor: dict[str, Any]) -> Iterator[Page]:
        client = connection.client()

        def fetch(marker: int) -> Sequence[Any]:
            return client.get_employees(sync_marker=marker, sync_marker_limit=conf.page_size())

        # Branches, cost centers and the turnover groups that link them carry no sync
        # marker and are few: mirror them on every run, as a page of their own that leaves
        # the employee cursor where it was.
        setup = (
            client.get_branches(),
            client.get_cost_centers(),
            client.get_turnover_groups(only_active=True),
        )
        yield Page(args=([], {}, *setup), cursor=dict(cursor), size=0)
        for employees, top in marker_pages(fetch, cursor):
            groups = {
                e.number: client.get_employee_authorization_groups(e.number) for e in employees
            }
            yield Page(
                args=(employees, groups),
                cursor={"sync_marker": top},
                size=len(employees),
                newest_data_at=_newest(*(e.changed_at for e in employees)),
            )


def date_windows(start: dt.date, through: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """[start, through] in consecutive windows of at most WINDOW_DAYS days."""
    while start <= through:
        end = min(through, start + dt.timedelta(days=WINDOW_DAYS - 1))
        yield start, end
        start = end + dt.timedelta(days=1)


@dataclass(frozen=True)
class ClockTimesStream(Stream):
    """Clocked shifts by financial date, in windows up to today.

    The cursor says which days have been read: every day from `since` through `through`.
    Each run reads again from a few days before `through` (late clock-outs, corrections).
    A new link starts at its "Importeren vanaf" (`history_from`), else a few days back;
    when `history_from` is moved before `since`, the next run starts there and reads on
    to today, so the earlier days arrive and the cursor stays one unbroken range.
    """

    name = "clock_times"
    cursor_kind = "date_window"
    importer = "kassalink.workforce.imports.import_shifts"
    label = gettext_noop("Kloktijden")
    today: Any = field(default=today_in_amsterdam, compare=False)

    def window_start(self, connection: Any, cursor: dict[str, Any], today: dt.date) -> dt.date:
        wanted = getattr(connection, "history_from", None)
        if not cursor.get("through"):
            return min(wanted, today) if wanted else today - dt.timedelta(days=conf.reread_days())
        last = dt.date.fromisoformat(cursor["through"])
        rereading = min(last, today) - dt.timedelta(days=conf.reread_days())
        if wanted and wanted < read_since(connection, cursor):
            return min(wanted, rereading)
        return rereading

    def pages(self, connection: Any, cursor: dict[str, Any]) -> Iterator[Page]:
        client = connection.client()
        today = self.today()
        start = self.window_start(connection, cursor, today)
        since = min(start, read_since(connection, cursor)) if cursor.get("through") else start
        for first, end in date_windows(start, today):
            shifts = client.get_shifts(first, end, branch_numbers=connection.branches)
            yield Page(
                args=(shifts,),
                cursor={"since": since.isoformat(), "through": end.isoformat()},
                size=len(shifts),
                newest_data_at=_newest(*(s.end or s.start for s in shifts)),
            )


def read_since(connection: Any, cursor: dict[str, Any]) -> dt.date:
    """The first day of clock times read so far (the cursor has a `through`).

    Cursors saved before `since` existed began with the first run after activation,
    which read from a few days before it.
    """
    if cursor.get("since"):
        return dt.date.fromisoformat(cursor["since"])
    activated = getattr(connection, "activated_at", None)
    first_run = today_in_amsterdam(activated) if activated else None
    last = dt.date.fromisoformat(cursor["through"])
    return min(first_run or last, last) - dt.timedelta(days=conf.reread_days())


@dataclass(frozen=True)
class TurnoverStream(Stream):
    """Daily reconciliation of the turnover computed from receipts with the POS's own
    reportTurnover, per branch and financial date. It fetches no receipts: the buckets
    are computed when the `receipts` stream stores them."""

    name = "turnover"
    cursor_kind = "date_window"
    importer = "kassalink.insights.reconcile.reconcile_turnover"
    label = gettext_noop("Omzet")
    now: Any = field(default=timezone.now, compare=False)

    def enabled_for(self, connection: Any) -> bool:
        settings = getattr(connection, "turnover_settings", None)
        return bool(settings and settings.enabled)

    def due_dates(self, connection: Any, cursor: dict[str, Any]) -> list[dt.date]:
        """Financial dates not yet reconciled whose receipts are all in: the day is over
        (a late shift books on it until RECONCILE_AFTER) and a receipts run succeeded since."""
        from kassalink.sync.models import SyncState

        now = self.now()
        receipts = SyncState.objects.filter(connection=connection, stream="receipts").first()
        imported = receipts.last_success_at if receipts else None
        last = today_in_amsterdam(now) - dt.timedelta(days=1)
        first = last - dt.timedelta(days=RECONCILE_DAYS - 1)
        if cursor.get("through"):
            first = max(first, dt.date.fromisoformat(cursor["through"]) + dt.timedelta(days=1))
        due = []
        for offset in range((last - first).days + 1):
            day = first + dt.timedelta(days=offset)
            settled = reconcile_moment(day)
            if settled <= now and imported is not None and imported >= settled:
                due.append(day)
        return due

    def pages(self, connection: Any, cursor: dict[str, Any]) -> Iterator[Page]:
        days = self.due_dates(connection, cursor)
        if not days:
            return
        client = connection.client()
        branches = connection.branches or [b.number for b in client.get_branches()]
        reports = {
            branch: client.report_turnover(days[0], days[-1], branch_numbers=[branch])
            for branch in branches
        }
        yield Page(
            args=(days, reports),
            cursor={"through": days[-1].isoformat()},
            size=len(days),
        )


# Reconcile at most this many past days (after a long outage, the older ones are let go).
RECONCILE_DAYS = 7


def reconcile_moment(financial_date: dt.date) -> dt.datetime:
    """When a financial date's receipts are complete: 06:00 the next morning (local)."""
    next_day = financial_date + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time(6), AMSTERDAM)


STREAMS: dict[str, Stream] = {
    s.name: s for s in (ReceiptsStream(), EmployeesStream(), ClockTimesStream(), TurnoverStream())
}


def stream_labels(names: Iterable[str]) -> list[str]:
    """The streams' names for a person, in the active language."""
    return [gettext(get_stream(name).label) for name in names]


def get_stream(name: str) -> Stream:
    try:
        return STREAMS[name]
    except KeyError:
        raise UnknownStream(name) from None
