"""E-mail addresses typed in lists (forms, imports): each checked, kept once, lower case."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _


def normalize_all(values):
    """``(emails, errors)``: the valid addresses in lower case without repeats, and the
    messages of those that are not addresses."""
    emails, errors = [], []
    for value in values:
        text = str(value).strip()
        if not text:
            continue
        try:
            validate_email(text)
        except ValidationError:
            errors.append(_("“%(value)s” is not an e-mail address.") % {"value": text})
            continue
        if text.lower() not in emails:
            emails.append(text.lower())
    return emails, errors
