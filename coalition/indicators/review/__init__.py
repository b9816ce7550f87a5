"""The review of an assessment: submitted by its country's editor, returned by a regional
administrator with a comment per indicator, approved (locked), reopened with a reason.

The workflow is core's (``core.approvals``, kind ``indicators``), shared with the
sentences: this package only adds what an assessment needs around it (the questionnaire
checked before it is submitted, the computed answers read again, the comments per
indicator kept with the return's ``ApprovalStep``).

For the questionnaire: ``context(request, assessment)`` gives the ``review`` its two
includes read (``indicators/includes/review_actions.html`` in its header,
``indicators/includes/review_comments.html`` next to each indicator).
"""

from coalition.indicators.review.comments import comments_for, context, returns

__all__ = ["comments_for", "context", "returns"]
