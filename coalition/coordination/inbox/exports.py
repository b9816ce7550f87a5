"""The inbox as a file (CSV or XLSX, through ``lib.exports``), in the language asked for.
The reference and the statistical fields only: never the summary, a step's note or a
message."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.coordination.choices import Need
from coalition.core.choices import Exploitation, Language
from coalition.core.files import download_response
from coalition.lib import exports, iso3166

# What the export reads of a referral: its summary never leaves the database.
FIELDS = (
    "reference",
    "kind",
    "urgency",
    "status",
    "sent_at",
    "acknowledge_by",
    "respond_by",
    "acknowledged_at",
    "closed_at",
    "age_group",
    "sex",
    "nationality",
    "languages",
    "needs",
    "exploitation",
    "consent",
    "sender__name",
    "sender__acronym",
    "receiver__name",
    "receiver__acronym",
    "country__iso2",
    "country__name_es",
    "country__name_en",
    "receiving_country__iso2",
    "receiving_country__name_es",
    "receiving_country__name_en",
)


def _labels(codes, choices):
    names = dict(choices)
    return [str(names.get(code, code)) for code in codes or []]


def _yes_no(value):
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _local(value):
    """A moment as the office reads it: its local date and time."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _moment(field):
    return lambda record: _local(getattr(record, field))


def _overdue(record):
    now = timezone.now()
    return _yes_no(record.acknowledgement_overdue(now) or record.response_overdue(now))


# What the statistics count, and the reference: never a free text.
COLUMNS = [
    exports.Column(gettext_lazy("Reference"), "reference"),
    exports.Column(gettext_lazy("Sending country"), "country.name"),
    exports.Column(gettext_lazy("Sending office"), "sender"),
    exports.Column(gettext_lazy("Receiving country"), "receiving_country.name"),
    exports.Column(gettext_lazy("Receiving office"), "receiver"),
    exports.Column(gettext_lazy("Type"), "get_kind_display"),
    exports.Column(gettext_lazy("Urgency"), "get_urgency_display"),
    exports.Column(gettext_lazy("Status"), "get_status_display"),
    exports.Column(gettext_lazy("Sent"), _moment("sent_at")),
    exports.Column(gettext_lazy("Acknowledge by"), _moment("acknowledge_by")),
    exports.Column(gettext_lazy("Respond by"), _moment("respond_by")),
    exports.Column(gettext_lazy("Acknowledged"), _moment("acknowledged_at")),
    exports.Column(gettext_lazy("Closed"), _moment("closed_at")),
    exports.Column(gettext_lazy("Overdue"), _overdue),
    exports.Column(gettext_lazy("Answered in time"), lambda r: _yes_no(r.answered_in_time)),
    exports.Column(gettext_lazy("Age group"), "get_age_group_display"),
    exports.Column(gettext_lazy("Sex"), "get_sex_display"),
    exports.Column(
        gettext_lazy("Nationality"), lambda r: iso3166.name(r.nationality) if r.nationality else ""
    ),
    exports.Column(gettext_lazy("Languages"), lambda r: _labels(r.languages, Language.choices)),
    exports.Column(gettext_lazy("Needs"), lambda r: _labels(r.needs, Need.choices)),
    exports.Column(
        gettext_lazy("Forms of exploitation"),
        lambda r: _labels(r.exploitation, Exploitation.choices),
    ),
    exports.Column(gettext_lazy("Consent to share"), lambda r: _yes_no(r.consent)),
]


def referrals(records, fmt, language):
    """(download response, file name) of ``records`` in ``fmt`` ("csv" or "xlsx")."""
    with translation.override(language):
        filename = f"{_('referrals')}-{timezone.localdate():%Y-%m-%d}.{fmt}"
        content = exports.table(fmt, _("Referrals"), COLUMNS, records)
    return download_response(content, exports.CONTENT_TYPES[fmt], filename), filename
