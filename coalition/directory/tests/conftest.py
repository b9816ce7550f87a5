"""Fixtures of the directory app. ``build_directory`` (also used by ``sweep.py``) gives
institutions with their directory details and contacts in Costa Rica, Guatemala and at
the regional level: a person and a public help line in Costa Rica (one of them stale), a
person in Guatemala, and an international key contact at the regional level."""

import datetime

import pytest
from django.utils import timezone

from coalition.core.choices import Axis, OrganizationKind, Population, Service
from coalition.core.models import Organization
from coalition.directory.choices import ContactKind
from coalition.directory.models import Contact


def make_institution(country, name, acronym="", **fields):
    fields.setdefault("kind", OrganizationKind.GOVERNMENT)
    fields.setdefault("last_verified", timezone.localdate())
    return Organization.objects.create(country=country, name=name, acronym=acronym, **fields)


def make_contact(organization, name, **fields):
    fields.setdefault("country", organization.country)
    fields.setdefault("last_verified", timezone.localdate())
    return Contact.objects.create(organization=organization, name=name, **fields)


def build_directory(countries):
    today = timezone.localdate()
    cr, gt, regional = countries["CR"], countries["GT"], countries["regional"]
    shelter = make_institution(
        cr,
        "Albergue Nacional de Atención a Víctimas",
        "ANAV",
        kind=OrganizationKind.GOVERNMENT,
        axes=[Axis.ATTENTION],
        services=[Service.SHELTER, Service.PSYCHOLOGICAL_CARE],
        populations=[Population.WOMEN, Population.CHILDREN],
        coverage=["San José", "Heredia"],
        capacity=24,
        address="Dirección confidencial",
        phones=["+50622223333"],
        emails=["albergue@example.test"],
        public=True,
    )
    prosecutors = make_institution(
        gt,
        "Fiscalía contra la Trata de Personas",
        "FETP",
        kind=OrganizationKind.PROSECUTOR,
        axes=[Axis.JUSTICE],
        services=[Service.LEGAL_AID],
        phones=["+50224119191"],
    )
    iom = make_institution(
        regional,
        "Oficina Regional de Protección de la OIM",
        "OIM-OR",
        kind=OrganizationKind.INTERNATIONAL,
        axes=[Axis.REPATRIATION],
        services=[Service.REPATRIATION],
    )
    return {
        "institutions": {"CR": shelter, "GT": prosecutors, "regional": iom},
        "contacts": {
            "cr_person": make_contact(
                shelter,
                "Lucía Fernández Mora",
                position="Directora",
                axes=[Axis.ATTENTION],
                phones=["+50688887777"],
                emails=["lucia@example.test"],
                languages=["es", "en"],
            ),
            "cr_line": make_contact(
                shelter,
                "Línea de atención 24 horas",
                kind=ContactKind.LINE,
                phones=["+50622223333"],
                public=True,
                last_verified=today - datetime.timedelta(days=200),
            ),
            "gt_person": make_contact(
                prosecutors,
                "José Pérez Ajú",
                position="Fiscal de sección",
                axes=[Axis.JUSTICE],
                phones=["+50255554444"],
            ),
            "regional_person": make_contact(
                iom,
                "Ana Smith",
                position="Oficial regional de protección",
                axes=[Axis.REPATRIATION],
                phones=["+50622001100"],
                emails=["asmith@example.test"],
                languages=["en", "es"],
                international=True,
            ),
        },
    }


@pytest.fixture
def directory(personas, countries, organizations):
    return build_directory(countries)
