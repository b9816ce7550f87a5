"""Benchmark of the directory's search: 20,000 institutions and 100,000 contacts across the
member countries and the regional level (varied Spanish names, positions, services and
places, from a fixed random seed), then the median time of a search through
``directory.search`` and through the directory page, by a regional administrator and by the
editor of a country (the scoped path). Exits with 1 when a figure misses its target.

Run from the repository root: ``.venv/bin/python bench/directory.py`` (or ``make bench``).
It uses a throwaway SQLite database under /tmp and never touches var/. With ``--postgres``
it uses the database of ``DATABASE_URL`` instead, which must be a throwaway PostgreSQL one:
``bash scripts/with-postgres.sh .venv/bin/python bench/directory.py --postgres`` (as
``make bench`` does); its figures are named ``..._postgresql``.
"""

import os
import random
import statistics
import time
from urllib.parse import urlencode

import harness

SUFFIX = harness.start(postgres_allowed=True)
WORK = harness.WORK

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from coalition.core import access  # noqa: E402
from coalition.core.choices import Axis, OrganizationKind, Service  # noqa: E402
from coalition.core.models import Country, Organization  # noqa: E402
from coalition.directory.choices import ContactKind  # noqa: E402
from coalition.directory.models import Contact, institution_text  # noqa: E402
from coalition.directory.search import contact_text, rebuild_index, search  # noqa: E402
from coalition.lib.areas import areas_of  # noqa: E402
from coalition.lib.text import fold  # noqa: E402

INSTITUTIONS = 20_000
CONTACTS = 100_000
SEARCHES = 200
PAGE_REQUESTS = 50
WARM_UP = 5
SEARCH_TARGET_MS = 50
PAGE_TARGET_MS = 150
TERMS = [
    "atencion",
    "panama",
    "fiscal",
    "albergue san jose",
    "linea",
    "maria gonzalez",
    "psicologa",
    "migracion guatemala",
    "oficina victimas",
    "trata",
    "directora",
    "juzgado penal",
    "Atención Integral",
    "hernandez",
    "repatriation",
    "cruz roja",
    "salud honduras",
    "fundacion esperanza",
    "coordinador",
    "san salvador",
]

FIRST_NAMES = [
    "María",
    "José",
    "Ana",
    "Luis",
    "Carlos",
    "Juan",
    "Rosa",
    "Carmen",
    "Jorge",
    "Lucía",
    "Sofía",
    "Miguel",
    "Elena",
    "Pedro",
    "Marta",
    "Andrés",
    "Gabriela",
    "Ricardo",
    "Patricia",
    "Fernando",
    "Isabel",
    "Héctor",
    "Verónica",
    "Óscar",
    "Mónica",
    "Raúl",
    "Adriana",
    "Julio",
    "Claudia",
    "Ramón",
    "Beatriz",
    "Tomás",
    "Yolanda",
    "Esteban",
    "Daniela",
    "Rubén",
    "Alejandra",
    "Iván",
]
SURNAMES = [
    "González",
    "Hernández",
    "Rodríguez",
    "Martínez",
    "López",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vásquez",
    "Jiménez",
    "Reyes",
    "Díaz",
    "Torres",
    "Castillo",
    "Romero",
    "Mendoza",
    "Ruiz",
    "Álvarez",
    "Chávez",
    "Mora",
    "Quesada",
    "Solís",
    "Ajú",
    "Batz",
    "Tzul",
    "Xicará",
    "Barrios",
    "Aguilar",
    "Castro",
    "Ortiz",
    "Núñez",
    "Guerrero",
    "Peña",
]
POSITIONS = [
    "Director",
    "Directora",
    "Coordinadora de atención a víctimas",
    "Coordinador de programas",
    "Fiscal de sección",
    "Fiscal auxiliar",
    "Jueza de lo penal",
    "Psicóloga",
    "Trabajador social",
    "Oficial de protección",
    "Asesora legal",
    "Jefe de migración",
    "Inspector de trabajo",
    "Enlace institucional",
    "Oficial de enlace",
    "Encargada de albergue",
    "",
]
SAINTS = [
    "San José",
    "Santa María",
    "San Miguel",
    "Santa Ana",
    "San Juan",
    "Santa Rosa",
    "Sagrado Corazón",
]
INSTITUTION_NAMES = [
    (OrganizationKind.NGO, "Albergue {saint}"),
    (OrganizationKind.NGO, "Fundación {word}"),
    (OrganizationKind.NGO, "Asociación {word} de {place}"),
    (OrganizationKind.PROSECUTOR, "Fiscalía contra la Trata de Personas de {place}"),
    (OrganizationKind.PROSECUTOR, "Fiscalía de la Mujer de {place}"),
    (OrganizationKind.JUDICIARY, "Juzgado {ordinal} Penal de {place}"),
    (OrganizationKind.GOVERNMENT, "Oficina de Atención a Víctimas de {place}"),
    (OrganizationKind.GOVERNMENT, "Centro de Atención Integral {saint}"),
    (OrganizationKind.HEALTH, "Hospital {saint} de {place}"),
    (OrganizationKind.HEALTH, "Centro de Salud de {place}"),
    (OrganizationKind.IMMIGRATION, "Dirección de Migración de {place}"),
    (OrganizationKind.LAW_ENFORCEMENT, "Policía Nacional, Delegación de {place}"),
    (OrganizationKind.INTERNATIONAL, "Cruz Roja, Oficina de {place}"),
    (OrganizationKind.EDUCATION, "Escuela {saint} de {place}"),
]
WORDS = ["Esperanza", "Nueva Vida", "Luz y Camino", "Manos Unidas", "Raíces", "Refugio", "Paz"]
ORDINALS = ["Primero", "Segundo", "Tercero", "Cuarto", "Quinto"]
LINES = [
    "Línea de atención {n}",
    "Línea de emergencia {n}",
    "Oficina de denuncias {n}",
    "Recepción de víctimas {n}",
]


