"""Downloads of one record's file (evidence, materials, documents, cards, sheets, exports):
whoever may not see the record gets 404, as for a record that does not exist, so the
answer never tells that the file is there; only those who see the record but may not take
its file get 403; anonymous visitors are sent to sign in. The auditor, who reads no
country's records, gets 404 on every one.

The downloads are found, not listed: every URL that names a record by ``pk`` (the URL
sweep's samples supply them) and answers the regional administrator with an attachment.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from coalition.core import access
from coalition.core.tests.test_url_sweep import (
    _get,
    collect,
    collect_samples,
    kwargs_for,
    url_for,
)
from conftest import PERSONA_NAMES

ENTRIES = [
    entry
    for entry in collect(settings.ROOT_URLCONF)
    if "pk" in entry.params and not entry.is_api and entry.name and ":" not in entry.name
]


def _is_file(response):
    return response.status_code == 200 and "attachment" in response.get("Content-Disposition", "")


@pytest.fixture
def samples(countries, organizations, personas):
    return collect_samples(
        {"countries": countries, "organizations": organizations, "personas": personas}
    )


def test_every_record_download_answers_404_to_whoever_may_not_see_the_record(
    samples, client_for, personas
):
    clients = {name: client_for(name) for name in PERSONA_NAMES}
    problems, downloads = [], set()
    for entry in ENTRIES:
        kwarg_sets = kwargs_for(entry, samples)
        # A download answers its first sample (in everyone's scope) with an attachment.
        if not _is_file(_get(clients["regional_admin"], url_for(entry, kwarg_sets[0]), {})):
            continue
        downloads.add(entry.name)
        if entry.rule is access.PUBLIC:  # published for everyone
            continue
        if entry.rule.hidden is None:
            problems.append(f"{entry.name}: its rule does not tell outsiders (404)")
            continue
        for kwargs in kwarg_sets:
            url = url_for(entry, kwargs)
            for persona in PERSONA_NAMES:
                user = personas.get(persona, AnonymousUser())
                if entry.rule.allows(user, kwargs):
                    continue  # gets the file: the URL sweep checks that
                response = _get(clients[persona], url, {})
                if persona == "anonymous":
                    due = 302
                elif persona == "auditor" or entry.rule.hides(user, kwargs):
                    due = 404
                else:
                    due = 403
                if response.status_code != due:
                    problems.append(f"{url} as {persona}: {response.status_code}, due {due}")
    assert not problems, "\n".join(problems)
    # It found the downloads: plan evidence, event materials, practice and agreement
    # documents, campaign materials, vCards, attendance templates and sheets.
    assert {"evidence-download", "material-download", "contact-vcard"} <= downloads
    assert len(downloads) >= 8


def test_the_auditor_gets_404_on_plan_evidence_like_everyone_else(samples, client_for):
    url = url_for(
        next(e for e in ENTRIES if e.name == "evidence-download"),
        samples["evidence-download"][0],
    )
    assert client_for("auditor").get(url).status_code == 404
    assert client_for("gt_editor").get(url).status_code == 404
    assert _is_file(client_for("cr_editor").get(url))
