"""Demo knowledge and cooperation for ``load_demo``: clearly fictitious SWOTs, good
practices, cooperation agreements and campaigns for every member country and the
regional level.

- SWOTs of 2025 for the eight member countries (seven or eight items each, in the four
  quadrants and on several axes) and the regional SWOT consolidated from them (each
  regional item names the country items it was made from); a 2024 exercise for Costa Rica,
  Guatemala and Honduras.
- Nineteen good practices in every review status, on every axis, of the demo institutions,
  with a directory contact where the demo directory has one; one published practice has an
  edit that awaits review (the public page still shows what was published).
- Thirteen agreements of every status and type, with party countries and institutions;
  three in force expire within 90 days of the day the demo is loaded; several have a small
  generated PDF (three of those are public: the public site lists them); those with
  police, migration and the judiciary are linked to the 2012
  plan's activities whose verification source is "Convenios ...".
- Eleven campaigns, national and regional, on every channel, with reach figures, linked to
  objective IV of the 2012 plan (those of 2012-2013) or of the demo plan 2026-2027, with
  generated materials (PDF brochures and cards, a PNG poster, WAV radio spots), some
  approved and published; two run on the day the demo is loaded (their dates are counted
  from it), so the public home always has a current campaign.

Titles end in "(demo)"; summaries and descriptions start with "[Demo]" and sources are
phrased as fictitious. No person is named: contacts are the demo directory's. Running it
again changes nothing: a SWOT is known by its country and year, the other records by
their country and title, a file by its record and name.

The texts and rows are data, in ``data/demo.json``; this module turns them into records.
"""

import datetime
import io
import json
import math
import struct
import wave
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from coalition.core import audit, files, publication
from coalition.core.choices import AuditAction
from coalition.core.models import Country, Organization, User
from coalition.directory.models import Contact, ContactKind
from coalition.knowledge.choices import Language as L
from coalition.knowledge.choices import MaterialKind as M
from coalition.knowledge.choices import PracticeStatus as P
from coalition.knowledge.models import (
    Agreement,
    AgreementDocument,
    Campaign,
    CampaignMaterial,
    Practice,
    PracticeDocument,
    Swot,
    SwotItem,
)
from coalition.plans.models import Activity, ActivityItem, ItemKind

SEED = "plan-operativo-2012"
DEMO = "demo-plan-2026-2027"
REGIONAL = "XR"
DATA = Path(__file__).resolve().parent / "data" / "demo.json"


# --- what the data file holds -------------------------------------------------------------


@dataclass(frozen=True)
class PracticeSpec:
    country: str
    title: str
    axis: str
    institution: str  # acronym (or name) of a demo institution of the country or region
    year: int
    status: str
    description: str
    results: str
    success_factors: str
    replicability: str
    replicability_notes: str = ""
    document: bool = False
    # Results written after it was published: an edit that awaits review.
    pending_results: str = ""


@dataclass(frozen=True)
class AgreementSpec:
    country: str
    title: str
    kind: str
    status: str
    summary: str
    parties: list = field(default_factory=list)  # ISO codes
    organizations: list = field(default_factory=list)  # [(ISO code or XR, acronym or name)]
    signed: object = None  # a date, or days from today (int)
    effective: object = None
    expires: object = None
    obligations: str = ""
    focal_notes: str = ""
    activities: list = field(default_factory=list)  # refs of the 2012 plan
    document: bool = False
    public: bool = False  # shown, with its document, on the public site's documents page


@dataclass(frozen=True)
class MaterialSpec:
    kind: str
    title: str
    language: str = L.ES
    approved: bool = False
    published: bool = False


@dataclass(frozen=True)
class CampaignSpec:
    country: str
    title: str
    message: str
    channels: list
    starts: object  # a date, or days from today (int)
    ends: object  # a date, days from today, or None: open-ended
    audiences: list
    languages: list
    organizations: list  # [(ISO code or XR, acronym or name)]
    activities: list  # [(plan code, ref)]
    reach: dict
    materials: list = field(default_factory=list)


