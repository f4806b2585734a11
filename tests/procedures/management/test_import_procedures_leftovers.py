"""manage.py import_procedures on files that used to end badly (issue 22, finding 12): a
200-character decision number is named with its row and column (not a traceback), a file of
only its header exits non-zero saying nothing was imported, and a CSV that cannot be parsed is
explained in Vietnamese without pandas' English inside."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from procedures.models import Procedure
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row

pytestmark = pytest.mark.django_db


def _run(tmp_path, content: bytes, capsys):
    path = tmp_path / "tthc.csv"
    path.write_bytes(content)
    with translation.override("vi"), pytest.raises(CommandError) as error:
        call_command("import_procedures", str(path), "--no-progress")
    return str(error.value), capsys.readouterr().err


def test_a_decision_number_longer_than_its_column_is_named_with_its_cell(tmp_path, capsys):
    rows = [procedure_row("1.001193", "Đăng ký khai sinh", **{"Quyết định công bố": "9" * 200})]
    outcome, report = _run(tmp_path, csv_bytes(rows, PROCEDURE_HEADERS), capsys)
    assert "không nhập dữ liệu nào" in outcome
    assert "dòng 2" in report and "Quyết định công bố" in report and "200" in report
    assert "80" in report
    assert "Traceback" not in report and "varying" not in report
    assert not Procedure.objects.exists()


def test_a_file_of_only_its_header_exits_non_zero_saying_nothing_was_imported(tmp_path, capsys):
    header_only = ",".join(PROCEDURE_HEADERS).encode("utf-8-sig") + b"\n"
    outcome, report = _run(tmp_path, header_only, capsys)
    assert "không có bản ghi nào" in report
    assert "1 lỗi: không nhập dữ liệu nào" in outcome
    assert not Procedure.objects.exists()


def test_an_unparsable_csv_is_explained_in_vietnamese_only(tmp_path, capsys):
    # A quotation mark that opens a cell and never closes it, then a row with too many cells.
    content = (",".join(PROCEDURE_HEADERS) + '\n1,"1.001193,Đăng ký\n').encode("utf-8")
    outcome, report = _run(tmp_path, content, capsys)
    assert "không nhập dữ liệu nào" in outcome
    assert "tthc.csv" in report
    for english in ("EOF", "Error tokenizing", "Expected", "C error"):
        assert english not in report
