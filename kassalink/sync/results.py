"""What a domain importer reports back to the sync engine after applying one batch.

Every `imports` module (workforce, receipts, insights) returns an `ImportResult`; the
runner adds them up per run and stores the counts in the run log.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportResult:
    """Rows created, updated and skipped (unchanged or not applicable) for one batch.

    `notes` are short, secret-free remarks a person may want to read in the run log
    (e.g. "3 clock times for unknown employee 17 skipped").
    """

    created: int = 0
    updated: int = 0
    skipped: int = 0
    notes: tuple[str, ...] = ()

    def __add__(self, other: ImportResult) -> ImportResult:
        if not isinstance(other, ImportResult):
            return NotImplemented
        return ImportResult(
            created=self.created + other.created,
            updated=self.updated + other.updated,
            skipped=self.skipped + other.skipped,
            notes=self.notes + other.notes,
        )

    @property
    def total(self) -> int:
        return self.created + self.updated + self.skipped
