"""Tab Medewerkers: MplusKASSA employees with an authorization group, mapped by a save."""

from django.urls import reverse

from kassalink.workforce.models import EmployeeMapping
from kassalink.workforce.tests.mapping_shops import employee, pos_employee, signed_in


def url(connection) -> str:
    return reverse("app_center_mapping_tab", args=[connection.pk, "medewerkers"])


def test_lists_pos_employees_with_a_group_and_names_those_without(alice):
    pos_employee(alice, 3, "Eva de Vries")
    pos_employee(alice, 9, "Sem Bakker", group=False)
    client = signed_in(alice)

    page = client.get(url(alice)).content.decode()

    assert "Eva de Vries" in page and 'data-mplus-number="3"' in page
    assert 'data-mplus-number="9"' not in page
    assert "geen autorisatiegroep" in page and "Sem Bakker" in page
    assert "Niet importeren" in page


def test_a_suggestion_is_shown_but_not_saved(alice):
    pos_employee(alice, 3, "Eva de Vries")
    pos_employee(alice, 4, "Daan Jansen", email="daan@alice.example")
    employee(alice, "Eva", "de Vries")
    employee(alice, "D.", "Jansen", email="DAAN@alice.example")
    client = signed_in(alice)

    page = client.get(url(alice)).content.decode()

    assert "voorstel: Eva de Vries" in page
    assert "voorstel: D. Jansen" in page  # by e-mail, whatever the name says
    assert not EmployeeMapping.objects.exists()


def test_the_manager_saves_the_mapping(alice):
    pos_employee(alice, 3, "Eva de Vries")
    pos_employee(alice, 4, "Daan Jansen")
    eva = employee(alice, "Eva", "de Vries")
    client = signed_in(alice, "manager")

    response = client.post(url(alice), {"employee_3": eva.pk, "employee_4": ""})

    assert response.status_code == 302
    stored = dict(EmployeeMapping.objects.values_list("pos_number", "employee"))
    assert stored == {3: eva.pk, 4: None}
    page = client.get(url(alice)).content.decode()
    assert "voorstel: Eva de Vries" not in page  # already chosen


def test_the_owner_may_edit_too(alice):
    pos_employee(alice, 3, "Eva de Vries")
    eva = employee(alice, "Eva", "de Vries")

    signed_in(alice, "owner").post(url(alice), {"employee_3": eva.pk})

    assert EmployeeMapping.objects.get().employee == eva


def test_an_employee_of_another_shop_is_refused_and_nothing_saved(alice, bob):
    pos_employee(alice, 3, "Eva de Vries")
    pos_employee(alice, 4, "Daan Jansen")
    eva = employee(alice, "Eva", "de Vries")
    bobs = employee(bob, "Bram", "Bos")

    response = signed_in(alice).post(url(alice), {"employee_3": eva.pk, "employee_4": bobs.pk})

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not EmployeeMapping.objects.exists()


def test_an_inactive_employee_is_not_offered(alice):
    pos_employee(alice, 3, "Eva de Vries")
    gone = employee(alice, "Oud", "Gediende", active=False)

    response = signed_in(alice).post(url(alice), {"employee_3": gone.pk})

    assert response.status_code == 200 and not EmployeeMapping.objects.exists()


def test_bob_cannot_open_alices_tab(alice, bob):
    assert signed_in(bob).get(url(alice)).status_code == 404
