"""The engine against real services: PostgreSQL, Redis and RabbitMQ (run by `make test`).

The crash test SIGKILLs a real `kassalink sync` mid-run; the race test runs two real
Celery workers on one connection+stream; the worker crash test SIGKILLs a real Celery
worker mid-run and lets a fresh one finish. All talk to the simulator served from this
test process and to the test database, which the test commits to (transaction=True).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from django.db import connection as db

from kassalink.conftest import need
from kassalink.receipts.models import Receipt
from kassalink.sync import locks
from kassalink.sync.models import SyncRun, SyncState
from kassalink.sync.runner import DEAD_WORKER
from kassalink.tests.pos_fixtures import make_shop

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

BIN = Path(sys.executable).parent
START = dt.datetime(2026, 3, 30, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=2):
            return True
    except OSError:
        return False


def subprocess_env(**extra: str) -> dict[str, str]:
    """The test database (test_<name>, not the one DATABASE_URL names) for subprocesses."""
    need(db.vendor == "postgresql", "DATABASE_URL must point at PostgreSQL for services tests")
    s = db.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1", **extra}


@pytest.fixture
def account() -> Iterator[tuple]:
    """A simulated account with two weeks of receipts, slowed down so runs take a while."""
    from kassalink.mplus import MplusClient
    from kassalink.mplus.simulator import Simulator, serve_in_thread

    sim = Simulator(seed=7, start=START, ident="demo", secret="demo")
    with serve_in_thread(sim, port=0) as server:
        client = MplusClient(
            host="127.0.0.1", port=server.port, ident="demo", secret="demo", scheme="http"
        )
        shop = make_shop("crash", "Winkel Crash")
        shop.port = server.port
        shop.save()
        yield shop, sim, client


def sim_receipts(client) -> dict[str, int]:
    return {r.receipt_id: r.sync_marker for r in client.iter_receipts(page_size=1000)}


def stored(shop) -> dict[str, int]:
    rows = Receipt.objects.filter(connection=shop).values_list("mplus_id", "sync_marker")
    return dict(rows)


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


# --- (a) kill -9 mid-run, then resume -----------------------------------------------


def sync_command(shop) -> list[str]:
    return [str(BIN / "kassalink"), "sync", str(shop.pk), "--stream", "receipts", "--json"]


def test_a_killed_sync_resumes_without_losing_or_doubling_a_receipt(account):
    shop, sim, client = account
    expected = sim_receipts(client)
    sim.faults.add("getReceipts", "latency", times=10_000, seconds=0.05)
    # The default 5-minute lease: the next run must not wait for it (issue #11).
    env = subprocess_env(KASSALINK_SYNC_PAGE_SIZE="100", KASSALINK_SYNC_LOCK_LEASE="300")

    victim = subprocess.Popen(
        sync_command(shop), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    wait_for(
        lambda: SyncRun.objects.filter(connection=shop, pages__gte=8).exists(),
        30,
        "the first run to commit 8 pages",
    )
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)

    killed = SyncRun.objects.get(connection=shop)
    cursor = SyncState.objects.get(connection=shop, stream="receipts").cursor["sync_marker"]
    partial = stored(shop)
    assert killed.status == SyncRun.Status.RUNNING  # it never got to say goodbye
    assert 0 < len(partial) < len(expected)
    assert max(partial.values()) == cursor  # the cursor describes exactly the rows
    assert partial == {k: v for k, v in expected.items() if v <= cursor}

    # Its process and its database session are gone, so its lease is no obstacle: the
    # next run takes over at once and resumes from the saved cursor.
    assert not locks.is_held(shop.pk, "receipts")
    sim.faults.clear()
    resumed = subprocess.run(sync_command(shop), env=env, capture_output=True, timeout=60)
    assert resumed.returncode == 0, resumed.stderr
    killed.refresh_from_db()
    assert (killed.status, killed.error) == (SyncRun.Status.FAILED, DEAD_WORKER)

    assert stored(shop) == expected  # every receipt once, at its current marker
    state = SyncState.objects.get(connection=shop, stream="receipts")
    assert state.cursor == {"sync_marker": max(expected.values())}
    killed.refresh_from_db()
    assert killed.status == SyncRun.Status.FAILED
    last = SyncRun.objects.filter(connection=shop, status="succeeded").get()
    assert last.cursor_before == {"sync_marker": cursor}
    assert last.created == len(expected) - len(partial)


# --- (b) two workers race for one connection+stream ---------------------------------

BROKERS = {
    "redis": os.environ.get("KASSALINK_TEST_REDIS_URL", ""),
    "amqp": os.environ.get("KASSALINK_TEST_AMQP_URL", ""),
}


class Worker:
    """A `celery worker` subprocess on its own queue; ready when it says so.

    It runs in a process group of its own, so `kill` takes its pool children with it.
    """

    def __init__(self, name: str, queue: str, env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.process = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "kassalink.celery",
                "worker",
                "-Q",
                queue,
                "-n",
                f"{name}@%h",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)
            if " ready." in line:
                self.ready.set()

    def received(self, task_id: str) -> bool:
        return any(f"[{task_id}] received" in line for line in self.lines)

    def kill(self) -> None:
        """SIGKILL the main process and its pool children at once: no goodbye, no ack."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(15)
        self.kill()  # and any pool child the main process left behind


