"""Fictitious referrals between demo offices, for ``make run``."""


def load_demo_referrals(actor_repr):
    return 0
