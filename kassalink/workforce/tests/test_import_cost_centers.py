"""Which cost center a branch's clocked shifts count for: the one its turnover groups book
the branch's turnover on (getTurnoverGroups), never a guess from names."""

from kassalink.mplus.types import Branch, BranchCostCenter, CostCenter, TurnoverGroup
from kassalink.workforce.imports import import_employees
from kassalink.workforce.imports_cost_centers import (
    cost_center_by_branch,
    import_cost_centers,
    turnover_cost_center,
)
from kassalink.workforce.mapping_actions import listed_cost_centers
from kassalink.workforce.models import PosBranch, PosCostCenter

TURNOVER = "TURNOVER-GROUP-TYPE-TURNOVER"
CENTRUM = Branch(1, "Centrum", "CEN", "NLD")
AMERSFOORT = Branch(2, "Amersfoort", "AMF", "NLD")
BRANCHES = [CENTRUM, AMERSFOORT]
# Described the way shops do: no branch name in sight.
CENTERS = [
    CostCenter("KP101", "Omzet winkel 1"),
    CostCenter("KP102", "Omzet winkel 2"),
    CostCenter("KP900", "Hoofdkantoor"),
]


def group(number: int, *per_branch: tuple[int, str], default: str | None = None, **fields):
    return TurnoverGroup(
        number=number,
        name=f"Groep {number}",
        group_type=fields.pop("group_type", TURNOVER),
        default_turnover_cost_center_number=default,
        branch_cost_centers=tuple(BranchCostCenter(b, c) for b, c in per_branch),
        **fields,
    )


# Both groups book branch 2 on its own entry and branch 1 on the default.
GROUPS = [
    group(10, (2, "KP102"), default="KP101"),
    group(20, (2, "KP102"), default="KP101"),
]


def test_a_branch_counts_for_what_most_of_its_turnover_groups_book_it_on():
    groups = [group(10, (1, "KP101")), group(20, (1, "KP101")), group(30, (1, "KP900"))]
    assert turnover_cost_center(1, groups) == "KP101"


def test_a_tie_goes_to_the_lowest_number():
    groups = [group(10, (1, "10")), group(20, (1, "9")), group(30, (1, "KP1"))]
    assert turnover_cost_center(1, groups) == "9"


def test_without_an_entry_the_group_own_then_its_default_cost_center_applies():
    assert turnover_cost_center(1, [group(10, (2, "KP102"), default="KP900")]) == "KP900"
    own = group(10, default="KP900", turnover_cost_center_number="KP101")
    assert turnover_cost_center(1, [own]) == "KP101"
    assert turnover_cost_center(1, [group(10, (1, ""), default="KP900")]) == "KP900"


def test_only_turnover_groups_count_and_none_named_means_none():
    payment = group(70, (1, "KP910"), group_type="TURNOVER-GROUP-TYPE-PAYMENT")
    assert turnover_cost_center(1, [payment]) is None
    assert turnover_cost_center(1, [payment, group(10, (1, "KP101"))]) == "KP101"
    assert turnover_cost_center(3, GROUPS) == "KP101"  # the default covers every branch
    assert turnover_cost_center(1, [group(10)]) is None


def test_branches_are_paired_where_the_descriptions_name_no_branch(alice):
    changed = import_cost_centers(alice, BRANCHES, CENTERS, GROUPS)

    assert changed == 5  # three cost centers, two branches
    assert cost_center_by_branch(alice) == {1: "KP101", 2: "KP102"}
    assert all(branch.name not in center.description for branch in BRANCHES for center in CENTERS)
    listed = listed_cost_centers(alice)
    assert [(c.number, c.description, [b.name for b in c.branches]) for c in listed] == [
        ("KP101", "Omzet winkel 1", ["Centrum"]),
        ("KP102", "Omzet winkel 2", ["Amersfoort"]),
    ]
    assert import_cost_centers(alice, BRANCHES, CENTERS, GROUPS) == 0


def test_branches_sharing_a_cost_center_are_listed_on_one_row(alice):
    import_cost_centers(alice, BRANCHES, CENTERS, [group(10, default="KP900")])

    assert cost_center_by_branch(alice) == {1: "KP900", 2: "KP900"}
    (row,) = listed_cost_centers(alice)
    assert (row.number, [b.number for b in row.branches]) == ("KP900", [1, 2])


def test_only_the_connection_branches_are_kept_and_a_change_in_the_pos_follows(alice):
    import_cost_centers(alice, BRANCHES, CENTERS, GROUPS)
    alice.branches = [2]
    alice.save()
    moved = [group(10, (2, "KP900")), group(20, (2, "KP900"))]

    assert import_cost_centers(alice, BRANCHES, CENTERS, moved) == 2  # one moved, one gone
    assert cost_center_by_branch(alice) == {2: "KP900"}
    assert PosCostCenter.objects.filter(connection=alice).count() == 3


def test_a_cost_center_missing_from_get_cost_centers_is_still_listed(alice):
    import_cost_centers(alice, [CENTRUM], [], [group(10, (1, "KP555"))])

    (row,) = listed_cost_centers(alice)
    assert (row.number, row.description, row.pk) == ("KP555", "", None)


def test_the_employees_import_pairs_branches_only_with_turnover_groups(alice, bob):
    import_employees(alice, [], {}, BRANCHES, CENTERS, GROUPS)
    import_employees(alice, [], {})  # an employees page without setup touches nothing

    assert cost_center_by_branch(alice) == {1: "KP101", 2: "KP102"}
    assert cost_center_by_branch(bob) == {}
    assert not PosBranch.objects.filter(connection=bob).exists()
