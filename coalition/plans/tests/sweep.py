"""Sample URL arguments of the plans app's URLs, for the URL sweep (core's test_url_sweep).

One plan (``build_plan``) with progress in Costa Rica, Guatemala and at the regional level:
each URL gets an object inside and one outside each persona's scope. Each part of the app
fills in its own function below.
"""

from coalition.plans.tests.conftest import build_plan


def samples(fixtures):
    data = build_plan(fixtures["countries"])
    return {
        **_pages(data),
        **_dashboard(data),
        **_workbooks(data),
        **_api(data),
        **_reporting(data),
    }


def _pages(data):
    """Plan list and page, activity page, progress form, evidence."""
    activity = data["activities"]["I.1"]
    cr_evidence = data["evidence"]
    regional_evidence = _evidence_of(data["progress"]["regional"])
    per_country = [{"pk": activity.pk, "iso2": iso2} for iso2 in ("CR", "GT", "XR", "ZZ")]
    evidence = [{"pk": cr_evidence.pk}, {"pk": regional_evidence.pk}]
    return {
        "plan-detail": [{"code": data["plan"].code}, {"code": "no-such-plan"}],
        "activity-detail": [{"pk": activity.pk}, {"pk": 999999}],
        "progress-update": per_country,
        "evidence-download": evidence,
        "evidence-delete": evidence,
    }


def _evidence_of(progress):
    from django.core.files.base import ContentFile

    from coalition.plans.models import Evidence
    from coalition.plans.tests.conftest import PDF_BYTES

    evidence = Evidence(
        progress=progress,
        country_id=progress.country_id,
        original_name="acta-regional.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    evidence.file.save("upload", ContentFile(PDF_BYTES), save=False)
    evidence.save()
    return evidence


def _dashboard(data):
    """Dashboard, timeline, PDF report."""
    plans = [{"code": data["plan"].code}, {"code": "no-such-plan"}]
    return {
        "plan-dashboard": plans,
        "plan-timeline": plans,
        "plan-report": plans,
        "plan-report-job": plans,
    }


def _workbooks(data):
    """XLSX export and import."""
    return {
        "plan-export": [{"code": data["plan"].code}, {"code": "no-such-plan"}],
        "plan-progress-import": [{"code": data["plan"].code}, {"code": "no-such-plan"}],
    }


def _api(data):
    """The REST API's plans, objectives, activities and progress."""
    return {
        "api:plan-detail": {"code": data["plan"].code},
        "api:objective-detail": {"pk": data["objectives"][0].pk},
        "api:activity-detail": {"pk": data["activities"]["I.1"].pk},
        "api:progress-detail": [{"pk": row.pk} for row in data["progress"].values()],
        "api:reported-progress-detail": _reported(data),
    }


def _reporting(data):
    """One country's progress report of a year: a member, the regional level, a country
    nobody has, a year out of range."""
    import datetime

    year = datetime.date.today().year
    return {
        "progress-reporting-detail": [
            {"iso2": "CR", "year": year},
            {"iso2": "GT", "year": year},
            {"iso2": "XR", "year": year},
            {"iso2": "ZZ", "year": year},
            {"iso2": "CR", "year": 1800},
        ]
    }


def _reported(data):
    """Costa Rica's submitted (not approved) report of 2026: its members read it, nobody
    else does."""
    from coalition.plans.models import ReportedProgress
    from coalition.plans.progress import take_snapshot

    country = data["progress"]["CR"].country
    take_snapshot(country, 2026)
    rows = ReportedProgress.objects.filter(country=country, year=2026).order_by("pk")
    return [{"pk": row.pk} for row in rows[:2]]
