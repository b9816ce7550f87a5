"""Sample URL arguments of the public site's URLs, for the URL sweep (see core's sweep.py).

Each section adds its samples in ``sweep_<section>.py`` (a function ``samples(fixtures)``
giving ``{url name: kwargs or [kwargs, ...]}`` with names without namespace, "help-country"),
named in ``PARTS``; every sample is swept in both languages (``public:`` and ``public-en:``).
"""

from importlib import import_module

from coalition.public.pages import NAMESPACES

PARTS = ("help", "statistics", "maps", "campaigns", "practices", "documents")


def samples(fixtures):
    found = {}
    for part in PARTS:
        module = import_module(f"coalition.public.tests.sweep_{part}")
        for name, kwargs in module.samples(fixtures).items():
            for namespace in NAMESPACES.values():
                found[f"{namespace}:{name}"] = kwargs
    return found
