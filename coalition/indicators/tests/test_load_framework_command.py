import pytest
from django.core.management import CommandError, call_command

from coalition.indicators.models import Framework
from coalition.indicators.tests.framework_file import sample, write

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("load_framework", *args, stdout=out)
    return out.getvalue()


def test_it_loads_a_file_and_says_what_it_did(tmp_path):
    output = run(str(write(tmp_path / "sample.json")))
    assert "sample: Version 1 created: 4 indicators in 2 pillars, 1 rule." in output
    assert Framework.objects.get(code="sample").indicators.count() == 4
    assert "unchanged" in run(str(tmp_path / "sample.json"))


def test_it_lists_every_problem_and_loads_nothing(tmp_path):
    data = sample()
    data["pillars"][0]["indicators"][0]["answer_type"] = "yesno"
    data["rules"][0]["when"] = "XX-99"
    with pytest.raises(CommandError) as caught:
        run(str(write(tmp_path / "bad.json", data)))
    message = str(caught.value)
    assert "nothing imported, 2 problem(s)" in message
    assert "pillars[0].indicators[0].answer_type (PR-01)" in message
    assert "rules[0].when" in message
    assert not Framework.objects.exists()


def test_it_says_why_a_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "nowhere.json"))
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(CommandError, match="not valid JSON"):
        run(str(tmp_path / "broken.json"))


def test_a_bad_file_exits_non_zero_without_a_traceback(tmp_path, capsys):
    from django.core.management import ManagementUtility

    bad = write(tmp_path / "bad.json", {"code": "x"})
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["coalition", "load_framework", str(bad)]).execute()
    assert exited.value.code != 0
    stderr = capsys.readouterr().err
    assert "Traceback" not in stderr
    assert "pillars: missing" in stderr
