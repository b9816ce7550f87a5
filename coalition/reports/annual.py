"""The regional annual report of one year (``build``): what the Regional Technical
Secretariat presents to the Coalition, read from the capabilities' ``metrics`` only.

Only what may leave a country goes in: the plans' progress of approved reports, the
indicators' approved assessments, the sentences' published (disclosure-controlled)
statistics; events, trainings, the directory, agreements and campaigns are figures every
reader of the Coalition sees. Each section reads its figures in one or a few queries.
"""

import datetime
from collections import defaultdict

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from coalition.core.models import Country
from coalition.reports.content import AnnualReport, Chart, Section, Table

DASH = "–"
# The overdue activities named per country and plan (the others are counted).
LISTED = 8


def _pct(value):
    return DASH if value is None else f"{value}%"


def _date(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else DASH


def _code(country):
    return _("Reg.") if country.is_regional else country.iso2


def _countries():
    """The active countries, members by name, then the regional level."""
    rows = list(Country.objects.active())
    return sorted(rows, key=lambda c: (c.is_regional, c.name))


# --- plan progress --------------------------------------------------------------------------


def _progress(year, countries, language):
    from coalition.plans import metrics

    rows = metrics.annual_progress(year)
    approved = metrics.approved_report_country_ids(year)
    by_id = {c.pk: c for c in countries}
    with_report = [c for c in countries if c.pk in approved]
    without = [c for c in countries if c.pk not in approved]
    section = Section(
        "progress",
        _("Plan progress per objective and country"),
        intro=_(
            "Progress of the operational plans in force in %(year)s, as each country's "
            "approved progress report states it: the average percent done of the "
            "activities of each objective."
        )
        % {"year": year},
        empty=_("No country has an approved progress report for %(year)s.") % {"year": year},
    )
    if not rows:
        return section, rows, with_report
    plans = {row["plan"] for row in rows}
    objectives = {}
    cells = defaultdict(list)
    for row in rows:
        key = (row["plan"], row["position"], row["objective_id"])
        title = row["title_en"] if language == "en" and row["title_en"] else row["title_es"]
        label = f"{row['numeral']}. {title}"
        if len(label) > 70:
            label = label[:68].rstrip() + "…"
        objectives[key] = (f"{row['plan']} · {label}" if len(plans) > 1 else label, row)
        cells[key, row["country_id"]].append(row["percent"])
    shown = [c for c in with_report if c.pk in by_id]
    table_rows, chart_values, chart_labels = [], [], []
    for key in sorted(objectives):
        label, row = objectives[key]
        percents = [cells.get((key, c.pk)) for c in shown]
        averages = [round(sum(p) / len(p)) if p else None for p in percents]
        everything = [p for ps in percents if ps for p in ps]
        overall = round(sum(everything) / len(everything)) if everything else None
        table_rows.append([label, *[_pct(a) for a in averages], _pct(overall)])
        chart_labels.append(
            f"{row['numeral']}" if len(plans) == 1 else f"{row['plan']} {row['numeral']}"
        )
        chart_values.append(overall)
    every = [row["percent"] for row in rows]
    done = sum(1 for row in rows if row["status"] == "done")
    section.figures = [
        (_("Countries with an approved report"), f"{len(with_report)} / {len(countries)}"),
        (_("Average completion"), _pct(round(sum(every) / len(every)))),
        (_("Activities done (activity × country)"), f"{done} / {len(rows)}"),
    ]
    section.tables.append(
        Table(
            _("Percent done per objective and country (approved reports)"),
            [_("Objective"), *[_code(c) for c in shown], _("All")],
            table_rows,
            numeric=set(range(1, len(shown) + 2)),
            notes=[
                _("With an approved report: %(list)s.")
                % {"list": ", ".join(c.name for c in with_report)},
                *(
                    [
                        _("Without an approved report (not shown): %(list)s.")
                        % {"list": ", ".join(c.name for c in without)}
                    ]
                    if without
                    else []
                ),
            ],
        )
    )
    section.charts.append(
        Chart(
            _("Average percent done per objective"),
            "barh",
            chart_labels,
            [(_("All countries with an approved report"), chart_values)],
            unit="%",
            maximum=100,
        )
    )
    return section, rows, with_report


def _overdue(year, rows, countries, with_report):
    from coalition.plans import metrics

    closed = metrics.closed_statuses()
    end = datetime.date(year, 12, 31)
    late = [
        row
        for row in rows
        if row["deadline"] and row["deadline"] <= end and row["status"] not in closed
    ]
    section = Section(
        "overdue",
        _("Activities overdue"),
        intro=_(
            "Activities whose deadline passed in or before %(year)s and that the country's "
            "approved report does not give as done (or not applicable)."
        )
        % {"year": year},
        empty=_("No activity is overdue in the approved reports of %(year)s.") % {"year": year},
    )
    if not late:
        if not with_report:
            section.empty = _("No country has an approved progress report for %(year)s.") % {
                "year": year
            }
        return section
    labels = metrics.status_labels()
    per_country = defaultdict(int)
    for row in late:
        per_country[row["country_id"]] += 1
    section.figures = [
        (_("Overdue (activity × country)"), str(len(late))),
        (_("Countries with overdue activities"), str(len(per_country))),
    ]
    # One row per country and plan, naming the first activities: a row per activity and
    # country would run to pages.
    groups = defaultdict(list)
    for row in sorted(late, key=lambda r: (r["deadline"], r["ref"])):
        groups[row["country_id"], row["plan"]].append(row)
    table_rows = []
    for country in countries:
        for (country_id, plan), found in sorted(groups.items(), key=lambda g: g[0][1]):
            if country_id != country.pk:
                continue
            named = ", ".join(f"{r['ref']} ({r['percent']}%)" for r in found[:LISTED])
            if len(found) > LISTED:
                named += " " + _("and %(count)s more") % {"count": len(found) - LISTED}
            blocked = sum(1 for r in found if r["status"] == "blocked")
            table_rows.append([country.name, plan, len(found), blocked, named])
    section.tables.append(
        Table(
            _("Overdue activities per country and plan"),
            [
                _("Country"),
                _("Plan"),
                _("Overdue"),
                str(labels.get("blocked", "blocked")),
                _("Activities (percent done)"),
            ],
            table_rows,
            numeric={2, 3},
        )
    )
    return section


# --- events and trainings -------------------------------------------------------------------


def _events(year, countries):
    from coalition.events import metrics

    held = metrics.annual_events(year)
    by_country, by_profession = metrics.annual_trained(year)
    sexes = metrics.sex_choices()
    section = Section(
        "events",
        _("Events held and people trained"),
        intro=_(
            "Events marked held that started in %(year)s, by the country that organised "
            "them, and the people trained (distinct people who attended a held workshop or "
            "training), by the country they work in, by sex and by profession."
        )
        % {"year": year},
        empty=_("No event was held in %(year)s.") % {"year": year},
    )
    if not held and not by_country:
        return section
    total_events = sum(sum(v.values()) for v in held.values())
    trained = sum(sum(v.values()) for v in by_country.values())
    sex_totals = {code: sum(v.get(code, 0) for v in by_country.values()) for code, _l in sexes}
    section.figures = [
        (_("Events held"), str(total_events)),
        (_("Workshops and trainings"), str(sum(v["workshops"] for v in held.values()))),
        (_("People trained"), str(trained)),
        *[(str(label), str(sex_totals[code])) for code, label in sexes if sex_totals[code]],
    ]
    rows = []
    shown = [c for c in countries if c.pk in held or c.pk in by_country]
    for country in shown:
        events = held.get(country.pk, {"workshops": 0, "meetings": 0, "other": 0})
        people = by_country.get(country.pk, {})
        rows.append(
            [
                country.name,
                events["workshops"],
                events["meetings"],
                events["other"],
                *[people.get(code, 0) for code, _l in sexes],
                sum(people.values()),
            ]
        )
    rows.append(
        [
            _("Total"),
            *[sum(r[i] for r in rows) for i in range(1, 4 + len(sexes) + 1)],
        ]
    )
    section.tables.append(
        Table(
            _("Events held and people trained per country"),
            [
                _("Country"),
                _("Workshops"),
                _("Meetings"),
                _("Other events"),
                *[str(label) for _c, label in sexes],
                _("People trained"),
            ],
            rows,
            numeric=set(range(1, 5 + len(sexes))),
        )
    )
    if by_profession:
        professions = []
        for code, label in metrics.profession_choices():
            counts = by_profession.get(code)
            if counts:
                professions.append(
                    [str(label), *[counts.get(s, 0) for s, _l in sexes], sum(counts.values())]
                )
        section.tables.append(
            Table(
                _("People trained per profession and sex"),
                [_("Profession"), *[str(label) for _c, label in sexes], _("Total")],
                professions,
                numeric=set(range(1, len(sexes) + 2)),
            )
        )
    if by_country:
        trained_in = [c for c in countries if c.pk in by_country]
        section.charts.append(
            Chart(
                _("People trained per country and sex"),
                "stacked",
                [_code(c) for c in trained_in],
                [
                    (str(label), [by_country[c.pk].get(code) or None for c in trained_in])
                    for code, label in sexes
                    if sex_totals[code]
                ],
                unit=_("people"),
            )
        )
    return section


# --- directory -------------------------------------------------------------------------------


def _directory(on, countries):
    from coalition.directory import metrics

    found = metrics.annual_freshness(on)
    section = Section(
        "directory",
        _("Directory freshness per country"),
        intro=_(
            "Institutions and contacts of the directory per country on %(date)s: how many "
            "were confirmed or updated in the last 12 months, and the oldest confirmation."
        )
        % {"date": _date(on)},
        empty=_("The directory has no entries."),
    )
    shown = [c for c in countries if c.pk in found]
    if not shown:
        return section
    entries = sum(found[c.pk]["entries"] for c in shown)
    recent = sum(found[c.pk]["recent"] for c in shown)
    section.figures = [
        (_("Entries"), str(entries)),
        (_("Confirmed or updated in the last 12 months"), _pct(round(100 * recent / entries))),
    ]
    rows = []
    for country in shown:
        entry = found[country.pk]
        share = round(100 * entry["recent"] / entry["entries"]) if entry["entries"] else None
        rows.append(
            [country.name, entry["entries"], _pct(share), entry["never"], _date(entry["oldest"])]
        )
    section.tables.append(
        Table(
            _("Directory freshness per country"),
            [
                _("Country"),
                _("Entries"),
                _("Checked or updated in 12 months"),
                _("Never confirmed"),
                _("Oldest confirmation"),
            ],
            rows,
            numeric={1, 2, 3},
        )
    )
    return section


# --- agreements and campaigns ----------------------------------------------------------------


def _agreements(year, on, countries):
    from coalition.knowledge import metrics

    signed, expiring = metrics.annual_agreements(year, on)
    by_id = {c.pk: c for c in countries}
    section = Section(
        "agreements",
        _("Cooperation agreements signed and expiring"),
        intro=_(
            "Agreements signed in %(year)s, and agreements signed or in force that expire "
            "within 12 months of %(date)s."
        )
        % {"year": year, "date": _date(on)},
        empty=_("No agreement was signed in %(year)s and none expires within 12 months.")
        % {"year": year},
    )
    if not signed and not expiring:
        return section
    section.figures = [
        (_("Signed in %(year)s") % {"year": year}, str(len(signed))),
        (_("Expiring within 12 months"), str(len(expiring))),
    ]

    def name(row):
        country = by_id.get(row["country_id"])
        return country.name if country else DASH

    columns = [_("Country"), _("Agreement"), _("Type"), _("Signed"), _("Expires")]
    for title, rows in (
        (_("Signed in %(year)s") % {"year": year}, signed),
        (_("Expiring within 12 months"), expiring),
    ):
        if rows:
            section.tables.append(
                Table(
                    title,
                    columns,
                    [
                        [
                            name(r),
                            r["title"],
                            r["kind"],
                            _date(r["signed_on"]),
                            _date(r["expires_on"]),
                        ]
                        for r in rows
                    ],
                )
            )
    return section


def _campaigns(year, countries):
    from coalition.knowledge import metrics

    campaigns = metrics.annual_campaigns(year)
    labels = metrics.reach_labels()
    by_id = {c.pk: c for c in countries}
    section = Section(
        "campaigns",
        _("Awareness campaigns and their reach"),
        intro=_(
            "Campaigns running some time in %(year)s and the reach each one reported "
            "(a dash: not reported)."
        )
        % {"year": year},
        empty=_("No campaign ran in %(year)s.") % {"year": year},
    )
    if not campaigns:
        return section
    totals = {name: sum(c[name] or 0 for c in campaigns) for name in labels}
    section.figures = [
        (_("Campaigns"), str(len(campaigns))),
        *[
            (str(label).capitalize(), str(totals[name]))
            for name, label in labels.items()
            if totals[name]
        ],
    ]
    section.tables.append(
        Table(
            _("Campaigns of %(year)s") % {"year": year},
            [
                _("Campaign"),
                _("Country"),
                _("Starts"),
                *[str(label).capitalize() for label in labels.values()],
            ],
            [
                [
                    c["title"],
                    _code(by_id[c["country_id"]]) if c["country_id"] in by_id else DASH,
                    _date(c["starts"]),
                    *[c[name] for name in labels],
                ]
                for c in campaigns
            ],
            numeric=set(range(3, 3 + len(labels))),
        )
    )
    reached = [(name, label) for name, label in labels.items() if totals[name]]
    if reached:
        section.charts.append(
            Chart(
                _("Campaign reach in %(year)s (all campaigns)") % {"year": year},
                "barh",
                [str(label).capitalize() for _n, label in reached],
                [(_("Total"), [totals[name] for name, _l in reached])],
            )
        )
    return section


# --- indicators and sentences ----------------------------------------------------------------


def _indicators(year, countries):
    from coalition.indicators import metrics

    scores = metrics.annual_scores([c.pk for c in countries], year)
    section = Section(
        "indicators",
        _("Palermo Protocol indicator scores"),
        intro=_("Scores (0–100) of the approved assessments of %(year)s, overall and per pillar.")
        % {"year": year},
        empty=_("No country has an approved indicator assessment for %(year)s.") % {"year": year},
    )
    shown = [c for c in countries if c.pk in scores]
    if not shown:
        return section
    pillars = []
    for country in shown:
        for label, _score in scores[country.pk][1]:
            if label not in pillars:
                pillars.append(label)
    rows = []
    for country in shown:
        score, per_pillar = scores[country.pk]
        values = dict(per_pillar)
        rows.append([country.name, score, *[values.get(p) for p in pillars]])
    numbers = [scores[c.pk][0] for c in shown if scores[c.pk][0] is not None]
    section.figures = [
        (_("Countries with an approved assessment"), f"{len(shown)} / {len(countries)}"),
    ]
    if numbers:
        section.figures.append((_("Average score"), f"{round(sum(numbers) / len(numbers))}"))
    section.tables.append(
        Table(
            _("Indicator scores per country"),
            [_("Country"), _("Score"), *pillars],
            rows,
            numeric=set(range(1, len(pillars) + 2)),
        )
    )
    section.charts.append(
        Chart(
            _("Indicator score per country"),
            "bar",
            [_code(c) for c in shown],
            [(_("Score"), [scores[c.pk][0] for c in shown])],
            maximum=100,
        )
    )
    return section


def _sentences(year, countries):
    from coalition.sentences import metrics

    members = [c.pk for c in countries if not c.is_regional]
    section = Section(
        "sentences",
        _("Court sentence statistics"),
        intro=_(
            "Persons prosecuted, persons convicted and victims in final sentences of "
            "%(year)s, from the national records of approved years, as published: small "
            "counts are protected."
        )
        % {"year": year},
        empty=_("No sentence statistics are published for %(year)s.") % {"year": year},
    )
    stats = metrics.published_statistics(members, [year])
    if stats is None:
        return section
    wanted = [t for t in stats.tables if t.id in ("trend", "countries")]
    for table in wanted:
        rows = [
            [str(row.label), *[str(cell) for cell in row.cells], str(row.note or "")]
            for row in table.rows
            if not row.empty
        ]
        if table.id == "trend":
            rows = [r for r in rows if r[0] == str(year)] or rows
        section.tables.append(
            Table(
                str(table.title),
                [str(table.row_title), *[str(c) for c in table.columns], _("Note")],
                rows,
                numeric=set(range(1, len(table.columns) + 1)),
            )
        )
    if stats.unpublished:
        section.tables[-1].notes.append(
            _("Nothing published for %(year)s: %(list)s.")
            % {"year": year, "list": ", ".join(c.name for c in stats.unpublished)}
        )
    return section


# --- the report ------------------------------------------------------------------------------

STEPS = 8


def build(year, language, user=None, progress=None, today=None):
    """The ``AnnualReport`` of ``year`` in ``language`` ("es" or "en"). ``progress(done,
    total)``, if given, hears of each section as it is built."""
    step = progress or (lambda done, total: None)
    today = today or timezone.localdate()
    # Freshness and expiries are read on the year's last day, or today for this year.
    on = min(today, datetime.date(year, 12, 31))
    with translation.override(language):
        countries = _countries()
        progress_section, rows, with_report = _progress(year, countries, language)
        step(1, STEPS)
        sections = [progress_section, _overdue(year, rows, countries, with_report)]
        step(2, STEPS)
        builders = (
            lambda: _events(year, countries),
            lambda: _directory(on, countries),
            lambda: _agreements(year, on, countries),
            lambda: _campaigns(year, countries),
            lambda: _indicators(year, countries),
            lambda: _sentences(year, countries),
        )
        for index, builder in enumerate(builders, start=3):
            sections.append(builder())
            step(min(index, STEPS), STEPS)
        members = [c for c in countries if not c.is_regional]
        return AnnualReport(
            year=year,
            language=language,
            title=_("Regional annual report %(year)s") % {"year": year},
            subtitle=_(
                "Regional Coalition against Trafficking in Persons and Smuggling of Migrants"
            ),
            generated=timezone.localtime(),
            countries=[c.name for c in members] + [c.name for c in countries if c.is_regional],
            sections=sections,
            notes=[
                _(
                    "Plan progress comes from approved progress reports only: drafts and "
                    "reports awaiting approval are not counted."
                ),
                _(
                    "Indicator scores come from approved assessments only; sentence "
                    "statistics from approved years of the national records."
                ),
                _(
                    "“<5”: a count between 1 and 4, not shown exactly to protect the persons "
                    "it counts; “x”: a figure hidden so that a protected one cannot be worked "
                    "out from it."
                ),
                _("“–”: no figure (not reported, or nothing to count)."),
                _("People trained counts each person once however many workshops they attended."),
            ],
        )
