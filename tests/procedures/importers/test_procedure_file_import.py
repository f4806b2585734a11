from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from procedures.choices import ChangeKind
from procedures.models import Procedure, ProcedureVersion, Sector
from procedures.problems import Refused
from procedures.services.catalogue_imports import procedure_file_import
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = [
    procedure_row("1.001193", "Đăng ký khai sinh"),
    procedure_row(
        "2.000635",
        "Cấp giấy phép xây dựng",
        **{
            "Mã lĩnh vực": "XD",
            "Lĩnh vực": "Xây dựng",
            "Cấp thực hiện": "Cấp Huyện",
            "Thời hạn giải quyết": "15 ngày làm việc",
            "Phí, lệ phí": "100.000 đồng",
            "Mức độ DVC": "Toàn trình",
        },
    ),
    procedure_row(
        "1.012508.H05",
        "Chứng thực bản sao",
        **{"Thời hạn giải quyết": "8 giờ làm việc", "Một cửa liên thông": "Có"},
    ),
]


def _state():
    return sorted(
        ProcedureVersion.objects.values_list(
            "procedure__code", "name", "processing_time_value", "valid_from", "published_on"
        )
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_national_file_fills_the_catalogue_and_a_second_import_changes_nothing(kind):
    if kind == "csv":
        content, name = csv_bytes(GOOD, PROCEDURE_HEADERS), "tthc.csv"
    else:
        rows = [PROCEDURE_HEADERS, *[[r[h] for h in PROCEDURE_HEADERS] for r in GOOD]]
        content, name = xlsx_bytes({"Danh mục": rows}), "tthc.xlsx"

    summary = procedure_file_import(content=content, file_name=name)

    assert (summary.rows, summary.created, summary.unchanged) == (3, 3, 0)
    version = ProcedureVersion.objects.get(procedure__code="2.000635")
    assert (version.level, version.processing_time_value, version.online_level) == (
        2,
        Decimal("15"),
        4,
    )
    assert version.sector.name == "Xây dựng"
    assert version.change_kind == ChangeKind.NEW
    assert version.decision_number == "100/QĐ-UBND"
    assert version.valid_from == date(2016, 1, 1)
    hours = ProcedureVersion.objects.get(procedure__code="1.012508.H05")
    assert (hours.processing_time_unit, hours.is_interconnected) == ("hours", True)
    births = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert births.channels == ["direct", "online"]
    assert births.papers[0] == {"name": "Tờ khai", "originals": 1, "copies": 0}
    assert births.search_text == "dang ky khai sinh"
    before = _state()

    again = procedure_file_import(content=content, file_name=name)

    assert (again.created, again.unchanged) == (0, 3)
    assert _state() == before
    assert Sector.objects.count() == 2


def test_a_file_is_refused_only_for_rows_without_a_code_or_a_name_or_a_code_twice():
    # Issue 18: a national publication is the authority; only what makes a file unusable
    # refuses it, every such row named at once, and nothing is written.
    rows = [
        procedure_row("1.001193", "Đăng ký khai sinh"),  # row 2: good
        procedure_row("1.13", "Mã sai"),  # row 3: no usable code
        procedure_row("1.000003", "", **{"Cấp thực hiện": "Cấp Vùng"}),  # row 4: no name
        procedure_row("1.000004", "Thời hạn sai", **{"Thời hạn giải quyết": "tùy trường hợp"}),
        procedure_row("1.001193", "Trùng mã"),  # row 6: row 2's code, another record
    ]
    with pytest.raises(Refused) as refused:
        procedure_file_import(content=csv_bytes(rows, PROCEDURE_HEADERS), file_name="bad.csv")

    found = {(p.row, p.column) for p in refused.value.problems}
    assert found == {(3, "Mã TTHC"), (4, "Tên TTHC"), (6, "Mã TTHC")}
    messages = {(p.row, p.column): p.message for p in refused.value.problems}
    assert "dòng 2" in messages[(6, "Mã TTHC")]
    assert not Procedure.objects.exists()


@pytest.mark.parametrize(
    ("column", "text", "kept"),
    [
        ("Thời hạn giải quyết", "tùy trường hợp", ("processing_time_unit", "none")),
        # Signs and exponents are never dropped (-5 is not 5 days, 1e9 not 9): no time is read.
        ("Thời hạn giải quyết", "-5 ngày làm việc", ("processing_time_unit", "none")),
        ("Thời hạn giải quyết", "1e9 ngày", ("processing_time_unit", "none")),
        ("Cấp thực hiện", "Cấp Vùng", ("level", 4)),
        ("Mức độ DVC", "Mức độ cao", ("online_level", 2)),
        ("Cách thức thực hiện", "Qua fax", ("channels", [])),
    ],
)
def test_a_cell_that_cannot_be_read_goes_in_as_written_and_is_listed_to_check(column, text, kept):
    rows = [procedure_row("1.001193", "Đăng ký khai sinh", **{column: text})]

    summary = procedure_file_import(content=csv_bytes(rows, PROCEDURE_HEADERS), file_name="x.csv")

    assert summary.created == 1
    version = ProcedureVersion.objects.get()
    field, value = kept
    assert getattr(version, field) == value
    assert [(i["column"], i["text"]) for i in version.to_check] == [(column, text)]
    (warning,) = [w for w in summary.warnings if w.get("column") == column]
    assert (warning["row"], warning["code"]) == (2, "1.001193")
    assert text in warning["message"]


def test_a_row_that_would_change_a_recorded_procedure_is_refused():
    procedure_file_import(content=csv_bytes(GOOD, PROCEDURE_HEADERS), file_name="tthc.csv")
    changed = [
        GOOD[0],
        {**GOOD[1], "Thời hạn giải quyết": "10 ngày làm việc", "Phí, lệ phí": "50.000 đồng"},
        {**GOOD[2], "Ngày hiệu lực": "01/06/2018"},
        procedure_row("1.000009", "Thủ tục mới"),
    ]
    with pytest.raises(Refused) as refused:
        procedure_file_import(content=csv_bytes(changed, PROCEDURE_HEADERS), file_name="x.csv")
    problems = {p.row: p for p in refused.value.problems}
    assert set(problems) == {3, 4}
    assert "Thời hạn giải quyết, Phí, lệ phí" in problems[3].message
    assert "quyết định công bố" in problems[4].message
    assert not Procedure.objects.filter(code="1.000009").exists()


def test_a_file_without_code_or_name_is_refused_naming_them():
    content = "Mã TTHC,Lĩnh vực\n1.000001,Hộ tịch\n".encode()
    with pytest.raises(Refused) as refused:
        procedure_file_import(content=content, file_name="short.csv")
    assert "Tên TTHC" in refused.value.problems[0].message


def test_records_without_a_date_take_the_imports_or_are_refused_once():
    content = (
        "Mã TTHC,Tên TTHC,Lĩnh vực\n1.000001,Thủ tục A,Hộ tịch\n1.000002,Thủ tục B,Hộ tịch\n"
    ).encode()
    with pytest.raises(Refused) as refused:
        procedure_file_import(content=content, file_name="short.csv")
    assert len(refused.value.problems) == 1
    assert "2" in refused.value.problems[0].message
    assert "--effective-date" in refused.value.problems[0].message

    summary = procedure_file_import(
        content=content, file_name="short.csv", effective_date=date(2025, 7, 1)
    )
    version = ProcedureVersion.objects.get(procedure__code="1.000001")
    assert version.valid_from == date(2025, 7, 1)
    # Columns the file lacks take their documented defaults, each new row listed.
    assert (version.level, version.processing_time_unit) == (1, "to_complete")
    assert "Cấp thực hiện" in summary.missing_columns
    assert {w["row"] for w in summary.warnings} == {2, 3}
    assert all("Thời hạn giải quyết" in w["message"] for w in summary.warnings)


@pytest.mark.parametrize(
    ("content", "name", "text"),
    [
        (b"", "empty.csv", "rỗng"),
        (b"\xff\xfe\x00M", "latin.csv", "UTF-8"),
        (b"PK\x03\x04garbage", "broken.xlsx", "Excel"),
        (b"<html>", "page.html", ".csv"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(content, name, text):
    with pytest.raises(Refused) as refused:
        procedure_file_import(content=content, file_name=name)
    assert text in refused.value.problems[0].message


def test_a_publication_date_added_by_a_later_file_is_recorded():
    procedure_file_import(content=csv_bytes(GOOD, PROCEDURE_HEADERS), file_name="a.csv")
    headers = [*PROCEDURE_HEADERS, "Ngày công khai CSDLQG"]
    rows = [{**row, "Ngày công khai CSDLQG": "15/01/2016"} for row in GOOD]
    summary = procedure_file_import(content=csv_bytes(rows, headers), file_name="b.csv")
    assert summary.published == 3
    assert set(ProcedureVersion.objects.values_list("published_on", flat=True)) == {
        date(2016, 1, 15)
    }


def test_the_command_shows_progress_and_reports_bad_rows(tmp_path):
    good = tmp_path / "tthc.csv"
    good.write_bytes(csv_bytes(GOOD, PROCEDURE_HEADERS))
    out, err = StringIO(), StringIO()
    call_command("import_procedures", str(good), stdout=out, stderr=err)
    assert "3 dòng: thêm 3 thủ tục" in out.getvalue()
    assert "100%" in err.getvalue()  # the tqdm bar writes to stderr

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([procedure_row("9", "Sai")], PROCEDURE_HEADERS))
    err = StringIO()
    with pytest.raises(CommandError, match="không nhập dữ liệu nào"):
        call_command("import_procedures", str(bad), "--no-progress", stderr=err)
    assert "dòng 2, cột “Mã TTHC”" in err.getvalue()
    assert Procedure.objects.count() == 3


STEPS_HEADERS = [*PROCEDURE_HEADERS, "Quy trình liên thông"]


def _land_row(steps: str) -> dict:
    return procedure_row(
        "1.003003",
        "Đăng ký đất đai lần đầu",
        **{
            "Thời hạn giải quyết": "10 ngày làm việc",
            "Một cửa liên thông": "Có",
            "Quy trình liên thông": steps,
        },
    )


@pytest.fixture
def agencies():
    from tests.factories import UnitFactory

    UnitFactory(name="UBND xã Long Đức", code="X1")
    UnitFactory(name="Công an huyện Long Thành", code="CA1")


def test_the_steps_column_sets_the_agencies_and_a_second_import_changes_nothing(agencies):
    from procedures.models import InterconnectedStep

    content = csv_bytes(
        [
            GOOD[0],
            _land_row(
                "UBND xã Long Đức 3 ngày làm việc → Công an huyện Long Thành 5 ngày làm việc"
            ),
        ],
        STEPS_HEADERS,
    )
    assert procedure_file_import(content=content, file_name="tthc.csv").created == 2
    assert list(
        InterconnectedStep.objects.order_by("position").values_list("agency__code", "share_value")
    ) == [("X1", 3), ("CA1", 5)]

    summary = procedure_file_import(content=content, file_name="tthc.csv")
    assert (summary.created, summary.unchanged) == (0, 2)
    assert InterconnectedStep.objects.count() == 2


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        ("UBND xã Long Đức 3 ngày làm việc → Công an huyện Không Có 5 ngày làm việc", "Bước 2"),
        ("UBND xã Long Đức 8 ngày làm việc → Công an huyện Long Thành 5 ngày làm việc", "10"),
    ],
)
def test_bad_steps_are_refused_with_row_and_column_and_nothing_is_written(agencies, steps, words):
    content = csv_bytes([GOOD[0], _land_row(steps)], STEPS_HEADERS)
    with pytest.raises(Refused) as refused:
        procedure_file_import(content=content, file_name="tthc.csv")
    problems = refused.value.problems
    assert {(p.row, p.column, p.code) for p in problems} == {
        (3, "Quy trình liên thông", "1.003003")
    }
    assert any(words in p.message for p in problems)
    assert not ProcedureVersion.objects.exists()
