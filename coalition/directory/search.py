"""The directory's search box: one query over contacts and institutions, accent- and
case-insensitive, every word a prefix that must match, ranked by relevance.

The index is one table of *search documents* (``directory_searchdocument``, created by
migration 0002, not a Django model): one row per contact and per institution, with the
folded text it is found by (``title``: its name; ``body``: name, position, institution,
services in Spanish and English, places, country) and what the filters and the access
check need (country, kind, public, international, axes, services). SQLite indexes it with
FTS5 (``directory_search``, ranked by bm25), PostgreSQL with a tsvector column and a GIN
index (ranked by ts_rank); the title weighs more than the rest on both.

Signals (``directory.signals``) keep the documents current; bulk loads call
``rebuild_index`` (or ``index_contacts`` / ``index_institutions``), as does the command
``rebuild_directory_index``.

Who sees what is the access layer's answer: contacts are personal data (the data roles of
their country and the regional level), institutions are read by every reader of their
country; records flagged public are found by everyone, anonymous visitors included.
"""

import re
from dataclasses import dataclass, field

from django.db import connection, transaction

from coalition.core import access
from coalition.core.models import Organization
from coalition.directory.models import Contact, institution_text
from coalition.lib.text import fold

CONTACT = "contact"
INSTITUTION = "institution"
TABLE = "directory_searchdocument"
FTS_TABLE = "directory_search"
COLUMNS = (
    "doc_type",
    "object_id",
    "country_id",
    "kind",
    "public",
    "international",
    "axes",
    "services",
    "title",
    "body",
    "size",
)
# bm25 weights of the FTS columns (title, body): a match in the name counts ten times.
TITLE_WEIGHT = 10.0
# Up to this many matches, bm25 ranks them all; beyond, a cheaper approximation does.
BM25_LIMIT = 2000
# PostgreSQL counts and ranks up to this many matches; beyond, see _matching_postgresql.
RANK_LIMIT = 1000
BATCH = 500
WORD = re.compile(r"[^\W_]+")


@dataclass
class Hit:
    type: str  # CONTACT or INSTITUTION
    obj: object  # the Contact (organization, country loaded) or Organization (country)
    rank: float  # higher is more relevant; 0 for a listing without a query


@dataclass
class SearchPage:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    # PostgreSQL, over RANK_LIMIT matches: ``total`` is that limit, and there are more.
    capped: bool = False


def terms(query):
    """The folded words of ``query``: "Atención, Panamá!" -> ["atencion", "panama"]."""
    return WORD.findall(fold(query))


# --- searching ---------------------------------------------------------------------------


def search(
    user,
    query="",
    *,
    country=None,
    axis=None,
    service=None,
    kind=None,
    public=None,
    international=None,
    limit=25,
    offset=0,
):
    """One page of the contacts and institutions ``user`` may see that match every word of
    ``query`` (as a prefix), best first; without a query, the filtered records by name.

    ``kind`` is a contact kind (person, line) or an institution kind; ``international``
    only concerns contacts, so giving it leaves institutions out.
    """
    where, params = _filters(
        user,
        country=country,
        axis=axis,
        service=service,
        kind=kind,
        public=public,
        international=international,
    )
    words = terms(query)
    capped = False
    if words:
        rows, total, capped = _matching(words, where, params, limit, offset)
    else:
        rows, total = _listing(where, params, limit, offset)
    return SearchPage(hits=_hits(rows), total=total, capped=capped)


