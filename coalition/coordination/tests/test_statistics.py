"""The referral statistics: the figures of ``coordination.metrics`` on known referrals, the
page and its exports as each reader may see them (exact for the regional administrator and
for a country's own referrals, protected by ``lib.disclosure`` for everyone else), and the
Palermo indicator of repatriations answered in time."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from coalition.coordination import metrics
from coalition.coordination.choices import ReferralKind, Status, Urgency
from coalition.coordination.metrics import Period
from coalition.coordination.stats import query, tables
from coalition.coordination.tests import factories
from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from coalition.indicators import sources
from coalition.indicators.choices import Source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

SENT = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)
YEAR = Period.year(2025)


def hours(n):
    return datetime.timedelta(hours=n)


@pytest.fixture
def world(countries, organizations):
    """Sixteen referrals sent in March 2025:

    - Guatemala -> El Salvador, 6 repatriation supports (routine): 4 acknowledged after 2 h
      and completed after 5 days (in time); 2 acknowledged after 10 h and declined after 20
      days (late: routine ones are answered within 15 days).
    - Guatemala -> Costa Rica, 2 assistance (immediate): acknowledged after 1 h, completed
      after 3 h.
    - El Salvador -> Costa Rica, 1 family tracing (72 hours), unanswered.
    - Costa Rica -> Guatemala, 7 documents (routine), unanswered.
    """
    offices = factories.offices(countries, organizations)
    for n in range(6):
        made = factories.referral(offices["gt"], offices["sv"], sent_at=SENT)
        late = n >= 4
        factories.moved(made, Status.ACKNOWLEDGED, at=SENT + hours(10 if late else 2))
        if late:
            factories.moved(made, Status.DECLINED, at=SENT + hours(20 * 24))
        else:
            factories.moved(made, Status.COMPLETED, at=SENT + hours(5 * 24))
    for _n in range(2):
        made = factories.referral(
            offices["gt"],
            offices["cr"],
            kind=ReferralKind.ASSISTANCE,
            urgency=Urgency.IMMEDIATE,
            sent_at=SENT,
        )
        factories.moved(made, Status.ACKNOWLEDGED, at=SENT + hours(1))
        factories.moved(made, Status.COMPLETED, at=SENT + hours(3))
    factories.referral(
        offices["sv"],
        offices["cr"],
        kind=ReferralKind.FAMILY_TRACING,
        urgency=Urgency.HOURS_72,
        sent_at=SENT,
    )
    for _n in range(7):
        factories.referral(offices["cr"], offices["gt"], kind=ReferralKind.DOCUMENTS, sent_at=SENT)
    return offices


# --- metrics ---------------------------------------------------------------------------------


def test_it_counts_referrals_by_country_pair_type_and_urgency(world, countries):
    gt, sv, cr = countries["GT"].pk, countries["SV"].pk, countries["CR"].pk

    assert metrics.by_country_pair(YEAR) == {(gt, sv): 6, (gt, cr): 2, (sv, cr): 1, (cr, gt): 7}
    assert metrics.by_kind(YEAR) == {
        "repatriation": 6,
        "assistance": 2,
        "family_tracing": 1,
        "documents": 7,
    }
    assert metrics.by_urgency(YEAR) == {"routine": 13, "immediate": 2, "72h": 1}
    assert metrics.by_kind(YEAR, countries=[sv]) == {"repatriation": 6, "family_tracing": 1}
    assert metrics.by_kind(Period.year(2024)) == {}


def test_it_gives_the_median_hours_and_the_share_answered_in_time(world, countries):
    sv, cr = countries["SV"].pk, countries["CR"].pk

    acknowledge = metrics.hours_to_acknowledge(YEAR)
    complete = metrics.hours_to_complete(YEAR)
    in_time = metrics.answered_in_time(YEAR)

    assert acknowledge[sv] == metrics.Median(Decimal("2.0"), 6)
    assert acknowledge[cr] == metrics.Median(Decimal("1.0"), 2)
    assert acknowledge[None] == metrics.Median(Decimal("2.0"), 8)
    assert complete[sv] == metrics.Median(Decimal("120.0"), 4)
    assert complete[None].count == 6
    assert in_time[sv].percent == Decimal("66.7")
    assert in_time[cr].percent == Decimal("100.0")
    assert in_time[None] == metrics.Share(6, 8)


def test_the_repatriations_in_time_are_those_received_and_answered_that_year(world, countries):
    found = metrics.repatriations_in_time_by_country(
        [countries["SV"], countries["CR"], countries["GT"]], 2025
    )

    assert found == {countries["SV"].pk: Decimal("66.7"), countries["CR"].pk: None,
                     countries["GT"].pk: None}  # fmt: skip
    assert metrics.repatriations_in_time_by_country([countries["SV"]], 2024) == {
        countries["SV"].pk: None
    }


# --- the Palermo indicator ---------------------------------------------------------------------


def test_the_indicator_source_gives_the_percent_and_a_link_to_the_statistics(
    world, countries, personas
):
    found = sources.value(
        Source.REPATRIATIONS_IN_TIME, countries["SV"], 2025, user=personas["partner"]
    )

    assert found.status == sources.OK
    assert found.value == Decimal("66.7")
    assert "2025" in found.note
    assert found.url.startswith("/coordination/statistics/?")
    assert "country=SV" in found.url and "kind=repatriation" in found.url


def test_the_regional_figure_is_the_share_over_every_member_not_a_sum(world, countries):
    other = factories.referral(world["gt"], world["cr"], sent_at=SENT)
    factories.moved(other, Status.ACKNOWLEDGED, Status.COMPLETED, at=SENT + hours(2))

    found = sources.value(Source.REPATRIATIONS_IN_TIME, countries["regional"], 2025)

    assert found.value == Decimal("71.4")  # 5 of 7, not 66.7 + 100


def test_the_indicator_has_no_data_without_answered_repatriations(countries):
    found = sources.value(Source.REPATRIATIONS_IN_TIME, countries["GT"], 2025)

    assert found.status == sources.NO_DATA
    assert found.value is None


# --- what each reader sees ---------------------------------------------------------------------


def statistics(user, **params):
    return tables.compute(user, query.read(params))


def table(stats, name):
    return next(t for t in stats.tables if t.id == name)


def figures(stats, name):
    """{(row key, column): the figure as shown} of one table."""
    found = table(stats, name)
    return {
        (row.key, str(column)): str(cell)
        for row in found.rows
        for column, cell in zip(found.columns, row.cells, strict=True)
    }


def test_the_regional_administrator_sees_every_figure_exactly(world, personas):
    stats = statistics(personas["regional_admin"], year="2025")

    pairs = figures(stats, "pairs")
    assert pairs[("GT", "Costa Rica")] == "2"
    assert pairs[("SV", "Costa Rica")] == "1"
    assert pairs[("total", "Total sent")] == "16"
    assert figures(stats, "kinds")[("family_tracing", "Referrals")] == "1"
    assert not stats.protected


@pytest.mark.parametrize("persona, small", [("partner", "GT"), ("gt_editor", "SV")])
def test_a_small_cell_is_protected_and_not_recoverable_from_the_totals(
    world, personas, persona, small
):
    stats = statistics(personas[persona], year="2025")
    pairs = table(stats, "pairs")

    assert figures(stats, "pairs")[(small, "Costa Rica")] == "<5"
    assert stats.protected
    # Every row and column with a hidden figure holds two, or its total is hidden too:
    # no hidden count is what remains of a shown total.
    lines = [row.cells for row in pairs.rows]
    lines += [list(column) for column in zip(*lines, strict=True)]
    for cells in lines:
        hidden = [cell for cell in cells if cell.suppressed]
        assert len(hidden) != 1, [str(cell) for cell in cells]


def test_a_small_type_is_protected_for_a_partner(world, personas):
    stats = statistics(personas["partner"], year="2025")

    kinds = figures(stats, "kinds")
    assert kinds[("assistance", "Referrals")] == "<5"
    assert kinds[("total", "Referrals")] == "16"
    # With the total shown, one hidden type would be the total minus the others.
    assert sum(1 for shown in kinds.values() if shown in ("<5", "x")) >= 2


def test_a_country_editor_sees_its_own_country_exactly_and_others_protected(world, personas):
    cr = statistics(personas["cr_editor"], year="2025")
    gt = statistics(personas["gt_editor"], year="2025")

    assert figures(cr, "pairs")[("GT", "Costa Rica")] == "2"  # received by Costa Rica
    assert figures(cr, "pairs")[("SV", "Costa Rica")] == "1"
    assert figures(gt, "pairs")[("GT", "Costa Rica")] == "2"  # sent by Guatemala
    assert figures(gt, "pairs")[("SV", "Costa Rica")] == "<5"  # neither's Guatemala's
    assert gt.exact_names == ["Guatemala"]


def test_a_country_own_tables_by_type_are_shown_only_to_who_sees_it_exactly(world, personas):
    editor = statistics(personas["gt_editor"], year="2025", country="GT")
    partner = statistics(personas["partner"], year="2025", country="GT")

    assert figures(editor, "kinds")[("documents", "Referrals")] == "7"
    assert figures(editor, "kinds")[("family_tracing", "Referrals")] == "0"
    assert not editor.regional_tables
    assert partner.regional_tables
    assert table(partner, "kinds").title == "Referrals by type · all countries"
    assert figures(partner, "kinds")[("family_tracing", "Referrals")] == "<5"


def test_medians_and_shares_over_too_few_referrals_are_hidden(world, personas):
    partner = figures(statistics(personas["partner"], year="2025"), "times")
    editor = figures(statistics(personas["cr_editor"], year="2025"), "times")

    assert partner[("CR", "Answered in time")] == "fewer than 5"
    assert partner[("CR", "Median hours to acknowledge")] == "fewer than 5"
    assert partner[("SV", "Answered in time")] == "66.7 %"
    assert partner[("SV", "Median hours to complete")] == "fewer than 5"  # 4 completed
    assert partner[("all", "Median hours to acknowledge")] == "2.0"
    assert editor[("CR", "Answered in time")] == "100.0 %"
    assert editor[("GT", "Answered in time")] == "—"


# --- the page and its exports ----------------------------------------------------------------


def test_the_page_shows_the_protected_tables_to_a_partner(world, client_for):
    response = client_for("partner").get("/coordination/statistics/?year=2025")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="table-pairs"' in html and 'id="chart-kinds-data"' in html
    assert "&lt;5" in html
    assert "Other figures are protected" in html


def test_the_country_filter_shows_that_country_and_the_type_narrows_answer_times(world, client_for):
    response = client_for("regional_admin").get(
        "/coordination/statistics/?year=2025&country=SV&kind=repatriation"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-key="SV"' in html and 'data-key="to-SV"' in html
    assert 'data-key="GT"' not in html.split('id="table-pairs"')[1].split("</table>")[0]
    assert "66.7 %" in html


@pytest.mark.parametrize(
    "params, field",
    [("year=abc", "year"), ("country=ZZ", "country"), ("kind=nope", "kind"),
     ("from=2025-05-01&to=2025-01-01", "to"), ("from=yesterday", "from")],
)  # fmt: skip
def test_a_bad_filter_is_refused_naming_the_field(client_for, params, field):
    response = client_for("cr_editor").get(f"/coordination/statistics/?{params}")

    assert response.status_code == 400
    assert response.content.decode().startswith(f"{field}:")


def test_auditors_and_anonymous_visitors_do_not_open_the_statistics(client_for):
    assert client_for("auditor").get("/coordination/statistics/").status_code == 403
    assert client_for("anonymous").get("/coordination/statistics/").status_code == 302


def test_the_page_takes_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("gt_editor")
    with django_assert_max_num_queries(25):
        assert client.get("/coordination/statistics/?year=2025").status_code == 200


def test_the_export_is_the_protected_tables_and_is_audited(world, client_for):
    response = client_for("partner").get("/coordination/statistics/statistics.csv?year=2025")

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cell = next(
        r for r in rows if r[:3] == ["Referrals by country pair", "Guatemala", "Costa Rica"]
    )
    assert cell[3:] == ["<5", ""]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.object_type == "coordination.referral"
    assert entry.after["format"] == "csv" and entry.after["protected"] is True


def test_the_xlsx_export_answers_and_an_unknown_format_is_404(world, client_for):
    client = client_for("regional_admin")

    assert client.get("/coordination/statistics/statistics.xlsx?year=2025").status_code == 200
    assert client.get("/coordination/statistics/statistics.pdf").status_code == 404


def test_a_period_of_days_counts_by_the_local_day_sent(world, personas):
    # Sent on 3 March 2025 at 09:00 UTC: 03:00 that same day in Costa Rica.
    before = statistics(personas["regional_admin"], **{"from": "2025-03-01", "to": "2025-03-02"})
    that_day = statistics(personas["regional_admin"], **{"from": "2025-03-03", "to": "2025-03-03"})

    assert figures(before, "pairs")[("total", "Total sent")] == "0"
    assert figures(that_day, "pairs")[("total", "Total sent")] == "16"
