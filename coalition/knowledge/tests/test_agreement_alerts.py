"""Expiry alerts: ``send_agreement_alerts`` e-mails the editors of the agreement's country
and the regional administrators, in their language, once per expiry date."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from coalition.core.choices import Role
from coalition.core.models import AuditEntry, Membership, User
from coalition.core.tests.versions import versioned
from coalition.knowledge.choices import AgreementKind, AgreementStatus
from coalition.knowledge.models import Agreement

TODAY = timezone.localdate()


def alert(*args):
    out = io.StringIO()
    call_command("send_agreement_alerts", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def recipients(mailoutbox):
    return sorted(address for mail in mailoutbox for address in mail.to)


def test_the_country_editors_and_the_regional_admins_are_alerted_once(
    knowledge, personas, mailoutbox, settings
):
    settings.SITE_URL = "https://coalicion.example.org/"
    police = knowledge["agreements"]["cr_police"]  # in force, expires in 60 days
    output = alert()
    assert recipients(mailoutbox) == ["cr_editor@example.org", "regional_admin@example.org"]
    mail = mailoutbox[0]
    assert mail.subject.startswith("[")
    assert police.title in mail.subject and "60" in mail.subject
    [(html, kind)] = mail.alternatives
    assert kind == "text/html"
    for body in (mail.body, html):
        assert police.title in body
        assert f"https://coalicion.example.org{police.get_absolute_url()}" in body
        assert "Nicaragua" in body
    assert "Sent 2 alerts about 1 agreement." in output
    police.refresh_from_db()
    assert police.alert_sent_on == TODAY
    entry = AuditEntry.objects.get(actor_repr="system:send_agreement_alerts")
    assert entry.object_id == str(police.pk) and entry.country == police.country
    assert entry.after["sent_to"] == sorted(
        [personas["cr_editor"].pk, personas["regional_admin"].pk]
    )

    mailoutbox.clear()
    assert "Sent 0 alerts about 0 agreements." in alert()
    assert mailoutbox == []


def test_each_user_gets_the_alert_in_their_language(knowledge, personas, mailoutbox):
    User.objects.filter(username="cr_editor").update(language="en")
    alert()
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    english = by_address["cr_editor@example.org"]
    spanish = by_address["regional_admin@example.org"]
    assert english.extra_headers["Content-Language"] == "en"
    assert english.subject.startswith("[Coalition] Agreement")
    assert spanish.extra_headers["Content-Language"] == "es"
    assert spanish.subject.startswith("[Coalición]")


def test_only_signed_or_in_force_agreements_within_the_window_are_alerted(
    knowledge, countries, mailoutbox
):
    common = {"country": countries["GT"], "kind": AgreementKind.POLICE, "signed_on": TODAY}
    soon = TODAY + datetime.timedelta(days=10)
    yesterday = TODAY - datetime.timedelta(days=1)
    for title, status, expires in [
        ("Expirado", AgreementStatus.EXPIRED, soon),
        ("Terminado", AgreementStatus.TERMINATED, soon),
        ("Vencido ayer", AgreementStatus.IN_FORCE, yesterday),
        ("Firmado", AgreementStatus.SIGNED, soon),
    ]:
        Agreement.objects.create(title=title, status=status, expires_on=expires, **common)
    alert("--days", "30")  # Costa Rica's expires in 60 days: outside
    subjects = [mail.subject for mail in mailoutbox]
    assert subjects and all("Firmado" in s for s in subjects)
    assert sorted(recipients(mailoutbox)) == ["gt_editor@example.org", "regional_admin@example.org"]


def test_today_can_be_another_date(knowledge, mailoutbox):
    User.objects.update(language="en")
    police = knowledge["agreements"]["cr_police"]
    earlier = (police.expires_on - datetime.timedelta(days=120)).isoformat()
    assert "Sent 0 alerts" in alert("--today", earlier)
    day_before = (police.expires_on - datetime.timedelta(days=1)).isoformat()
    alert("--today", day_before)
    assert mailoutbox and all(m.subject.endswith(" 1 day") for m in mailoutbox)
    police.refresh_from_db()
    assert police.alert_sent_on.isoformat() == day_before


def test_a_new_expiry_date_is_alerted_again(knowledge, client_for, countries, mailoutbox):
    police = knowledge["agreements"]["cr_police"]
    alert()
    mailoutbox.clear()
    new_expiry = police.expires_on + datetime.timedelta(days=20)
    response = client_for("cr_editor").post(
        reverse("agreement-update", args=[police.pk]),
        versioned(
            police,
            {
                "title": police.title,
                "kind": police.kind,
                "status": police.status,
                "country": countries["CR"].pk,
                "signed_on": police.signed_on.isoformat(),
                "effective_on": police.effective_on.isoformat(),
                "expires_on": new_expiry.isoformat(),
                "party_countries": [countries["CR"].pk, countries["NI"].pk],
            },
        ),
    )
    assert response.status_code == 302
    alert()
    assert len(mailoutbox) == 2 and "80" in mailoutbox[0].subject


def test_a_dry_run_sends_and_records_nothing(knowledge, mailoutbox):
    output = alert("--dry-run")
    assert "Would alert cr_editor <cr_editor@example.org>" in output
    assert "Dry run: would send 2 alerts about 1 agreement." in output
    assert mailoutbox == []
    assert Agreement.objects.get(pk=knowledge["agreements"]["cr_police"].pk).alert_sent_on is None
    assert not AuditEntry.objects.filter(actor_repr="system:send_agreement_alerts").exists()


def test_users_without_email_and_agreements_with_nobody_to_alert_are_reported(
    knowledge, personas, mailoutbox
):
    User.objects.filter(username="cr_editor").update(email="")
    Membership.objects.filter(role=Role.REGIONAL_ADMIN).delete()
    output = alert()
    assert mailoutbox == []
    assert "1 user without e-mail skipped." in output
    assert "1 agreement with nobody to alert" in output and "Costa Rica–Nicaragua" in output
    assert Agreement.objects.get(pk=knowledge["agreements"]["cr_police"].pk).alert_sent_on is None


def test_deactivated_users_and_other_roles_are_not_alerted(knowledge, personas, mailoutbox):
    User.objects.filter(username="regional_admin").update(is_active=False)
    alert()
    assert recipients(mailoutbox) == ["cr_editor@example.org"]  # not the contributor, partner


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "2026-13-45"], "--today must be a date as YYYY-MM-DD, not '2026-13-45'"),
        (["--today", "mañana"], "--today must be a date as YYYY-MM-DD, not 'mañana'"),
        (["--days", "-3"], "--days must be 0 or more, not -3"),
        (["--days", "noventa"], "--days must be a whole number of days, not 'noventa'"),
    ],
)
def test_a_bad_date_or_number_of_days_is_a_clear_error(knowledge, mailoutbox, args, message):
    with pytest.raises(CommandError, match=message):
        alert(*args)
    assert mailoutbox == []


def test_a_failing_mail_server_is_reported_and_the_unreached_agreement_stays_due(
    knowledge, personas, mailoutbox, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def refuse(self, messages):
        raise OSError("connection reset")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with pytest.raises(CommandError, match="2 alerts could not be sent: cr_editor"):
        alert()
    assert Agreement.objects.get(pk=knowledge["agreements"]["cr_police"].pk).alert_sent_on is None

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    alert()
    assert len(mailoutbox) == 2
