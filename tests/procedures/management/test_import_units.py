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


def test_a_units_file_past_the_memory_cap_is_refused_naming_it_and_nothing_is_written(
    tmp_path, settings
):
    import resource

    path = tmp_path / "don-vi.csv"
    lines = ["code,name,kind", "84,Tỉnh Trà Vinh,province"]
    lines += [f"{n},Xã thử {n} {'x' * 200},commune" for n in range(10000, 40000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings.IMPORT_MEMORY_LIMIT_MB = 1  # some 7 MB of text cannot be read in 1 MB more
    before = resource.getrlimit(resource.RLIMIT_AS)

    with pytest.raises(CommandError) as error:
        call_command("import_units", str(path))

    assert "don-vi.csv" in str(error.value) and "1 MB" in str(error.value)
    assert not Unit.objects.exists()
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # the cap ends with the import
