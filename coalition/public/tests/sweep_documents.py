def samples(fixtures):
    return {}
