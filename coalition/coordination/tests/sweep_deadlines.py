"""Temporary: sweep samples of the stand-in referral page (``coordination/urls.py``), dropped
with it when the referral pages arrive."""


def samples(fixtures, shared):
    return {"referral-detail": [{"pk": shared["to_cr"].pk}]}
