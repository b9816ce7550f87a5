"""PostgreSQL: a tsvector of the title alone, with its GIN index, so that a search with
thousands of matches ranks the records whose name matches first without reading every
match (see ``search._matching_postgresql``), and a (title, id) index to read the others
in order; the GIN indexes take new entries at once. Nothing to do on SQLite, whose FTS5
table already indexes the title as its own column."""

from django.db import migrations

# GIN indexes keep new entries in a pending list, merged by VACUUM; a prefix search reads
# that list linearly. The directory is written seldom and searched often: index at once.
FORWARD = [
    "ALTER TABLE directory_searchdocument ADD COLUMN title_document tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED",
    "CREATE INDEX directory_searchdocument_title_document ON directory_searchdocument "
    "USING gin (title_document) WITH (fastupdate = off)",
    "ALTER INDEX directory_searchdocument_document SET (fastupdate = off)",
    "CREATE INDEX directory_searchdocument_title_id ON directory_searchdocument (title, id)",
    "DROP INDEX IF EXISTS directory_searchdocument_title",
]

REVERSE = [
    "ALTER INDEX directory_searchdocument_document RESET (fastupdate)",
    "CREATE INDEX directory_searchdocument_title ON directory_searchdocument (title)",
    "DROP INDEX IF EXISTS directory_searchdocument_title_id",
    "DROP INDEX IF EXISTS directory_searchdocument_title_document",
    "ALTER TABLE directory_searchdocument DROP COLUMN title_document",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_search_index"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(REVERSE))]
