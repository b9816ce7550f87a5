"""Keeping the directory current: stale flagging, the monthly e-mails and their signed
links (valid, tampered, expired, used, gone), the "still correct" button and the
freshness dashboard."""

import datetime
import re
import time
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry, Membership, Organization, User
from coalition.directory import verification
from coalition.directory.models import Contact
from coalition.directory.tests.conftest import make_contact

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days_ago(days):
    return TODAY() - datetime.timedelta(days=days)


@pytest.fixture
def english(personas):
    User.objects.update(language="en")


@pytest.fixture
def only_line_stale(directory):
    """Every institution current, so that the Costa Rican help line (200 days) is the only
    stale record."""
    Organization.objects.update(last_verified=TODAY())
    return directory["contacts"]["cr_line"]


def send(*args):
    out = StringIO()
    call_command("send_verification_requests", *args, stdout=out)
    return out.getvalue()


def verify_url(record, user):
    return reverse("directory-verify", args=[verification.make_token(record, user)])


def updates_of(record):
    return AuditEntry.objects.filter(
        action=AuditAction.UPDATE,
        object_type=record._meta.label_lower,
        object_id=str(record.pk),
    )


# --- stale flagging ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "stale"), [(0, False), (179, False), (180, False), (181, True), (None, True)]
)
def test_a_record_is_stale_after_180_days_or_when_never_verified(directory, age, stale):
    shelter = directory["institutions"]["CR"]
    contact = make_contact(
        shelter, "Contacto de prueba", last_verified=None if age is None else days_ago(age)
    )
    assert contact.is_stale is stale
    _institutions, contacts = verification.stale_records(shelter.country)
    assert (contact in contacts) is stale


def test_stale_records_lists_a_countrys_stale_institutions_and_contacts_oldest_first(
    directory, organizations
):
    cr = directory["institutions"]["CR"].country
    institutions, contacts = verification.stale_records(cr)
    # The organizations of the base fixture were never verified; the shelter is current.
    assert list(institutions) == [organizations["ngo_cr"], organizations["st_cr"]]
    assert list(contacts) == [directory["contacts"]["cr_line"]]


# --- the monthly e-mail ------------------------------------------------------------------


def test_it_emails_each_editor_their_countrys_stale_records_with_links(
    only_line_stale, personas, english, client
):
    out = send()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["cr_editor@example.org"]
    assert "1 directory record of Costa Rica to confirm" in email.subject
    assert "Línea de atención 24 horas" in email.body
    assert "Albergue Nacional" in email.body  # its institution
    assert "Lucía" not in email.body  # current: not listed
    assert "CR: 1 record → cr_editor@example.org (sent)" in out
    assert "Sent 1 e-mail" in out

    links = re.findall(r"https?://\S+/directory/verify/\S+/", email.body)
    assert len(links) == 1
    path = links[0].split("://", 1)[1]
    path = path[path.index("/") :]
    record, user = verification.read_token(path.rstrip("/").rsplit("/", 1)[1])
    assert (record, user) == (only_line_stale, personas["cr_editor"])
    assert client.get(path).status_code == 200


def test_it_lists_institutions_never_verified_as_never(directory, english):
    send("--country", "GT")
    (email,) = mail.outbox
    assert email.to == ["gt_editor@example.org"]
    assert "Fiscalía contra la Trata de Guatemala" in email.body
    assert "never" in email.body
    assert "José Pérez" not in email.body


def test_regional_records_go_to_the_regional_administrators(directory):
    send("--country", "regional")
    assert [m.to for m in mail.outbox] == [["regional_admin@example.org"]]


def test_it_sends_nothing_when_no_record_is_stale(only_line_stale):
    Contact.objects.update(last_verified=TODAY())
    out = send()
    assert mail.outbox == []
    assert "Sent 0 e-mails" in out
    assert not AuditEntry.objects.filter(actor_repr="system:send_verification_requests")


def test_a_dry_run_sends_nothing(only_line_stale):
    out = send("--dry-run")
    assert mail.outbox == []
    assert "CR: 1 record → cr_editor@example.org (dry run)" in out
    assert "would send 1 e-mail" in out


def test_an_editor_without_email_is_skipped(only_line_stale, personas):
    User.objects.filter(pk=personas["cr_editor"].pk).update(email="")
    out = send()
    assert mail.outbox == []
    assert "1 editor without e-mail skipped" in out


