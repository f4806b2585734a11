import io
from datetime import date
from decimal import Decimal
from io import StringIO

import pandas as pd
import pytest
from django.core.management import call_command

from procedures.models import AnnouncementDecision, DecisionLine, Procedure, ProcedureVersion
from procedures.records import PROCEDURE_COLUMNS
from procedures.reports.catalogue_export import catalogue_csv, catalogue_frame, catalogue_xlsx
from procedures.services.catalogue_imports import procedure_file_import
from procedures.services.decisions import decision_apply, decision_create
from tests.catalogue_data import decision_kwargs, line, new_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Three procedures announced in 2017, one of them amended in 2018."""
    decision_apply(
        decision=decision_create(
            **decision_kwargs(),
            lines=[
                line(
                    "new",
                    "1.001193",
                    new_record(
                        "Đăng ký khai sinh",
                        channels=["direct", "online"],
                        papers=[
                            {"name": "Tờ khai", "originals": 1, "copies": 0},
                            {"name": "Giấy chứng sinh"},
                        ],
                        result_documents="Giấy khai sinh",
                        applied_time_value="1.5",
                        is_interconnected=True,
                        interconnected_agencies=["UBND cấp xã", "Công an", "BHXH"],
                    ),
                ),
                line("new", "2.000630", new_record("Cấp giấy phép", level=2, online_level=4)),
                line("new", "1.012508.H05", new_record("Chứng thực", processing_time_unit="hours")),
            ],
        )
    )
    decision_apply(
        decision=decision_create(
            **decision_kwargs(number="7/QĐ-UBND", effective_on=date(2018, 1, 1)),
            lines=[line("amended", "2.000630", {"fees": "200.000 đồng"})],
        )
    )


def test_the_export_has_the_import_headers_and_the_catalogue_of_its_date(catalogue):
    frame = catalogue_frame(as_of=date(2017, 6, 1))
    assert list(frame.columns) == [column.header for column in PROCEDURE_COLUMNS]
    assert list(frame["Mã TTHC"]) == ["1.001193", "1.012508.H05", "2.000630"]
    births = frame.iloc[0]
    assert births["Thời hạn giải quyết"] == "3 Ngày làm việc"
    assert births["Thời hạn áp dụng"] == "1,5 Ngày làm việc"
    assert births["Cách thức thực hiện"] == "Trực tiếp; Trực tuyến"
    assert births["Cơ quan liên thông"] == "UBND cấp xã → Công an → BHXH"
    assert births["Ngày hiệu lực"] == "01/03/2017"
    assert frame.iloc[2]["Phí, lệ phí"] == "Miễn lệ phí"
    later = catalogue_frame(as_of=date(2018, 1, 1))
    assert later.iloc[2]["Phí, lệ phí"] == "200.000 đồng"
    assert later.iloc[2]["Quyết định công bố"] == "7/QĐ-UBND"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged_here_and_identical_elsewhere(catalogue, kind):
    writer = catalogue_csv if kind == "csv" else catalogue_xlsx
    content = writer(as_of=date(2018, 6, 1))
    versions = ProcedureVersion.objects.count()

    # Into the same catalogue: nothing changes.
    summary = procedure_file_import(content=content, file_name=f"export.{kind}")
    assert (summary.created, summary.unchanged) == (0, 3)
    assert ProcedureVersion.objects.count() == versions

    # Into an empty catalogue: the same catalogue on that date, the code 2.000630 intact.
    ProcedureVersion.objects.all().delete()
    DecisionLine.objects.all().delete()
    AnnouncementDecision.objects.all().delete()
    Procedure.objects.all().delete()
    summary = procedure_file_import(content=content, file_name=f"export.{kind}")
    assert summary.created == 3
    if kind == "csv":
        assert catalogue_csv(as_of=date(2018, 6, 1)) == content
    else:
        written = pd.read_excel(io.BytesIO(content), dtype=str, keep_default_na=False)
        assert catalogue_frame(as_of=date(2018, 6, 1)).equals(written)


def test_the_xlsx_export_keeps_codes_as_text(catalogue):
    frame = pd.read_excel(io.BytesIO(catalogue_xlsx(as_of=date(2018, 1, 1))), dtype=object)
    assert "2.000630" in list(frame["Mã TTHC"])


def test_the_export_command_writes_the_format_of_the_file_name(catalogue, tmp_path):
    target = tmp_path / "danh-muc.xlsx"
    call_command("export_procedures", str(target), "--as-of", "2017-06-01", stdout=StringIO())
    assert target.read_bytes()[:2] == b"PK"
    target = tmp_path / "danh-muc.csv"
    call_command("export_procedures", str(target), stdout=StringIO())
    assert target.read_text(encoding="utf-8-sig").startswith("Mã TTHC,Tên TTHC,")


HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
]


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_no_export_carries_a_live_formula_and_each_imports_back(hostile):
    from openpyxl import load_workbook

    decision_apply(
        decision=decision_create(
            **decision_kwargs(),
            lines=[line("new", "1.001193", new_record(hostile, agency_name=hostile))],
        )
    )
    stored = ProcedureVersion.objects.get().name
    as_of = date(2018, 6, 1)

    csv_text = catalogue_csv(as_of=as_of).decode("utf-8-sig")
    rows = pd.read_csv(StringIO(csv_text), dtype=str, keep_default_na=False)
    for value in (rows.iloc[0]["Tên TTHC"], rows.iloc[0]["Cơ quan thực hiện"]):
        assert value == "'" + stored
    sheet = load_workbook(io.BytesIO(catalogue_xlsx(as_of=as_of))).active
    header = [cell.value for cell in sheet[1]]
    for column in ("Tên TTHC", "Cơ quan thực hiện"):
        cell = sheet.cell(row=2, column=header.index(column) + 1)
        assert cell.data_type == "s", cell.data_type  # text, not a formula ("f")
        assert cell.value == "'" + stored

    # The apostrophe does not stick: the file imports back to the same name.
    for kind, content in (
        ("csv", catalogue_csv(as_of=as_of)),
        ("xlsx", catalogue_xlsx(as_of=as_of)),
    ):
        ProcedureVersion.objects.all().delete()
        DecisionLine.objects.all().delete()
        AnnouncementDecision.objects.all().delete()
        Procedure.objects.all().delete()
        procedure_file_import(content=content, file_name=f"export.{kind}")
        assert ProcedureVersion.objects.get().name == stored, kind


STEPS_TEXT = "UBND xã Long Đức 0,5 Ngày làm việc → Công an huyện Long Thành 1 Ngày làm việc"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_interconnected_steps_go_out_and_come_back_with_the_export(catalogue, kind):
    from procedures.models import InterconnectedStep
    from procedures.services.interconnected import interconnected_steps_set, steps_read
    from tests.factories import UnitFactory

    UnitFactory(name="UBND xã Long Đức", code="X1")
    UnitFactory(name="Công an huyện Long Thành", code="CA1")
    births = ProcedureVersion.objects.get(procedure__code="1.001193")
    interconnected_steps_set(
        version=births, steps=steps_read(text=STEPS_TEXT, on=births.valid_from)
    )
    assert catalogue_frame(as_of=date(2018, 6, 1)).iloc[0]["Các bước liên thông"] == STEPS_TEXT
    writer = catalogue_csv if kind == "csv" else catalogue_xlsx
    content = writer(as_of=date(2018, 6, 1))

    summary = procedure_file_import(content=content, file_name=f"export.{kind}")
    assert (summary.created, summary.unchanged) == (0, 3)

    InterconnectedStep.objects.all().delete()
    ProcedureVersion.objects.all().delete()
    DecisionLine.objects.all().delete()
    AnnouncementDecision.objects.all().delete()
    Procedure.objects.all().delete()
    procedure_file_import(content=content, file_name=f"export.{kind}")
    assert list(
        InterconnectedStep.objects.order_by("position").values_list(
            "version__procedure__code", "agency__code", "share_value"
        )
    ) == [("1.001193", "X1", Decimal("0.5")), ("1.001193", "CA1", 1)]
    assert writer(as_of=date(2018, 6, 1)) == content or kind == "xlsx"