@pytest.mark.parametrize("broker", ["redis", "amqp"])
def test_two_workers_never_run_one_stream_at_the_same_time(account, broker):
    from celery import Celery

    url = BROKERS[broker]
    need(bool(url), f"KASSALINK_TEST_{broker.upper()}_URL is not set")
    need(reachable(url), f"{broker} is not reachable at {url}")
    shop, sim, client = account
    sim.faults.add("getReceipts", "latency", times=10_000, seconds=0.02)
    queue = f"kassalink-test-{uuid.uuid4().hex[:8]}"
    env = subprocess_env(KASSALINK_BROKER_URL=url, KASSALINK_SYNC_PAGE_SIZE="500")
    workers = [Worker(f"w{i}-{queue}", queue, env) for i in (1, 2)]
    sender = Celery("sender", broker=url)
    try:
        for worker in workers:
            assert worker.ready.wait(30), "".join(worker.lines)
        for _ in range(12):
            sender.send_task(
                "kassalink.sync.run_stream", args=(shop.pk, "receipts", "manual"), queue=queue
            )
        wait_for(
            lambda: SyncRun.objects.filter(connection=shop).exclude(status="running").count() == 12,
            50,
            "12 finished runs",
        )
    finally:
        for worker in workers:
            worker.stop()
        with sender.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)

    runs = list(SyncRun.objects.filter(connection=shop).order_by("started"))
    held = [r for r in runs if r.status != SyncRun.Status.SKIPPED_LOCKED]
    assert all(r.status == SyncRun.Status.SUCCEEDED for r in held), [r.error for r in held]
    for before, after in itertools.pairwise(held):
        assert before.finished <= after.started, "two runs held the lock at once"
    for worker in workers:  # both took part
        assert any("kassalink.sync.run_stream" in line for line in worker.lines)
    assert any(r.status == SyncRun.Status.SKIPPED_LOCKED for r in runs)  # they did race
    assert stored(shop) == sim_receipts(client)  # nothing doubled, nothing lost
    assert sum(r.created for r in held) == len(stored(shop))


# --- (c) kill -9 a Celery worker mid-run, then a fresh worker finishes ----------------


def parked_in_redis(url: str, task_id: str) -> bool:
    """True when `task_id` waits in kombu's `unacked` hash (delivered, never acked)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        for raw in client.hvals("unacked"):
            if json.loads(raw)[0]["headers"]["id"] == task_id:
                return True
        return False
    finally:
        client.close()


def unpark_from_redis(url: str, task_id: str) -> None:
    """Drop `task_id` from kombu's unacked index, so no worker restores it an hour later."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        for tag, raw in client.hgetall("unacked").items():
            if json.loads(raw)[0]["headers"]["id"] == task_id:
                client.pipeline().zrem("unacked_index", tag).hdel("unacked", tag).execute()
    finally:
        client.close()


