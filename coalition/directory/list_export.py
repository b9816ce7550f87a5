"""The directory's search page as a spreadsheet (``?export=xlsx`` or ``?export=csv``): every
contact and institution of the current search and filters, in the page's order (best
first, or by name), with what the page shows of each.

Contacts are personal data: the search lists only those the user may read (the data roles
of their country and the regional level) and the public lines; a contact the user may not
read by name (a public line of another country) is written with the fields its public
page shows, never its notes. The file of contacts in the import's columns, which an
import reads back, is ``directory-export`` (``io_views``).
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coalition.core import access, exports
from coalition.core.choices import Axis, Service
from coalition.core.files import bad_request
from coalition.core.models import Country
from coalition.directory.choices import RECORD_KINDS
from coalition.directory.models import Contact
from coalition.directory.search import CONTACT, search
from coalition.lib.exports import Column

# At most this many records in one file (the search ranks at most as many on PostgreSQL).
LIMIT = 5000
FLAGS = ("true", "false")


def filter_refusal(params):
    """A 400 naming the first filter the page would ignore (an unknown country, axis,
    service, kind or flag), or None: the export holds what was asked, or nothing."""
    known = {
        "axis": Axis.values,
        "service": Service.values,
        "kind": [value for value, _label in RECORD_KINDS],
        "public": FLAGS,
        "international": FLAGS,
    }
    for name, values in known.items():
        value = params.get(name)
        if (
            value
            and (value.lower() if name in ("public", "international") else value) not in values
        ):
            return _refuse(name, value)
    code = params.get("country")
    if code and not Country.objects.filter(iso2=code).exists():
        return _refuse("country", code)
    return None


def _refuse(name, value):
    return bad_request(
        gettext("The filters are not valid: %(errors)s")
        % {"errors": f"{name}: " + gettext("unknown value “%(value)s”.") % {"value": value[:40]}}
    )


def _columns(request, people):
    def readable(hit):
        """May the user read this contact by name (else: its public fields)?"""
        obj = hit.obj
        return hit.type != CONTACT or people is None or obj.country_id in people

    def contact(field):
        return lambda hit: getattr(hit.obj, field) if hit.type == CONTACT else ""

    def link(hit):
        if not access.can_open(request.user, hit.obj):
            return ""
        return request.build_absolute_uri(hit.obj.get_absolute_url())

    def kind(hit):
        return hit.obj.get_kind_display()

    def institution(hit):
        return hit.obj.organization.name if hit.type == CONTACT else hit.obj.name

    return [
        Column(_("Record"), lambda h: _("Contact") if h.type == CONTACT else _("Institution"), 12),
        Column(_("Name"), lambda h: h.obj.name, width=30),
        Column(_("Kind"), kind, width=24),
        Column(_("Position"), contact("position"), width=24),
        Column(_("Institution"), institution, width=30),
        Column(_("Acronym"), lambda h: h.obj.acronym if h.type != CONTACT else "", 10),
        Column(_("Country"), lambda h: h.obj.country.name),
        Column(_("Phones"), lambda h: h.obj.phones_display, width=24),
        Column(_("E-mails"), lambda h: h.obj.emails, width=30),
        Column(_("Website"), lambda h: h.obj.website if h.type != CONTACT else "", width=30),
        Column(_("Axes of action"), lambda h: h.obj.axis_labels(), width=24),
        Column(_("Services"), lambda h: h.obj.service_labels() if h.type != CONTACT else [], 30),
        Column(_("Coverage"), lambda h: h.obj.coverage if h.type != CONTACT else [], width=20),
        Column(
            _("International"),
            lambda h: (_("Yes") if h.obj.international else _("No")) if h.type == CONTACT else "",
            8,
        ),
        Column(_("Public"), lambda h: _("Yes") if h.obj.public else _("No"), width=8),
        Column(_("Notes"), lambda h: h.obj.notes if h.type == CONTACT and readable(h) else "", 30),
        Column(_("Last verified"), lambda h: h.obj.last_verified, width=12),
        Column(_("Stale"), lambda h: _("Yes") if h.obj.is_stale else _("No"), width=8),
        Column(_("Link"), link, width=40),
    ]


def respond(request, query, filters, params):
    """The whole search (every page) as a spreadsheet, through ``core.exports.respond``."""
    refusal = filter_refusal(params)
    if refusal is not None:
        return refusal
    result = search(request.user, query, limit=LIMIT, offset=0, **filters)
    if result.total > LIMIT or result.capped:
        # A file that silently lacks rows would be read as the whole directory.
        return bad_request(
            gettext(
                "The search finds more than %(limit)d contacts and institutions: narrow it "
                "(a country, a kind, a service) to export it."
            )
            % {"limit": LIMIT}
        )
    return exports.respond(
        request,
        name=_("directory"),
        title=_("Directory"),
        columns=_columns(request, access.people_country_ids(request.user)),
        rows=result.hits,
        model=Contact,
    )