def build(rng):
    today = timezone.localdate()
    countries = list(Country.objects.active())
    areas = {c.pk: areas_of(c.iso2) or ["Región"] for c in countries}
    organizations, seen = [], set()
    while len(organizations) < INSTITUTIONS:
        country = rng.choice(countries)
        kind, pattern = rng.choice(INSTITUTION_NAMES)
        places = areas[country.pk]
        place = rng.choice(places)
        name = pattern.format(
            saint=rng.choice(SAINTS),
            word=rng.choice(WORDS),
            place=place,
            ordinal=rng.choice(ORDINALS),
        )
        if (country.pk, name) in seen:
            name = f"{name} {len(organizations)}"
        seen.add((country.pk, name))
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())[:8]
        organizations.append(
            Organization(
                name=name,
                acronym=acronym,
                kind=kind,
                country=country,
                axes=rng.sample(Axis.values, rng.randint(1, 2)),
                services=rng.sample(Service.values, rng.randint(1, 3)),
                coverage=rng.sample(
                    areas[country.pk], min(len(areas[country.pk]), rng.randint(0, 3))
                ),
                phones=[f"+50{rng.randint(10000000, 99999999)}"],
                public=rng.random() < 0.2,
                last_verified=today,
                search_text=fold(f"{name} {acronym}"),
            )
        )
    organizations = Organization.objects.bulk_create(organizations, batch_size=1000)
    by_country = {c.pk: c for c in countries}
    texts = {}
    for org in organizations:
        org.country = by_country[org.country_id]
        texts[org.pk] = institution_text(org)
    contacts = []
    for _ in range(CONTACTS):
        org = rng.choice(organizations)
        if rng.random() < 0.85:
            kind, public = ContactKind.PERSON, False
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
            position = rng.choice(POSITIONS)
        else:
            kind, public = ContactKind.LINE, rng.random() < 0.5
            name = rng.choice(LINES).format(n=rng.randint(100, 9999))
            position = ""
        contact = Contact(
            kind=kind,
            name=name,
            position=position,
            organization=org,
            country_id=org.country_id,
            axes=org.axes[:1],
            phones=[f"+50{rng.randint(10000000, 99999999)}"],
            international=rng.random() < 0.02,
            public=public,
            last_verified=today,
        )
        contact.search_text = contact_text(contact, texts[org.pk])
        contacts.append(contact)
    Contact.objects.bulk_create(contacts, batch_size=2000)


def timed(run, count):
    for n in range(WARM_UP):
        run(TERMS[n % len(TERMS)])
    times = []
    for n in range(count):
        started = time.perf_counter()
        run(TERMS[n % len(TERMS)])
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    call_command("migrate", verbosity=0)
    call_command("load_countries", stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.perf_counter()
    with transaction.atomic():
        build(random.Random(20261129))
    built = time.perf_counter() - started
    started = time.perf_counter()
    contacts, institutions = rebuild_index()
    print(
        f"bench: built {institutions} institutions and {contacts} contacts in {built:.1f} s, "
        f"indexed in {time.perf_counter() - started:.1f} s ({WORK})"
    )
    # The regional administrator finds every term; a country's editor, fewer.
    measure("regional_admin", harness.regional_admin(), expect_results=True)
    measure("country_editor", harness.country_editor("CR"), expect_results=False)


def measure(name, user, expect_results):
    """A search's median time through ``directory.search`` and through the page."""
    url = reverse("directory")
    client = harness.signed_in_client(user)

    def one_search(term):
        access.forget(user)  # as in a request: the memberships are read again
        page = search(user, term)
        assert page.total > 0 or not expect_results, f"nothing found for {term!r}"

    def one_page(term):
        response = client.get(f"{url}?{urlencode({'q': term})}")
        assert response.status_code == 200, f"{url} answered {response.status_code}"

    median = timed(one_search, SEARCHES)
    harness.figure(f"directory_search_median_{name}{SUFFIX}", median, "ms", "<", SEARCH_TARGET_MS)
    median = timed(one_page, PAGE_REQUESTS)
    harness.figure(f"directory_page_median_{name}{SUFFIX}", median, "ms", "<", PAGE_TARGET_MS)


if __name__ == "__main__":
    harness.run(main)
