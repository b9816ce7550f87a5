"""The inbox of referrals: the list of the user's referrals, filtered, sorted, paged and
exported."""
