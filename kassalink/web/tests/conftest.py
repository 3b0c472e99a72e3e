"""One demo-like shop for the browser checks of many pages (layout, CSP)."""

import pytest
from django.utils import timezone

from kassalink.demo.seed import seed_demo_shop
from kassalink.demo.staff import DEMO_SEED
from kassalink.mplus.simulator import Simulator, serve_in_thread
from kassalink.mplus.simulator.soap_time import AMSTERDAM
from kassalink.sync.models import SyncRun
from kassalink.sync.runner import run_stream


@pytest.fixture
def demo_shop():
    """The demo bakery with a few days of clock times, receipts (so Insights, Kassabonnen
    and Verkoop have figures) and the MplusKASSA employees."""
    start = timezone.now().astimezone(AMSTERDAM).replace(microsecond=0)
    sim = Simulator(seed=DEMO_SEED, start=start, history_days=3)
    with serve_in_thread(sim) as server:
        shop = seed_demo_shop(server.port, start)
        for stream in ("employees", "clock_times", "receipts"):
            run = run_stream(shop.connection.pk, stream, SyncRun.Trigger.CLI)
            assert run.status == SyncRun.Status.SUCCEEDED, run.error
    return shop
