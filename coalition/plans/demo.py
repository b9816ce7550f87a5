"""Demo progress for ``load_demo``: the fictitious plan 2026-2027 loaded from
``plans/data``, and clearly fictitious progress ("[Demo] ...") on it and on the 2012 plan,
product by product (Costa Rica on III.2, Guatemala and the regional level on VII.1 with
mixed products), with small evidence PDFs (one showing a product) and a CSV. Running it
again changes nothing."""

from pathlib import Path

from django.core.files.base import ContentFile

from coalition.core import audit, files
from coalition.core.choices import AuditAction
from coalition.core.models import Country, User
from coalition.plans.choices import ItemKind
from coalition.plans.choices import ProgressStatus as S
from coalition.plans.demo_reports import load_demo_reports
from coalition.plans.loader import load_plan
from coalition.plans.models import (
    Activity,
    Evidence,
    Plan,
    ProductProgress,
    Progress,
    ProgressRevision,
)
from coalition.plans.progress import refresh

DEMO_PLAN = Path(__file__).resolve().parent / "data" / "demo-plan-2026-2027.json"

# plan code, activity ref, country, status, percent, narrative, next steps
PROGRESS = [
    ("demo-plan-2026-2027", "I.1", "XR", S.DONE, 100,
     "[Demo] Dos reuniones ordinarias realizadas (marzo y septiembre) con 8 países.",
     ""),
    ("demo-plan-2026-2027", "I.1", "CR", S.DONE, 100,
     "[Demo] Costa Rica participó en ambas reuniones.", ""),
    ("demo-plan-2026-2027", "I.1", "GT", S.IN_PROGRESS, 50,
     "[Demo] Guatemala participó en la primera reunión.",
     "[Demo] Confirmar delegación para la segunda reunión."),
    ("demo-plan-2026-2027", "I.2", "CR", S.IN_PROGRESS, 60,
     "[Demo] Indicadores 1 a 12 cargados; faltan los de sentencias.",
     "[Demo] Pedir datos al Poder Judicial antes del 15 de diciembre."),
    ("demo-plan-2026-2027", "I.2", "HN", S.BLOCKED, 20,
     "[Demo] Sin respuesta de la institución que administra los datos.",
     "[Demo] Escalar a la Secretaría Técnica Regional."),
    ("demo-plan-2026-2027", "II.1", "CR", S.IN_PROGRESS, 30,
     "[Demo] Primer taller con 24 fiscales realizado en San José.",
     "[Demo] Segundo taller en Liberia en febrero."),
    ("demo-plan-2026-2027", "II.1", "GT", S.NOT_STARTED, 0, "", ""),
    ("demo-plan-2026-2027", "II.2", "PA", S.IN_PROGRESS, 40,
     "[Demo] Contenidos del curso en revisión.", ""),
    ("demo-plan-2026-2027", "III.1", "GT", S.DONE, 100,
     "[Demo] Protocolo revisado y firmado por las instituciones.", ""),
    ("demo-plan-2026-2027", "III.1", "PA", S.NOT_APPLICABLE, 0,
     "[Demo] Panamá actualizó su protocolo en 2025.", ""),
    ("demo-plan-2026-2027", "IV.1", "XR", S.IN_PROGRESS, 70,
     "[Demo] Materiales de campaña diseñados y compartidos.", ""),
    ("plan-operativo-2012", "I.1", "XR", S.DONE, 100,
     "[Demo] Encuentro regional realizado en agosto de 2012.", ""),
    ("plan-operativo-2012", "II.1", "NI", S.DONE, 100,
     "[Demo] Taller para jueces penales realizado.", ""),
    ("plan-operativo-2012", "VI.1", "CR", S.IN_PROGRESS, 80,
     "[Demo] Directorio con 140 contactos; falta el eje de repatriación.", ""),
    # Reported per product (PRODUCTS): the status and percent are computed from them.
    ("plan-operativo-2012", "III.2", "CR", S.IN_PROGRESS, 65,
     "[Demo] FODA nacional presentado en el encuentro regional; convenio con la policía "
     "en negociación.",
     "[Demo] Firmar el convenio con la policía en el primer trimestre."),
    ("plan-operativo-2012", "VII.1", "GT", S.IN_PROGRESS, 47,
     "[Demo] Convenio firmado con el Organismo Judicial; primeras estadísticas recibidas.",
     "[Demo] Definir la herramienta segura para compartir los datos."),
    ("plan-operativo-2012", "VII.1", "XR", S.IN_PROGRESS, 53,
     "[Demo] Mecanismo regional acordado; cinco países enviaron estadísticas.",
     "[Demo] Pedir a los demás países sus estadísticas de sentencias."),
]  # fmt: skip

