"""What every list's export must do (``core.exports``), checked the same way for each list:
both formats open and hold the filtered rows only, the headers follow ``?lang=``, a bad
format or filter is a 400, the export is audited, a user who may not export gets 403, and
the queries stay bounded."""

import csv
import io

import openpyxl
from django.db import connection

from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry


def rows_of(response):
    """The rows of an XLSX or CSV answer, every cell as text."""
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [
        ["" if value is None else str(value) for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def check_list_export(
    client_for,
    url,
    *,
    bounded,
    max_queries,
    shown,
    hidden=(),
    filters=None,
    headers=("Name", "Nombre"),
    bad_filter=None,
    exporter="regional_admin",
    refused="partner",
):
    """``url``'s export, by ``exporter`` with ``filters``, holds ``shown`` and not
    ``hidden``; its first header is ``headers`` (English, Spanish). Returns the English CSV
    rows for further checks. ``bounded`` is pytest-django's ``django_assert_max_num_queries``."""
    filters = filters or {}
    client = client_for(exporter)
    audited = AuditEntry.objects.filter(action=AuditAction.EXPORT)
    before = audited.count()
    # PostgreSQL takes the audit chain's lock in one more query (``audit._lock_chain``).
    max_queries += 1 if connection.vendor == "postgresql" else 0
    for fmt in ("xlsx", "csv"):
        with bounded(max_queries):
            response = client.get(url, {**filters, "export": fmt, "lang": "en"})
        assert response.status_code == 200, response.content[:300]
        assert response["Content-Disposition"].endswith(f'.{fmt}"')
        rows = rows_of(response)
        assert rows[0][0] == headers[0]
        text = "\n".join("\t".join(row) for row in rows[1:])
        for name in shown:
            assert name in text, name
        for name in hidden:
            assert name not in text, name
    assert audited.count() == before + 2
    assert audited.latest("seq").after["format"] == "csv"
    spanish = client.get(url, {**filters, "export": "csv", "lang": "es"})
    assert rows_of(spanish)[0][0] == headers[1]
    assert client.get(url, {"export": "pdf"}).status_code == 400
    assert client.get(url, {"export": "csv", "lang": "fr"}).status_code == 400
    if bad_filter:
        assert client.get(url, {**bad_filter, "export": "csv"}).status_code == 400
    if refused:
        assert client_for(refused).get(url, {"export": "csv"}).status_code == 403
    assert audited.count() == before + 3
    return rows
