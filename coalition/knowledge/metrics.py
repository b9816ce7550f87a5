"""Figures derived from cooperation agreements and campaigns, read-only, for other apps.

The plans app shows ``activity_figures`` on an activity's page and in the plan's PDF
report as live verification: "Convenios o acuerdos firmados" and "Convenios o mecanismos
implementados" count the agreements linked to the activity; objective IV's "# de
campañas", "Folletos impresos", "Página web diseñada" and "# de tarjetas impresas" count
its campaigns and add up their reach. ``verification_topics`` says which of an activity's
verification sources these figures answer.

As with the events' figures, the counts cover every agreement and campaign linked to the
activity, whoever may open them: a count names no record and no person, and plans are
coalition-wide. The records listed by name, with links, are only those the user may see
(``linked_agreements``, ``linked_campaigns``). The home page's "needs your attention"
shows ``attention``: the agreements about to expire. The public home shows
``current_campaigns``: published versions only. The public site lists the agreements
marked public (``public_agreements``) and serves their documents.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import ngettext

from coalition.core import access, publication
from coalition.core import attention as home
from coalition.knowledge.agreements import alerts
from coalition.knowledge.choices import SIGNED_STATUSES, AgreementKind, AgreementStatus, Channel
from coalition.knowledge.models import (
    Agreement,
    AgreementDocument,
    Campaign,
    CampaignMaterial,
    Practice,
    lapsed_agreements,
)
from coalition.lib.text import fold
from coalition.plans.models import ItemKind

IN_PROGRESS_STATUSES = (AgreementStatus.IDEA, AgreementStatus.NEGOTIATION)
# The reach a campaign reports, in the order the figures are shown.
REACH_FIELDS = ("brochures_printed", "cards_printed", "web_visits", "broadcasts", "social_reach")

# Words (folded, as the start of a word) of a verification source that agreements answer,
# and those that campaigns answer ("# de campañas", "Folletos impresos", "Página web
# diseñada", "# de tarjetas impresas"), in Spanish and English.
AGREEMENT_WORDS = ("convenio", "agreement")
CAMPAIGN_WORDS = (
    "campana",
    "campaign",
    "folleto",
    "brochure",
    "web",
    "tarjeta",
    "card",
    "radio",
    "broadcast",
)


@dataclass
class ActivityFigures:
    """What an activity's linked agreements and campaigns show."""

    signed: int = 0  # signed at some point: signed, in force, expired, terminated
    in_force: int = 0
    in_progress: int = 0  # an idea or in negotiation
    campaigns: int = 0
    brochures_printed: int = 0
    cards_printed: int = 0
    web_visits: int = 0
    broadcasts: int = 0
    social_reach: int = 0

    @property
    def agreements(self):
        return self.signed + self.in_progress

    @property
    def has_agreements(self):
        return bool(self.agreements)

    @property
    def has_campaigns(self):
        return bool(self.campaigns)

    def reach(self):
        """{field: total} of the reach figures, every field included."""
        return {name: getattr(self, name) for name in REACH_FIELDS}


def _count(model, *conditions, **filters):
    """Correlated subquery: how many ``model`` rows linked to the outer activity."""
    rows = (
        model.activities.through.objects.filter(*conditions, activity_id=OuterRef("pk"), **filters)
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), Value(0), output_field=IntegerField())


def _campaign_sum(name):
    rows = (
        Campaign.activities.through.objects.filter(activity_id=OuterRef("pk"))
        .order_by()
        .values("activity_id")
        .annotate(total=Sum(f"campaign__{name}"))
        .values("total")
    )
    return Coalesce(Subquery(rows), Value(0), output_field=IntegerField())