def _filters(user, **filters):
    """SQL conditions on the documents (alias ``d``), joined by AND, and their parameters;
    an empty list when the user sees everything and nothing is filtered."""
    where, params = [], []
    visible = _visibility(*_scopes(user))
    if visible:
        where.append(visible)
    country = filters["country"]
    if country is not None:
        where.append("d.country_id = %s")
        params.append(getattr(country, "pk", country))
    for name, column in (("axis", "axes"), ("service", "services")):
        if filters[name]:
            # Stored as " a b c ": a padded word matches one whole value.
            where.append(f"d.{column} LIKE %s")
            params.append(f"% {filters[name]} %")
    if filters["kind"]:
        where.append("d.kind = %s")
        params.append(filters["kind"])
    if filters["public"] is not None:
        where.append("d.public = %s")
        params.append(bool(filters["public"]))
    if filters["international"] is not None:
        where.append(f"d.doc_type = '{CONTACT}' AND d.international = %s")
        params.append(bool(filters["international"]))
    return where, params


def _scopes(user):
    """The countries whose contacts and whose institutions ``user`` reads (None: all),
    as ``access.restrict`` decides them: contacts are personal data."""
    if not access.is_member(user):
        return set(), set()
    return access.people_country_ids(user), access.visible_country_ids(user)


def _visibility(contact_ids, institution_ids):
    """Public records, plus those of the countries the user reads ("" when all)."""
    if contact_ids is None and institution_ids is None:
        return ""
    allowed = ["d.public"]
    for doc_type, ids in ((CONTACT, contact_ids), (INSTITUTION, institution_ids)):
        if ids is None:
            allowed.append(f"d.doc_type = '{doc_type}'")
        elif ids:
            listed = ", ".join(str(int(pk)) for pk in sorted(ids))
            allowed.append(f"(d.doc_type = '{doc_type}' AND d.country_id IN ({listed}))")
    return f"({' OR '.join(allowed)})"


def _and(where):
    return "".join(f" AND {condition}" for condition in where)


def _matching(words, where, params, limit, offset):
    """``(rows, total, capped)`` of the documents matching ``words``."""
    if connection.vendor == "postgresql":
        return _matching_postgresql(words, where, params, limit, offset)
    match = " ".join(f'"{word}"*' for word in words)
    source = f"FROM {FTS_TABLE} f JOIN {TABLE} d ON d.id = f.rowid WHERE {FTS_TABLE} MATCH %s"
    with connection.cursor() as cursor:
        if where:
            cursor.execute(f"SELECT count(*) {source}{_and(where)}", [match, *params])
        else:  # the FTS index counts on its own, without reading the documents
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        total = cursor.fetchone()[0]
        if not total or offset >= total:
            return [], total, False
        if total <= BM25_LIMIT:
            score = f"-bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0)"
            cursor.execute(
                f"SELECT d.doc_type, d.object_id, {score} AS score {source}{_and(where)} "
                "ORDER BY score DESC, d.title, d.id LIMIT %s OFFSET %s",
                [match, *params, limit, offset],
            )
        else:
            # bm25 costs about 2 microseconds a match: over thousands of matches, rank as it
            # mostly does (words found in the name first, then the shorter documents).
            score = (
                f"(CASE WHEN d.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
                f"THEN {TITLE_WEIGHT} ELSE 0 END + 1.0 / (1 + d.size))"
            )
            title_match = "{title} : (" + match + ")"
            cursor.execute(
                f"SELECT d.doc_type, d.object_id, {score} AS score {source}{_and(where)} "
                "ORDER BY score DESC, d.title, d.id LIMIT %s OFFSET %s",
                [title_match, match, *params, limit, offset],
            )
        return cursor.fetchall(), total, False


