"""Sharing agreements and share packages: a partner receives the disclosure-controlled
statistics of the countries an agreement covers only while every one of them approved it
and today is within its dates; every step is audited; packages verify, altered ones not."""

import csv
import datetime
import io
import zipfile
from collections import defaultdict

import pyrage
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from coalition.core.choices import ApprovalState, AuditAction, Role
from coalition.core.models import Approval, AuditEntry, Membership, User
from coalition.lib import sharepack
from coalition.sentences.models import (
    APPROVAL_KIND,
    AgreementCountry,
    SharePackage,
    SharingAgreement,
)
from coalition.sentences.tests.factories import sentence
from conftest import sign_in

pytestmark = pytest.mark.usefixtures("in_english")

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def agreement(organizations, countries, *, approved=("CR", "GT"), pending=(), **fields):
    fields = {
        "valid_from": TODAY - 10 * DAY,
        "valid_to": TODAY + 100 * DAY,
        "purpose": "Regional report",
        **fields,
    }
    made = SharingAgreement.objects.create(partner=organizations["oim"], **fields)
    for iso2 in approved:
        AgreementCountry.objects.create(
            agreement=made, country=countries[iso2], approved_at=timezone.now()
        )
    for iso2 in pending:
        AgreementCountry.objects.create(agreement=made, country=countries[iso2])
    return made


def approve_year(country, year):
    Approval.objects.create(
        kind=APPROVAL_KIND, country=country, year=year, state=ApprovalState.APPROVED
    )


@pytest.fixture
def valid(organizations, countries):
    return agreement(organizations, countries)


@pytest.fixture
def statistics(countries):
    """Guatemala 2021 (approved): 7 men convicted, 3 women acquitted, 12 victims of whom 2
    boys; Guatemala 2022 (not approved); Costa Rica 2021 (approved: 6 women convicted by a
    sentence that states no form of exploitation)."""
    gt, cr = countries["GT"], countries["CR"]
    sentence(
        gt,
        defendants=[
            ("convicted", "male", "adult", "GT", 7),
            ("acquitted", "female", "adult", "SV", 3),
        ],
        victims=[
            ("female", "adult", "GT", "sexual", 10),
            ("male", "minor", "HN", "forced_labour", 2),
        ],
    )
    sentence(gt, final_date=datetime.date(2022, 3, 1))
    sentence(cr, forms=(), defendants=[("convicted", "female", "adult", "CR", 6)], victims=[])
    approve_year(gt, 2021)
    approve_year(cr, 2021)


def generate(client, agreement):
    return client.post(reverse("sharing-package-generate", args=[agreement.pk]))


def download(client, package):
    return client.get(reverse("sharing-package-download", args=[package.pk]))


