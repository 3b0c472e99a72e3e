"""How MplusKASSA cost centers (kostenplaatsen) become PosCostCenter rows, and which cost
center a clocked shift belongs to.

The rule, because a Shift carries only its branch: **a shift counts for the turnover cost
center of the branch it was clocked at.** MplusKASSA's API does not say which cost center
that is in getBranches (the WSDL's Branch has no cost center; the link lives in the turnover
groups' branchCostCenterNumberList, which we do not read yet), so we pair a cost center
with the branch whose name its description contains ("Omzet Utrecht Centrum" → branch
Utrecht Centrum), only among the connection's branches. A cost center naming no branch
applies to no clock times; a branch without a cost center is imported as Automatisch.
"""

from __future__ import annotations

from collections.abc import Sequence

from kassalink.connections.models import Connection
from kassalink.mplus.types import Branch, CostCenter
from kassalink.pos_import import page_savepoint, text

from .models import PosCostCenter

FIELDS = ["description", "branch_number", "branch_name"]


def connection_branches(connection: Connection, branches: Sequence[Branch]) -> list[Branch]:
    """The branches the connection imports (its Sectoren; none chosen means all)."""
    chosen = set(connection.branches or ())
    return [b for b in branches if not chosen or b.number in chosen]


def branch_of(cost_center: CostCenter, branches: Sequence[Branch]) -> Branch | None:
    """The branch whose name the cost center's description contains (longest name wins,
    so "Utrecht Centrum" beats "Utrecht")."""
    description = (cost_center.description or "").casefold()
    named = [b for b in branches if b.name and b.name.casefold() in description]
    return max(named, key=lambda b: len(b.name), default=None)


def import_cost_centers(
    connection: Connection, branches: Sequence[Branch], cost_centers: Sequence[CostCenter]
) -> int:
    """Mirror getCostCenters with each one's branch; returns how many rows changed.
    Cost centers the POS no longer lists are kept: rules on them stay readable."""
    ours = connection_branches(connection, branches)
    stored = {c.number: c for c in PosCostCenter.objects.filter(connection=connection)}
    changed = 0
    with page_savepoint():
        for center in cost_centers:
            number = text(center.number, "cost center number", max_length=50, blank=False)
            branch = branch_of(center, ours)
            values = {
                "description": text(
                    center.description, f"cost center {number}: description", max_length=200
                ),
                "branch_number": branch.number if branch else None,
                "branch_name": branch.name[:200] if branch else "",
            }
            row = stored.get(number)
            if row is None:
                PosCostCenter.objects.create(
                    organization_id=connection.organization_id,
                    connection=connection,
                    number=number,
                    **values,
                )
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                row.save()
            else:
                continue
            changed += 1
    return changed


def cost_center_by_branch(connection: Connection) -> dict[int, str]:
    """Branch number → the cost center number its shifts count for."""
    pairs = PosCostCenter.objects.filter(connection=connection, branch_number__isnull=False)
    found: dict[int, str] = {}
    for branch, number in pairs.order_by("number").values_list("branch_number", "number"):
        found.setdefault(branch, number)  # two on one branch: the lowest number, stable
    return found