def _matching_postgresql(words, where, params, limit, offset):
    """The page of matches, and their total, on PostgreSQL.

    Up to ``RANK_LIMIT`` matches, all are ranked by ts_rank. Beyond, counting and ranking
    every match would read thousands of rows (a common word matches half the directory):
    the total is reported as ``RANK_LIMIT`` with ``capped`` set, only the first
    ``RANK_LIMIT`` records are offered, and the page is read in two parts that never need
    every match: the records whose name holds every word (their own GIN index), ranked,
    then the others by name (the title index, read in order).
    """
    match = " & ".join(f"{word}:*" for word in words)
    query = "to_tsquery('simple', %s)"
    condition = f"d.document @@ {query}{_and(where)}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} d WHERE {condition} LIMIT %s) s",
            [match, *params, RANK_LIMIT + 1],
        )
        total = cursor.fetchone()[0]
        if total <= RANK_LIMIT:
            if not total or offset >= total:
                return [], total, False
            cursor.execute(
                f"SELECT d.doc_type, d.object_id, ts_rank(d.document, {query}) AS score "
                f"FROM {TABLE} d WHERE {condition} "
                "ORDER BY score DESC, d.title, d.id LIMIT %s OFFSET %s",
                [match, match, *params, limit, offset],
            )
            return cursor.fetchall(), total, False
        # The records past the cap are not offered: the last page ends at it.
        limit = min(limit, RANK_LIMIT - offset)
        if limit <= 0:
            return [], RANK_LIMIT, True
        in_title = f"d.title_document @@ {query}{_and(where)}"
        # One scan gives the page of name matches and how many there are.
        cursor.execute(
            f"SELECT d.doc_type, d.object_id, {TITLE_WEIGHT} + ts_rank(d.title_document, "
            f"{query}) AS score, count(*) OVER () FROM {TABLE} d WHERE {in_title} "
            "ORDER BY score DESC, d.title, d.id LIMIT %s OFFSET %s",
            [match, match, *params, limit, offset],
        )
        found = cursor.fetchall()
        rows = [row[:3] for row in found]
        if found:
            titled = found[0][3]
        else:  # none, or the page is past them: count them alone
            cursor.execute(f"SELECT count(*) FROM {TABLE} d WHERE {in_title}", [match, *params])
            titled = cursor.fetchone()[0]
        if len(rows) < limit:
            cursor.execute(
                f"SELECT d.doc_type, d.object_id, 0 FROM {TABLE} d WHERE {condition} "
                f"AND NOT d.title_document @@ {query} ORDER BY d.title, d.id LIMIT %s OFFSET %s",
                [match, *params, match, limit - len(rows), max(0, offset - titled)],
            )
            rows += cursor.fetchall()
        return rows, RANK_LIMIT, True


def _listing(where, params, limit, offset):
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE} d{condition}", params)
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT d.doc_type, d.object_id, 0 FROM {TABLE} d{condition} "
            "ORDER BY d.title, d.id LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return cursor.fetchall(), total


def _hits(rows):
    """Load the records of ``rows`` (doc type, object id, score), keeping their order."""
    wanted = {CONTACT: [], INSTITUTION: []}
    for doc_type, object_id, _score in rows:
        wanted[doc_type].append(object_id)
    found = {
        CONTACT: Contact.objects.select_related("organization", "country").in_bulk(wanted[CONTACT])
        if wanted[CONTACT]
        else {},
        INSTITUTION: Organization.objects.select_related("country").in_bulk(wanted[INSTITUTION])
        if wanted[INSTITUTION]
        else {},
    }
    return [
        Hit(doc_type, found[doc_type][object_id], float(score))
        for doc_type, object_id, score in rows
        if object_id in found[doc_type]
    ]


# --- indexing ----------------------------------------------------------------------------


def _padded(values):
    return f" {' '.join(values)} " if values else ""


def contact_text(contact, organization_text):
    """``Contact.text_for_search`` with the institution's (folded) text already worked
    out: the same result, without folding and translating it again for every contact."""
    own = fold(f"{contact.name} {contact.position}")
    return f"{own} {organization_text}" if own and organization_text else own or organization_text


def _contact_document(contact, body):
    return (
        CONTACT,
        contact.pk,
        contact.country_id,
        contact.kind,
        contact.public,
        contact.international,
        _padded(contact.axes),
        _padded(contact.organization.services),
        fold(contact.name),
        body,
        len(body.split()),
    )


