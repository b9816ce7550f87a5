import json

import pytest
from django.conf import settings

from coalition.core.tests.browser import serious_violations, shot
from coalition.indicators.tests.framework_file import sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_regional_administrator_fixes_a_refused_file_and_reads_the_framework(
    page, live_server, client_for, tmp_path
):
    bad = sample()
    bad["pillars"][1]["indicators"][0]["scoring_rule"] = "ynp"
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    (tmp_path / "good.json").write_text(json.dumps(sample()))
    cookie = client_for("regional_admin").cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.goto("/indicators/frameworks/")
    page.get_by_role("link", name="Cargar un archivo de marco").first.click()
    page.set_input_files("#id_file", str(tmp_path / "bad.json"))
    page.get_by_role("button", name="Cargar").click()
    problems = page.locator("#import-problems")
    assert "pillars[1].indicators[0].scoring_rule (PV-01)" in problems.inner_text()
    shot(page, "framework-load-refused")
    page.set_input_files("#id_file", str(tmp_path / "good.json"))
    page.get_by_role("button", name="Cargar").click()
    page.wait_for_url("**/indicators/frameworks/*/")
    assert "Versión 1 creada: 4 indicadores en 2 pilares, 1 regla." in page.content()
    page.select_option("#id_computed", "yes")
    page.get_by_role("button", name="Filtrar").click()
    table = page.locator("main table").first.inner_text()
    assert "PV-02" in table and "PV-01" not in table
    shot(page, "framework-detail")
    assert serious_violations(page) == []
    page.get_by_role("link", name="PV-02").first.click()
    assert "Registros judiciales" in page.content()
    assert serious_violations(page) == []
