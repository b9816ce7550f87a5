"""Record-level sentences in from a file (CSV or XLSX), from the import page, its background
job, or ``coalition import_sentences``. The file's format and template: ``io_format``.

The file is "long": one row per count of persons. Each row carries its sentence's fields
(court file number, country, court level, area, date final, offences, forms of
exploitation, penalties, summary, and the sentence's declared totals of defendants and
victims) and one count (a defendant or victim kind, outcome, sex, age group, citizenship,
form of exploitation, count). The rows of one court file come one after another: the
first carries the sentence's fields, the next may leave them empty or must repeat them
unchanged. The counts of a court file add up to its declared totals.

Large files are the point (a country's history at once), so the file is read a row at a
time: lookups are prepared once, each court file is checked when its rows end and kept
only until the next batch is written, and the batches are written as plain rows (``io_write``)
inside one transaction. Any problem stops the writing (everything is rolled back at the
end); the check goes on to list every problem with its row and column, up to
``MAX_PROBLEMS``. Then ``aggregates.refresh`` runs once per country for the years written.
"""

import contextlib
import datetime
import operator
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import access, approvals, audit
from coalition.core.choices import AuditAction
from coalition.core.models import Country
from coalition.lib import iso3166, limits
from coalition.lib.imports import ImportRefused, ImportResult, Problem
from coalition.lib.screening import describe, find_identifiers
from coalition.lib.tables import TableError, stream_table
from coalition.lib.text import fold
from coalition.mapping.models import AdminArea
from coalition.sentences import aggregates
from coalition.sentences.choices import (
    AgeGroup,
    CourtLevel,
    Exploitation,
    OffenceCategory,
    Outcome,
    Sex,
)
from coalition.sentences.io_format import (
    COLUMNS,
    COUNT_COLUMNS,
    DEFENDANT,
    EXAMPLE_MARK,
    HEADER_KEYS,
    HEADERS,
    NO,
    REQUIRED,
    SENTENCE_COLUMNS,
    UNKNOWN_CITIZENSHIP,
    VICTIM,
    WORDS,
    YES,
    article_key,
    as_words,
    court_file_key,
    header_key,
    lookup_table,
    read_amount,
    read_date,
    split_list,
)
from coalition.sentences.io_write import write_batch
from coalition.sentences.models import (
    APPROVAL_KIND,
    Offence,
    Sentence,
    court_file_hash,
)

MAX_BYTES = 64 * 1024 * 1024
MAX_PROBLEMS = 200
# Court files written at a time; the rows of the counts go with them.
BATCH = 1000
# The rows checked between two progress reports.
PROGRESS_ROWS = 1000
# The earliest date a judgment may have become final: before it, the date is a typing error.
EARLIEST = datetime.date(1990, 1, 1)
# Summaries screened for identifiers are remembered (the same standard text on many files).
SCREENED_MEMORY = 4096
# Amounts are kept with 12 digits before the point (14 with the cents).
LARGEST_AMOUNT = Decimal(10**12)
# SQLite's page cache during an import (KiB): a fixed bound, whatever the file's size.
SQLITE_CACHE_KB = 32 * 1024
SUMMARY = gettext_lazy(
    "%(rows)s rows imported: %(sentences)s sentences, %(defendants)s defendants and "
    "%(victims)s victims counted."
)


class SentenceFileError(ImportRefused):
    """The file of sentences cannot be imported; nothing was written."""


class Group:
    """The rows of one court file as they are read: the sentence's fields (checked on its
    first row) and its counts, summed per cell."""

    __slots__ = ("first", "last", "number", "raw", "fields", "hash", "defendants", "victims", "bad")

    def __init__(self, first, number, raw):
        self.first = self.last = first
        self.number = number
        self.raw = raw
        self.fields = None
        self.hash = None
        self.defendants = {}
        self.victims = {}
        self.bad = False


