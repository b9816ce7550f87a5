"""The message thread between the two offices of a referral (pages under
/coordination/referrals/<pk>/messages/)."""