def activity_figures(activity_ids):
    """{activity_id: ActivityFigures} for the given activities, in one query.

    Activities with no agreement or campaign linked have no entry.
    """
    from coalition.plans.models import Activity

    ids = list(activity_ids)
    if not ids:
        return {}
    # One row per activity, each figure a subquery: joining agreements and campaigns
    # together would multiply the sums.
    figures = {
        "signed": _count(Agreement, agreement__status__in=SIGNED_STATUSES),
        # In force as the pages show it: not past its expiry date.
        "in_force": _count(
            Agreement,
            ~lapsed_agreements("agreement__"),
            agreement__status=AgreementStatus.IN_FORCE,
        ),
        "in_progress": _count(Agreement, agreement__status__in=IN_PROGRESS_STATUSES),
        "campaigns": _count(Campaign),
        **{name: _campaign_sum(name) for name in REACH_FIELDS},
    }
    # Prefixed: "campaigns" and "agreements" are the activity's own related names.
    annotations = {f"k_{name}": expression for name, expression in figures.items()}
    rows = Activity.objects.filter(pk__in=ids).order_by().annotate(**annotations)
    result = {}
    for row in rows.values("pk", *annotations):
        pk = row.pop("pk")
        entry = ActivityFigures(**{name.removeprefix("k_"): value for name, value in row.items()})
        if entry.agreements or entry.campaigns:
            result[pk] = entry
    return result


@dataclass
class Topics:
    """An activity's verification sources that agreements and campaigns answer."""

    agreements: list = field(default_factory=list)
    campaigns: list = field(default_factory=list)


def _words(item):
    return fold(f"{item.text_es} {item.text_en}").replace("#", " ").split()


def verification_topics(items):
    """Topics of the verification items among ``items`` (ActivityItem rows)."""
    topics = Topics()
    for item in items:
        if item.kind != ItemKind.VERIFICATION:
            continue
        words = _words(item)
        if any(w.startswith(AGREEMENT_WORDS) for w in words):
            topics.agreements.append(item)
        elif any(w.startswith(CAMPAIGN_WORDS) for w in words):
            topics.campaigns.append(item)
    return topics


def agreements_in_force_by_country(countries, on):
    """{country pk: cooperation agreements that country follows up that were in force on
    ``on``, or None} in one query.

    In force: signed (recorded as signed, in force, or expired with its expiry date),
    effective (from ``effective_on``, or ``signed_on`` when no date of entry into force
    was recorded) on or before ``on``, and not expired by then. Terminated agreements are
    never counted (the record keeps no termination date), nor those with no signing date.
    None: the country has no agreement recorded at all (zero: it has some, none in force).
    """
    ids = [country.pk for country in countries]
    started = Q(effective_on__lte=on) | Q(effective_on__isnull=True, signed_on__lte=on)
    running = Q(
        status__in=(AgreementStatus.SIGNED, AgreementStatus.IN_FORCE),
        expires_on__isnull=True,
    ) | Q(
        status__in=(AgreementStatus.SIGNED, AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED),
        expires_on__gte=on,
    )
    rows = (
        Agreement.objects.filter(country_id__in=ids)
        .values("country_id")
        .order_by()
        .annotate(in_force=Count("pk", filter=started & running & Q(signed_on__isnull=False)))
    )
    found = {row["country_id"]: row["in_force"] for row in rows}
    return {pk: found.get(pk) for pk in ids}


def linked_agreements(activity, user):
    """The agreements linked to ``activity`` that ``user`` may open, latest signed first."""
    return (
        Agreement.objects.visible_to(user)
        .filter(activities=activity)
        .select_related("country")
        .order_by(F("signed_on").desc(nulls_last=True), "title", "pk")
    )


def linked_campaigns(activity, user):
    """The campaigns linked to ``activity`` that ``user`` may open, newest first."""
    return (
        Campaign.objects.visible_to(user)
        .filter(activities=activity)
        .select_related("country")
        .order_by("-starts", "title", "pk")
    )


# --- the home page -----------------------------------------------------------------------


