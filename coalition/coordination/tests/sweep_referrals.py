"""Sweep samples of the referral pages: the shared referrals (one the Costa Rican personas
see, one only Guatemala's editor and the regional administrator see) and one that does not
exist."""


def samples(fixtures, shared):
    pks = [{"pk": shared["to_cr"].pk}, {"pk": shared["to_sv"].pk}, {"pk": 999999}]
    return {"referral-detail": pks, "referral-move": pks}
