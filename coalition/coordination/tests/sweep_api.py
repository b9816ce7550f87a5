"""The referrals API's URLs for the URL sweep: the GT→CR referral (the Costa Rican
personas, gt_editor and the regional administrator see it) and the GT→SV one (only
gt_editor and the regional administrator: an outsider's 404 for the others)."""


def samples(fixtures, shared):
    referrals = [{"pk": shared[name].pk} for name in ("to_cr", "to_sv")]
    return {
        "api:referral-detail": referrals,
        "api:referral-move": referrals,
        "api:referral-messages": referrals,
    }
