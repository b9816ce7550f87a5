"""The URL sweep: every URL pattern of the project, requested as every persona.

The sweep walks the whole URL tree (namespaces included), reads the access rule each view
declares (``access.rule_for``), builds a concrete URL and requests it as each persona and
anonymously, as a plain request and as an HTMX one. It fails when

- a URL declares no rule ("not declared"), or takes arguments that nobody supplies ("not
  covered"): apps supply samples in ``<app>/tests/sweep.py`` (see core's for the format);
  admin URLs take theirs from the admin's own registry (first row of each model);
- anyone gets a 5xx;
- a persona the rule refuses gets anything but the refusal due: anonymous visitors are
  sent to a sign-in page (the API answers 401/403), outsiders (the object is out of their
  scope: ``rule.hides``) get 404, everyone else 403. A signed-in user sent to a sign-in
  page (the admin does that) is judged by what the sign-in page then answers.

The admin's pages of every registered model (list, add, change, delete, history) are also
opened as the verified regional administrator, who must get each page its model admin
permits and a 403 for the others (adding an audit entry, writing a library's record).

Nothing here names a URL of the project, so a new view is swept the moment its URL exists.
Only static and media file serving is left out.
"""

import importlib
import importlib.util
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin import ModelAdmin
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles.views import serve as serve_static
from django.shortcuts import resolve_url
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils.regex_helper import normalize
from django.views.static import serve as serve_media
from rest_framework.views import APIView

from coalition.core import access
from conftest import PERSONA_NAMES

PROJECT = __name__.split(".")[0]
HTMX = {"HX-Request": "true"}


# --- what there is to sweep --------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One URL pattern, with the chain of resolvers that leads to it."""

    parts: tuple
    namespace: str

    @property
    def pattern(self):
        return self.parts[-1]

    @property
    def callback(self):
        return self.pattern.callback

    @property
    def name(self):
        """The name ``reverse`` takes ("api:organization-detail"), or None."""
        if self.pattern.name is None:
            return None
        return f"{self.namespace}:{self.pattern.name}" if self.namespace else self.pattern.name

    @property
    def route(self):
        return "".join(str(part.pattern) for part in self.parts)

    @property
    def id(self):
        return self.name or self.route

    @property
    def regex(self):
        return "^" + "".join(part.pattern.regex.pattern.removeprefix("^") for part in self.parts)

    @property
    def params(self):
        return frozenset(re.compile(self.regex).groupindex)

    @property
    def converters(self):
        found = {}
        for part in self.parts:
            found.update(part.pattern.converters)
        return found

    @property
    def rule(self):
        return access.rule_for(self.callback, self.pattern.name, self.namespace or None)

    @property
    def is_api(self):
        view = getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)
        return isinstance(view, type) and issubclass(view, APIView)


def collect(urlconf=None):
    """Every URL pattern under ``urlconf`` (the current ROOT_URLCONF by default)."""
    entries = []

    def walk(patterns, parents, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, (*parents, pattern), inner)
            elif pattern.callback not in (serve_static, serve_media):
                entries.append(Entry((*parents, pattern), namespace))

    walk(get_resolver(urlconf).url_patterns, (), "")
    return entries


# --- URL arguments -----------------------------------------------------------------------


class NotCovered(Exception):
    """A URL takes arguments that no sample supplies."""


def sample_providers():
    """The ``tests/sweep.py`` module of each of the project's installed apps that has one."""
    for config in apps.get_app_configs():
        if not config.name.startswith(f"{PROJECT}."):
            continue
        if importlib.util.find_spec(f"{config.name}.tests") is None:
            continue
        if importlib.util.find_spec(f"{config.name}.tests.sweep") is not None:
            yield importlib.import_module(f"{config.name}.tests.sweep")


def collect_samples(fixtures):
    """``{url name: [kwargs, ...]}`` from every app's ``samples(fixtures)``."""
    samples = {}
    for module in sample_providers():
        for name, value in module.samples(fixtures).items():
            assert name not in samples, f"two sweep.py modules give samples for {name!r}"
            samples[name] = [value] if isinstance(value, dict) else list(value)
    return samples


def kwargs_for(entry, samples):
    """Each set of kwargs to request ``entry`` with."""
    if not entry.params:
        return [{}]
    if entry.name in samples:
        return samples[entry.name]
    derived = admin_kwargs(entry)
    if derived is None:
        raise NotCovered(
            f"takes {sorted(entry.params)} and no tests/sweep.py gives samples for it"
            + ("" if entry.name else " (name the URL so that one can)")
        )
    return [derived]


def _admin_of(callback):
    """The admin site and model admin behind an admin view, from what the admin's own
    wrappers leave on it (``admin_site``, ``model_admin``, or the bound method of a model
    admin's custom view)."""
    model_admin = getattr(callback, "model_admin", None)
    if model_admin is None:
        model_admin = getattr(getattr(callback, "__wrapped__", None), "__self__", None)
    if not isinstance(model_admin, ModelAdmin):
        model_admin = None
    site = model_admin.admin_site if model_admin else getattr(callback, "admin_site", None)
    return site, model_admin


