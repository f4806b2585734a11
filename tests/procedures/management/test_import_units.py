import pytest
from django.core.management import CommandError, call_command

from procedures.models import Unit

pytestmark = pytest.mark.django_db


def test_import_units_prints_what_it_did(tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_text("code,name,kind\n84,Tỉnh Trà Vinh,province\n", encoding="utf-8")
    call_command("import_units", str(path))
    assert "1" in capsys.readouterr().out
    assert Unit.objects.filter(code="84").exists()


def test_import_units_reports_each_problem_in_vietnamese_and_fails(tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_text("code,name,kind\n84,,tinh\n85,Tỉnh B,làng\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_units", str(path))
    err = capsys.readouterr().err
    assert "Dòng 2, cột name" in err
    assert "Dòng 3, cột kind" in err
    assert not Unit.objects.exists()
