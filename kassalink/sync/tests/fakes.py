"""A stream without MplusKASSA: numbered items in pages, imported as auth Groups.

Group rows stand in for a domain app's rows: a real table, written inside the runner's
page transaction, unique by name, so "nothing lost, nothing doubled" can be counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import Group

from kassalink.sync.results import ImportResult
from kassalink.sync.streams import STREAMS, Page, Stream


class Explode(RuntimeError):
    pass


# Item numbers the importer refuses (raises on), set by a test.
EXPLODE_ON: set[int] = set()


def import_items(connection: Any, items: list[int]) -> ImportResult:
    created = 0
    for number in items:
        if number in EXPLODE_ON:
            raise Explode(f"importer refused item {number}")
        _, was_created = Group.objects.get_or_create(name=f"{connection.pk}-{number}")
        created += was_created
    return ImportResult(created=created, skipped=len(items) - created, notes=())


def imported(connection: Any) -> list[int]:
    prefix = f"{connection.pk}-"
    return sorted(
        int(name.removeprefix(prefix))
        for name in Group.objects.filter(name__startswith=prefix).values_list("name", flat=True)
    )


@dataclass(frozen=True)
class FakeStream(Stream):
    """Items 1..count as pages of `page_size`; the cursor is the last item imported."""

    name = "fake"
    cursor_kind = "sync_marker"
    importer = "kassalink.sync.tests.fakes.import_items"
    label = "Nep"
    count: int = 10
    page_size: int = 3
    # Raise this from the fetch of the page starting after this many items.
    fetch_error: Exception | None = None
    fail_after: int = 0
    fetched: list = field(default_factory=list, compare=False)

    def pages(self, connection: Any, cursor: dict[str, Any]) -> Iterator[Page]:
        last = int(cursor.get("sync_marker", 0))
        while last < self.count:
            if self.fetch_error is not None and last >= self.fail_after:
                raise self.fetch_error
            items = list(range(last + 1, min(self.count, last + self.page_size) + 1))
            self.fetched.append(items)
            last = items[-1]
            yield Page(args=(items,), cursor={"sync_marker": last}, size=len(items))


@pytest.fixture
def fake_stream(monkeypatch: pytest.MonkeyPatch):
    """Register a FakeStream under "fake"; call the fixture's result to replace it."""

    def register(**options: Any) -> FakeStream:
        stream = FakeStream(**options)
        monkeypatch.setitem(STREAMS, "fake", stream)
        return stream

    register()
    monkeypatch.setattr("kassalink.sync.tests.fakes.EXPLODE_ON", set())
    return register
