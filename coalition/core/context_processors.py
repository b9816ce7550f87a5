"""What every page's shell needs: navigation entries and the scope switcher."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.core import access, scopes


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not access.two_factor_satisfied(user):
        return {"nav_items": [], "scope_choices": [], "active_scope": None}
    items = []
    items.append((_("Home"), reverse("home"), "house"))
    if access.READER.allows(user):
        items.append((_("Plans"), reverse("plan-list"), "kanban"))
        items.append((_("Events"), reverse("event-list"), "calendar-event"))
        items.append((_("Countries"), reverse("country-list"), "globe-americas"))
        items.append((_("Organizations"), reverse("organization-list"), "building"))
        items.append((_("Directory"), reverse("directory"), "person-lines-fill"))
        items.append((_("Map"), reverse("map"), "map"))
        items.append((_("Knowledge"), reverse("knowledge"), "lightbulb"))
        items.append((_("Indicators"), reverse("indicators-home"), "clipboard-data"))
    if access.is_member(user):
        # What of it each role may open is listed on the section's page.
        items.append((_("Sentences"), reverse("sentences-home"), "bank"))
    if access.OFFICE.allows(user):
        items.append((_("Coordination"), reverse("coordination-home"), "arrow-left-right"))
    if access.partner_organization_ids(user):
        # Partners' way to what their sharing agreements give them (editors and regional
        # administrators reach the agreements from the sentences' pages).
        items.append((_("Data sharing"), reverse("sharing-agreement-list"), "share"))
        # The activities the partner's organization is named on, and their approved progress.
        items.append((_("My activities"), reverse("partner-activities"), "clipboard-check"))
    if access.can_read_audit(user) and not access.is_regional_admin(user):
        # The auditor's one section; a regional administrator finds it in the user menu,
        # beside the administration, to keep its bar on one row.
        items.append((_("Audit log"), reverse("audit-list"), "journal-check"))
    # The entry whose address is the longest start of the page's (/plans/partner/ is "My
    # activities", not "Plans").
    active = max(
        (url for _l, url, _i in items if request.path.startswith(url)), key=len, default=None
    )
    return {
        "nav_items": [
            {"label": label, "url": url, "icon": icon, "active": url == active}
            for label, url, icon in items
        ],
        "is_regional_admin": access.is_regional_admin(user),
        # In the user menu, to leave the bar to the capabilities.
        "shows_api": access.READER.allows(user),
        "shows_approvals": access.MANAGER.allows(user),
        "scope_choices": scopes.choices(user),
        "active_scope": scopes.active(request),
    }
