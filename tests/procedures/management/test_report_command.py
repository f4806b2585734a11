"""manage.py report admin-reform writes the report as JSON, Markdown, DOCX or XLSX."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.report_data import build_province
from tests.report_samples import unlinked

pytestmark = pytest.mark.django_db
YEAR = ["--from", "2017-01-01", "--to", "2017-12-31"]


@pytest.fixture
def province(reception_user):
    return build_province(reception_user)


def test_the_json_has_the_stable_keys_and_the_hand_counted_figures(province, tmp_path):
    path = tmp_path / "report.json"
    call_command(
        "report",
        "admin-reform",
        *YEAR,
        "--format",
        "json",
        "--output",
        str(path),
        stderr=io.StringIO(),
    )
    data = json.loads(path.read_text(encoding="utf-8"))

    assert set(data) >= {"catalogue", "review", "coverage", "centres", "checks"}
    assert data["catalogue"] == {
        "new": 3, "amended": 1, "replaced": 0, "abolished": 2, "published_national": 5,
    }  # fmt: skip
    assert data["review"] == {
        "reviewed": 4, "cut_half": 1, "cut_third": 1, "cut_less": 1, "not_cut": 1,
    }  # fmt: skip
    assert {k: data["coverage"][k] for k in ("departments", "districts", "communes_with_desk",
                                             "communes", "interconnected_procedures")} == {
        "departments": 1, "districts": 2, "communes_with_desk": 2, "communes": 3,
        "interconnected_procedures": 1,
    }  # fmt: skip
    [centre] = data["centres"]
    assert {"code", "name", "opened_on", "period", "since_opening"} <= set(centre)
    assert centre["since_opening"]["received_total"] == 8
    assert centre["since_opening"]["resolved_late"] == 2
    assert centre["period"]["received_carried_over"] == 1
    assert data["checks"] == []


def test_markdown_goes_to_the_terminal_and_xlsx_to_a_file_for_one_unit(province, tmp_path):
    out = io.StringIO()
    call_command("report", "admin-reform", *YEAR, "--format", "md", stdout=out)
    # Each figure is a Markdown link to its list: read as text, the sentence is the same.
    assert "có 2/8 hồ sơ trễ hạn (chiếm tỷ lệ 25,00%)" in unlinked(out.getvalue())
    assert "[25,00%](/dossiers/list/?" in out.getvalue()

    path = tmp_path / "848.xlsx"
    call_command(
        "report",
        "admin-reform",
        *YEAR,
        "--unit",
        "848",
        "--format",
        "xlsx",
        "--output",
        str(path),
        stderr=io.StringIO(),
    )
    book = load_workbook(path)
    assert book["Biểu 06"]["A1"].value == "HUYỆN CẦU NGANG"


def test_mistakes_are_named(province):
    with pytest.raises(CommandError, match="9999"):
        call_command("report", "admin-reform", *YEAR, "--unit", "9999", "--format", "json")
    with pytest.raises(CommandError, match="--output"):
        call_command("report", "admin-reform", *YEAR, "--format", "docx")
    with pytest.raises(CommandError, match="Kỳ kết thúc trước ngày bắt đầu"):
        call_command("report", "admin-reform", "--from", "2017-12-31", "--to", "2017-01-01")
