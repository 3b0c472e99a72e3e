"""Tab Medewerkers: MplusKASSA employees with an authorization group, mapped by a save."""

from django.urls import reverse

from kassalink.workforce.models import Employee, EmployeeMapping
from kassalink.workforce.tests.mapping_shops import department, employee, pos_employee, signed_in


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


# --- no dead ends: accept every suggestion, create the rest in one step ---------------


def test_accept_all_suggestions_maps_only_the_undecided(alice):
    pos_employee(alice, 3, "Eva de Vries")
    pos_employee(alice, 4, "Daan Jansen", email="daan@alice.example")
    pos_employee(alice, 5, "Sem Bakker")
    eva = employee(alice, "Eva", "de Vries")
    daan = employee(alice, "D.", "Jansen", email="daan@alice.example")
    employee(alice, "Sem", "Bakker")
    EmployeeMapping.objects.create(
        organization=alice.organization, connection=alice, pos_number=5, employee=None
    )  # Sem was set to Niet importeren on purpose
    client = signed_in(alice)
    page = client.get(url(alice)).content.decode()
    assert "Alle 2 voorstellen overnemen" in page

    response = client.post(url(alice), {"action": "accept_suggestions"}, follow=True)

    stored = dict(EmployeeMapping.objects.values_list("pos_number", "employee"))
    assert stored == {3: eva.pk, 4: daan.pk, 5: None}
    assert "2 voorstellen overgenomen" in response.content.decode()
    assert 'data-testid="accept-suggestions"' not in response.content.decode()


def test_create_our_employees_from_the_pos_list_in_one_step(alice):
    pos_employee(alice, 3, "Eva de Vries")
    pos_employee(alice, 4, "Anna  van der Berg", email="anna@alice.example")
    pos_employee(alice, 5, "Piet Klok", email="geen adres")
    eva = employee(alice, "Eva", "de Vries")
    magazijn = department(alice, "Magazijn")
    client = signed_in(alice)
    page = client.get(url(alice)).content.decode()
    box = page.split('data-testid="create-employees"')[1].split("</section>")[0]
    assert "Anna  van der Berg" in box and "Piet Klok" in box
    assert "Eva de Vries" not in box  # she has a suggestion instead

    form = {"action": "create_employees", "department": magazijn.pk, "numbers": ["4", "5"]}
    response = client.post(url(alice), form)
    assert response.status_code == 302
    client.post(url(alice), form)  # pressed twice: nobody twice

    anna = Employee.objects.get(first_name="Anna")
    piet = Employee.objects.get(first_name="Piet")
    assert (anna.last_name, anna.email, anna.default_department) == (
        "van der Berg",
        "anna@alice.example",
        magazijn,
    )
    assert piet.email == ""  # not an address: left blank rather than stored wrong
    stored = dict(EmployeeMapping.objects.values_list("pos_number", "employee"))
    assert stored == {4: anna.pk, 5: piet.pk}
    assert Employee.objects.filter(organization=alice.organization).count() == 3
    assert eva.pk not in stored.values()


def test_creating_with_another_shops_department_or_nobody_chosen_changes_nothing(alice, bob):
    pos_employee(alice, 4, "Anna van der Berg")
    bobs = department(bob, "Kelder")
    client = signed_in(alice)
    for form in [
        {"action": "create_employees", "department": bobs.pk, "numbers": ["4"]},
        {"action": "create_employees", "department": department(alice).pk},
        {"action": "create_employees", "department": department(alice).pk, "numbers": ["99"]},
    ]:
        response = client.post(url(alice), form)
        assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not EmployeeMapping.objects.exists()
    assert not Employee.objects.filter(first_name="Anna").exists()
