"""Deadline reminders: ``send_deadline_reminders`` e-mails each responsible user, in their
language, what their country has overdue or due within 30 days."""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.core.choices import AuditAction, Role
from coalition.core.models import AuditEntry, Membership, User
from coalition.plans.choices import ItemKind, PlanStatus, ProgressStatus
from coalition.plans.models import Activity, ActivityItem, Progress
from coalition.plans.reminders import due_by_user

# I.1 ("Propiciar encuentros") is due on 31 August 2026; I.2 on 30 June 2027.
AFTER_AUGUST = "2026-09-15"


def remind(*args):
    out = io.StringIO()
    call_command("send_deadline_reminders", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def mails_to(mailoutbox, user):
    return [m for m in mailoutbox if m.to == [user.email]]


def html_of(mail):
    [(html, kind)] = mail.alternatives
    assert kind == "text/html"
    return html


@pytest.fixture
def gt_behind(plan_data):
    """Guatemala has not finished "Propiciar encuentros" either."""
    row = plan_data["progress"]["GT"]
    row.status, row.percent = ProgressStatus.IN_PROGRESS, 50
    row.save()
    return plan_data


def test_the_costa_rica_editor_gets_one_spanish_mail_with_its_overdue_activity(
    gt_behind, personas, mailoutbox, settings
):
    settings.SITE_URL = "https://coalicion.example.org/"
    remind("--today", AFTER_AUGUST)
    [mail] = mails_to(mailoutbox, personas["cr_editor"])
    assert mail.extra_headers["Content-Language"] == "es"
    assert "1" in mail.subject and mail.subject.startswith("[")
    for body in (mail.body, html_of(mail)):
        assert "I.1" in body
        assert "Propiciar encuentros" in body
        assert "Plan de prueba" in body
        assert "Costa Rica" in body
        assert "31 ago 2026" in body
        assert "Hold meetings" not in body
        assert "Guatemala" not in body
        assert "Construir una herramienta" not in body  # due in 2027: not yet
    activity = gt_behind["activities"]["I.1"]
    assert f"https://coalicion.example.org{activity.get_absolute_url()}" in mail.body
    assert f'href="https://coalicion.example.org{activity.get_absolute_url()}"' in html_of(mail)
    [gt_mail] = mails_to(mailoutbox, personas["gt_editor"])
    assert "Guatemala" in gt_mail.body
    assert "Costa Rica" not in gt_mail.body


def test_a_user_who_reads_english_gets_the_reminder_in_english(plan_data, personas, mailoutbox):
    User.objects.filter(pk=personas["cr_editor"].pk).update(language="en")
    remind("--today", AFTER_AUGUST)
    [mail] = mails_to(mailoutbox, personas["cr_editor"])
    assert mail.subject == "[Coalition] 1 overdue activity"
    assert mail.extra_headers["Content-Language"] == "en"
    for body in (mail.body, html_of(mail)):
        assert "Hold meetings" in body
        assert "Test plan" in body
        assert "31 Aug 2026" in body
        assert "In progress" in body
        assert "Propiciar encuentros" not in body


def test_an_activity_done_or_not_applicable_for_a_country_is_not_listed(
    plan_data, personas, mailoutbox
):
    remind("--today", AFTER_AUGUST)  # Guatemala is done with I.1
    assert mails_to(mailoutbox, personas["gt_editor"]) == []
    assert len(mails_to(mailoutbox, personas["cr_editor"])) == 1

    mailoutbox.clear()
    Progress.objects.filter(pk=plan_data["progress"]["CR"].pk).update(
        status=ProgressStatus.NOT_APPLICABLE
    )
    remind("--today", "2026-09-16")
    assert mails_to(mailoutbox, personas["cr_editor"]) == []


def test_the_regional_administrator_is_reminded_of_the_regional_level_only(
    plan_data, personas, mailoutbox
):
    User.objects.filter(pk=personas["regional_admin"].pk).update(language="en")
    remind("--today", "2027-06-01")
    [mail] = mails_to(mailoutbox, personas["regional_admin"])
    assert mail.subject == "[Coalition] 1 overdue and 1 upcoming activities"
    # The regional level has no progress row on I.1 (not started, overdue) and is blocked
    # on I.2 (due on 30 June 2027, within 30 days).
    assert mail.body.index("Hold meetings") < mail.body.index("Build a tool")
    assert "OVERDUE" in mail.body and "DUE WITHIN 30 DAYS" in mail.body
    assert "Not started" in mail.body and "Blocked" in mail.body
    assert "Costa Rica" not in mail.body


def test_a_later_deadline_waits_until_it_is_within_the_days_asked(plan_data, personas, mailoutbox):
    remind("--today", "2027-05-01")
    assert "Build a tool" not in mails_to(mailoutbox, personas["regional_admin"])[0].body
    assert (
        "Construir una herramienta" not in mails_to(mailoutbox, personas["regional_admin"])[0].body
    )
    mailoutbox.clear()
    remind("--today", "2027-05-02", "--days", "60")
    assert "Construir una herramienta" in mails_to(mailoutbox, personas["regional_admin"])[0].body


def test_a_contributor_is_reminded_when_its_institution_is_responsible(
    gt_behind, personas, organizations, mailoutbox
):
    remind("--today", AFTER_AUGUST)
    assert mails_to(mailoutbox, personas["cr_contributor"]) == []

    mailoutbox.clear()
    responsible = gt_behind["activities"]["I.1"].items.get(kind=ItemKind.RESPONSIBLE)
    responsible.organizations.add(organizations["ngo_cr"])
    remind("--today", "2026-09-16")
    [mail] = mails_to(mailoutbox, personas["cr_contributor"])
    assert "Costa Rica" in mail.body
    assert "Guatemala" not in mail.body


def test_partners_auditors_and_plans_not_active_get_no_reminders(
    plan_data, personas, organizations, mailoutbox
):
    responsible = plan_data["activities"]["I.1"].items.get(kind=ItemKind.RESPONSIBLE)
    responsible.organizations.add(organizations["oim"])
    remind("--today", AFTER_AUGUST)
    assert mails_to(mailoutbox, personas["partner"]) == []
    assert mails_to(mailoutbox, personas["auditor"]) == []
    assert mailoutbox

    mailoutbox.clear()
    plan = plan_data["plan"]
    plan.status = PlanStatus.CLOSED
    plan.save()
    assert "Sent 0 reminders" in remind("--today", "2026-09-16")
    assert mailoutbox == []


def test_a_second_run_the_same_day_sends_nothing(plan_data, personas, mailoutbox):
    first = remind("--today", AFTER_AUGUST)
    assert "Sent 2 reminders (0 users without e-mail skipped)." in first
    assert len(mailoutbox) == 2

    second = remind("--today", AFTER_AUGUST)
    assert len(mailoutbox) == 2
    assert "Sent 0 reminders" in second
    assert "2 users already reminded for 2026-09-15" in second

    remind("--today", AFTER_AUGUST, "--force")
    assert len(mailoutbox) == 4
    remind("--today", "2026-09-16")
    assert len(mailoutbox) == 6


def test_each_run_is_written_to_the_audit_log_with_its_counts(plan_data, personas, mailoutbox):
    remind("--today", AFTER_AUGUST)
    entry = AuditEntry.objects.get(actor_repr="system:send_deadline_reminders")
    assert entry.action == AuditAction.EXPORT
    assert entry.object_id == "2026-09-15"
    assert entry.after["sent"] == 2
    assert sorted(entry.after["sent_to"]) == sorted(
        [personas["cr_editor"].pk, personas["regional_admin"].pk]
    )
    assert entry.after["without_email"] == 0


def test_a_dry_run_sends_nothing_and_records_nothing(plan_data, personas, mailoutbox):
    out = remind("--today", AFTER_AUGUST, "--dry-run")
    assert mailoutbox == []
    assert "Would remind cr_editor <cr_editor@example.org>" in out
    assert "Dry run: would send 2 reminders" in out
    assert not AuditEntry.objects.filter(actor_repr="system:send_deadline_reminders").exists()
    remind("--today", AFTER_AUGUST)
    assert len(mailoutbox) == 2  # the dry run did not count as sending


def test_a_user_without_an_email_address_is_skipped_and_counted(plan_data, personas, mailoutbox):
    User.objects.filter(pk=personas["cr_editor"].pk).update(email="")
    out = remind("--today", AFTER_AUGUST)
    assert "Sent 1 reminder (1 user without e-mail skipped)." in out
    assert [m.to for m in mailoutbox] == [[personas["regional_admin"].email]]


def test_deactivated_users_are_not_reminded(plan_data, personas, mailoutbox):
    User.objects.filter(pk=personas["cr_editor"].pk).update(is_active=False)
    remind("--today", AFTER_AUGUST)
    assert mails_to(mailoutbox, personas["cr_editor"]) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "2026-13-45"], "--today must be a date as YYYY-MM-DD, not '2026-13-45'"),
        (["--today", "mañana"], "--today must be a date as YYYY-MM-DD, not 'mañana'"),
        (["--days", "-3"], "--days must be 0 or more, not -3"),
    ],
)
def test_a_bad_date_or_number_of_days_is_a_clear_error(plan_data, mailoutbox, args, message):
    with pytest.raises(CommandError, match=message):
        remind(*args)
    assert mailoutbox == []


