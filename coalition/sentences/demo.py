"""Demo data of the court sentences."""


def load_demo_glotip(actor):
    """Import the shipped GLOTIP extract (UNODC, Global Report on Trafficking in Persons:
    real public data, not fictitious) as "GLOTIP, release 2023-05-30", so that the
    reconciliation has a release to compare the demo records with. Idempotent: an extract
    already imported is left as it is. Returns how many figures it created."""
    from coalition.sentences import glotip
    from coalition.sentences.models import Source

    if Source.objects.filter(name=glotip.source_name(glotip.EXTRACT_RELEASED)).exists():
        return 0
    return glotip.import_extract(actor_repr=actor).imported
