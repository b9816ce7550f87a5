"""The demo directory of ``load_demo``: fictitious, complete for every member country,
idempotent."""

import io

import pytest
from django.core.management import call_command

from coalition.core.models import AuditEntry, Country, Organization
from coalition.directory.choices import ContactKind, Language
from coalition.directory.models import Contact
from coalition.lib.areas import areas_of
from coalition.lib.phones import normalize

PLANS = (
    "coalition/plans/data/plan-operativo-2012.json",
    "coalition/plans/data/agenda-2012-2013.json",
)
DOMAIN = "@demo.coalition.invalid"


def snapshot_counts():
    return (
        Organization.objects.count(),
        Contact.objects.count(),
        AuditEntry.objects.count(),
        AuditEntry.objects.filter(object_type__in=["core.organization", "directory.contact"])
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first(),
    )


@pytest.mark.django_db
def test_load_demo_fills_a_fictitious_directory_for_every_country_once(countries):
    call_command("load_plan", *PLANS, stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo directory:" in out.getvalue()
    assert "Demo directory: 0 rows" not in out.getvalue()

    contacts = Contact.objects.select_related("organization", "country")
    members = Country.objects.members().active()
    for country in members:
        mine = contacts.filter(country=country)
        assert 6 <= mine.count() <= 10, country.iso2
        assert mine.filter(kind=ContactKind.LINE, public=True).exists(), country.iso2
        assert mine.filter(kind=ContactKind.PERSON).count() >= 4, country.iso2
        shelter = Organization.objects.get(country=country, name__startswith="Albergue")
        assert shelter.capacity and not shelter.public
        services = Organization.objects.filter(country=country).values_list("services", flat=True)
        assert any("help_line" in row for row in services), country.iso2
    regional = contacts.filter(country__is_regional=True)
    assert 8 <= regional.filter(international=True).count() <= 12
    assert {"en", "es", "fr"} <= {code for c in regional for code in c.languages}
    belize = contacts.filter(country__iso2="BZ", kind=ContactKind.PERSON)
    assert all({"en", "es", "bzj"} <= set(c.languages) for c in belize)

    assert not contacts.filter(kind=ContactKind.PERSON, public=True).exists()
    assert {c.is_stale for c in contacts} == {True, False}
    assert contacts.filter(last_verified__isnull=True).exists()
    assert not contacts.filter(verified_by__isnull=False).exists()
    known_languages = set(Language.values)
    for contact in contacts:
        assert contact.organization.country_id == contact.country_id
        assert contact.phones and all(normalize(p) == p for p in contact.phones), contact
        assert contact.emails and all(e.endswith(DOMAIN) for e in contact.emails), contact
        assert set(contact.languages) <= known_languages, contact

    institutions = Organization.objects.exclude(phones=[])
    assert institutions.count() >= 5 + 8 * 8
    assert {o.is_stale for o in institutions} == {True, False}
    for org in institutions:
        assert all(normalize(p) == p for p in org.phones), org
        assert org.emails and all(e.endswith(DOMAIN) for e in org.emails), org
        assert org.website.startswith("https://demo.coalition.invalid/"), org
        assert org.country.is_regional or org.address.startswith("Dirección ficticia, ")
        assert set(org.coverage) <= set(areas_of(org.country.iso2)), org
    assert Organization.objects.exclude(coverage=[]).count() >= 8 * 3

    entries = AuditEntry.objects.filter(object_type="directory.contact", action="create")
    assert entries.count() == contacts.count()
    assert set(entries.values_list("actor_repr", flat=True)) == {"system:load_demo"}
    filled = AuditEntry.objects.filter(object_type="core.organization", action="update")
    assert filled.count() >= 5 + 5 * 8
    assert all(e.before and e.after for e in filled)

    counts = snapshot_counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo directory: 0 rows created." in out.getvalue()
    assert snapshot_counts() == counts
