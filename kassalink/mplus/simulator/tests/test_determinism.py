"""Same seed and start moment → the same shop, byte for byte."""

from dataclasses import replace
from datetime import timedelta

from kassalink.mplus.simulator import Simulator
from kassalink.mplus.simulator.operations import answer

from .conftest import START
from .soap_calls import element, envelope, receipts_request, soap_date


def _shifts_request() -> bytes:
    return envelope(
        element(
            "getShifts",
            element(
                "request",
                soap_date("fromFinancialDate", 1, 3, 2026),
                soap_date("throughFinancialDate", 31, 3, 2026),
            ),
        )
    )


def _responses(sim: Simulator) -> list[str]:
    return [
        answer(sim, envelope(receipts_request(syncMarkerLimit=400))),
        answer(sim, _shifts_request()),
        answer(sim, envelope(element("getEmployees", element("request")))),
    ]


def test_same_seed_and_start_give_identical_responses():
    first = Simulator(seed=7, start=START, history_days=3)
    second = Simulator(seed=7, start=START, history_days=3)
    assert _responses(first) == _responses(second)


def test_advancing_in_steps_or_at_once_gives_the_same_shop():
    stepwise = Simulator(seed=7, start=START, history_days=1)
    at_once = Simulator(seed=7, start=START, history_days=1)
    for _ in range(12):
        stepwise.advance(60)
    at_once.advance(12 * 60)
    assert _responses(stepwise) == _responses(at_once)


def test_another_seed_gives_another_shop():
    assert _responses(Simulator(seed=7, start=START, history_days=3)) != _responses(
        Simulator(seed=8, start=START, history_days=3)
    )


def test_planned_shifts_of_a_coming_day_are_the_ones_clocked_when_it_comes():
    sim = Simulator(seed=7, start=START, history_days=0)
    coming = START.date() + timedelta(days=2)
    planned = sim.planned_shifts(coming)
    assert planned and all(p.number == 0 for p in planned)
    sim.advance(3 * 24 * 60)
    clocked = sim.planned_shifts(coming)
    assert all(p.number > 0 for p in clocked)
    assert [replace(p, number=0) for p in clocked] == planned