def test_the_console_script_exits_non_zero_on_a_bad_date(tmp_path):
    script = Path(sys.executable).parent / "coalition"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "COALITION_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    result = subprocess.run(
        [script, "send_deadline_reminders", "--today", "15/09/2026"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "--today must be a date as YYYY-MM-DD, not '15/09/2026'" in result.stderr


def test_a_failing_mail_server_is_reported_and_retried_on_the_next_run(
    plan_data, personas, mailoutbox, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def refuse_costa_rica(self, messages):
        if messages[0].to == [personas["cr_editor"].email]:
            raise OSError("connection reset")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_costa_rica)
    with pytest.raises(CommandError, match="1 reminder could not be sent: cr_editor"):
        remind("--today", AFTER_AUGUST)
    assert [m.to for m in mailoutbox] == [[personas["regional_admin"].email]]

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    remind("--today", AFTER_AUGUST)
    assert [m.to for m in mailoutbox][1:] == [[personas["cr_editor"].email]]


def add_activities_and_editors(plan_data, countries, count):
    """``count`` more overdue activities and ``count`` more editors of Costa Rica."""
    plan, objective = plan_data["plan"], plan_data["objectives"][0]
    activities = Activity.objects.bulk_create(
        Activity(
            plan=plan,
            objective=objective,
            ref=f"I.{n + 10}",
            position=n + 10,
            title_es=f"Actividad {n}",
            deadline=datetime.date(2026, 9, 1),
        )
        for n in range(count)
    )
    ActivityItem.objects.bulk_create(
        ActivityItem(activity=a, kind=ItemKind.RESPONSIBLE, position=1, text_es="OIM")
        for a in activities
    )
    for n in range(count):
        user = User.objects.create_user(f"editor{n}", email=f"editor{n}@example.org")
        Membership.objects.create(user=user, country=countries["CR"], role=Role.COUNTRY_EDITOR)


def test_reminding_takes_the_same_queries_for_any_number_of_users_and_activities(
    plan_data, countries, mailoutbox, django_assert_max_num_queries
):
    today = datetime.date(2026, 9, 15)
    with CaptureQueriesContext(connection) as few:
        remind("--today", today.isoformat())
    assert len(mailoutbox) == 2
    add_activities_and_editors(plan_data, countries, 20)
    with django_assert_max_num_queries(len(few)):
        remind("--today", "2026-09-16")
    # The twenty new editors, the two reminded the day before, and Guatemala's editor, who
    # now has open activities too.
    assert len(mailoutbox) == 2 + 23
    found = {user.username: len(dues) for user, dues in due_by_user(today).items()}
    assert found.pop("gt_editor") == 20
    assert len(found) == 22
    assert set(found.values()) == {21}