class SentenceReader:
    """Checks a file of sentences row by row and writes it in batches, all or nothing."""

    def __init__(self, user=None):
        self.user = user
        self.allowed = access.sentence_country_ids(user) if user is not None else None
        self.problems = []
        self.stopped = False
        self.today = timezone.localdate()
        self.countries = {}
        for country in Country.objects.filter(is_regional=False):
            for name in (country.iso2, country.name_es, country.name_en):
                self.countries[fold(name)] = country
        self.areas = {
            (area.country_id, fold(area.name)): area.pk
            for area in AdminArea.objects.only("pk", "country_id", "name")
        }
        self.articles, self.categories = {}, {}
        for offence in Offence.objects.all():
            self.articles[(offence.country_id, article_key(offence.legal_article))] = offence
            self.categories.setdefault((offence.country_id, offence.category), []).append(offence)
        self.lookups = {
            "court_level": lookup_table(CourtLevel, WORDS["court_level"]),
            "outcome": lookup_table(Outcome, WORDS["outcome"]),
            "sex": lookup_table(Sex, WORDS["sex"]),
            "age_group": lookup_table(AgeGroup, WORDS["age_group"]),
            "exploitation": lookup_table(Exploitation),
            "category": lookup_table(OffenceCategory),
        }
        self.lookups["person"] = {
            **{as_words(w): code for code, words in WORDS["person"].items() for w in words},
            "defendant": DEFENDANT,
            "d": DEFENDANT,
            "p": DEFENDANT,
            "victim": VICTIM,
        }
        self.citizenships = {}
        self.offence_lists = {}
        self.locked = {}
        self.screened = {}
        self.seen = {}  # court file hash (as an int) -> its first row
        self.pending = []
        self.result = ImportResult(SUMMARY, rows=0, sentences=0, defendants=0, victims=0)
        self.years = {}  # country id -> years written

    # --- problems --------------------------------------------------------------------------

    def problem(self, row, key, message):
        if len(self.problems) >= MAX_PROBLEMS:
            self.stopped = True
            return
        self.problems.append(Problem(row, self.header(key) if key else "", str(message)))

    def header(self, key):
        index = self.columns.get(key)
        return self.header_row[index] if index is not None else HEADERS["es"][key]

    # --- reading ---------------------------------------------------------------------------

    def read(self, handle, filename, progress=None):
        header_row, rows, total = stream_table(handle, filename, MAX_BYTES)
        self.header_row, self.columns = header_row, self._columns(header_row)
        if self.problems:
            raise SentenceFileError(self.problems)
        group = None
        sentence_keys = [(k, self.columns[k]) for k in SENTENCE_COLUMNS if k in self.columns]
        self.sentence_index = {k: i for i, (k, _c) in enumerate(sentence_keys)}
        count_keys = [(k, self.columns[k]) for k in COUNT_COLUMNS if k in self.columns]
        # Cells picked by position in one C call (rows are read by the hundred thousand).
        sentence_cells = _picker([i for _k, i in sentence_keys])
        count_names = [k for k, _i in count_keys]
        count_cells = _picker([i for _k, i in count_keys])
        width = max(self.columns.values()) + 1
        done = 0
        try:
            for number, cells in rows:
                done += 1
                if progress is not None and done % PROGRESS_ROWS == 0:
                    progress(done, max(total, done))
                if len(cells) < width:
                    cells = cells + [""] * (width - len(cells))
                raw = sentence_cells(cells)
                counts = dict(zip(count_names, count_cells(cells), strict=True))
                court_file = raw[0]
                same = group is not None and (not court_file or court_file == group.raw[0])
                key = group.number if same else court_file_key(court_file)
                if group is None or (key and key != group.number):
                    if group is not None:
                        self._close(group)
                    group = self._open(number, key, raw)
                else:
                    self._same_sentence(group, number, raw)
                group.last = number
                self._count(group, number, counts)
                self.result.add("rows")
                if self.stopped:
                    break
        except TableError as exc:
            self.problems.extend(exc.problems)
        finally:
            rows.close()
        if group is not None and not self.stopped:
            self._close(group)
        if not self.stopped:
            self._flush()
        if self.result.rows == 0 and not self.problems:
            self.problem(0, "", _("The file has a header but no row of counts in it."))
        if self.stopped:
            self.problems.append(
                Problem(
                    message=_("The check stopped after %(n)s problems: fix these and import again.")
                    % {"n": MAX_PROBLEMS}
                )
            )
        if self.problems:
            raise SentenceFileError(self.problems)
        if progress is not None:
            progress(done, done)
        return self.result

    def _columns(self, header_row):
        columns = {}
        for index, text in enumerate(header_row):
            if not text.strip():
                continue
            key = HEADER_KEYS.get(header_key(text))
            if key is None:
                self.problems.append(
                    Problem(1, text, _("Unknown column. Use the template of the sentences."))
                )
            elif key in columns:
                self.problems.append(
                    Problem(
                        1,
                        text,
                        _("This column appears twice (also column %(n)s).")
                        % {"n": columns[key] + 1},
                    )
                )
            else:
                columns[key] = index
        for key in COLUMNS:
            if key in REQUIRED and key not in columns:
                self.problems.append(
                    Problem(
                        1,
                        HEADERS["es"][key],
                        _("The column “%(es)s” (“%(en)s”) is missing.")
                        % {"es": HEADERS["es"][key], "en": HEADERS["en"][key]},
                    )
                )
        return columns

    def _value(self, raw, key):
        index = self.sentence_index.get(key)
        return raw[index] if index is not None else ""

    def _open(self, number, key, raw):
        group = Group(number, key, raw)
        group.fields = self._sentence(group, number, raw)
        return group

    def _same_sentence(self, group, number, raw):
        """A later row of a court file repeats its sentence's fields or leaves them empty."""
        if raw == group.raw or not any(raw[1:]):
            return
        for key, i in self.sentence_index.items():
            value = raw[i]
            if value and value != group.raw[i] and fold(value) != fold(group.raw[i]):
                self.problem(
                    number,
                    key,
                    _(
                        "differs from row %(row)s of the same court file: the rows of one "
                        "sentence repeat its fields unchanged, or leave them empty."
                    )
                    % {"row": group.first},
                )
                group.bad = True

    def _sentence(self, group, number, raw):
        """The sentence's fields from the first row of its court file, or None."""
        value = self._value
        before = len(self.problems)
        for key in SENTENCE_COLUMNS:
            if key in REQUIRED and not value(raw, key):
                self.problem(number, key, _("This field is required."))
        if group.number.startswith((EXAMPLE_MARK, "EXAMPLE")):
            self.problem(
                number,
                "court_file",
                _("This is the template's fictitious example: delete its rows."),
            )
        country = self._country(number, value(raw, "country"))
        fields = {"country": country}
        if value(raw, "court_level"):
            fields["court_level"] = self._code(number, "court_level", value(raw, "court_level"))
        fields["final_date"] = self._final_date(number, value(raw, "final_date"))
        if country is not None:
            fields["area_id"] = self._area(number, country, value(raw, "area"))
            fields["offences"] = self._offences(number, country, value(raw, "offences"))
            if group.number:
                digest = court_file_hash(country.iso2, value(raw, "court_file"))
                group.hash = digest
                self._repeated(number, digest)
            if fields["final_date"] is not None:
                self._locked(number, country, fields["final_date"].year)
        forms = []
        for part in split_list(value(raw, "exploitation_forms")):
            code = self._code(number, "exploitation_forms", part, lookup="exploitation")
            if code is not None and code not in forms:
                forms.append(code)
        fields["exploitation_forms"] = forms
        fields["prison_years"] = self._decimal(number, "prison_years", value(raw, "prison_years"))
        if fields["prison_years"] is not None and fields["prison_years"] >= 1000:
            self.problem(number, "prison_years", _("At most 999.99 years."))
        fields["fine_amount"] = self._decimal(number, "fine_amount", value(raw, "fine_amount"))
        fields["reparation_ordered"] = self._flag(number, value(raw, "reparation_ordered"))
        amount = self._decimal(number, "reparation_amount", value(raw, "reparation_amount"))
        if amount is not None and not fields["reparation_ordered"]:
            self.problem(
                number,
                "reparation_amount",
                _("An amount of reparation needs “Reparation ordered” to say yes."),
            )
        fields["reparation_amount"] = amount
        fields["summary"] = self._summary(number, value(raw, "summary"))
        fields["defendants_total"] = self._whole(
            number, "defendants_total", value(raw, "defendants_total")
        )
        fields["victims_total"] = self._whole(number, "victims_total", value(raw, "victims_total"))
        if len(self.problems) > before or country is None:
            group.bad = True
            return None
        return fields

    def _count(self, group, number, values):
        before = len(self.problems)
        for key in COUNT_COLUMNS:
            if key in REQUIRED and not values.get(key):
                self.problem(number, key, _("This field is required."))
        person = self._code(number, "person", values.get("person", ""))
        sex = self._code(number, "sex", values.get("sex", ""))
        age = self._code(number, "age_group", values.get("age_group", ""))
        citizenship = self._citizenship(number, values.get("citizenship", ""))
        count = self._whole(number, "count", values.get("count", ""))
        outcome = values.get("outcome", "")
        exploitation = values.get("exploitation", "")
        if person == DEFENDANT:
            if exploitation:
                self.problem(
                    number, "exploitation", _("Only a victims' row has a form of exploitation.")
                )
            outcome = self._code(number, "outcome", outcome) if outcome else None
            if outcome is None and values.get("outcome", "") == "":
                self.problem(number, "outcome", _("A defendants' row needs its outcome."))
        elif person == VICTIM:
            if outcome:
                self.problem(number, "outcome", _("Only a defendants' row has an outcome."))
            if exploitation:
                exploitation = self._code(number, "exploitation", exploitation)
            elif len(split_list(self._value(group.raw, "exploitation_forms"))) == 1:
                # the sentence's one form (or its problem, said on its first row)
                forms = group.fields["exploitation_forms"] if group.fields else [None]
                exploitation = forms[0]
            else:
                self.problem(
                    number,
                    "exploitation",
                    _(
                        "A victims' row needs its form of exploitation (unless the sentence "
                        "names exactly one)."
                    ),
                )
        if len(self.problems) > before:
            group.bad = True
            return
        if not count:
            return
        if person == DEFENDANT:
            cells, cell = group.defendants, (outcome, sex, age, citizenship)
        else:
            cells, cell = group.victims, (sex, age, citizenship, exploitation)
        cells[cell] = cells.get(cell, 0) + count

    def _close(self, group):
        """The court file's rows ended: check its totals, then keep it for writing."""
        if group.bad or group.fields is None:
            return
        fields = group.fields
        for key, cells in (
            ("defendants_total", group.defendants),
            ("victims_total", group.victims),
        ):
            counted, declared = sum(cells.values()), fields[key]
            if declared is not None and counted != declared:
                self._not_adding_up(group, key, counted, declared)
        if group.bad:
            return
        self.pending.append((group.first, group.hash, fields, group.defendants, group.victims))
        if len(self.pending) >= BATCH:
            self._flush()

    def _not_adding_up(self, group, key, counted, declared):
        rows = (
            _("row %(row)s") % {"row": group.first}
            if group.first == group.last
            else _("rows %(first)s–%(last)s") % {"first": group.first, "last": group.last}
        )
        message = (
            _("The defendants counted in %(rows)s add up to %(sum)s, not %(total)s.")
            if key == "defendants_total"
            else _("The victims counted in %(rows)s add up to %(sum)s, not %(total)s.")
        )
        self.problem(group.first, key, message % {"rows": rows, "sum": counted, "total": declared})
        group.bad = True

    # --- one value ---------------------------------------------------------------------------

    def _code(self, number, key, text, lookup=None):
        lookup = lookup or key
        found = self.lookups[lookup].get(text)
        if found is None:
            found = self.lookups[lookup].get(as_words(text))
            if found is not None:
                self.lookups[lookup][text] = found
        if found is None and text:
            known = {
                "person": "procesado, víctima (defendant, victim)",
                "court_level": ", ".join(CourtLevel.values),
                "outcome": ", ".join(Outcome.values),
                "sex": ", ".join(Sex.values),
                "age_group": "0-17, 18+, " + AgeGroup.UNKNOWN,
                "exploitation": ", ".join(Exploitation.values),
            }[lookup]
            self.problem(
                number,
                key,
                _("“%(value)s” is not one of the accepted values (%(values)s).")
                % {"value": text, "values": known},
            )
        return found

    def _country(self, number, text):
        if not text:
            return None
        country = self.countries.get(fold(text))
        if country is None:
            self.problem(
                number,
                "country",
                _(
                    "“%(value)s” is not a member country (use its ISO code, such as GT, or "
                    "its name)."
                )
                % {"value": text},
            )
            return None
        if self.allowed is not None and country.pk not in self.allowed:
            self.problem(
                number,
                "country",
                _("You may not import sentences of %(country)s.") % {"country": country.name},
            )
            return None
        return country

    def _area(self, number, country, text):
        if not text:
            return None
        found = self.areas.get((country.pk, fold(text)))
        if found is None:
            self.problem(
                number,
                "area",
                _("%(country)s has no first-level area “%(value)s”.")
                % {"country": country.name, "value": text},
            )
        return found

    def _offences(self, number, country, text):
        known = self.offence_lists.get((country.pk, text))
        if known is not None:
            return known
        before = len(self.problems)
        found = self._read_offences(number, country, text)
        if len(self.problems) == before:
            self.offence_lists[(country.pk, text)] = found
        return found

    def _read_offences(self, number, country, text):
        found = []
        for part in split_list(text):
            offence = self.articles.get((country.pk, article_key(part)))
            if offence is None:
                category = self.lookups["category"].get(as_words(part))
                candidates = self.categories.get((country.pk, category), [])
                if category is None:
                    self.problem(
                        number,
                        "offences",
                        _(
                            "“%(value)s” is neither a legal article of %(country)s's offences "
                            "nor an offence category (%(values)s)."
                        )
                        % {
                            "value": part,
                            "country": country.name,
                            "values": ", ".join(OffenceCategory.values),
                        },
                    )
                elif len(candidates) != 1:
                    self.problem(
                        number,
                        "offences",
                        (
                            _(
                                "%(country)s has several offences of the category “%(value)s” "
                                "(%(articles)s): write the legal article."
                            )
                            if candidates
                            else _(
                                "%(country)s has no offence of the category “%(value)s”: add "
                                "it to the country's offences first."
                            )
                        )
                        % {
                            "country": country.name,
                            "value": part,
                            "articles": "; ".join(o.legal_article for o in candidates),
                        },
                    )
                else:
                    offence = candidates[0]
            if offence is not None and offence.pk not in found:
                found.append(offence.pk)
        return found

    def _final_date(self, number, text):
        if not text:
            return None
        day = read_date(text)
        if day is None:
            self.problem(
                number,
                "final_date",
                _("“%(value)s” is not a date (use yyyy-mm-dd or dd/mm/yyyy).") % {"value": text},
            )
        elif day > self.today:
            self.problem(number, "final_date", _("“%(value)s” is in the future.") % {"value": text})
            day = None
        elif day < EARLIEST:
            self.problem(
                number,
                "final_date",
                _("“%(value)s” is before %(earliest)s: check the year.")
                % {"value": text, "earliest": EARLIEST.isoformat()},
            )
            day = None
        return day

    def _locked(self, number, country, year):
        key = (country.pk, year)
        if key not in self.locked:
            self.locked[key] = approvals.is_locked(APPROVAL_KIND, country.pk, year)
        if self.locked[key]:
            self.problem(
                number,
                "final_date",
                _(
                    "The sentences of %(country)s for %(year)s are approved, so they may not "
                    "change: ask a regional administrator to reopen the year first."
                )
                % {"country": country.name, "year": year},
            )

    def _repeated(self, number, digest):
        short = int(digest[:16], 16)
        first = self.seen.get(short)
        if first is not None:
            self.problem(
                number,
                "court_file",
                _(
                    "This court file is also at row %(row)s: the rows of one court file go "
                    "together, and a court file is imported once."
                )
                % {"row": first},
            )
        else:
            self.seen[short] = number

    def _decimal(self, number, key, text):
        if not text:
            return None
        value = read_amount(text)
        if value is None:
            self.problem(
                number, key, _("“%(value)s” is not an amount of 0 or more.") % {"value": text}
            )
            return None
        if value >= LARGEST_AMOUNT:
            self.problem(number, key, _("“%(value)s” is too large.") % {"value": text})
            return None
        return value.quantize(Decimal("0.01"))

    def _whole(self, number, key, text):
        if not text:
            return None
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < 0:
            self.problem(
                number, key, _("“%(value)s” is not a whole number of 0 or more.") % {"value": text}
            )
            return None
        return value

    def _flag(self, number, text):
        folded = as_words(text)
        if folded in YES:
            return True
        if folded not in NO:
            self.problem(
                number,
                "reparation_ordered",
                _("“%(value)s”: write “sí” or “no” (“yes” or “no”).") % {"value": text},
            )
        return False

    def _citizenship(self, number, text):
        if not text:
            return None
        code = self.citizenships.get(text)
        if code is None:
            code = iso3166.UNKNOWN if fold(text) in UNKNOWN_CITIZENSHIP else iso3166.lookup(text)
            if code is not None:
                self.citizenships[text] = code
        if code is None:
            self.problem(
                number,
                "citizenship",
                _("“%(value)s” is not a country (use its ISO code, such as GT, or its name).")
                % {"value": text},
            )
        return code

    def _summary(self, number, text):
        text = text.replace("\r\n", "\n").strip()
        if len(text) > limits.NOTE:
            self.problem(
                number,
                "summary",
                _("has %(n)s characters; at most %(max)s.") % {"n": len(text), "max": limits.NOTE},
            )
        if text:
            message = self.screened.get(text)
            if message is None:
                findings = find_identifiers(text, today=self.today)
                message = describe(findings, self.header("summary")) if findings else ""
                if len(self.screened) >= SCREENED_MEMORY:
                    self.screened.clear()
                self.screened[text] = message
            if message:
                self.problem(number, "summary", message)
        return text

    # --- writing -----------------------------------------------------------------------------

    def _flush(self):
        """Check the pending court files against the stored ones, and write them if the file
        has had no problem so far."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        by_country = {}
        for first, digest, fields, _d, _v in pending:
            by_country.setdefault(fields["country"].pk, {})[digest] = first
        for country_id, digests in by_country.items():
            stored = Sentence.objects.filter(
                country_id=country_id, court_file_hash__in=list(digests)
            ).values_list("court_file_hash", flat=True)
            for digest in stored:
                self.problem(
                    digests[digest],
                    "court_file",
                    _("This court file is already recorded: a sentence is imported once."),
                )
        if self.problems:
            return
        self._write(pending)

    def _write(self, pending):
        defendants, victims = write_batch(pending, self.user)
        for _first, _digest, fields, _d, _v in pending:
            self.years.setdefault(fields["country"].pk, set()).add(fields["final_date"].year)
        self.result.add("sentences", len(pending))
        self.result.add("defendants", defendants)
        self.result.add("victims", victims)


def _picker(indexes):
    """A function of a row that returns the cells at ``indexes``, always as a tuple."""
    if len(indexes) == 1:
        only = indexes[0]
        return lambda cells: (cells[only],)
    return operator.itemgetter(*indexes)


@contextlib.contextmanager
def _page_cache():
    """On SQLite, a page cache large enough for a big import's indexes (court file hashes
    and references are random keys: with SQLite's default 2 MB, every insert reads its
    index page back), bounded, and the connection's own restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def import_sentences(handle, filename, *, user=None, request=None, actor_repr=None, progress=None):
    """Check and import the file open as ``handle`` (binary), as ``user`` (None: a system
    import, every country); all or nothing. Returns the ``ImportResult``; raises
    ``SentenceFileError`` listing every problem."""
    reader = SentenceReader(user)
    try:
        with transaction.atomic(), _page_cache():
            result = reader.read(handle, filename, progress=progress)
            countries = Country.objects.in_bulk(list(reader.years))
            for country_id, years in reader.years.items():
                aggregates.refresh(country_id, years)
                audit.record(
                    request,
                    AuditAction.IMPORT,
                    actor=user,
                    actor_repr=actor_repr,
                    country=countries[country_id],
                    object_type=Sentence._meta.label_lower,
                    object_repr=_("Import of sentences"),
                    after={
                        "file": filename[:200],
                        "years": sorted(years),
                        **result.summary(),
                    },
                )
    except TableError as exc:
        raise SentenceFileError(exc.problems) from None
    return result