def _day(value):
    """A date written "YYYY-MM-DD" in the data file; None or a number of days as they are."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _agreement(row):
    dates = {name: _day(row.get(name)) for name in ("signed", "effective", "expires")}
    return AgreementSpec(**{**row, **dates})


def _campaign(row):
    return CampaignSpec(
        **{
            **row,
            "starts": _day(row["starts"]),
            "ends": _day(row.get("ends")),
            "activities": [tuple(key) for key in row["activities"]],
            "materials": [MaterialSpec(**material) for material in row.get("materials", [])],
        }
    )


with DATA.open(encoding="utf-8") as data_file:
    _CONTENT = json.load(data_file)

# Per country: [quadrant, axis, item]; the evidence is the country's fictitious report.
SWOTS_2025 = _CONTENT["swots_2025"]
# The regional SWOT of 2025: each item with the country items [ISO code, index in
# SWOTS_2025] it was consolidated from.
REGIONAL_2025 = _CONTENT["regional_2025"]
SWOTS_2024 = _CONTENT["swots_2024"]
PRACTICES = [PracticeSpec(**row) for row in _CONTENT["practices"]]
AGREEMENTS = [_agreement(row) for row in _CONTENT["agreements"]]
CAMPAIGNS = [_campaign(row) for row in _CONTENT["campaigns"]]


# --- loading -------------------------------------------------------------------------------


def load_demo_knowledge(actor):
    """Create the demo SWOTs, practices, agreements and campaigns (with their files) that
    do not exist yet; returns how many rows were created (records, SWOT items, files)."""
    return _Loader(actor).run()


class _Loader:
    def __init__(self, actor):
        self.actor = actor
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.countries = {c.iso2: c for c in Country.objects.active()}
        self.editors = {
            iso2: user
            for user in User.objects.filter(username__in=["editor-cr", "editor-gt", "st-regional"])
            for iso2 in user.memberships.values_list("country__iso2", flat=True)
        }
        self.created = 0

    def run(self):
        self.swots()
        self.practices()
        self.agreements()
        self.campaigns()
        return self.created

    def editor(self, iso2):
        return self.editors.get(iso2) or self.editors.get(REGIONAL)

    def record(self, obj, after=None):
        after = after if after is not None else audit.snapshot(obj)
        audit.record(None, AuditAction.CREATE, obj, actor_repr=self.actor, after=after)
        self.created += 1

    # --- SWOT -------------------------------------------------------------------------
    def swots(self):
        made = {}
        for iso2, items in SWOTS_2025.items():
            made[iso2] = self.swot(iso2, 2025, items)
        regional = self.countries.get(REGIONAL)
        if regional is not None and not Swot.objects.filter(country=regional, year=2025).exists():
            swot = Swot.objects.create(
                country=regional,
                year=2025,
                summary="[Demo] FODA regional ficticio, consolidado en la reunión de la "
                "Coalición Regional a partir de los FODA nacionales de 2025.",
                created_by=self.editor(REGIONAL),
            )
            for position, (quadrant, axis, text, sources) in enumerate(REGIONAL_2025, start=1):
                item = SwotItem.objects.create(
                    swot=swot,
                    quadrant=quadrant,
                    axis=axis,
                    text=text,
                    evidence="Consolidado de los FODA nacionales ficticios de 2025 (demo).",
                    position=position,
                )
                item.sources.set(
                    made[iso2][index]
                    for iso2, index in sources
                    if made.get(iso2) and index < len(made[iso2])
                )
                self.created += 1
            self.record(swot, swot.snapshot())
        for iso2, items in SWOTS_2024.items():
            self.swot(iso2, 2024, items)

    def swot(self, iso2, year, items):
        """The country's SWOT of ``year`` with its items (in order); the existing items
        when it is already there, None when the country is not."""
        country = self.countries.get(iso2)
        if country is None:
            return None
        existing = Swot.objects.filter(country=country, year=year).first()
        if existing is not None:
            return list(existing.items.order_by("position", "pk"))
        swot = Swot.objects.create(
            country=country,
            year=year,
            summary=f"[Demo] FODA nacional ficticio de {year}, validado en un taller de la "
            "coalición nacional.",
            created_by=self.editor(iso2),
        )
        made = []
        for position, (quadrant, axis, text) in enumerate(items, start=1):
            made.append(
                SwotItem.objects.create(
                    swot=swot,
                    quadrant=quadrant,
                    axis=axis,
                    text=text,
                    evidence=f"Informe ficticio de la ST-{iso2}, {year} (demo).",
                    position=position,
                )
            )
            self.created += 1
        self.record(swot, swot.snapshot())
        return made

    # --- good practices ---------------------------------------------------------------
    def practices(self):
        for spec in PRACTICES:
            country = self.countries.get(spec.country)
            if (
                country is None
                or Practice.objects.filter(country=country, title=spec.title).exists()
            ):
                continue
            institution = _organization(spec.country, spec.institution)
            contacts = _contacts([institution], 1)
            reviewed = spec.status in (P.REVIEWED, P.PUBLISHED)
            practice = Practice.objects.create(
                country=country,
                title=spec.title,
                axis=spec.axis,
                institution=institution,
                year=spec.year,
                description=f"[Demo] {spec.description}",
                results=spec.results,
                success_factors=spec.success_factors,
                replicability=spec.replicability,
                replicability_notes=spec.replicability_notes,
                contact=contacts[0] if contacts else None,
                status=spec.status,
                reviewed_by=self.editor(spec.country) if reviewed else None,
                reviewed_at=self.now if reviewed else None,
                published_at=self.now if spec.status == P.PUBLISHED else None,
                created_by=self.editor(spec.country),
            )
            self.record(practice)
            if spec.status == P.PUBLISHED:
                publication.publish(None, practice, actor_repr=self.actor)
            if spec.pending_results:
                before = audit.snapshot(practice)
                practice.results = spec.pending_results
                practice.save()
                audit.record(
                    None, AuditAction.UPDATE, practice, actor_repr=self.actor,
                    before=before, after=audit.snapshot(practice),
                )  # fmt: skip
            if spec.document:
                self.attach(
                    PracticeDocument(practice=practice),
                    practice,
                    "sistematizacion-demo.pdf",
                    _pdf(spec.title, "Sistematización ficticia de la buena práctica."),
                    "application/pdf",
                    description="[Demo] Documento de sistematización",
                )

    # --- agreements -------------------------------------------------------------------
    def agreements(self):
        activities = _agreement_activities()
        for spec in AGREEMENTS:
            country = self.countries.get(spec.country)
            if (
                country is None
                or Agreement.objects.filter(country=country, title=spec.title).exists()
            ):
                continue
            organizations = [
                org for org in (_organization(*key) for key in spec.organizations) if org
            ]
            agreement = Agreement.objects.create(
                country=country,
                title=spec.title,
                kind=spec.kind,
                status=spec.status,
                summary=spec.summary,
                signed_on=self.day(spec.signed),
                effective_on=self.day(spec.effective),
                expires_on=self.day(spec.expires),
                obligations=spec.obligations,
                focal_points_notes=spec.focal_notes,
                public=spec.public,
                created_by=self.editor(spec.country),
            )
            agreement.party_countries.set(
                self.countries[iso2] for iso2 in spec.parties if iso2 in self.countries
            )
            agreement.party_organizations.set(organizations)
            agreement.focal_points.set(_contacts(organizations, 2))
            agreement.activities.set(
                activities[ref] for ref in spec.activities if ref in activities
            )
            self.record(agreement, agreement.snapshot())
            if spec.document:
                self.attach(
                    AgreementDocument(agreement=agreement),
                    agreement,
                    "convenio-firmado-demo.pdf",
                    _pdf(spec.title, "Texto ficticio del convenio firmado."),
                    "application/pdf",
                    description="[Demo] Texto firmado",
                )

    def day(self, value):
        """A date as given, or that many days from today."""
        if isinstance(value, int):
            return self.today + datetime.timedelta(days=value)
        return value

    # --- campaigns --------------------------------------------------------------------
    def campaigns(self):
        activities = _campaign_activities()
        for spec in CAMPAIGNS:
            country = self.countries.get(spec.country)
            if country is None:
                continue
            campaign = Campaign.objects.filter(country=country, title=spec.title).first()
            if campaign is None:
                campaign = Campaign.objects.create(
                    country=country,
                    title=spec.title,
                    message=spec.message,
                    channels=[str(c) for c in spec.channels],
                    starts=self.day(spec.starts),
                    ends=self.day(spec.ends),
                    audiences=[str(a) for a in spec.audiences],
                    languages=[str(lang) for lang in spec.languages],
                    created_by=self.editor(spec.country),
                    **spec.reach,
                )
                campaign.organizations.set(
                    org for org in (_organization(*key) for key in spec.organizations) if org
                )
                campaign.activities.set(
                    activities[key] for key in spec.activities if key in activities
                )
                self.record(campaign, campaign.snapshot())
            for material in spec.materials:
                if campaign.materials.filter(title=material.title).exists():
                    continue
                name, content, content_type = _material_file(material, spec.title)
                self.attach(
                    CampaignMaterial(
                        campaign=campaign,
                        kind=material.kind,
                        title=material.title,
                        language=material.language,
                        approved=material.approved,
                        approved_by=self.editor(spec.country) if material.approved else None,
                        published=material.published,
                    ),
                    campaign,
                    name,
                    content,
                    content_type,
                    description="[Demo] Material ficticio",
                )
            self.publish_materials(campaign)

    def publish_materials(self, campaign):
        """Give the published materials, and their campaign, their published version."""
        published = campaign.materials.filter(published=True)
        for material in published.filter(published_version__isnull=True):
            publication.publish(None, material, actor_repr=self.actor)
        if campaign.published_version is None and published.exists():
            publication.publish(None, campaign, actor_repr=self.actor)

    # --- files ------------------------------------------------------------------------
    def attach(self, row, parent, name, content, content_type, description=""):
        row.country = parent.country
        row.original_name = name
        row.content_type = content_type
        row.description = description
        row.uploaded_by = self.editor(parent.country.iso2)
        files.store(row, ContentFile(content, name=name), then=lambda: self.record(row))


# --- look-ups ------------------------------------------------------------------------------


def _organization(iso2, text):
    """A demo organization of the country (or the regional level) by acronym or name."""
    return (
        Organization.objects.filter(country__iso2=iso2)
        .filter(Q(acronym=text) | Q(name=text))
        .order_by("pk")
        .first()
    )


def _contacts(organizations, limit):
    """Up to ``limit`` people of the demo directory who work at ``organizations``."""
    organizations = [org for org in organizations if org is not None]
    if not organizations:
        return []
    return list(
        Contact.objects.filter(organization__in=organizations, kind=ContactKind.PERSON).order_by(
            "organization_id", "pk"
        )[:limit]
    )


def _agreement_activities():
    """{ref: activity} of the 2012 plan's activities whose verification source speaks of
    agreements ("Convenios o acuerdos firmados", "Convenios o mecanismos implementados")."""
    items = ActivityItem.objects.filter(
        kind=ItemKind.VERIFICATION, text_es__icontains="convenio", activity__plan__code=SEED
    ).select_related("activity")
    return {item.activity.ref: item.activity for item in items}


def _campaign_activities():
    """{(plan code, ref): activity} of objective IV of the 2012 plan and the demo plan."""
    rows = Activity.objects.filter(
        plan__code__in=[SEED, DEMO], objective__numeral="IV"
    ).select_related("plan")
    return {(a.plan.code, a.ref): a for a in rows}


# --- generated files -----------------------------------------------------------------------


def _pdf(title, text):
    """A one-page PDF that says it is demo material (WeasyPrint, nothing fetched)."""
    from django.utils.html import escape

    from coalition.lib.pdf import html_to_pdf

    return html_to_pdf(
        f"<h1>{escape(title)}</h1><p>{escape(text)}</p>"
        "<p>Documento ficticio de demostración. Demo document.</p>"
    )


def _png(width=320, height=160):
    """A small PNG poster: the coalition's blue with a yellow band (no text, no person)."""
    band = range(height * 2 // 5, height * 3 // 5)
    rows = []
    for y in range(height):
        colour = b"\xf2\xb7\x05" if y in band else b"\x1f\x4e\x79"
        rows.append(b"\x00" + colour * width)
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _wav(seconds=1.0, rate=8000, pitch=440.0):
    """A short tone standing in for a radio spot (mono, 16-bit)."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * pitch * n / rate)))
        for n in range(int(seconds * rate))
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        sound.writeframes(frames)
    return out.getvalue()


def _material_file(material, campaign_title):
    """(file name, content, content type) of a demo material of ``material.kind``."""
    slug = slugify(" ".join(material.title.split()[:3]))
    if material.kind == M.AUDIO:
        return f"{slug}-demo.wav", _wav(), "audio/wav"
    if material.kind == M.IMAGE:
        return f"{slug}-demo.png", _png(), "image/png"
    text = f"{material.title}. Material ficticio de la campaña «{campaign_title}»."
    return f"{slug}-demo.pdf", _pdf(material.title, text), "application/pdf"