def package_bytes(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def members(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def shared_csv(content):
    return list(csv.DictReader(io.StringIO(members(content)["statistics.csv"].decode())))


# --- a partner without a valid agreement gets nothing -----------------------------------------


def test_a_partner_without_an_agreement_sees_none_and_reaches_nothing(
    client_for, organizations, countries
):
    other = SharingAgreement.objects.create(
        partner=organizations["st_regional"],
        purpose="Another organization's",
        valid_from=TODAY - DAY,
        valid_to=TODAY + DAY,
    )
    AgreementCountry.objects.create(
        agreement=other, country=countries["GT"], approved_at=timezone.now()
    )
    partner = client_for("partner")
    page = partner.get(reverse("sharing-agreement-list"))
    assert page.status_code == 200
    assert "No sharing agreement you may see." in page.content.decode()
    for name in ("sharing-agreement-detail", "sharing-agreement-statistics"):
        assert partner.get(reverse(name, args=[other.pk])).status_code == 404
    assert generate(partner, other).status_code == 404
    assert not SharePackage.objects.exists()


@pytest.mark.parametrize(
    ("dates", "approved", "pending"),
    [
        ({}, ("GT",), ("CR",)),
        ({"valid_from": TODAY - 100 * DAY, "valid_to": TODAY - DAY}, ("CR", "GT"), ()),
        ({"valid_from": TODAY + DAY, "valid_to": TODAY + 100 * DAY}, ("CR", "GT"), ()),
    ],
    ids=["pending in one country", "expired", "not yet in force"],
)
def test_a_partner_gets_no_statistics_and_no_package_unless_the_agreement_is_valid(
    client_for, organizations, countries, statistics, dates, approved, pending
):
    made = agreement(organizations, countries, approved=approved, pending=pending, **dates)
    partner = client_for("partner")
    assert partner.get(made.get_absolute_url()).status_code == 200
    stats = partner.get(reverse("sharing-agreement-statistics", args=[made.pk]))
    assert stats.status_code == 403
    assert "Persons convicted" not in stats.content.decode()
    assert generate(partner, made).status_code == 403
    assert not SharePackage.objects.exists()


def test_a_package_stops_downloading_when_a_country_withdraws_its_approval(
    client_for, valid, statistics
):
    partner = client_for("partner")
    generate(partner, valid)
    package = SharePackage.objects.get()
    valid.coverage.filter(country__iso2="CR").update(approved_at=None)
    assert download(partner, package).status_code == 403


def test_an_expired_package_is_refused(client_for, valid, statistics):
    partner = client_for("partner")
    generate(partner, valid)
    package = SharePackage.objects.get()
    SharePackage.objects.filter(pk=package.pk).update(expires=timezone.now() - DAY)
    assert download(partner, package).status_code == 403


def test_nobody_but_the_partner_downloads_a_package(client_for, valid, statistics):
    generate(client_for("partner"), valid)
    package = SharePackage.objects.get()
    for persona in ("regional_admin", "gt_editor", "cr_contributor", "auditor"):
        assert download(client_for(persona), package).status_code == 404, persona


# --- a valid agreement --------------------------------------------------------------------------


def test_the_partner_reads_only_approved_years_under_disclosure_control(
    client_for, valid, statistics
):
    page = client_for("partner").get(reverse("sharing-agreement-statistics", args=[valid.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Guatemala · 2021" in text
    assert "Costa Rica · 2021" in text
    assert "2022" not in text
    assert "&lt;5" in text  # the two boys, the three women acquitted


def test_no_hidden_figure_is_the_difference_of_a_shown_total_and_shown_parts(valid, statistics):
    """In every line of every table (a total and the parts it adds up), a hidden part is
    never alone: otherwise the total minus the other parts gives it back."""
    from coalition.sentences.sharing.package import shared_rows
    from coalition.sentences.statistics.counts import ZERO
    from coalition.sentences.statistics.tables import AGES, SEXES

    found = {
        (r.country.iso2, r.year, r.indicator, r.dimension, r.category, r.sex, r.age): r.shown
        for r in shared_rows(valid)
    }
    rows = defaultdict(lambda: ZERO, found)
    lines = []
    for country, year, indicator in {key[:3] for key in found}:
        at = (country, year, indicator)
        total = rows[(*at, "total", "total", "total", "total")]
        for dimension in ("citizenship", "exploitation"):
            parts = [v for k, v in found.items() if k[:4] == (*at, dimension)]
            lines.append((total, parts))
        for sex in ["total", *SEXES]:
            whole = rows[(*at, "total", "total", sex, "total")]
            lines.append((whole, [rows[(*at, "total", "total", sex, a)] for a in AGES]))
        for age in ["total", *AGES]:
            whole = rows[(*at, "total", "total", "total", age)]
            lines.append((whole, [rows[(*at, "total", "total", s, age)] for s in SEXES]))
    assert any(not shown.is_exact for _total, parts in lines for shown in parts)
    for total, parts in lines:
        hidden = [shown for shown in parts if not shown.is_exact]
        assert not total.is_exact or len(hidden) != 1, (total, parts)


def test_the_partner_generates_and_downloads_a_package_that_verifies_and_is_audited(
    client_for, valid, statistics, tmp_path
):
    partner = client_for("partner")
    response = generate(partner, valid)
    assert response.status_code == 302
    package = SharePackage.objects.get()
    assert package.created_by.username == "partner"
    assert package.expires > timezone.now() + 6 * DAY
    generated = AuditEntry.objects.get(action=AuditAction.EXPORT, object_id=str(package.pk))
    assert generated.after["event"] == "share package generated"
    assert generated.after["years"] == {"CR": [2021], "GT": [2021]}

    response = download(partner, package)
    assert response.status_code == 200
    content = package_bytes(response)
    downloads = AuditEntry.objects.filter(
        action=AuditAction.EXPORT, after__event="share package downloaded"
    )
    assert downloads.count() == 1
    assert downloads.get().actor.username == "partner"

    public_key = client_for("anonymous").get(reverse("sharing-public-key")).content
    assert sharepack.verify(content, public_key) == []
    rows = shared_csv(content)
    assert {row["Country (ISO)"] for row in rows} == {"GT", "CR"}
    assert {row["Year"] for row in rows} == {"2021"}
    convicted = [
        row
        for row in rows
        if row["Country (ISO)"] == "GT"
        and row["Indicator"] == "Persons convicted"
        and row["Dimension"] == "Total"
        and row["Sex"] == "Total"
        and row["Age"] == "Total"
    ]
    # The package shows what the statistics page shows the partner: comparing the two gives
    # no hidden figure back.
    from coalition.sentences.models import Source
    from coalition.sentences.statistics import tables

    gt = package.agreement.coverage.get(country__iso2="GT").country
    page = tables.compute(package.created_by, Source.national(), {gt.pk}, [2021])
    assert [row["Value"] for row in convicted] == [str(page.values[("convicted", "total")])]
    assert all(row["Value"] != "3" for row in rows if row["Country (ISO)"] == "GT")
    unstated = [row for row in rows if row["Category (code)"] == "unrecorded"]
    assert {(row["Country (ISO)"], row["Category"], row["Value"]) for row in unstated} == {
        ("CR", "Form not stated", "6")
    }

    path = tmp_path / "package.zip"
    path.write_bytes(content)
    key = tmp_path / "public-key.pem"
    key.write_bytes(public_key)
    out = io.StringIO()
    call_command("verify_share", str(path), "--public-key", str(key), stdout=out)
    assert out.getvalue().startswith(f"OK: {path} is intact")


def test_verify_share_refuses_a_package_with_a_flipped_byte_and_says_where(
    client_for, valid, statistics, tmp_path
):
    partner = client_for("partner")
    generate(partner, valid)
    content = package_bytes(download(partner, SharePackage.objects.get()))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        offset = archive.getinfo("statistics.csv").header_offset + 30 + len("statistics.csv") + 5
    flipped = content[:offset] + bytes([content[offset] ^ 0x20]) + content[offset + 1 :]
    path = tmp_path / "package.zip"
    path.write_bytes(flipped)
    with pytest.raises(CommandError) as refused:
        call_command("verify_share", str(path))
    message = str(refused.value)
    assert "NOT VERIFIED" in message
    assert "statistics.csv: SHA-256 is" in message


def test_a_package_is_encrypted_to_the_partners_age_key(
    client_for, organizations, countries, statistics, tmp_path
):
    identity = pyrage.x25519.Identity.generate()
    made = agreement(organizations, countries, age_recipient=str(identity.to_public()))
    partner = client_for("partner")
    generate(partner, made)
    package = SharePackage.objects.get()
    assert package.encrypted
    content = package_bytes(download(partner, package))
    assert content.startswith(b"age-encryption.org/v1")
    path = tmp_path / "package.zip.age"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="encrypted with age"):
        call_command("verify_share", str(path))
    keyfile = tmp_path / "key.txt"
    keyfile.write_text(f"# public key: {identity.to_public()}\n{identity}\n")
    out = io.StringIO()
    call_command("verify_share", str(path), "--identity", str(keyfile), stdout=out)
    assert out.getvalue().startswith("OK:")


# --- approval by each country -----------------------------------------------------------------


def test_each_country_editor_approves_for_its_own_country_and_it_is_audited(
    client_for, organizations, countries, personas
):
    made = agreement(organizations, countries, approved=(), pending=("CR", "GT"))
    gt = client_for("gt_editor")
    response = gt.post(reverse("sharing-agreement-approve", args=[made.pk, "GT"]))
    assert response.status_code == 302
    row = made.coverage.get(country__iso2="GT")
    assert row.approved_by == personas["gt_editor"]
    assert AuditEntry.objects.filter(action=AuditAction.APPROVE, country=countries["GT"]).exists()
    assert not made.is_valid()
    # Guatemala's editor sees the agreement, but cannot approve for Costa Rica.
    assert gt.post(reverse("sharing-agreement-approve", args=[made.pk, "CR"])).status_code == 403
    client_for("cr_editor").post(reverse("sharing-agreement-approve", args=[made.pk, "CR"]))
    assert made.is_valid()


def test_the_editor_of_a_country_not_covered_cannot_approve(client_for, organizations, countries):
    made = agreement(organizations, countries, approved=(), pending=("GT",))
    cr = client_for("cr_editor")
    assert cr.get(made.get_absolute_url()).status_code == 404
    url = reverse("sharing-agreement-approve", args=[made.pk, "GT"])
    assert cr.post(url).status_code == 404
    assert client_for("regional_admin").post(url).status_code == 403
    assert client_for("partner").post(url).status_code == 403
    assert made.coverage.get().approved_at is None


def test_an_editor_of_el_salvador_approves_the_last_pending_country(
    client_for, organizations, countries
):
    editor = User.objects.create_user(username="sv_editor", password="x" * 20, language="en")
    Membership.objects.create(user=editor, country=countries["SV"], role=Role.COUNTRY_EDITOR)
    made = agreement(organizations, countries, pending=("SV",))
    page = client_for("partner").get(made.get_absolute_url()).content.decode()
    assert "Pending approval" in page
    sv = sign_in(client_for("anonymous"), editor)
    assert "Approve for El Salvador" in sv.get(made.get_absolute_url()).content.decode()
    sv.post(reverse("sharing-agreement-approve", args=[made.pk, "SV"]))
    assert made.is_valid()


def test_withdrawing_an_approval_is_audited_and_stops_the_sharing(
    client_for, valid, countries, statistics
):
    gt = client_for("gt_editor")
    assert gt.post(reverse("sharing-agreement-withdraw", args=[valid.pk, "GT"])).status_code == 302
    assert not valid.is_valid()
    entry = AuditEntry.objects.get(action=AuditAction.REOPEN)
    assert entry.country == countries["GT"]
    assert entry.after["reason"] == "withdrawn"
    stats = reverse("sharing-agreement-statistics", args=[valid.pk])
    assert client_for("partner").get(stats).status_code == 403


# --- recording agreements ---------------------------------------------------------------------


def test_a_regional_administrator_records_an_agreement_for_some_countries(
    client_for, organizations, countries
):
    data = {
        "partner": organizations["oim"].pk,
        "countries": [countries["GT"].pk, countries["SV"].pk],
        "purpose": "Annual regional report",
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
        "age_recipient": "",
    }
    response = client_for("regional_admin").post(reverse("sharing-agreement-create"), data)
    assert response.status_code == 302
    made = SharingAgreement.objects.get()
    assert sorted(made.coverage.values_list("country__iso2", flat=True)) == ["GT", "SV"]
    assert made.state(datetime.date(2026, 6, 1)) == "pending"
    for persona in ("gt_editor", "partner"):
        url = reverse("sharing-agreement-create")
        assert client_for(persona).post(url, data).status_code == 403


def test_the_form_refuses_a_key_that_is_not_an_age_key_and_dates_backwards(
    client_for, organizations, countries
):
    data = {
        "partner": organizations["oim"].pk,
        "countries": [countries["GT"].pk],
        "purpose": "x",
        "valid_from": "2026-12-31",
        "valid_to": "2026-01-01",
        "age_recipient": "ssh-ed25519 AAAA",
    }
    response = client_for("regional_admin").post(reverse("sharing-agreement-create"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "age_recipient" in errors
    assert "valid_to" in errors
    assert not SharingAgreement.objects.exists()


def test_changing_the_terms_withdraws_every_approval(client_for, valid, countries):
    admin = client_for("regional_admin")
    form = admin.get(reverse("sharing-agreement-update", args=[valid.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["countries"] = [countries["CR"].pk, countries["GT"].pk]
    data["valid_to"] = (TODAY + 200 * DAY).isoformat()
    data["valid_from"] = valid.valid_from.isoformat()
    response = admin.post(reverse("sharing-agreement-update", args=[valid.pk]), data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert not valid.coverage.exclude(approved_at=None).exists()
    assert AuditEntry.objects.filter(action=AuditAction.REOPEN).count() == 2


# --- the key, the API ---------------------------------------------------------------------------


def test_the_public_key_is_published_and_its_fingerprint_shown(client_for, valid):
    pem = client_for("anonymous").get(reverse("sharing-public-key"))
    assert pem.status_code == 200
    assert pem.content.startswith(b"-----BEGIN PUBLIC KEY-----")
    page = client_for("partner").get(valid.get_absolute_url()).content.decode()
    assert sharepack.fingerprint(pem.content) in page


def test_the_api_lists_agreements_to_those_who_may_see_them(client_for, valid, organizations):
    url = reverse("api:sharing-agreement-list")
    body = client_for("partner").get(url).json()
    assert [row["reference"] for row in body["results"]] == [valid.reference]
    assert body["results"][0]["state"] == "valid"
    assert {c["country"] for c in body["results"][0]["countries"]} == {"CR", "GT"}
    assert len(client_for("gt_editor").get(url).json()["results"]) == 1
    assert client_for("cr_contributor").get(url).status_code == 403
    assert client_for("auditor").get(url).status_code == 403
    other = SharingAgreement.objects.create(
        partner=organizations["st_regional"],
        purpose="x",
        valid_from=TODAY,
        valid_to=TODAY,
    )
    detail = reverse("api:sharing-agreement-detail", args=[other.pk])
    assert client_for("partner").get(detail).status_code == 404
    assert client_for("regional_admin").get(detail).status_code == 200


def test_a_partner_finds_its_agreements_from_the_sentences_menu(client_for, valid):
    partner = client_for("partner")
    home = partner.get(reverse("home")).content.decode()
    assert f'href="{reverse("sentences-home")}"' in home
    section = partner.get(reverse("sentences-home")).content.decode()
    assert f'href="{reverse("sharing-agreement-list")}"' in section
    assert f'href="{reverse("sentence-statistics")}"' in section
    assert f'href="{reverse("sentence-list")}"' not in section


def test_the_demo_agreement_is_approved_by_two_countries_and_pending_in_a_third(
    organizations, countries
):
    from coalition.sentences.sharing.demo import load_demo_sharing

    for username in ("editor-gt", "editor-cr", "st-regional"):
        User.objects.create_user(username=username, password="x" * 20)
    assert load_demo_sharing("system:load_demo") == 4
    assert load_demo_sharing("system:load_demo") == 0
    made = SharingAgreement.objects.get()
    assert made.partner == organizations["oim"]
    approvals = {
        row.country.iso2: row.approved_by.username if row.approved_by else None
        for row in made.coverage.select_related("country", "approved_by")
    }
    assert approvals == {"GT": "editor-gt", "CR": "editor-cr", "SV": None}
    assert made.state() == "pending"