def _first_row(model):
    row = model._default_manager.order_by("pk").first()
    if row is None:
        raise NotCovered(
            f"the admin opens a {model._meta.label} and there is none: create one in a "
            "tests/sweep.py samples()"
        )
    return row


def admin_kwargs(entry):
    """Kwargs for a URL of a Django admin site, or None when it is not one."""
    site, model_admin = _admin_of(entry.callback)
    if site is None:
        return None
    registered = list(site._registry)
    kwargs = {}
    # content_type_id first: it also chooses the object_id that goes with it.
    for param in sorted(entry.params, key=lambda param: param != "content_type_id"):
        if param in ("object_id", "pk") and model_admin is not None:
            kwargs[param] = _first_row(model_admin.model).pk
        elif param == "app_label":
            kwargs[param] = registered[0]._meta.app_label
        elif param == "content_type_id":
            # "View on site": any registered model whose rows have a page of their own.
            model = next(m for m in registered if hasattr(m, "get_absolute_url"))
            kwargs[param] = ContentType.objects.get_for_model(model).pk
            kwargs["object_id"] = _first_row(model).pk
        elif param == "url":
            kwargs[param] = "sweep/no-such-page/"  # the admin's catch-all
        elif param not in kwargs:
            return None
    return kwargs


def url_for(entry, kwargs):
    if entry.name:
        return reverse(entry.name, kwargs=kwargs)
    # Unnamed patterns cannot be reversed by name: fill the pattern in as reverse() would.
    for text, params in normalize(entry.regex):
        if set(params) == set(kwargs):
            values = {
                key: entry.converters[key].to_url(value) if key in entry.converters else value
                for key, value in kwargs.items()
            }
            return "/" + quote(text % values, safe="/~:@!$&'()*+,;=")
    raise NotCovered(f"cannot fill {entry.route} with {sorted(kwargs)}")


def _undeclared(entry):
    return (
        f"{entry.id}: not declared: the view has no access rule "
        "(access.rule, RuleMixin, a viewset's access_rule, or access.DECLARED)"
    )


def uncovered(entries, samples):
    """What the sweep cannot check: URLs without a rule, URLs whose arguments nobody
    supplies, and samples for URLs that are gone."""
    problems = []
    for entry in entries:
        if entry.rule is None:
            problems.append(_undeclared(entry))
        try:
            kwargs_for(entry, samples)
        except NotCovered as exc:
            problems.append(f"{entry.id}: not covered: {exc}")
    names = {entry.name for entry in entries}
    problems += [
        f"{name}: samples for a URL that does not exist" for name in samples.keys() - names
    ]
    return problems


# --- requesting and judging --------------------------------------------------------------


def login_paths(entries):
    """Paths of every sign-in page: the project's and any admin site's."""
    paths = {resolve_url(settings.LOGIN_URL)}
    paths.update(reverse(e.name) for e in entries if e.pattern.name == "login" and not e.params)
    return paths


def _get(client, url, headers):
    response = client.get(url, headers=headers)
    if response.streaming:
        b"".join(response.streaming_content)  # an error halfway through an export counts too
    return response


REDIRECTS = (301, 302, 303, 307, 308)


def judge(rule, user, kwargs, response, *, api, sign_in_pages, follow):
    """What is wrong with one answer, or None. Redirects are followed (a few hops) to see
    where a refused persona ends up: anonymous visitors at a sign-in page, signed-in users
    at a refusal (the admin sends them to its sign-in page, which refuses them)."""
    if response.status_code >= 500:
        return f"answered {response.status_code}"
    if rule.allows(user, kwargs):
        return None
    path = [str(response.status_code)]
    for _hop in range(5):
        if response.status_code not in REDIRECTS:
            break
        location = response["Location"]
        if not user.is_authenticated and urlsplit(location).path in sign_in_pages:
            return None
        response = follow(location)
        path.append(f"{urlsplit(location).path} {response.status_code}")
    status = response.status_code
    answered = f"answered {' -> '.join(path)}"
    if not user.is_authenticated:
        if api:
            return None if status in (401, 403) else f"{answered}; due: 401 or 403"
        return f"{answered}; due: a redirect to sign in"
    due = 404 if rule.hides(user, kwargs) else 403
    return None if status == due else f"{answered}; due: {due}"


def sweep(entry, world):
    """Every problem with one URL pattern; an empty list when it behaves as declared."""
    rule = entry.rule
    if rule is None:
        return [_undeclared(entry)]
    try:
        kwarg_sets = kwargs_for(entry, world.samples)
    except NotCovered as exc:
        return [f"{entry.id}: not covered: {exc}"]
    problems = []
    for kwargs in kwarg_sets:
        url = url_for(entry, kwargs)
        match = resolve(urlsplit(url).path)
        # When another pattern answers this URL first, that view's rule is the one in force.
        answering = access.rule_for(match.func, match.url_name, match.namespace or None) or rule
        for persona in PERSONA_NAMES:
            client = world.clients[persona]
            user = world.users.get(persona) or AnonymousUser()
            for variant, headers in (("", {}), (" (htmx)", HTMX)):
                problem = judge(
                    answering,
                    user,
                    match.kwargs,
                    _get(client, url, headers),
                    api=entry.is_api,
                    sign_in_pages=world.sign_in_pages,
                    follow=lambda location, c=client, h=headers: _get(c, location, h),
                )
                if problem:
                    problems.append(f"GET {url}{variant} as {persona}: {problem}")
    return problems


