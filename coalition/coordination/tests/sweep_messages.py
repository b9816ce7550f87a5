"""The message thread's URLs for the URL sweep: a referral the Costa Rican personas see,
one only Guatemala's editor and the regional administrator see, and one that does not
exist."""


def samples(fixtures, shared):
    referrals = [{"pk": shared["to_cr"].pk}, {"pk": shared["to_sv"].pk}, {"pk": 999999}]
    return {"referral-messages": referrals, "referral-message-create": referrals}
