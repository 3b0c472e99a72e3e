"""The backfill on real Celery workers that are SIGKILLed at random moments (PostgreSQL,
Redis or RabbitMQ; run by `make test`'s second pass).

Killed workers take their window's task with them (Redis parks it as unacked for an
hour; RabbitMQ gives it back), and fresh workers come up; the beat tick's sweep
(`requeue_stalled`, called here as beat would) queues the windows nobody will run. At the
end every receipt of the history is stored once, at its current version.
"""

from __future__ import annotations

import json
import random
import time
import uuid

import pytest

from kassalink.conftest import need
from kassalink.mplus.simulator import Simulator, serve_in_thread
from kassalink.receipts.models import Receipt
from kassalink.sync import backfill
from kassalink.sync.models import BackfillWindow
from kassalink.sync.tests.test_services import (
    BROKERS,
    Worker,
    reachable,
    subprocess_env,
    wait_for,
)
from kassalink.tests.pos_fixtures import SIMULATOR_START, make_shop

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def forget_redis_deliveries(url: str, queue: str) -> None:
    """Drop the killed workers' parked deliveries of `queue` from kombu's unacked index,
    so no later worker on this Redis restores them."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        for tag, raw in client.hgetall("unacked").items():
            if json.loads(raw)[0]["properties"]["delivery_info"].get("routing_key") == queue:
                client.pipeline().zrem("unacked_index", tag).hdel("unacked", tag).execute()
    finally:
        client.close()


@pytest.mark.parametrize("broker", ["redis", "amqp"])
def test_workers_killed_at_random_lose_and_double_no_receipt(broker, settings, monkeypatch):
    from celery import Celery

    url = BROKERS[broker]
    need(bool(url), f"KASSALINK_TEST_{broker.upper()}_URL is not set")
    need(reachable(url), f"{broker} is not reachable at {url}")
    settings.KASSALINK_BACKFILL_REQUEUE_AFTER = 4
    queue = f"kassalink-backfill-test-{uuid.uuid4().hex[:8]}"
    sender = Celery("sender", broker=url)
    monkeypatch.setattr(
        backfill,
        "enqueue_window",
        lambda window_id: sender.send_task(
            "kassalink.sync.backfill_window", args=(window_id,), queue=queue
        ),
    )
    env = subprocess_env(
        KASSALINK_BROKER_URL=url,
        KASSALINK_BACKFILL_QUEUE=queue,
        KASSALINK_SYNC_PAGE_SIZE="40",
        KASSALINK_SYNC_LOCK_LEASE="30",
    )
    sim = Simulator(seed=5, start=SIMULATOR_START, history_days=6)
    # Slow pages, so that kills land in the middle of windows, and the backfill outlasts
    # three kills however fast the machine is (some 50 pages over three workers).
    sim.faults.add("getReceipts", "latency", times=100_000, seconds=0.4)
    rng = random.Random(15)
    workers: list[Worker] = []
    with serve_in_thread(sim, port=0) as server:
        shop = make_shop("backfill", "Winkel Geschiedenis")
        shop.port, shop.history_from = server.port, sim.first_day
        shop.save()
        expected = {
            r.receipt_id: r.sync_marker
            for r in sim.receipts_from(0)
            if r.financial_date >= sim.first_day
        }
        try:
            workers = [Worker(f"w{n}-{queue}", queue, env) for n in range(3)]
            for worker in workers:
                assert worker.ready.wait(30), "".join(worker.lines)
            plan = backfill.plan_backfill(shop, today=SIMULATOR_START.date())
            windows = BackfillWindow.objects.filter(backfill=plan)
            assert windows.count() == 7

            kills = 0
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and windows.exclude(status="done").exists():
                time.sleep(rng.uniform(0.3, 1.5))
                victim = rng.choice([w for w in workers if w.process.poll() is None])
                victim.kill()
                kills += 1
                workers.append(Worker(f"w{len(workers)}-{queue}", queue, env))
                backfill.requeue_stalled()
            assert kills >= 3

            def finished() -> bool:
                backfill.requeue_stalled()  # the beat tick
                return not windows.exclude(status="done").exists()

            wait_for(finished, 90, "every window to be done")
        finally:
            for worker in workers:
                worker.stop()
            if broker == "redis":
                forget_redis_deliveries(url, queue)
            with sender.connection_for_write() as connection:
                connection.default_channel.queue_delete(queue)

    rows = dict(Receipt.objects.filter(connection=shop).values_list("mplus_id", "sync_marker"))
    assert rows == expected  # nothing lost, each at its current version ...
    assert Receipt.objects.filter(connection=shop).count() == len(expected)  # ... once
    done = list(windows)
    assert sum(w.created for w in done) == len(expected)  # no page counted twice
    assert any(w.attempts > 1 for w in done)  # the kills did hit windows mid-way
