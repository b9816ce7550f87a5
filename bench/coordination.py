"""Benchmark of the referral inbox.

Ten thousand referrals among twelve victim-assistance offices of six countries, from a fixed
random seed, over two years, in every status and urgency; one Guatemalan office sends or
receives about a third of them. Then the median time of that office's inbox, as one of its
people (a contributor of the office), filtered by status, by the other country, by urgency
and by all three together, and the number of queries each request makes (bounded: it must
not grow with the referrals). Each request includes its audit entry, as in use.

Run from the repository root: ``.venv/bin/python bench/coordination.py`` (or ``make bench``).
It uses a throwaway SQLite database under /tmp and never touches var/. With ``--postgres``
it uses the database of ``DATABASE_URL`` instead, which must be a throwaway PostgreSQL one.
"""

import datetime
import os
import random
import statistics
import time

import harness

SUFFIX = harness.start(postgres_allowed=True)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from coalition.coordination.choices import (  # noqa: E402
    ACKNOWLEDGE_WITHIN,
    CLOSED_STATUSES,
    RESPOND_WITHIN,
    AgeGroup,
    ReferralKind,
    Status,
    Urgency,
)
from coalition.coordination.models import Referral, new_reference  # noqa: E402
from coalition.core.choices import OrganizationKind, Role, Service, Sex  # noqa: E402
from coalition.core.models import Country, Membership, Organization, User  # noqa: E402

REFERRALS = 10_000
COUNTRIES = ["GT", "SV", "HN", "CR", "PA", "DO"]
REQUESTS = 30
WARM_UP = 3
PAGE_TARGET_MS = 50
QUERY_TARGET = 25
SEED = 20261203


def offices():
    """Two offices per country; the first is the measured one (Guatemala's)."""
    made = []
    for iso2 in COUNTRIES:
        country = Country.objects.get(iso2=iso2)
        for n in (1, 2):
            made.append(
                Organization.objects.create(
                    name=f"Oficina de atención {n} ({iso2})",
                    acronym=f"OAV{n}-{iso2}",
                    kind=OrganizationKind.GOVERNMENT,
                    country=country,
                    services=[Service.VICTIM_ASSISTANCE_OFFICE, Service.REPATRIATION],
                )
            )
    return made


def referrals(made, count):
    """``count`` referrals inserted in bulk (their fields as ``Referral.save`` sets them)."""
    rng = random.Random(SEED)
    ours, others = made[0], made[1:]
    now = timezone.now()
    statuses = list(Status.values)
    rows, references = [], set()
    for _n in range(count):
        if rng.random() < 0.33:
            sender, receiver = (ours, rng.choice(others))
            if rng.random() < 0.5:
                sender, receiver = receiver, sender
        else:
            sender, receiver = rng.sample(others, 2)
        urgency = rng.choice(Urgency.values)
        sent_at = now - datetime.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        status = rng.choice(statuses)
        reference = new_reference(sender.country, receiver.country, sent_at)
        while reference in references:
            reference = new_reference(sender.country, receiver.country, sent_at)
        references.add(reference)
        rows.append(
            Referral(
                reference=reference,
                sender=sender,
                receiver=receiver,
                country_id=sender.country_id,
                receiving_country_id=receiver.country_id,
                kind=rng.choice(ReferralKind.values),
                urgency=urgency,
                sent_at=sent_at,
                acknowledge_by=sent_at + ACKNOWLEDGE_WITHIN[urgency],
                respond_by=sent_at + RESPOND_WITHIN[urgency],
                age_group=rng.choice(AgeGroup.values),
                sex=rng.choice(Sex.values),
                nationality=sender.country.iso2,
                languages=["es"],
                needs=["shelter"],
                exploitation=["sexual"],
                consent=True,
                summary="Texto de prueba del banco de medidas.",
                status=status,
                acknowledged_at=None if status == Status.SENT else sent_at,
                closed_at=sent_at + datetime.timedelta(days=3)
                if status in CLOSED_STATUSES
                else None,
            )
        )
    Referral.objects.bulk_create(rows, batch_size=2000)


def office_user(office):
    user = User.objects.create_user(username="bench-office", email="office@example.org")
    Membership.objects.create(
        user=user, country=office.country, role=Role.CONTRIBUTOR, organization=office
    )
    return user


def measure(client, url):
    """(median ms, queries of one request)."""
    for _n in range(WARM_UP):
        assert client.get(url).status_code == 200
    times = []
    for _n in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert b'id="referral-table"' in response.content, url
    return statistics.median(times), len(captured)


def main():
    call_command("migrate", verbosity=0)
    call_command("load_countries", stdout=open(os.devnull, "w"))  # noqa: SIM115
    made = offices()
    started = time.perf_counter()
    referrals(made, REFERRALS)
    ours = Referral.objects.filter(sender=made[0]).count()
    ours += Referral.objects.filter(receiver=made[0]).count()
    print(
        f"bench-note: {REFERRALS:,} referrals among {len(made)} offices inserted in "
        f"{time.perf_counter() - started:.1f} s; the measured office's: {ours:,}"
    )
    client = harness.signed_in_client(office_user(made[0]))
    base = reverse("referral-list")
    cases = (
        ("status", "?status=sent"),
        ("country", "?country=SV"),
        ("urgency", "?urgency=immediate"),
        ("received_status_country_urgency", "?direction=received&status=in_progress"
         "&country=SV&urgency=72h&ordering=deadline"),
    )  # fmt: skip
    for name, query in cases:
        median, queries = measure(client, base + query)
        harness.figure(
            f"coordination_inbox_median_{name}{SUFFIX}", median, "ms", "<", PAGE_TARGET_MS
        )
        harness.figure(
            f"coordination_inbox_queries_{name}{SUFFIX}", queries, "queries", "<=", QUERY_TARGET, 0
        )


if __name__ == "__main__":
    harness.run(main)