@dataclass
class World:
    clients: dict
    users: dict
    samples: dict
    sign_in_pages: set


@pytest.fixture
def world(countries, organizations, personas, client_for):
    fixtures = {"countries": countries, "organizations": organizations, "personas": personas}
    clients = {name: client_for(name) for name in PERSONA_NAMES}
    return World(clients, personas, collect_samples(fixtures), login_paths(collect()))


# --- the tests ---------------------------------------------------------------------------

ENTRIES = collect(settings.ROOT_URLCONF)


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.id for entry in ENTRIES])
def test_the_url_answers_each_persona_as_its_rule_says(entry, world):
    assert sweep(entry, world) == []


def test_every_url_declares_a_rule_and_has_samples(world):
    assert uncovered(collect(), world.samples) == []


def test_the_sweep_reaches_every_kind_of_url():
    """Function views, class-based views, viewsets, the admin, namespaced URLs."""
    names = {entry.name for entry in ENTRIES}
    assert any(entry.namespace for entry in ENTRIES)
    assert any(entry.is_api for entry in ENTRIES)
    assert any(_admin_of(entry.callback)[1] for entry in ENTRIES)
    assert None in names  # unnamed patterns are swept too
    assert len(ENTRIES) == len({entry.parts for entry in ENTRIES})


# --- the admin, as the regional administrator ---------------------------------------------

# The pages of each registered model, and the permission of its model admin that opens each.
ADMIN_PAGES = {
    "changelist": "has_view_or_change_permission",
    "add": "has_add_permission",
    "change": "has_view_or_change_permission",
    "delete": "has_delete_permission",
    "history": "has_view_or_change_permission",
}


def admin_page(entry):
    """``(model admin, page)`` for one of ``ADMIN_PAGES`` of a model admin, else None."""
    model_admin = _admin_of(entry.callback)[1]
    if model_admin is None or entry.pattern.name is None:
        return None
    opts = model_admin.model._meta
    page = entry.pattern.name.removeprefix(f"{opts.app_label}_{opts.model_name}_")
    return (model_admin, page) if page in ADMIN_PAGES else None


ADMIN_ENTRIES = [entry for entry in ENTRIES if admin_page(entry)]


@pytest.mark.parametrize("entry", ADMIN_ENTRIES, ids=[entry.id for entry in ADMIN_ENTRIES])
def test_a_verified_regional_admin_opens_each_admin_page_its_model_admin_permits(entry, world):
    """The sweep accepts any answer but a 5xx from a persona the rule admits; in the admin
    the regional administrator gets the page itself, or 403 where the model admin keeps
    records from being written (the audit log, the libraries' records)."""
    model_admin, page = admin_page(entry)
    (kwargs,) = kwargs_for(entry, world.samples)
    response = world.clients["regional_admin"].get(url_for(entry, kwargs))
    permission = getattr(model_admin, ADMIN_PAGES[page])
    if page == "add":
        permitted = permission(response.wsgi_request)
    else:
        obj = model_admin.model._default_manager.filter(pk=kwargs.get("object_id")).first()
        permitted = permission(response.wsgi_request, obj)
    assert response.status_code == (200 if permitted else 403)


def test_every_page_of_every_registered_model_admin_is_swept():
    from django.contrib.admin import site

    swept = {(model_admin.model, page) for model_admin, page in map(admin_page, ADMIN_ENTRIES)}
    assert swept == {(model, page) for model in site._registry for page in ADMIN_PAGES}


# --- the sweep can fail ------------------------------------------------------------------

GAPS = "coalition.core.tests.urls_with_gaps"


def test_the_sweep_reports_a_url_without_a_rule_or_without_samples(settings, world):
    settings.ROOT_URLCONF = GAPS
    problems = [p for p in uncovered(collect(), world.samples) if p.startswith("sweep-")]
    assert len(problems) == 2
    assert problems[0].startswith("sweep-undeclared: not declared")
    assert problems[1].startswith("sweep-unsampled: not covered")


def test_the_sweep_fails_a_view_that_answers_whom_its_rule_refuses(settings, world):
    settings.ROOT_URLCONF = GAPS
    world.sign_in_pages = login_paths(collect())
    leaky = next(entry for entry in collect() if entry.name == "sweep-leaky")
    problems = sweep(leaky, world)
    refused = [p for p in PERSONA_NAMES if p != "regional_admin"]
    assert len(problems) == 2 * len(refused)
    assert all("answered 200" in problem for problem in problems)
    assert {problem.split(" as ")[1].split(":")[0] for problem in problems} == set(refused)