# Progress reported product by product: (plan, ref, country) -> (status, percent, note)
# per product in order. Every other row gives each product the activity's own values.
PRODUCTS = {
    ("plan-operativo-2012", "III.2", "CR"): [
        (S.DONE, 100, "[Demo] FODA nacional sistematizado y compartido en el encuentro."),
        (S.IN_PROGRESS, 30, "[Demo] Borrador de convenio con la policía en revisión legal."),
    ],
    ("plan-operativo-2012", "VII.1", "GT"): [
        (S.DONE, 100, "[Demo] Convenio firmado con el Organismo Judicial."),
        (S.IN_PROGRESS, 40, "[Demo] Estadísticas de 2025 recibidas; faltan las de 2026."),
        (S.NOT_STARTED, 0, ""),
    ],
    ("plan-operativo-2012", "VII.1", "XR"): [
        (S.DONE, 100, "[Demo] Mecanismo regional de intercambio acordado."),
        (S.IN_PROGRESS, 60, "[Demo] Cinco de ocho países enviaron sus estadísticas."),
        (S.NOT_STARTED, 0, ""),
    ],
}

# plan code, activity ref, country, file name, content, description, product shown (its
# position; None: the activity as a whole)
EVIDENCE = [
    ("demo-plan-2026-2027", "I.2", "CR", "indicadores-demo.csv",
     b"indicador,valor\nDenuncias recibidas (demo),12\nCasos judicializados (demo),4\n",
     "[Demo] Extracto de indicadores", None),
    ("demo-plan-2026-2027", "II.1", "CR", "lista-asistencia-demo.pdf", None,
     "[Demo] Lista de asistencia del primer taller", None),
    ("plan-operativo-2012", "III.2", "CR", "foda-nacional-demo.pdf", None,
     "[Demo] FODA nacional sistematizado", 1),
]  # fmt: skip


def _demo_pdf(title):
    """A one-page PDF that says it is demo data (WeasyPrint is already a dependency)."""
    from weasyprint import HTML

    return HTML(
        string=f"<h1>{title}</h1><p>Documento ficticio de demostración. Demo document.</p>"
    ).write_pdf()


def load_demo_progress(actor):
    """Load the demo plan and the demo progress; returns how many rows were created."""
    load_plan(_read_demo_plan(), actor_repr=actor)
    countries = {c.iso2: c for c in Country.objects.all()}
    editors = {
        m_country: user
        for user in User.objects.filter(username__in=["editor-cr", "editor-gt", "st-regional"])
        for m_country in user.memberships.values_list("country__iso2", flat=True)
    }
    plans = {p.code: p for p in Plan.objects.filter(code__in={row[0] for row in PROGRESS})}
    created = 0
    for code, ref, iso2, status, percent, narrative, next_steps in PROGRESS:
        activity = _activity(plans, code, ref)
        if activity is None or iso2 not in countries:
            continue
        progress, made = Progress.objects.get_or_create(
            activity=activity,
            country=countries[iso2],
            defaults={
                "status": status,
                "percent": percent,
                "narrative": narrative,
                "next_steps": next_steps,
                "updated_by": editors.get(iso2) or editors.get("XR"),
            },
        )
        _product_rows(progress, PRODUCTS.get((code, ref, iso2)), status, percent)
        if made:
            created += 1
            ProgressRevision.of(progress, progress.updated_by)
            after = audit.snapshot(progress)
            after["products"] = [
                {
                    "product": row.product_id,
                    "status": row.status,
                    "percent": row.percent,
                    "note": row.note,
                }
                for row in progress.products.order_by("product__position")
            ]
            audit.record(
                None, AuditAction.CREATE, progress, actor_repr=actor, after=after,
            )  # fmt: skip
    for code, ref, iso2, name, content, description, position in EVIDENCE:
        activity = _activity(plans, code, ref)
        progress = Progress.objects.filter(activity=activity, country__iso2=iso2).first()
        if progress is None or progress.evidence.filter(original_name=name).exists():
            continue
        data = content if content is not None else _demo_pdf(description)
        upload = ContentFile(data, name=name)
        evidence = Evidence(
            progress=progress,
            country=progress.country,
            original_name=name,
            content_type="text/csv" if name.endswith(".csv") else "application/pdf",
            description=description,
            uploaded_by=progress.updated_by,
            product=activity.items.filter(kind=ItemKind.PRODUCT, position=position).first()
            if position
            else None,
        )
        files.store(evidence, upload)
        audit.record(
            None, AuditAction.CREATE, evidence, actor_repr=actor, after=audit.snapshot(evidence)
        )
        created += 1
    return created + load_demo_reports(actor)


def _product_rows(progress, values, status, percent):
    """Give ``progress`` a row per product of its activity (``values`` in order, or the
    activity's own status and percent for each), then compute the activity's status."""
    products = list(progress.activity.items.filter(kind=ItemKind.PRODUCT).order_by("position"))
    for n, product in enumerate(products):
        product_status, product_percent, note = (
            values[n] if values and n < len(values) else (status, percent, "")
        )
        ProductProgress.objects.get_or_create(
            progress=progress,
            product=product,
            defaults={
                "country_id": progress.country_id,
                "status": product_status,
                "percent": product_percent,
                "note": note,
            },
        )
    refresh(progress, products)


def _read_demo_plan():
    import json

    return json.loads(DEMO_PLAN.read_text(encoding="utf-8"))


def _activity(plans, code, ref):
    plan = plans.get(code)
    if plan is None:
        return None
    return Activity.objects.filter(plan=plan, ref=ref).first()
