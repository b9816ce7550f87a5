"""What the scheduled e-mails share (deadline reminders, agreement alerts, verification
requests): the language a user reads, counts in the command's report, and sending many
messages on one connection."""

import smtplib

from django.conf import settings
from django.core.mail import get_connection


def language_of(user):
    """The language ``user`` chose, if the site offers it; else the site's default."""
    codes = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in codes else settings.LANGUAGE_CODE


def plural(count, word):
    """ "1 alert", "2 alerts": for the (English) report of a command."""
    return f"{count} {word}" + ("" if count == 1 else "s")


def send_each(pending):
    """Send each ``(key, email)`` of ``pending`` on one connection; a failure for one does
    not stop the others. Returns ``(sent, failed)``: the keys sent, and ``(key, error)``."""
    sent, failed = [], []
    if not pending:
        return sent, failed
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        return sent, [(key, error) for key, _email in pending]
    try:
        for key, email in pending:
            email.connection = connection
            try:
                email.send()
            except (smtplib.SMTPException, OSError) as error:
                failed.append((key, error))
            else:
                sent.append(key)
    finally:
        connection.close()
    return sent, failed
