"""The referral statistics page (``referral-statistics``) and its exports."""
