"""An approved year of sentences is locked: nothing of it may change until a regional
administrator withdraws the approval (``core.approvals``).

Every write of sentences (the record pages, the API, the import) calls ``ensure_open``
for the country and year(s) it touches, before writing, inside its transaction: for an
edit that moves a sentence to another year, both the old year and the new one.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coalition.core import approvals
from coalition.sentences.models import APPROVAL_KIND


def locked_years(country, years):
    """The years among ``years`` whose sentences of ``country`` are approved, sorted."""
    approved = approvals.approved_years(APPROVAL_KIND, [country.pk])
    return sorted({year for year in years if (country.pk, year) in approved})


def ensure_open(country, *years):
    """Raise ``ValidationError`` (a message for the user) when a year of ``years`` of
    ``country``'s sentences is approved."""
    locked = locked_years(country, years)
    if locked:
        raise ValidationError(
            _(
                "The sentences of %(country)s for %(years)s are approved: changing them "
                "needs the approval withdrawn by a regional administrator."
            )
            % {"country": country.name, "years": ", ".join(map(str, locked))},
            code="locked",
        )
