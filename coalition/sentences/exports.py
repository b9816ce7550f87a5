"""The sentence list as a file (CSV or XLSX, through ``lib.exports``), with the list's
columns, in the language asked for."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core.files import download_response
from coalition.lib import exports


def _yes_no(value):
    return _("Yes") if value else _("No")


COLUMNS = [
    exports.Column(gettext_lazy("Reference"), "reference", 16),
    exports.Column(gettext_lazy("Country"), "country.name", 16),
    exports.Column(gettext_lazy("Year"), "year", 8),
    exports.Column(gettext_lazy("Date final"), "final_date", 12),
    exports.Column(gettext_lazy("Court level"), "get_court_level_display", 16),
    exports.Column(gettext_lazy("First-level area"), "area.name", 16),
    exports.Column(
        gettext_lazy("Offences"),
        lambda r: [f"{o.name} ({o.legal_article})" for o in r.offences.all()],
        40,
    ),
    exports.Column(gettext_lazy("Forms of exploitation"), lambda r: r.exploitation_labels(), 24),
    exports.Column(gettext_lazy("Persons convicted"), "convicted", 10),
    exports.Column(gettext_lazy("Persons acquitted"), "acquitted", 10),
    exports.Column(gettext_lazy("Victims"), "victim_count", 10),
    exports.Column(gettext_lazy("Prison term (years)"), "prison_years", 10),
    exports.Column(gettext_lazy("Fines (US dollars)"), "fine_amount", 12),
    exports.Column(gettext_lazy("Reparation ordered"), lambda r: _yes_no(r.reparation_ordered)),
    exports.Column(gettext_lazy("Reparation amount (US dollars)"), "reparation_amount", 12),
    exports.Column(gettext_lazy("Approval"), "approval_label", 16),
]


def sentences(records, fmt, language):
    """(download response, file name) of ``records`` (as the list annotates them: counts,
    approval label) in ``fmt`` ("csv" or "xlsx")."""
    with translation.override(language):
        filename = f"{_('sentences')}-{timezone.localdate():%Y-%m-%d}.{fmt}"
        content = exports.table(fmt, _("Sentences"), COLUMNS, records)
    return download_response(content, exports.CONTENT_TYPES[fmt], filename), filename
