"""Fixtures of knowledge and cooperation. ``build_knowledge`` (also used by ``sweep.py``)
gives, for Costa Rica, Guatemala and the regional level:

- SWOTs of 2025: Costa Rica (a strength and a weakness on prevention, a threat on
  justice), Guatemala (a strength on prevention, an opportunity on attention), and a
  regional SWOT with one item consolidated from the two prevention strengths;
- good practices: Costa Rica's published one (with a document) and its draft (of the
  contributor's institution), Guatemala's reviewed one;
- agreements: Costa Rica's police agreement in force that expires in 60 days (with a
  document), Guatemala's judicial agreement in negotiation, the regional migration
  agreement signed;
- campaigns: Costa Rica's radio campaign with an approved and published spot and a draft
  brochure, Guatemala's card campaign, the regional web campaign.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coalition.core import publication
from coalition.core.choices import Axis
from coalition.core.files import store
from coalition.core.models import Organization
from coalition.knowledge.choices import (
    AgreementKind,
    AgreementStatus,
    Audience,
    Channel,
    Language,
    MaterialKind,
    PracticeStatus,
    Quadrant,
)
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

YEAR = 2025
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def publish(*records):
    """Give ``records`` their published version, as they are (what the review moves do)."""
    for record in records:
        publication.take(record)
        record.save(update_fields=["published_version"])
    return records[0]


def attach(model, parent_field, parent, name="documento.pdf", content=PDF, **fields):
    """A stored file of ``parent`` (a practice, agreement or campaign)."""
    row = model(
        **{parent_field: parent},
        country=parent.country,
        original_name=name,
        content_type="application/pdf",
        **fields,
    )
    store(row, SimpleUploadedFile(name, content, content_type="application/pdf"))
    return row


def make_swot(country, year=YEAR, items=()):
    """``items``: [(quadrant, axis, text), ...]."""
    swot = Swot.objects.create(country=country, year=year)
    made = [
        SwotItem.objects.create(swot=swot, quadrant=q, axis=a, text=t, position=n)
        for n, (q, a, t) in enumerate(items, start=1)
    ]
    return swot, made


def _organization(acronym):
    return Organization.objects.filter(acronym=acronym).first()


def build_knowledge(countries):
    cr, gt, regional = countries["CR"], countries["GT"], countries["regional"]
    Q, A = Quadrant, Axis
    cr_swot, cr_items = make_swot(
        cr,
        items=[
            (Q.STRENGTH, A.PREVENTION, "Mesa interinstitucional activa desde 2010"),
            (Q.WEAKNESS, A.PREVENTION, "Pocas campañas fuera del Valle Central"),
            (Q.THREAT, A.JUSTICE, "Rotación de fiscales especializados"),
        ],
    )
    gt_swot, gt_items = make_swot(
        gt,
        items=[
            (Q.STRENGTH, A.PREVENTION, "Mesa interinstitucional que sesiona cada mes"),
            (Q.OPPORTUNITY, A.ATTENTION, "Nuevos albergues con apoyo de la cooperación"),
        ],
    )
    regional_swot, regional_items = make_swot(
        regional,
        items=[(Q.STRENGTH, A.PREVENTION, "Mesas interinstitucionales activas en la región")],
    )
    regional_items[0].sources.set([cr_items[0], gt_items[0]])

    now = timezone.now()
    practices = {
        "cr_published": Practice.objects.create(
            country=cr, title="Línea 1-1-1 de denuncia anónima", axis=A.DETECTION,
            institution=_organization("ST-CR"), year=2024,
            description="Una línea gratuita atiende denuncias las 24 horas.",
            results="Más denuncias desde zonas rurales.", status=PracticeStatus.PUBLISHED,
            reviewed_at=now, published_at=now,
        ),
        "cr_draft": Practice.objects.create(
            country=cr, title="Red de escuelas protectoras", axis=A.PREVENTION,
            institution=_organization("FAI"), description="Talleres en escuelas fronterizas.",
        ),
        "gt_reviewed": Practice.objects.create(
            country=gt, title="Fiscalía con enfoque en víctimas", axis=A.JUSTICE,
            institution=_organization("FCT"), description="Entrevista única en cámara Gesell.",
            status=PracticeStatus.REVIEWED, reviewed_at=now,
        ),
    }  # fmt: skip
    publish(practices["cr_published"])
    documents = {"practice": attach(PracticeDocument, "practice", practices["cr_published"])}

    today = timezone.localdate()
    agreements = {
        "cr_police": Agreement.objects.create(
            country=cr, title="Convenio de cooperación policial Costa Rica–Nicaragua",
            kind=AgreementKind.POLICE, status=AgreementStatus.IN_FORCE,
            signed_on=today - datetime.timedelta(days=700),
            effective_on=today - datetime.timedelta(days=690),
            expires_on=today + datetime.timedelta(days=60),
            obligations="Intercambio de alertas migratorias.",
        ),
        "gt_judicial": Agreement.objects.create(
            country=gt, title="Acuerdo con el Organismo Judicial sobre sentencias",
            kind=AgreementKind.JUDICIAL, status=AgreementStatus.NEGOTIATION,
        ),
        "regional_migration": Agreement.objects.create(
            country=regional, title="Protocolo regional de repatriación",
            kind=AgreementKind.MIGRATION, status=AgreementStatus.SIGNED,
            signed_on=datetime.date(YEAR, 3, 1),
        ),
    }  # fmt: skip
    agreements["cr_police"].party_countries.set([cr, countries["NI"]])
    agreements["regional_migration"].party_countries.set(
        [c for c in countries.values() if not c.is_regional and c.iso2 in {"CR", "GT", "HN"}]
    )
    documents["agreement"] = attach(AgreementDocument, "agreement", agreements["cr_police"])

    C = Channel
    campaigns = {
        "cr_radio": Campaign.objects.create(
            country=cr, title="No te dejés engañar", message="Las ofertas falsas de empleo.",
            channels=[C.RADIO, C.SOCIAL], starts=datetime.date(YEAR, 2, 1),
            ends=datetime.date(YEAR, 5, 31), audiences=[Audience.YOUTH],
            languages=[Language.ES], broadcasts=320, social_reach=45000,
        ),
        "gt_cards": Campaign.objects.create(
            country=gt, title="Tarjetas de contactos clave", channels=[C.CARDS],
            starts=datetime.date(YEAR, 6, 1), audiences=[Audience.OFFICIALS],
            languages=[Language.ES, Language.KICHE], cards_printed=5000,
        ),
        "regional_web": Campaign.objects.create(
            country=regional, title="Página web de la Coalición", channels=[C.WEB],
            starts=datetime.date(YEAR, 1, 15), audiences=[Audience.GENERAL],
            languages=[Language.ES, Language.EN], web_visits=12000,
        ),
    }  # fmt: skip
    materials = {
        "published": attach(
            CampaignMaterial, "campaign", campaigns["cr_radio"], name="cuna.pdf",
            kind=MaterialKind.AUDIO, title="Cuña de 30 segundos", approved=True, published=True,
        ),
        "draft": attach(
            CampaignMaterial, "campaign", campaigns["cr_radio"], name="folleto.pdf",
            kind=MaterialKind.BROCHURE, title="Folleto (borrador)",
        ),
        "gt": attach(
            CampaignMaterial, "campaign", campaigns["gt_cards"], name="tarjeta.pdf",
            kind=MaterialKind.CARD, title="Tarjeta de contactos", approved=True,
        ),
    }  # fmt: skip
    publish(materials["published"], campaigns["cr_radio"])
    return {
        "swots": {"CR": cr_swot, "GT": gt_swot, "regional": regional_swot},
        "items": {"CR": cr_items, "GT": gt_items, "regional": regional_items},
        "practices": practices,
        "agreements": agreements,
        "campaigns": campaigns,
        "materials": materials,
        "documents": documents,
    }


@pytest.fixture
def knowledge(personas, countries, organizations):
    return build_knowledge(countries)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...``: what the block commits takes effect as in production, the
    public pages' cache cleared with it (inside a test, on_commit never fires by itself)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