def attention(request, today=None):
    """The agreements signed or in force, that the user may edit, expiring within the
    alert window (``alerts.ALERT_DAYS``, as the e-mailed alerts say); linked to the list
    of agreements filtered to them."""
    user = request.user
    today = today or timezone.localdate()
    countries = home.countries(request, access.editable_country_ids(user))
    if not countries:
        return []
    editable = access.restrict(Agreement.objects.all(), user, "edit")
    query = {
        "status": sorted(alerts.ALERTED_STATUSES),
        "expires_before": (today + timedelta(days=alerts.ALERT_DAYS)).isoformat(),
        "ordering": "expires",
    }
    item = home.per_country(
        alerts.expiring(editable, today),
        countries,
        home.WARNING,
        lambda count: ngettext(
            "%(count)d cooperation agreement expires within %(days)d days in %(place)s.",
            "%(count)d cooperation agreements expire within %(days)d days in %(place)s.",
            count,
        ),
        "agreement-list",
        query=query,
        days=alerts.ALERT_DAYS,
    )
    return [item] if item else []


# --- the public site: published campaigns and good practices ------------------------------
# Only published versions leave here (``core.publication``): a campaign while one of its
# materials is published, with those materials only; a practice without its contact person
# or documents (they are not among its public fields); partners flagged public only.


def campaign_channels():
    """(code, label) of the channels a campaign may use, for the public filter."""
    return Channel.choices


def _published_materials():
    return CampaignMaterial.objects.filter(published_version__isnull=False)


def published_campaigns(pk=None):
    """The public copies of the campaigns with a published material (or only campaign
    ``pk``), each with the public copies of those materials (``published_materials``, by
    title), newest first; three queries whatever their number."""
    published = _published_materials()
    campaigns = Campaign.objects.filter(Exists(published.filter(campaign=OuterRef("pk"))))
    if pk is not None:
        campaigns, published = campaigns.filter(pk=pk), published.filter(campaign=pk)
    copies = publication.public_copies(campaigns, related=["country"])
    materials = {}
    for material in publication.public_copies(published):
        materials.setdefault(material.campaign_id, []).append(material)
    for campaign in copies:
        campaign.published_materials = sorted(
            materials.get(campaign.pk, []), key=lambda m: (m.title, m.pk)
        )
    return sorted(copies, key=lambda c: (-c.starts.toordinal(), c.title, c.pk))


def current_campaigns(limit=3, today=None):
    """At most ``limit`` of the published campaigns (``published_campaigns``): those running
    on ``today`` (latest started first), then those that ended most recently. A campaign not
    started yet is left for its campaign page. Dates are the published ones, not the working
    copy's."""
    today = today or timezone.localdate()
    copies = published_campaigns()
    running = [c for c in copies if c.starts <= today and (c.ends is None or c.ends >= today)]
    ended = [c for c in copies if c.ends is not None and c.ends < today]
    ended.sort(key=lambda c: (-c.ends.toordinal(), c.title, c.pk))
    return (running + ended)[:limit]


def published_campaign(pk):
    """The public copy of campaign ``pk`` (as ``published_campaigns`` gives it) with its
    partners that are public (``partners``), or None when the public may not see it."""
    campaign = next(iter(published_campaigns(pk)), None) if access.can_name_a_row(pk) else None
    if campaign is not None:
        campaign.partners = list(
            publication.published_related(campaign, "organizations")
            .filter(public=True)
            .order_by("name")
        )
    return campaign


def published_campaign_ids():
    """The ids of the campaigns the public sees (for the sitemap)."""
    published = _published_materials().filter(campaign=OuterRef("pk"))
    campaigns = Campaign.objects.filter(Exists(published), published_version__isnull=False)
    return list(campaigns.order_by("pk").values_list("pk", flat=True))


def public_material(pk):
    """The published material ``pk`` (the row, for its file), or None."""
    if not access.can_name_a_row(pk):
        return None
    return _published_materials().filter(pk=pk).first()


