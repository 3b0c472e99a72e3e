"""The simulated clock: sales and clock events appear as time passes."""

from datetime import timedelta

import pytest

from kassalink.mplus.simulator import Simulator
from kassalink.mplus.simulator.clock import SimClock
from kassalink.mplus.simulator.soap_time import local

from .conftest import START


def test_advance_adds_receipts_and_shifts(fresh_shop: Simulator):
    today = local(fresh_shop.now).date()
    receipts_before = fresh_shop.receipt_count()
    shifts_before = len(fresh_shop.shifts(today, today))
    fresh_shop.advance(90)
    assert fresh_shop.now == START + timedelta(minutes=90)
    assert fresh_shop.receipt_count() > receipts_before
    assert len(fresh_shop.shifts(today, today)) >= shifts_before


def test_the_next_day_brings_new_shifts_and_receipts(fresh_shop: Simulator):
    tomorrow = local(fresh_shop.now).date() + timedelta(days=1)
    assert fresh_shop.shifts(tomorrow, tomorrow) == []
    fresh_shop.advance(24 * 60)
    assert fresh_shop.shifts(tomorrow, tomorrow)
    assert any(r.financial_date == tomorrow for r in fresh_shop.receipts_from(0))


def test_sync_markers_strictly_increase_as_receipts_appear(fresh_shop: Simulator):
    fresh_shop.advance(26 * 60)  # past later changes to receipts, which get new markers
    markers = [r.sync_marker for r in fresh_shop.receipts_from(0)]
    assert markers == sorted(set(markers))
    assert fresh_shop.receipt_sync_marker() == markers[-1]


def test_a_receipt_changed_later_gets_a_new_higher_marker():
    sim = Simulator(seed=1, start=START, history_days=14)
    changed = [r for r in sim.receipts_from(0) if r.change_counter > 0]
    assert changed, "some receipts get a customer linked afterwards"
    for receipt in changed:
        assert receipt.reference == "Klant achteraf gekoppeld"
        assert receipt.relation_number is not None
        assert receipt.number > 0
        # The change (at least an hour after the sale) outranks later sales.
        sold_soon_after = [
            r.sync_marker
            for r in sim.receipts_from(0)
            if r.change_counter == 0 and r.entry <= receipt.entry + timedelta(hours=1)
        ]
        assert receipt.sync_marker > max(sold_soon_after)


def test_the_clock_never_runs_backwards(fresh_shop: Simulator):
    with pytest.raises(ValueError):
        fresh_shop.advance(-1)


def test_real_time_mode_follows_the_wall_clock_at_its_speed():
    wall = [1000.0]
    clock = SimClock(START, realtime=True, speed=60, wall=lambda: wall[0])
    wall[0] += 30  # half a minute of wall time is half an hour simulated
    assert clock.now() == START + timedelta(minutes=30)
    clock.advance(15)
    assert clock.now() == START + timedelta(minutes=45)


def test_real_time_simulator_sees_events_without_advance():
    sim = Simulator(seed=1, start=START, history_days=0, realtime=True, speed=3600)
    before = sim.receipt_count()
    sim.clock._wall_start -= 2  # two wall seconds ago = two simulated hours ago
    assert sim.now >= START + timedelta(hours=2)
    assert sim.receipt_count() > before


def test_start_must_be_aware():
    with pytest.raises(ValueError):
        Simulator(start=START.replace(tzinfo=None))
