"""How MplusKASSA cost centers (kostenplaatsen) become PosCostCenter rows, and which cost
center a clocked shift belongs to (PosBranch).

A Shift carries only its branch, so **a shift counts for the turnover cost center of the
branch it was clocked at.** The API links branches to cost centers only in the turnover
groups (getTurnoverGroups): a group books a branch's turnover on that branch's entry in its
branchCostCenterNumberList, and without an entry on the group's turnoverCostCenterNumber,
else its defaultTurnoverCostCenterNumber. A branch's cost center is the one most of the
turnover groups (type TURNOVER) book it on; on a tie the lowest number. A branch no group
names a cost center for has none: its shifts are imported as Automatisch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from kassalink.connections.models import Connection
from kassalink.mplus.types import Branch, CostCenter, TurnoverGroup
from kassalink.sync.importing import page_savepoint, text

from .models import PosBranch, PosCostCenter

TURNOVER = "TURNOVER-GROUP-TYPE-TURNOVER"


def connection_branches(connection: Connection, branches: Sequence[Branch]) -> list[Branch]:
    """The branches the connection imports (its Sectoren; none chosen means all)."""
    chosen = set(connection.branches or ())
    return [b for b in branches if not chosen or b.number in chosen]


def group_cost_center(group: TurnoverGroup, branch_number: int) -> str | None:
    """The cost center `group` books the branch's turnover on, if it names one."""
    for entry in group.branch_cost_centers:
        if entry.branch_number == branch_number and entry.turnover_cost_center_number:
            return entry.turnover_cost_center_number
    return group.turnover_cost_center_number or group.default_turnover_cost_center_number


def _number_order(number: str) -> tuple[int, int, str]:
    # "9" before "10"; numbers that are not all digits compare as text, after them.
    return (0, int(number), number) if number.isdigit() else (1, 0, number)


def turnover_cost_center(branch_number: int, groups: Sequence[TurnoverGroup]) -> str | None:
    """The cost center most turnover groups book the branch on (ties: the lowest number)."""
    votes = Counter(
        center
        for group in groups
        if group.group_type == TURNOVER
        if (center := group_cost_center(group, branch_number))
    )
    if not votes:
        return None
    return min(votes, key=lambda center: (-votes[center], _number_order(center)))


def import_cost_centers(
    connection: Connection,
    branches: Sequence[Branch],
    cost_centers: Sequence[CostCenter],
    turnover_groups: Sequence[TurnoverGroup],
) -> int:
    """Mirror getCostCenters, and the connection's branches each with its cost center;
    returns how many rows changed. Cost centers the POS no longer lists are kept (rules
    on them stay readable); branches the connection no longer imports are dropped."""
    changed = 0
    with page_savepoint():
        stored = {c.number: c for c in PosCostCenter.objects.filter(connection=connection)}
        for center in cost_centers:
            number = text(center.number, "cost center number", max_length=50, blank=False)
            values = {
                "description": text(
                    center.description, f"cost center {number}: description", max_length=200
                )
            }
            changed += _save(connection, PosCostCenter, stored.get(number), number, values)
        ours = connection_branches(connection, branches)
        stored_branches = {b.number: b for b in PosBranch.objects.filter(connection=connection)}
        for branch in ours:
            center = turnover_cost_center(branch.number, turnover_groups) or ""
            values = {
                "name": text(branch.name, f"branch {branch.number}: name", max_length=200),
                "cost_center": text(center, f"branch {branch.number}: cost center", max_length=50),
            }
            changed += _save(
                connection, PosBranch, stored_branches.get(branch.number), branch.number, values
            )
        gone = set(stored_branches) - {b.number for b in ours}
        if gone:
            changed += PosBranch.objects.filter(connection=connection, number__in=gone).delete()[0]
    return changed


def _save(
    connection: Connection,
    model: type[PosCostCenter] | type[PosBranch],
    row: PosCostCenter | PosBranch | None,
    number: object,
    values: dict[str, object],
) -> int:
    """Create or update one mirrored row; 1 if it changed, else 0."""
    if row is None:
        model.objects.create(
            organization_id=connection.organization_id,
            connection=connection,
            number=number,
            **values,
        )
        return 1
    if all(getattr(row, name) == value for name, value in values.items()):
        return 0
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return 1


def cost_center_by_branch(connection: Connection) -> dict[int, str]:
    """Branch number → the cost center number its shifts count for."""
    pairs = PosBranch.objects.filter(connection=connection).exclude(cost_center="")
    return dict(pairs.values_list("number", "cost_center"))
