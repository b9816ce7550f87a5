"""Sample URL arguments of core's URLs, for the URL sweep (test_url_sweep.py).

Every app may have a ``tests/sweep.py`` like this one. ``samples(fixtures)`` gets the shared
fixtures (``fixtures["countries"]``, ``["organizations"]``, ``["personas"]``, as in the root
conftest), may create whatever rows its URLs need, and returns
``{url_name: kwargs or [kwargs, ...]}`` with names as ``reverse`` takes them
(``"api:organization-detail"``). Give one object per scope where scope matters (one in
Costa Rica, one at the regional level) so that both insiders and outsiders are exercised.

Admin URLs need no samples: the sweep reads their arguments from the admin itself, using
the first row of each registered model. Core registers the libraries' admins (sign-in
lockouts, API tokens), so the rows those pages open are created here.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks_db.backend import DatabaseBackend
from rest_framework.authtoken.models import Token

from coalition.core import approvals, audit
from coalition.core.choices import AuditAction, JobStatus
from coalition.core.models import Approval, Job
from coalition.directory import tasks as directory_tasks


def samples(fixtures):
    countries = fixtures["countries"]
    organizations = fixtures["organizations"]
    user = fixtures["personas"]["cr_editor"]

    entry = audit.record(None, AuditAction.CREATE, organizations["st_cr"], actor_repr="sweep")
    _rows_for_the_admin(user)
    jobs = _jobs(user)

    scoped_organizations = [
        {"pk": organizations["st_cr"].pk},
        {"pk": organizations["st_regional"].pk},
    ]
    return {
        "country-detail": [{"iso2": countries["CR"].iso2}, {"iso2": countries["GT"].iso2}],
        "organization-detail": scoped_organizations,
        "organization-update": scoped_organizations,
        "audit-detail": {"pk": entry.pk},
        "password_reset_confirm": [
            {
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
            {"uidb64": "bm9ib2R5", "token": "not-a-token"},
        ],
        "job-detail": jobs,
        "job-download": jobs,
        **_approvals(countries),
        "api:country-detail": [{"iso2": countries["CR"].iso2}, {"iso2": "ZZ"}],
        "api:organization-detail": scoped_organizations,
    }


def _approvals(countries):
    """A submitted year of Costa Rica and an open one of Guatemala, of a registered kind;
    the years and moves by what they approve, an unknown kind and an impossible year too."""
    kind = next(iter(approvals.KINDS))
    submitted = Approval.objects.create(
        kind=kind, country=countries["CR"], year=2021, state="submitted"
    )
    years = [
        {"kind": kind, "iso2": "CR", "year": 2021},
        {"kind": kind, "iso2": "GT", "year": 2020},
        {"kind": "no-such-kind", "iso2": "GT", "year": 2020},
        {"kind": kind, "iso2": "GT", "year": 1000},
    ]
    return {
        "approval-detail": [{"pk": submitted.pk}, {"pk": 10**30}],
        "approval-year": years,
        "approval-move": [
            {**year, "action": action} for year in years[:2] for action in ("submit", "approve")
        ],
    }


def _jobs(user):
    """A Costa Rican editor's jobs: one still running, one done with its file."""
    running = Job.objects.create(user=user, kind="sweep", title="Running", language="es")
    done = Job.objects.create(
        user=user,
        kind="sweep",
        title="Done",
        language="es",
        status=JobStatus.DONE,
        output_name="report.pdf",
        output_type="application/pdf",
    )
    done.output.save("output", ContentFile(b"%PDF-1.4 sweep"))
    return [{"pk": running.pk}, {"pk": done.pk}]


def _rows_for_the_admin(user):
    # A queued task, as the tasks' database backend records it (its admin is read-only).
    DatabaseBackend("default", {"BACKEND": ""}).enqueue(
        directory_tasks.import_directory_file, ["00000000-0000-0000-0000-000000000000"], {}
    )
    Token.objects.create(user=user)
    who = {"username": user.username, "ip_address": "192.0.2.1", "user_agent": "sweep"}
    AccessAttempt.objects.create(**who, failures_since_start=1)
    AccessLog.objects.create(**who)
    AccessFailureLog.objects.create(**who, locked_out=False)
