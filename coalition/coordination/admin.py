"""Referrals stay out of the admin: every read of one is audited and every change goes
through ``coordination.workflow``, which the admin would bypass."""