def test_a_run_is_audited_without_the_records(only_line_stale, personas):
    send()
    entry = AuditEntry.objects.get(actor_repr="system:send_verification_requests")
    assert entry.action == AuditAction.EXPORT
    assert entry.after["sent_to"] == [personas["cr_editor"].pk]
    assert "Línea" not in str(entry.after)


def test_an_unknown_country_is_refused(directory):
    with pytest.raises(CommandError, match="no active country with code 'ZZ'"):
        send("--country", "ZZ")


# --- the link ----------------------------------------------------------------------------


def test_a_valid_link_shows_the_record_and_changes_nothing(only_line_stale, personas, client):
    line = only_line_stale
    response = client.get(verify_url(line, personas["cr_editor"]))
    assert response.status_code == 200
    assert response.context["state"] == "valid"
    assert "Línea de atención 24 horas" in response.text
    assert 'method="post"' in response.text
    line.refresh_from_db()
    assert line.last_verified == days_ago(200)
    assert not updates_of(line).exists()
    # Contacts are personal data: showing one is written down.
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(line.pk)).exists()


def test_using_a_link_confirms_the_record_and_audits_it(only_line_stale, personas, client):
    line, editor = only_line_stale, personas["cr_editor"]
    response = client.post(verify_url(line, editor))
    assert response.status_code == 200
    assert response.context["state"] == "done"
    line.refresh_from_db()
    assert line.last_verified == TODAY()
    assert line.verified_by == editor
    entry = updates_of(line).get()
    assert entry.actor == editor
    assert entry.before["last_verified"] == days_ago(200).isoformat()
    assert entry.after["last_verified"] == TODAY().isoformat()


def test_a_link_confirms_an_institution_too(directory, organizations, personas, client):
    institution = organizations["st_cr"]
    client.post(verify_url(institution, personas["cr_editor"]))
    institution.refresh_from_db()
    assert institution.last_verified == TODAY()
    assert updates_of(institution).count() == 1


@pytest.mark.parametrize("where", ["signature", "payload"])
def test_a_tampered_link_is_refused_and_changes_nothing(only_line_stale, personas, client, where):
    line = only_line_stale
    token = verification.make_token(line, personas["cr_editor"])
    i = len(token) - 1 if where == "signature" else 2  # "c.<pk>…": a digit of the pk
    changed = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]
    with pytest.raises(verification.Tampered):
        verification.read_token(changed)
    url = reverse("directory-verify", args=[changed])
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 400
        assert response.context["state"] == "tampered"
        assert response.context["record"] is None
    line.refresh_from_db()
    assert line.last_verified == days_ago(200)
    assert not updates_of(line).exists()


def test_an_expired_link_is_refused_and_changes_nothing(only_line_stale, personas, client):
    line = only_line_stale
    sent = time.time() - 31 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=sent):
        url = verify_url(line, personas["cr_editor"])
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 400
        assert response.context["state"] == "expired"
    line.refresh_from_db()
    assert line.last_verified == days_ago(200)
    assert not updates_of(line).exists()


def test_the_links_life_is_a_setting(only_line_stale, personas, settings):
    settings.DIRECTORY_VERIFY_LINK_DAYS = 60
    sent = time.time() - 31 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=sent):
        token = verification.make_token(only_line_stale, personas["cr_editor"])
    assert verification.read_token(token)[0] == only_line_stale


