"""The import of sentences in a real browser: a refused file lists its problems with row and
column, nothing is recorded; the fixed file imports. Screenshots go to test-artifacts/."""

import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from coalition.core.models import User
from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.sentences.models import Sentence
from coalition.sentences.tests.test_import import court_file, csv_bytes, law  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("law")
def test_the_guatemala_editor_sees_a_refused_file_row_by_row_then_imports_it_fixed(
    page, live_server, personas, tmp_path
):
    editor = personas["gt_editor"]
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    User.objects.filter(pk=editor.pk).update(language="en")
    sign_in(page, editor)
    wrong = court_file("C-1", defendants_total="5") + court_file(
        "C-2", country="CR", area="", offences="Art. 172"
    )
    wrong[5]["sex"] = "x"
    path = tmp_path / "sentences.csv"
    path.write_bytes(csv_bytes(wrong))

    page.goto("/sentences/import/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Check and import").click()
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("Nothing was recorded: the file has 3 problems to fix.")
    expect(problems).to_contain_text("The defendants counted in rows 2–5 add up to 3, not 5.")
    expect(problems).to_contain_text("You may not import sentences of Costa Rica.")
    expect(problems.locator("tr", has_text="“x” is not one of")).to_contain_text("Sex")
    assert not Sentence.objects.exists()
    shot(page, "sentences-import-refused")
    assert serious_violations(page) == []

    path.write_bytes(csv_bytes(court_file("C-1") + court_file("C-3")))
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(".alert-success, .alert-info").first).to_contain_text(
        "8 rows imported: 2 sentences"
    )
    assert Sentence.objects.count() == 2
    # the refused upload is answered 400, which the browser reports; nothing else went wrong
    assert [p for p in page.problems if "status of 400" not in p] == []
