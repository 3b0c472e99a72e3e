"""The shop's fixed setup: branches with workplaces, cost centers, authorization groups
and the staff, all drawn deterministically from the seed."""

import itertools
import random
from datetime import datetime, timedelta

from .records import AuthorizationGroup, Branch, CostCenter, Employee, Workplace

BRANCH_PLACES = [
    ("Utrecht Centrum", "UTR", "Utrecht"),
    ("Amersfoort", "AMF", "Amersfoort"),
    ("Zeist", "ZST", "Zeist"),
    ("Houten", "HTN", "Houten"),
    ("Nieuwegein", "NWG", "Nieuwegein"),
    ("Bilthoven", "BLT", "Bilthoven"),
]
# A chain (`kassalink simulator --branches 50`) goes on with more towns, then numbers.
MORE_TOWNS = [
    "Amsterdam", "Rotterdam", "Den Haag", "Eindhoven", "Groningen", "Tilburg", "Almere",
    "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Zaandam",
    "Amstelveen", "Zwolle", "Leiden", "Maastricht", "Dordrecht", "Ede", "Alkmaar",
    "Delft", "Deventer", "Venlo", "Helmond", "Hilversum", "Leeuwarden", "Oss", "Gouda",
    "Hoorn", "Purmerend", "Schiedam", "Lelystad", "Alphen", "Roosendaal", "Emmen",
    "Assen", "Veenendaal", "Zoetermeer", "Vlaardingen", "Kampen", "Harderwijk", "Woerden",
    "Culemborg",
]  # fmt: skip
MAX_BRANCHES = 999

AUTHORIZATION_GROUPS = (
    AuthorizationGroup(1, "Beheerder", 1),
    AuthorizationGroup(2, "Bedrijfsleider", 2),
    AuthorizationGroup(3, "Kassamedewerker", 3),
    AuthorizationGroup(4, "Magazijn", 4),
)

FIRST_NAMES = [
    "Anouk", "Bram", "Daan", "Emma", "Fleur", "Gijs", "Hanna", "Isa", "Jesse", "Julia",
    "Lars", "Lieke", "Luuk", "Maud", "Milan", "Noor", "Ruben", "Sanne", "Sem", "Sophie",
    "Thijs", "Tess", "Vera", "Wouter", "Yara", "Zoë", "Mohamed", "Fatima", "Kevin", "Eva",
    "Sven", "Lotte", "Niels", "Iris", "Stijn", "Femke", "Joris", "Roos", "Bas", "Mila",
]  # fmt: skip
LAST_NAMES = [
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits", "El Amrani", "Yılmaz", "van Dijk", "Kok",
]  # fmt: skip


def branch_place(index: int) -> tuple[str, str, str]:
    """Name, abbreviation and city of the branch at `index` (0-based)."""
    if index < len(BRANCH_PLACES):
        return BRANCH_PLACES[index]
    town = MORE_TOWNS[(index - len(BRANCH_PLACES)) % len(MORE_TOWNS)]
    lap = (index - len(BRANCH_PLACES)) // len(MORE_TOWNS)
    name = town if lap == 0 else f"{town} {lap + 1}"
    return name, f"{town[:2].upper()}{index + 1}", town


def make_branches(count: int) -> tuple[Branch, ...]:
    if not 1 <= count <= MAX_BRANCHES:
        raise ValueError(f"branches must be between 1 and {MAX_BRANCHES}")
    branches = []
    for index in range(count):
        name, abbreviation, city = branch_place(index)
        number = index + 1
        tills = 3 if number == 1 else 2
        workplaces = (
            *tuple(Workplace(w, f"Kassa {w}", "STANDARD") for w in range(1, tills + 1)),
            Workplace(tills + 1, "Handheld", "MOBILE"),
        )
        branches.append(Branch(number, name, abbreviation, city, f"KP{100 + number}", workplaces))
    return tuple(branches)


def make_cost_centers(branches: tuple[Branch, ...]) -> tuple[CostCenter, ...]:
    """One turnover cost center per branch. Only the first names its branch: shops
    describe cost centers as they like ("Omzet winkel 2"), so nothing may rely on it."""
    per_branch = tuple(
        CostCenter(
            b.turnover_cost_center, f"Omzet {b.name}" if i == 0 else f"Omzet winkel {b.number}"
        )
        for i, b in enumerate(branches)
    )
    return (*per_branch, CostCenter("KP900", "Hoofdkantoor"), CostCenter("KP910", "Webshop"))


MAX_EMPLOYEES = 20_000


def make_employees(
    rng: random.Random, count: int, branches: tuple[Branch, ...], before: datetime
) -> tuple[Employee, ...]:
    """Staff spread over the branches. About one in six has no authorization group and
    one in ten has left (inactive), at least one of each; a few work at two branches."""
    if not 1 <= count <= MAX_EMPLOYEES:
        raise ValueError(f"employees must be between 1 and {MAX_EMPLOYEES}")
    names = set()
    employees = []
    for index in range(count):
        number = index + 1
        for attempt in itertools.count():
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if attempt > 40:
                # A chain's staff outgrows the name pairs: the number tells them apart.
                name = f"{name} ({number})"
            if name not in names:
                names.add(name)
                break
        home = branches[index % len(branches)].number
        homes = (home,)
        if len(branches) > 1 and rng.random() < 0.15:
            other = rng.choice([b.number for b in branches if b.number != home])
            homes = (home, other)
        group: int | None
        if index == 0:
            group = 1
        elif index < len(branches) + 1:
            group = 2
        elif index == count - 2:
            group = None  # always at least one without a group
        else:
            group = rng.choice([3, 3, 3, 3, 4, None])
        # Always some who have left, plus a few at random.
        active = index < 3 or (index not in (count - 1, count - 4) and rng.random() > 0.1)
        username = name.split()[0].lower() + str(number)
        email = f"{username}@example.nl" if rng.random() < 0.8 else None
        created = before - timedelta(days=rng.randint(60, 900), minutes=rng.randint(0, 600))
        changed = created + timedelta(days=rng.randint(0, 50))
        employees.append(
            Employee(
                number=number,
                name=name,
                username=username,
                email=email,
                active=active,
                branch_numbers=homes,
                group_number=group,
                sync_marker=number,
                created=created,
                changed=min(changed, before),
            )
        )
    return tuple(employees)