def published_practices():
    """The public copies of the published good practices, by title."""
    copies = publication.public_copies(Practice.objects.all(), related=["country", "institution"])
    return sorted(copies, key=lambda practice: (fold(practice.title), practice.pk))


def published_practice(pk):
    """The public copy of practice ``pk``, or None when it is not published."""
    if not access.can_name_a_row(pk):
        return None
    copies = publication.public_copies(
        Practice.objects.filter(pk=pk), related=["country", "institution"]
    )
    return next(iter(copies), None)


def published_practice_ids():
    """The ids of the published good practices (for the sitemap)."""
    published = Practice.objects.filter(published_version__isnull=False).order_by("pk")
    return list(published.values_list("pk", flat=True))


# Agreements marked public (``Agreement.public``): what the public documents page lists, and
# their documents, which anyone may download. Nothing else of an agreement leaves the app
# this way (no obligations, focal points, linked activities or author).


def public_agreements(country="", kind=""):
    """The public agreements, latest signed first, with their countries, parties and
    documents in four queries; ``country`` (ISO code: followed up by or party to) and
    ``kind`` narrow them."""
    agreements = Agreement.objects.filter(public=True)
    if country:
        agreements = agreements.filter(
            Q(country__iso2=country) | Q(party_countries__iso2=country)
        ).distinct()
    if kind:
        agreements = agreements.filter(kind=kind)
    return (
        agreements.select_related("country")
        .prefetch_related("party_countries", "party_organizations", "documents")
        .order_by(F("signed_on").desc(nulls_last=True), "title", "pk")
    )


def public_agreement_kinds():
    return AgreementKind.choices


def public_agreement_document(agreement_id, pk):
    """The document ``pk`` of the public agreement ``agreement_id``, or None (the agreement
    is not public, or has no such document)."""
    return (
        AgreementDocument.objects.filter(pk=pk, agreement_id=agreement_id, agreement__public=True)
        .select_related("agreement")
        .first()
    )


# --- the regional annual report ----------------------------------------------------------


def annual_agreements(year, on, days=365):
    """The agreements signed in ``year`` and those in force (signed or in force) that
    expire within ``days`` after ``on``: ``(signed, expiring)``, each a list of dicts
    (``country_id``, ``title``, ``kind`` label, ``status`` label, ``signed_on``,
    ``expires_on``), in two queries."""
    kinds, statuses = dict(AgreementKind.choices), dict(AgreementStatus.choices)
    fields = ("country_id", "title", "kind", "status", "signed_on", "expires_on")

    def rows(queryset):
        found = []
        for row in queryset.values(*fields):
            row["kind"] = kinds.get(row["kind"], row["kind"])
            row["status"] = statuses.get(row["status"], row["status"])
            found.append(row)
        return found

    signed = Agreement.objects.filter(status__in=SIGNED_STATUSES, signed_on__year=year).order_by(
        "signed_on", "title"
    )
    expiring = Agreement.objects.filter(
        status__in=(AgreementStatus.SIGNED, AgreementStatus.IN_FORCE),
        expires_on__gte=on,
        expires_on__lte=on + timedelta(days=days),
    ).order_by("expires_on", "title")
    return rows(signed), rows(expiring)


def annual_campaigns(year):
    """The campaigns running some time in ``year`` (started by its end, not ended before
    its start), each a dict: ``country_id``, ``title``, ``starts``, ``ends`` and the reach
    figures of ``REACH_FIELDS`` (None: not reported). One query."""
    first, last = f"{year}-01-01", f"{year}-12-31"
    rows = (
        Campaign.objects.filter(starts__lte=last)
        .filter(Q(ends__isnull=True) | Q(ends__gte=first))
        .order_by("starts", "title")
        .values("country_id", "title", "starts", "ends", *REACH_FIELDS)
    )
    return list(rows)


def reach_labels():
    """{field: label} of the reach figures, in ``REACH_FIELDS`` order."""
    return {name: Campaign._meta.get_field(name).verbose_name for name in REACH_FIELDS}
