"""Writing an import's checked court files, a batch at a time, at the speed a country's
whole history needs (100,000 rows in a few seconds).

Building a model instance per row and letting ``bulk_create`` prepare every field costs
more than the check of the file, so the rows go to the database as plain tuples through
``executemany``, each value adapted once by the database's own operations. The sentences'
ids are read back by their (unique) references, one query a batch, on every database.
Only the import calls this, inside its transaction; ``aggregates.refresh`` follows.
"""

from django.db import connection
from django.utils import timezone

from coalition.sentences.models import (
    DefendantCount,
    Sentence,
    VictimCount,
    new_reference,
)

SENTENCE_FIELDS = [
    "created",
    "updated",
    "country",
    "reference",
    "court_file_hash",
    "court_level",
    "area",
    "final_date",
    "year",
    "exploitation_forms",
    "prison_years",
    "fine_amount",
    "reparation_ordered",
    "reparation_amount",
    "summary",
    "created_by",
]
COUNT_FIELDS = {
    DefendantCount: ["sentence", "outcome", "sex", "age_group", "citizenship", "count"],
    VictimCount: ["sentence", "sex", "age_group", "citizenship", "exploitation", "count"],
}


def _insert(cursor, model, fields, rows):
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    cursor.executemany(
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})", rows
    )


def _decimal(value, field):
    if value is None:
        return None
    return connection.ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)


def write_batch(pending, user):
    """Write ``pending`` court files: (first row, court file hash, fields, defendants'
    cells, victims' cells). Returns (defendants, victims) counted."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    forms_field = Sentence._meta.get_field("exploitation_forms")
    money = {name: Sentence._meta.get_field(name) for name in ("prison_years", "fine_amount")}
    money["reparation_amount"] = Sentence._meta.get_field("reparation_amount")
    references = set()
    rows = []
    for _first, digest, fields, _d, _v in pending:
        country, final_date = fields["country"], fields["final_date"]
        reference = new_reference(country.iso2, final_date.year)
        while reference in references:
            reference = new_reference(country.iso2, final_date.year)
        references.add(reference)
        rows.append(
            [
                now,
                now,
                country.pk,
                reference,
                digest,
                fields["court_level"],
                fields["area_id"],
                ops.adapt_datefield_value(final_date),
                final_date.year,
                forms_field.get_db_prep_save(fields["exploitation_forms"], connection),
                _decimal(fields["prison_years"], money["prison_years"]),
                _decimal(fields["fine_amount"], money["fine_amount"]),
                fields["reparation_ordered"],
                _decimal(fields["reparation_amount"], money["reparation_amount"]),
                fields["summary"],
                user.pk if user is not None else None,
            ]
        )
    taken = set(
        Sentence.objects.filter(reference__in=references).values_list("reference", flat=True)
    )
    for row in rows:
        while row[3] in taken:  # one chance in 10⁸ a reference: drawn again
            row[3] = new_reference(row[3][:2], row[8])
    through = Sentence.offences.through
    defendants, victims, links = [], [], []
    n_defendants = n_victims = 0
    with connection.cursor() as cursor:
        _insert(cursor, Sentence, SENTENCE_FIELDS, rows)
        ids = dict(
            Sentence.objects.filter(reference__in=[row[3] for row in rows]).values_list(
                "reference", "pk"
            )
        )
        for row, (_first, _digest, fields, cells_d, cells_v) in zip(rows, pending, strict=True):
            pk = ids[row[3]]
            links += [(pk, offence) for offence in fields["offences"]]
            for (outcome, sex, age, citizenship), n in cells_d.items():
                defendants.append((pk, outcome, sex, age, citizenship, n))
                n_defendants += n
            for (sex, age, citizenship, exploitation), n in cells_v.items():
                victims.append((pk, sex, age, citizenship, exploitation, n))
                n_victims += n
        _insert(cursor, through, ["sentence", "offence"], links)
        _insert(cursor, DefendantCount, COUNT_FIELDS[DefendantCount], defendants)
        _insert(cursor, VictimCount, COUNT_FIELDS[VictimCount], victims)
    return n_defendants, n_victims