@pytest.mark.parametrize("broker", ["redis", "amqp"])
def test_a_killed_worker_loses_and_doubles_no_receipt(account, broker):
    """SIGKILL a worker (main process and pool child) mid-run; a fresh worker finishes.

    What the broker does with the unacked task (acks_late) differs, and is asserted:
    RabbitMQ sees the connection drop and redelivers the task at once, so the fresh
    worker resumes the run by itself once the dead run's lease has expired (a redelivery
    before that finds the lock held, is logged as skipped and comes back when the lease
    runs out: test_tasks.py). Redis keeps it in its `unacked` hash until the
    visibility timeout (an hour), so the run finishes when it is queued again ("sync
    now", or the schedule's next tick).
    """
    from celery import Celery

    url = BROKERS[broker]
    need(bool(url), f"KASSALINK_TEST_{broker.upper()}_URL is not set")
    need(reachable(url), f"{broker} is not reachable at {url}")
    shop, sim, client = account
    expected = sim_receipts(client)
    sim.faults.add("getReceipts", "latency", times=10_000, seconds=0.05)
    queue = f"kassalink-test-{uuid.uuid4().hex[:8]}"
    env = subprocess_env(
        KASSALINK_BROKER_URL=url, KASSALINK_SYNC_PAGE_SIZE="100", KASSALINK_SYNC_LOCK_LEASE="5"
    )
    sender = Celery("sender", broker=url)
    workers = [Worker(f"victim-{queue}", queue, env)]
    task_id = ""
    try:
        assert workers[0].ready.wait(30), "".join(workers[0].lines)
        task_id = sender.send_task(
            "kassalink.sync.run_stream", args=(shop.pk, "receipts", "manual"), queue=queue
        ).id
        wait_for(
            lambda: SyncRun.objects.filter(connection=shop, pages__gte=5).exists(),
            30,
            "the worker to commit 5 pages",
        )
        workers[0].kill()

        killed = SyncRun.objects.get(connection=shop)
        cursor = SyncState.objects.get(connection=shop, stream="receipts").cursor["sync_marker"]
        partial = stored(shop)
        assert killed.status == SyncRun.Status.RUNNING  # it never got to say goodbye
        assert 0 < len(partial) < len(expected)
        assert partial == {k: v for k, v in expected.items() if v <= cursor}
        assert killed.created == len(partial)  # counted in the pages' transactions

        # The dead run's lease expires; then a fresh worker comes up on the same queue.
        sim.faults.clear()
        wait_for(lambda: not locks.is_held(shop.pk, "receipts"), 10, "the lease to expire")
        workers.append(Worker(f"fresh-{queue}", queue, env))
        assert workers[1].ready.wait(30), "".join(workers[1].lines)
        if broker == "amqp":
            wait_for(lambda: workers[1].received(task_id), 10, "RabbitMQ to redeliver")
        else:
            assert parked_in_redis(url, task_id)  # not redelivered: still unacked
            sender.send_task(  # what "sync now" does, on the test's queue
                "kassalink.sync.run_stream", args=(shop.pk, "receipts", "manual"), queue=queue
            )
        wait_for(
            lambda: SyncRun.objects.filter(connection=shop, status="succeeded").exists(),
            30,
            "the fresh worker to finish the run",
        )
    finally:
        for worker in workers:
            worker.stop()
        if broker == "redis" and task_id:
            unpark_from_redis(url, task_id)
        with sender.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)

    # RabbitMQ gave the fresh worker the killed task itself; Redis never did.
    assert workers[1].received(task_id) == (broker == "amqp")
    assert stored(shop) == expected  # every receipt, at its current marker ...
    assert Receipt.objects.filter(connection=shop).count() == len(expected)  # ... once
    state = SyncState.objects.get(connection=shop, stream="receipts")
    assert state.cursor == {"sync_marker": max(expected.values())}

    runs = list(SyncRun.objects.filter(connection=shop).order_by("started"))
    assert [r.pk for r in runs] == [killed.pk, runs[1].pk]  # no other run, none skipped
    killed.refresh_from_db()
    resumed = runs[1]
    assert killed.status == SyncRun.Status.FAILED
    assert killed.error == DEAD_WORKER  # taken over by the next run
    assert resumed.status == SyncRun.Status.SUCCEEDED
    assert resumed.cursor_before == {"sync_marker": cursor}
    assert killed.finished <= resumed.started, "two runs held the lock at once"
    assert killed.created + resumed.created == len(expected)
