"""Writing an activity's items (the cells of the plan's table) when a plan is loaded again.

An item that stays keeps its row: within its activity and column it is matched by its
Spanish text, then by its position (a reworded product is still the same product). So what
refers to a product (each country's progress on it, the reported progress of submitted
years, the evidence that shows it) stays with it. An update that would drop a product some
country has reported on is refused (``reported_products_dropped``), as one that drops an
activity with progress is.
"""

from collections import defaultdict

from coalition.plans.choices import ItemKind
from coalition.plans.models import ActivityItem, ProductProgress, ReportedProgress

FIELDS = ["position", "text_es", "text_en", "starts", "ends", "every_country", "regional"]


def pair_items(plan, spec_activities):
    """Which existing item each item of the new table keeps: ``({id(item spec): item},
    [items dropped])``, matching within an activity (by reference) and a column."""
    existing = defaultdict(list)
    rows = ActivityItem.objects.filter(activity__plan=plan).select_related("activity")
    for item in rows.order_by("position", "pk"):
        existing[(item.activity.ref, item.kind)].append(item)
    kept, pairs = set(), {}
    for spec in spec_activities:
        for i in spec.items:
            pool = [e for e in existing.get((spec.ref, i.kind), []) if e.pk not in kept]
            found = next((e for e in pool if e.text_es == i.text_es), None) or next(
                (e for e in pool if e.position == i.position), None
            )
            if found is not None:
                kept.add(found.pk)
                pairs[id(i)] = found
    dropped = [item for items in existing.values() for item in items if item.pk not in kept]
    return pairs, dropped


def reported_products_dropped(plan, spec_activities):
    """[(activity ref, product text)] of the products the new table drops although a
    country has reported progress on them (now, or in a submitted report)."""
    _pairs, dropped = pair_items(plan, spec_activities)
    products = {item.pk: item for item in dropped if item.kind == ItemKind.PRODUCT}
    reported = set(
        ProductProgress.objects.filter(product_id__in=products).values_list("product_id", flat=True)
    ) | set(
        ReportedProgress.objects.filter(product_id__in=products).values_list(
            "product_id", flat=True
        )
    )
    return sorted({(products[pk].activity.ref, products[pk].text_es) for pk in reported})


def write_items(plan, activities, links):
    """Write the items of ``activities`` ([(Activity, its spec)]) of ``plan``; ``links``
    maps ``id(item spec)`` to what it names (countries, organizations, every_country,
    regional). Returns [(ActivityItem, its links)] in the spec's order."""
    pairs, dropped = pair_items(plan, [spec for _activity, spec in activities])
    items = []
    for activity, spec in activities:
        for i in spec.items:
            item = pairs.get(id(i)) or ActivityItem(kind=i.kind)
            item.activity = activity  # the caller's instance, not one read again
            found_links = links[id(i)]
            item.position, item.text_es, item.text_en = i.position, i.text_es, i.text_en
            item.starts, item.ends = i.starts, i.ends
            item.every_country, item.regional = found_links.every_country, found_links.regional
            items.append((item, found_links))
    kept = [item.pk for item, _l in items if item.pk]
    ActivityItem.objects.filter(pk__in=[item.pk for item in dropped]).delete()
    ActivityItem.objects.bulk_update([item for item, _l in items if item.pk], FIELDS)
    ActivityItem.objects.bulk_create([item for item, _l in items if item.pk is None])
    Countries = ActivityItem.countries.through
    Organizations = ActivityItem.organizations.through
    Countries.objects.filter(activityitem_id__in=kept).delete()
    Organizations.objects.filter(activityitem_id__in=kept).delete()
    Countries.objects.bulk_create(
        Countries(activityitem_id=item.pk, country_id=country.pk)
        for item, found in items
        for country in found.countries
    )
    Organizations.objects.bulk_create(
        Organizations(activityitem_id=item.pk, organization_id=org.pk)
        for item, found in items
        for org in found.organizations
    )
    return items