def _institution_document(organization, body):
    return (
        INSTITUTION,
        organization.pk,
        organization.country_id,
        organization.kind,
        organization.public,
        False,
        _padded(organization.axes),
        _padded(organization.services),
        fold(f"{organization.name} {organization.acronym}"),
        body,
        len(body.split()),
    )


def _write(doc_type, documents):
    """Replace the documents of ``doc_type`` for the objects of ``documents``."""
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    insert = f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        for start in range(0, len(documents), BATCH):
            batch = documents[start : start + BATCH]
            ids = [doc[1] for doc in batch]
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE doc_type = %s "
                f"AND object_id IN ({', '.join(['%s'] * len(ids))})",
                [doc_type, *ids],
            )
            cursor.executemany(insert, batch)


def _remove(doc_type, object_ids):
    with connection.cursor() as cursor:
        for start in range(0, len(object_ids), BATCH):
            ids = object_ids[start : start + BATCH]
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE doc_type = %s "
                f"AND object_id IN ({', '.join(['%s'] * len(ids))})",
                [doc_type, *ids],
            )


def _organization_texts(organizations):
    return {org.pk: institution_text(org) for org in organizations}


def index_institutions(organizations):
    """(Re)index institutions (with their country loaded, ideally)."""
    organizations = list(organizations)
    texts = _organization_texts(organizations)
    _write(INSTITUTION, [_institution_document(org, texts[org.pk]) for org in organizations])
    return len(organizations)


def index_contacts(contacts, organization_texts=None):
    """(Re)index contacts, and bring their stored ``search_text`` up to date when their
    institution changed since they were saved. ``organization_texts`` maps institution ids
    to ``institution_text`` (worked out here when missing)."""
    contacts = list(contacts)
    texts = dict(organization_texts or {})
    organizations = {c.organization_id: c.organization for c in contacts}
    texts.update(_organization_texts(o for pk, o in organizations.items() if pk not in texts))
    documents, stale = [], []
    for contact in contacts:
        body = contact_text(contact, texts[contact.organization_id])
        if contact.search_text != body:
            contact.search_text = body
            stale.append(contact)
        documents.append(_contact_document(contact, body))
    if stale:
        Contact.objects.bulk_update(stale, ["search_text"], batch_size=BATCH)
    _write(CONTACT, documents)
    return len(contacts)


def remove_contact(pk):
    _remove(CONTACT, [pk])


def remove_institution(pk):
    _remove(INSTITUTION, [pk])


def reindex_institution(organization):
    """After an institution changed: its document and its contacts' (which include its
    names, services and places)."""
    texts = _organization_texts([organization])
    _write(INSTITUTION, [_institution_document(organization, texts[organization.pk])])
    contacts = Contact.objects.filter(organization=organization).select_related("organization")
    index_contacts(contacts, texts)


def rebuild_index():
    """Rebuild every document from the records; returns (contacts, institutions)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
        organizations = list(Organization.objects.select_related("country").order_by("pk"))
        texts = _organization_texts(organizations)
        by_pk = {org.pk: org for org in organizations}
        _write(INSTITUTION, [_institution_document(org, texts[org.pk]) for org in organizations])
        contacts = 0
        # Only what the documents need: the contacts' phones, e-mails and notes stay put.
        queryset = Contact.objects.order_by("pk").only(
            "pk",
            "name",
            "position",
            "organization_id",
            "country_id",
            "kind",
            "public",
            "international",
            "axes",
            "search_text",
        )
        last = 0
        while True:
            chunk = list(queryset.filter(pk__gt=last)[:5000])
            if not chunk:
                break
            for contact in chunk:
                contact.organization = by_pk[contact.organization_id]
            contacts += index_contacts(chunk, texts)
            last = chunk[-1].pk
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner: until autovacuum gets to the rewritten table,
        # it would guess how many rows a word matches, and choose slow plans.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")
    return contacts, len(organizations)


def is_empty():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {TABLE} LIMIT 1")
        return cursor.fetchone() is None
