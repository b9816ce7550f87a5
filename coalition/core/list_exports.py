"""The columns of core's lists as spreadsheets (``core.exports``): countries,
organizations and approvals, as each list shows them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.core import approvals
from coalition.lib import exports


def _country_status(country):
    if country.is_regional:
        return _("Regional level")
    return _("Active member") if country.active else _("Not active")


def country_columns(show_members):
    columns = [
        exports.Column(gettext_lazy("Country"), "name", 24),
        exports.Column("ISO 3166-1", lambda c: "" if c.is_regional else f"{c.iso2} / {c.iso3}"),
        exports.Column(
            gettext_lazy("Member since"), lambda c: c.member_since.year if c.member_since else None
        ),
        exports.Column(gettext_lazy("Status"), _country_status),
        exports.Column(gettext_lazy("Organizations"), "organization_count", 12),
    ]
    if show_members:  # users are counted for regional administrators alone, as on the page
        columns.append(exports.Column(gettext_lazy("Users"), "member_count", 12))
    return columns


ORGANIZATION_COLUMNS = [
    exports.Column(gettext_lazy("Name"), "name", 40),
    exports.Column(gettext_lazy("Acronym"), "acronym", 12),
    exports.Column(gettext_lazy("Kind"), "get_kind_display"),
    exports.Column(gettext_lazy("Country"), "country.name"),
    exports.Column(gettext_lazy("Axes of action"), "axis_labels", 40),
]


def _last_step(approval):
    steps = list(approval.steps.all())
    return steps[-1] if steps else None


def _step(attribute):
    def value(approval):
        step = _last_step(approval)
        if step is None:
            return None
        if attribute == "actor":
            actor = step.actor
            return (actor.get_full_name() or actor.username) if actor else _("a former user")
        if attribute == "time":
            return step.time.date()
        return getattr(step, attribute)

    return value


APPROVAL_COLUMNS = [
    exports.Column(gettext_lazy("Data"), lambda a: approvals.kind_label(a.kind), 24),
    exports.Column(gettext_lazy("Country"), "country.name"),
    exports.Column(gettext_lazy("Year"), "year", 8),
    exports.Column(gettext_lazy("State"), "get_state_display"),
    exports.Column(gettext_lazy("Last move"), _step("get_action_display")),
    exports.Column(gettext_lazy("By"), _step("actor")),
    exports.Column(gettext_lazy("Date"), _step("time"), 12),
    exports.Column(gettext_lazy("Comment"), _step("comment"), 40),
]
