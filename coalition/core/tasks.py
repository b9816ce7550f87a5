"""Core's background work (``core.jobs``): e-mails sent from a page."""

from django.core.mail import EmailMessage

from coalition.core import jobs


@jobs.task()
def send_email(subject, body, from_email, to):
    """Send one plain-text e-mail. From a page, so that a slow mail server does not hold
    the page, and the page's answer time does not tell whether an address has an account."""
    EmailMessage(subject, body, from_email, to).send()
