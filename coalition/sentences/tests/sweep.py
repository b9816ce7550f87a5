"""Sample URL arguments of the sentences' URLs, for the URL sweep (see core/tests/sweep.py)."""

from coalition.sentences.tests import sweep_sharing


def samples(fixtures):
    return {
        **sweep_sharing.samples(fixtures),
    }
