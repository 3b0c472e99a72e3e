"""Importing MplusKASSA employees: what the Medewerkers mapping tab will list."""

import pytest

from kassalink.mplus.types import AuthorizationGroup, Employee, EmployeeAuthorizationGroup
from kassalink.sync.importing import PosDataError
from kassalink.workforce.imports import import_employees
from kassalink.workforce.models import PosEmployee

CASHIER = AuthorizationGroup(number=2, name="Kassamedewerker")
MANAGER = AuthorizationGroup(number=1, name="Bedrijfsleider")


def staff(marker: int = 1, name: str = "Sanne de Vries") -> list[Employee]:
    return [
        Employee(number=7, name=name, sync_marker=marker, active=True, email="sanne@example.nl"),
        Employee(number=8, name="Joost Bakker", sync_marker=2, active=False),
        Employee(number=9, name="Invaller", sync_marker=3),
    ]


GROUPS = {
    7: [EmployeeAuthorizationGroup(1, CASHIER), EmployeeAuthorizationGroup(2, MANAGER)],
    8: [EmployeeAuthorizationGroup(1, CASHIER)],
}


def test_employees_arrive_with_their_groups(alice):
    result = import_employees(alice, staff(), GROUPS)

    assert (result.created, result.updated, result.skipped) == (3, 0, 0)
    sanne = PosEmployee.objects.get(connection=alice, number=7)
    assert sanne.name == "Sanne de Vries"
    assert sanne.email == "sanne@example.nl"
    assert sanne.authorization_groups == ["Bedrijfsleider", "Kassamedewerker"]
    assert sanne.has_authorization_group
    assert sanne.organization_id == alice.organization_id
    assert not PosEmployee.objects.get(number=8).active
    invaller = PosEmployee.objects.get(number=9)
    assert not invaller.has_authorization_group
    assert invaller.email == ""
    assert result.notes == ("1 employees have no authorization group",)


def test_importing_twice_changes_nothing(alice):
    import_employees(alice, staff(), GROUPS)
    again = import_employees(alice, staff(), GROUPS)

    assert (again.created, again.updated, again.skipped) == (0, 0, 3)
    assert PosEmployee.objects.count() == 3


def test_a_renamed_employee_is_updated(alice):
    import_employees(alice, staff(), GROUPS)
    result = import_employees(alice, staff(marker=10, name="Sanne Jansen"), GROUPS)

    assert (result.created, result.updated, result.skipped) == (0, 1, 2)
    sanne = PosEmployee.objects.get(number=7)
    assert (sanne.name, sanne.sync_marker) == ("Sanne Jansen", 10)


def test_losing_the_last_group_hides_the_employee_from_the_mapping(alice):
    import_employees(alice, staff(), GROUPS)
    result = import_employees(alice, staff(), {**GROUPS, 8: []})

    assert result.updated == 1
    assert not PosEmployee.objects.get(number=8).has_authorization_group


def test_the_newest_version_wins_within_a_page(alice):
    page = [*staff(marker=1), Employee(number=7, name="Sanne Jansen", sync_marker=5)]
    result = import_employees(alice, page, GROUPS)

    assert (result.created, result.skipped) == (3, 1)
    assert PosEmployee.objects.get(number=7).name == "Sanne Jansen"


def test_bad_employee_number_writes_nothing(alice):
    page = [*staff(), Employee(number="12a", name="Typo")]

    with pytest.raises(PosDataError, match="employee number: expected a whole number"):
        import_employees(alice, page, GROUPS)
    assert not PosEmployee.objects.exists()


def test_bob_never_sees_alices_employees(alice, bob):
    import_employees(alice, staff(), GROUPS)
    import_employees(bob, staff()[:1], {})

    assert PosEmployee.objects.filter(organization=bob.organization).count() == 1
    bobs = PosEmployee.objects.get(organization=bob.organization)
    assert bobs.connection == bob
    assert not bobs.has_authorization_group
    assert PosEmployee.objects.filter(organization=alice.organization).count() == 3


@pytest.mark.django_db
def test_simulator_employees_import_once(alice, simulator):
    sim, client = simulator
    employees = list(client.iter_employees())
    groups = {e.number: client.get_employee_authorization_groups(e.number) for e in employees}

    first = import_employees(alice, employees, groups)
    second = import_employees(alice, employees, groups)

    assert first.created == len(employees) == len(sim.employees)
    assert (second.created, second.updated, second.skipped) == (0, 0, len(employees))
    without = {e.number for e in sim.employees if e.group_number is None}
    stored = PosEmployee.objects.filter(connection=alice, has_authorization_group=False)
    assert set(stored.values_list("number", flat=True)) == without
