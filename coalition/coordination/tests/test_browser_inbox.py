"""The inbox in Chromium: a Costa Rican office's person opens its referrals, narrows them to
the received and overdue ones with the filters (the list updates in place), and finds the
empty state's advice when nothing matches. Screenshots under test-artifacts/."""

import datetime
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coalition.coordination.choices import ReferralKind, Side, Status, Urgency
from coalition.coordination.tests import factories
from coalition.core.tests.browser import serious_violations, shot, sign_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_an_office_narrows_its_inbox_to_the_overdue_referrals_it_received(
    page, personas, countries, organizations
):
    offices = factories.offices(countries, organizations)
    now = timezone.now()
    late = factories.referral(
        offices["gt"],
        offices["cr"],
        urgency=Urgency.IMMEDIATE,
        sent_at=now - datetime.timedelta(hours=7),
    )
    factories.message(late, Side.SENDING)
    factories.moved(
        factories.referral(
            offices["sv"],
            offices["cr"],
            kind=ReferralKind.DOCUMENTS,
            sent_at=now - datetime.timedelta(days=4),
        ),
        Status.ACKNOWLEDGED,
        Status.IN_PROGRESS,
    )
    sent = factories.referral(
        offices["cr"],
        offices["sv"],
        kind=ReferralKind.FAMILY_TRACING,
        urgency=Urgency.HOURS_72,
        sent_at=now - datetime.timedelta(hours=2),
    )

    sign_in(page, personas["cr_contributor"])
    page.goto("/coordination/referrals/")
    table = page.locator("#referral-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(page.locator("#referral-directions")).to_contain_text("Recibidas")
    expect(table).to_contain_text(late.reference)
    expect(table.locator(".deadline-overdue").first).to_contain_text(
        re.compile("vencid[ao] hace", re.I)
    )
    shot(page, "coordination-inbox")
    assert serious_violations(page) == []

    page.click("#referral-directions >> text=Recibidas")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).not_to_contain_text(sent.reference)

    page.select_option("#f-overdue", "1")
    expect(page.locator("#referral-table tbody tr")).to_have_count(1)
    expect(page.locator("#referral-table")).to_contain_text(late.reference)
    assert "overdue=1" in page.url and "direction=received" in page.url
    shot(page, "coordination-inbox-received-overdue")

    page.select_option("#f-kind", "legal")
    expect(page.locator("#referral-empty")).to_contain_text("Ninguna remisión coincide")
    shot(page, "coordination-inbox-empty")
    assert page.problems == []