def test_a_used_link_says_already_confirmed(only_line_stale, personas, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the visitor chose English
    url = verify_url(only_line_stale, personas["cr_editor"])
    client.post(url)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 200
        assert response.context["state"] == "used"
        assert "already confirmed on" in response.text
    assert updates_of(only_line_stale).count() == 1


def test_a_link_to_a_deleted_record_is_gone(only_line_stale, personas, client):
    url = verify_url(only_line_stale, personas["cr_editor"])
    only_line_stale.delete()
    response = client.post(url)
    assert response.status_code == 410
    assert response.context["state"] == "gone"


def test_a_link_of_an_editor_who_left_is_gone(only_line_stale, personas, client):
    line = only_line_stale
    url = verify_url(line, personas["cr_editor"])
    Membership.objects.filter(user=personas["cr_editor"]).delete()
    response = client.post(url)
    assert response.status_code == 410
    assert "Línea" not in response.text
    line.refresh_from_db()
    assert line.last_verified == days_ago(200)


def test_a_link_of_a_deactivated_editor_is_gone(only_line_stale, personas, client):
    url = verify_url(only_line_stale, personas["cr_editor"])
    User.objects.filter(pk=personas["cr_editor"].pk).update(is_active=False)
    assert client.get(url).status_code == 410


# --- the dashboard and its button --------------------------------------------------------


def test_the_dashboard_counts_each_visible_country(directory, client_for):
    response = client_for("cr_editor").get(reverse("directory-freshness"))
    assert response.status_code == 200
    rows = {row["country"].scope_code: row for row in response.context["rows"]}
    assert set(rows) == {"CR", "regional"}
    assert rows["CR"]["contacts"] == {
        "total": 2,
        "stale": 1,
        "never": 0,
        "recent": 1,
        "current": 50,
    }
    # The shelter is current; the two institutions of the base fixture were never verified.
    assert rows["CR"]["institutions"] == {
        "total": 3,
        "stale": 2,
        "never": 2,
        "recent": 1,
        "current": 33,
    }


def test_the_dashboard_queries_do_not_grow_with_countries(
    directory, client_for, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("directory-freshness"))
    assert len(response.context["rows"]) > 5


def test_a_country_shows_its_stale_records_with_the_button(directory, client_for):
    line = directory["contacts"]["cr_line"]
    response = client_for("cr_editor").get(reverse("directory-freshness") + "?country=CR")
    assert response.status_code == 200
    assert [row["record"] for row in response.context["stale_contacts"]] == [line]
    assert reverse("directory-confirm", args=["contact", line.pk]) in response.text


def test_a_contributor_sees_no_button_for_another_institutions_contact(directory, client_for):
    response = client_for("cr_contributor").get(reverse("directory-freshness") + "?country=CR")
    assert response.status_code == 200
    (row,) = response.context["stale_contacts"]
    assert row["can_confirm"] is False


def test_a_country_with_nothing_stale_says_so(directory, client_for, english):
    Organization.objects.update(last_verified=TODAY())
    Contact.objects.update(last_verified=TODAY())
    response = client_for("cr_editor").get(reverse("directory-freshness") + "?country=CR")
    assert "Every record of this country is current" in response.text


def test_another_countrys_list_is_not_found(directory, client_for):
    response = client_for("cr_editor").get(reverse("directory-freshness") + "?country=GT")
    assert response.status_code == 404


def test_the_button_confirms_and_audits(directory, personas, client_for):
    line = directory["contacts"]["cr_line"]
    url = reverse("directory-confirm", args=["contact", line.pk])
    response = client_for("cr_editor").post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("directory-freshness") + "?country=CR"
    line.refresh_from_db()
    assert line.last_verified == TODAY()
    assert line.verified_by == personas["cr_editor"]
    assert updates_of(line).get().actor == personas["cr_editor"]


def test_the_button_returns_to_a_local_next_only(directory, client_for):
    line = directory["contacts"]["cr_line"]
    url = reverse("directory-confirm", args=["contact", line.pk])
    client = client_for("cr_editor")
    back = reverse("directory-freshness") + "?country=CR&x=1"
    assert client.post(url, {"next": back})["Location"] == back
    assert "evil" not in client.post(url, {"next": "https://evil.test/"})["Location"]


@pytest.mark.parametrize("persona", ["partner", "auditor"])
def test_the_dashboard_is_refused_to_who_reads_no_people(directory, client_for, persona):
    assert client_for(persona).get(reverse("directory-freshness")).status_code == 403


def test_the_dashboard_sends_anonymous_visitors_to_sign_in(directory, client_for):
    response = client_for("anonymous").get(reverse("directory-freshness"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_another_countrys_editor_cannot_confirm(directory, client_for):
    line = directory["contacts"]["cr_line"]
    url = reverse("directory-confirm", args=["contact", line.pk])
    assert client_for("gt_editor").post(url).status_code == 404
    line.refresh_from_db()
    assert line.last_verified == days_ago(200)


def test_a_contributor_cannot_confirm_another_institutions_contact(directory, client_for):
    line = directory["contacts"]["cr_line"]
    url = reverse("directory-confirm", args=["contact", line.pk])
    assert client_for("cr_contributor").post(url).status_code == 403


def test_the_button_is_post_only_and_knows_its_kinds(directory, client_for):
    line = directory["contacts"]["cr_line"]
    client = client_for("cr_editor")
    assert client.get(reverse("directory-confirm", args=["contact", line.pk])).status_code == 405
    assert client.post(reverse("directory-confirm", args=["plan", line.pk])).status_code == 404


def test_the_button_is_refused_to_partners(directory, client_for):
    line = directory["contacts"]["cr_line"]
    url = reverse("directory-confirm", args=["contact", line.pk])
    assert client_for("partner").post(url).status_code == 403
