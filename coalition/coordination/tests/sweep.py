"""Sample URL arguments of the coordination's URLs, for the URL sweep (see core's sweep.py).

The rows every part's URLs need are made once here: the offices (``factories.offices``), a
referral from Guatemala to Costa Rica's FAI (``cr_contributor``'s organization: the
Costa Rican personas, ``gt_editor`` and the regional administrator see it) and one from
Guatemala to El Salvador (only ``gt_editor`` and the regional administrator see it), each
with a message. Each part adds its samples in ``sweep_<part>.py`` (a function
``samples(fixtures, shared)``), named in ``PARTS``."""

from importlib import import_module

from coalition.coordination.choices import Side
from coalition.coordination.tests import factories

PARTS = ("referrals", "messages", "stats", "api")


def samples(fixtures):
    offices = factories.offices(fixtures["countries"], fixtures["organizations"])
    to_cr = factories.referral(offices["gt"], offices["cr"])
    to_sv = factories.referral(offices["gt"], offices["sv"])
    shared = {
        "offices": offices,
        "to_cr": to_cr,
        "to_sv": to_sv,
        "message_cr": factories.message(to_cr, Side.SENDING),
        "message_sv": factories.message(to_sv, Side.SENDING),
    }
    found = {}
    for part in PARTS:
        found.update(
            import_module(f"coalition.coordination.tests.sweep_{part}").samples(fixtures, shared)
        )
    return found
