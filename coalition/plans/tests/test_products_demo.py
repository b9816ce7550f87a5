"""The demo progress is reported product by product: Costa Rica on III.2 of the 2012 plan
(SWOT done, police agreements in progress), Guatemala and the regional level on VII.1 with
mixed products, an evidence file on a product; loading it again changes nothing."""

import json
from pathlib import Path

from coalition.plans.choices import ItemKind
from coalition.plans.demo import PROGRESS, load_demo_progress
from coalition.plans.loader import load_plan
from coalition.plans.models import Evidence, ProductProgress, Progress, ProgressRevision

DATA = Path(__file__).resolve().parents[1] / "data"


def products_of(code, ref, iso2):
    progress = Progress.objects.get(
        activity__plan__code=code, activity__ref=ref, country__iso2=iso2
    )
    rows = ProductProgress.objects.filter(progress=progress).order_by("product__position")
    return progress, [(r.status, r.percent) for r in rows]


def test_the_demo_progress_is_reported_per_product_once(countries):
    load_plan(json.loads((DATA / "plan-operativo-2012.json").read_text(encoding="utf-8")))
    load_demo_progress("system:test")

    progress, rows = products_of("plan-operativo-2012", "III.2", "CR")
    assert rows == [("done", 100), ("in_progress", 30)]
    assert (progress.status, progress.percent) == ("in_progress", 65)
    assert progress.narrative.startswith("[Demo]")
    for iso2 in ("GT", "XR"):
        progress, rows = products_of("plan-operativo-2012", "VII.1", iso2)
        assert [status for status, _percent in rows] == ["done", "in_progress", "not_started"]
        assert progress.status == "in_progress"
    evidence = Evidence.objects.get(original_name="foda-nacional-demo.pdf")
    assert evidence.product.kind == ItemKind.PRODUCT and evidence.product.position == 1

    # Every other row keeps the status it had before products were reported.
    for code, ref, iso2, status, percent, _narrative, _next in PROGRESS:
        found = Progress.objects.filter(
            activity__plan__code=code, activity__ref=ref, country__iso2=iso2
        ).first()
        if found is not None:
            assert (found.status, found.percent) == (status, percent), (code, ref, iso2)
            assert found.products.exists()

    counts = [M.objects.count() for M in (Progress, ProductProgress, ProgressRevision, Evidence)]
    assert load_demo_progress("system:test") == 0
    assert counts == [
        M.objects.count() for M in (Progress, ProductProgress, ProgressRevision, Evidence)
    ]
