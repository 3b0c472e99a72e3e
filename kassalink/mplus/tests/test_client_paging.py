"""follow_sync_markers, the paging under iter_receipts/iter_employees, against servers
that read syncMarker as inclusive (>= N) and as exclusive (> N)."""

from __future__ import annotations

import pytest

from kassalink.mplus.client import follow_sync_markers

MARKERS = [3, 4, 7, 8, 9, 15, 16, 23, 42, 43, 44]


def pages(inclusive: bool, calls: list[int]):
    def fetch(marker: int, limit: int) -> list[int]:
        calls.append(marker)
        newer = [m for m in MARKERS if (m >= marker if inclusive else m > marker)]
        return newer[:limit]

    return fetch


@pytest.mark.parametrize("inclusive", [True, False])
@pytest.mark.parametrize("page_size", [1, 2, 3, 5, 11, 50])
def test_every_object_once_in_order(inclusive: bool, page_size: int) -> None:
    calls: list[int] = []
    fetch = pages(inclusive, calls)
    seen = list(follow_sync_markers(lambda m: fetch(m, page_size), 0, page_size, lambda m: m))
    assert seen == MARKERS
    # An inclusive server repeats the last object on every page: one fewer new each.
    new_per_page = page_size - 1 if inclusive and page_size > 1 else page_size
    per_object = 2 if inclusive and page_size == 1 else 1
    assert len(calls) <= per_object * len(MARKERS) // new_per_page + 2


@pytest.mark.parametrize("inclusive", [True, False])
def test_starting_from_a_saved_marker_brings_only_what_is_newer(inclusive: bool) -> None:
    fetch = pages(inclusive, [])
    seen = list(follow_sync_markers(lambda m: fetch(m, 3), 16, 3, lambda m: m))
    assert seen == [23, 42, 43, 44]


def test_a_page_of_nothing_new_ends_the_walk() -> None:
    # A server stuck on the same full page must not loop forever.
    calls: list[int] = []

    def stuck(marker: int) -> list[int]:
        calls.append(marker)
        return [5, 5]

    assert list(follow_sync_markers(stuck, 5, 2, lambda m: m)) == []
    assert calls == [5, 6]


def test_page_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="page_size"):
        list(follow_sync_markers(lambda m: [], 0, 0, lambda m: m))
