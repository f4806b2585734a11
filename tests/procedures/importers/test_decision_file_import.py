from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from procedures.models import AnnouncementDecision, Procedure, ProcedureVersion
from procedures.problems import Refused
from procedures.selectors.catalogue import procedure_history, procedure_versions_in_force
from procedures.services.catalogue_imports import decision_file_import
from tests.catalogue_data import csv_bytes, decision_workbook, new_sheet_row
from tests.factories import ProcedureFactory, ProcedureVersionFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    sector = SectorFactory(code="HT", name="Hộ tịch")
    for code, name in (("1.000001", "Đăng ký kết hôn"), ("1.000002", "Cấp bản sao trích lục")):
        ProcedureVersionFactory(procedure=ProcedureFactory(code=code), name=name, sector=sector)


def workbook(**overrides):
    kwargs = {
        "new": [new_sheet_row("1.013871", "Đăng ký khai sinh")],
        "amended": [
            [
                "1",
                "1.000001",
                "Đăng ký kết hôn",
                "Trực tiếp; Trực tuyến",
                "UBND xã",
                "2 ngày làm việc",
                "",
                "Nghị định 123/2015/NĐ-CP",
            ],
        ],
        "abolished": [
            [
                "1",
                "1.000002",
                "Cấp bản sao trích lục",
                "Thông tư 04/2020/TT-BTP",
                "Hộ tịch",
                "UBND xã",
            ],
        ],
    }
    kwargs.update(overrides)
    return decision_workbook(**kwargs)


def _codes_in_force(day):
    return {v.procedure.code for v in procedure_versions_in_force(as_of=day)}


def test_a_decision_workbook_is_entered_applied_and_a_second_import_changes_nothing(catalogue):
    result = decision_file_import(content=workbook(), file_name="qd.xlsx", apply=True)

    decision = result.decision
    assert (decision.number, decision.effective_on, decision.signed_on) == (
        "2061/QĐ-UBND",
        date(2017, 3, 1),
        date(2017, 2, 20),
    )
    assert [(x.change_kind, x.procedure_code) for x in decision.lines.order_by("position")] == [
        ("new", "1.013871"),
        ("amended", "1.000001"),
        ("abolished", "1.000002"),
    ]
    assert result.applied == {"new": 1, "amended": 1, "replaced": 0, "abolished": 1}
    assert _codes_in_force(date(2017, 3, 1)) == {"1.000001", "1.013871"}
    amended = procedure_history(procedure=Procedure.objects.get(code="1.000001"))
    assert len(amended) == 2
    # Announced: channels, time, legal basis; the empty fee cell is not announced.
    assert amended[1].channels == ["direct", "online"]
    assert amended[1].processing_time_value == 2
    assert amended[1].fees == amended[0].fees
    assert amended[1].legal_basis == "Nghị định 123/2015/NĐ-CP"
    assert result.ignored_columns == []
    abolition = decision.lines.get(change_kind="abolished")
    assert abolition.legal_basis == "Thông tư 04/2020/TT-BTP"
    versions = ProcedureVersion.objects.count()

    again = decision_file_import(content=workbook(), file_name="qd.xlsx", apply=True)

    assert (again.created, again.applied) == (False, None)
    assert ProcedureVersion.objects.count() == versions
    assert AnnouncementDecision.objects.count() == 1


def test_a_csv_decision_takes_its_number_and_dates_from_the_caller(catalogue):
    rows = [
        {"Loại thay đổi": "Bãi bỏ", "Mã TTHC": "1.000002", "Tên TTHC": "Cấp bản sao"},
        {
            "Loại thay đổi": "Sửa đổi, bổ sung",
            "Mã TTHC": "1.000001",
            "Thời hạn giải quyết": "4 giờ làm việc",
        },
    ]
    result = decision_file_import(
        content=csv_bytes(rows),
        file_name="qd.csv",
        header={
            "number": "15/QĐ-UBND",
            "signed_on": date(2018, 1, 2),
            "effective_on": date(2018, 1, 15),
        },
    )
    assert result.created and result.decision.applied_at is None
    assert result.decision.lines.get(position=2).record == {
        "processing_time_value": "4",
        "processing_time_unit": "hours",
        "processing_time_cutoff": None,
        "processing_time_text": "4 giờ làm việc",
        "channel_times": {},
    }


def test_every_bad_row_of_a_decision_file_is_named_by_sheet_row_and_column(catalogue):
    content = workbook(
        new=[
            new_sheet_row("1.013871", "Đăng ký khai sinh"),
            new_sheet_row("1.01387", "Mã sai"),
            new_sheet_row("1.013873", "Thời hạn sai", time="ba ngày"),
        ],
        amended=[["1", "1.000001", "", "", "", "", "", ""]],
    )
    with pytest.raises(Refused) as refused:
        decision_file_import(content=content, file_name="qd.xlsx")
    found = {(p.sheet, p.row, p.column) for p in refused.value.problems}
    # The new sheet has a title row: its header is row 2, its first line row 3.
    assert ("Công bố mới", 4, "Mã TTHC") in found
    # A time the importer cannot read goes in as written, to check (issue 18): no refusal.
    assert ("Công bố mới", 5, "Thời hạn giải quyết") not in found
    assert any(sheet == "Sửa đổi, bổ sung" and row == 2 for sheet, row, _c in found)
    assert not AnnouncementDecision.objects.exists()


def test_a_contradictory_decision_file_is_refused_naming_its_rows_and_nothing_changes(catalogue):
    content = workbook(
        new=[new_sheet_row("1.000001", "Đã có hiệu lực")],
        amended=None,
        abolished=[
            ["1", "1.000002", "Cấp bản sao", "", "", ""],
            ["2", "1.999999", "Không có", "", "", ""],
        ],
    )
    with pytest.raises(Refused) as refused:
        decision_file_import(content=content, file_name="qd.xlsx", apply=True)
    assert refused.value.conflict
    found = {(p.sheet, p.row, p.code) for p in refused.value.problems}
    assert found == {("Công bố mới", 3, "1.000001"), ("Bãi bỏ", 3, "1.999999")}
    assert not AnnouncementDecision.objects.exists()
    assert _codes_in_force(date(2017, 3, 1)) == {"1.000001", "1.000002"}


def test_malformed_rows_and_contradictions_are_reported_together(catalogue):
    content = workbook(
        new=[
            new_sheet_row("1.013873", "Thời hạn sai", time="ba ngày"),
            new_sheet_row("1.000001", "Đã có hiệu lực"),
        ],
        amended=[["1", "1.000001", "", "", "", "", "", ""]],
        abolished=[["1", "1.999999", "Không có", "", "", ""]],
    )
    with pytest.raises(Refused) as refused:
        decision_file_import(content=content, file_name="qd.xlsx", apply=True)
    found = {(p.sheet, p.row, p.code) for p in refused.value.problems}
    assert ("Công bố mới", 3, "1.013873") not in found  # unreadable time: to check, not refused
    assert ("Sửa đổi, bổ sung", 2, "1.000001") in found  # announces nothing
    assert ("Bãi bỏ", 2, "1.999999") in found  # not in the catalogue
    assert not AnnouncementDecision.objects.exists()


def test_another_file_under_an_entered_number_is_refused(catalogue):
    decision_file_import(content=workbook(), file_name="qd.xlsx")
    with pytest.raises(Refused, match="nội dung khác"):
        decision_file_import(content=workbook(new=[]), file_name="qd2.xlsx")


def test_the_command_imports_and_applies_a_decision(catalogue, tmp_path):
    path = tmp_path / "qd-2061.xlsx"
    path.write_bytes(workbook())
    out = StringIO()
    call_command("import_decision", str(path), "--apply", stdout=out, stderr=StringIO())
    assert "Quyết định 2061/QĐ-UBND (3 dòng): đã nhập." in out.getvalue()
    assert "Đã áp dụng từ ngày 01/03/2017" in out.getvalue()
    assert _codes_in_force(date(2017, 3, 1)) == {"1.000001", "1.013871"}

    out = StringIO()
    call_command("import_decision", str(path), "--apply", stdout=out, stderr=StringIO())
    assert "đã nhập từ trước, không thay đổi" in out.getvalue()

    csv = tmp_path / "qd.csv"
    csv.write_bytes(csv_bytes([{"Loại thay đổi": "Bãi bỏ", "Mã TTHC": "1.000001"}]))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_decision", str(csv), "--no-progress", stderr=err)
    assert "Số quyết định" in err.getvalue()


def test_a_number_given_by_the_caller_must_agree_with_the_file(catalogue):
    with pytest.raises(Refused) as refused:
        decision_file_import(
            content=workbook(),
            file_name="qd.xlsx",
            header={"number": "99/QĐ-UBND", "effective_on": date(2017, 3, 2)},
        )
    messages = {p.column: p.message for p in refused.value.problems}
    assert "2061/QĐ-UBND" in messages["Số quyết định"]
    assert "01/03/2017" in messages["Ngày hiệu lực"] and "02/03/2017" in messages["Ngày hiệu lực"]
    assert not AnnouncementDecision.objects.exists()


def test_a_decision_file_gives_each_line_its_steps_or_names_the_bad_one(catalogue):
    from procedures.models import InterconnectedStep
    from tests.factories import UnitFactory

    UnitFactory(name="UBND xã Long Đức", code="X1")
    UnitFactory(name="Công an huyện Long Thành", code="CA1")
    header = {
        "number": "15/QĐ-UBND",
        "signed_on": date(2018, 1, 2),
        "effective_on": date(2018, 1, 15),
    }

    def rows(steps):
        return [
            {
                "Loại thay đổi": "Sửa đổi, bổ sung",
                "Mã TTHC": "1.000001",
                "Thời hạn giải quyết": "10 ngày làm việc",
                "Một cửa liên thông": "Có",
                "Các bước liên thông": steps,
            }
        ]

    bad = "UBND xã Long Đức 3 ngày làm việc → Công an xã Long Thành 5 ngày làm việc"
    with pytest.raises(Refused) as refused:
        decision_file_import(
            content=csv_bytes(rows(bad)), file_name="qd.csv", header=header, apply=True
        )
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "Các bước liên thông")]
    assert "Bước 2" in refused.value.problems[0].message
    assert not AnnouncementDecision.objects.exists()

    good = "UBND xã Long Đức 3 ngày làm việc → Công an huyện Long Thành 5 ngày làm việc"
    decision_file_import(
        content=csv_bytes(rows(good)), file_name="qd.csv", header=header, apply=True
    )
    assert list(
        InterconnectedStep.objects.filter(version__valid_from=date(2018, 1, 15))
        .order_by("position")
        .values_list("agency__code", flat=True)
    ) == ["X1", "CA1"]


def test_signs_and_exponents_in_a_decision_file_go_in_as_written_and_are_listed(catalogue):
    content = workbook(
        new=[
            new_sheet_row("1.013871", "Đăng ký khai sinh", time="-5 ngày làm việc"),
            new_sheet_row("1.013872", "Đăng ký lại khai sinh", time="1e9 ngày"),
        ],
        amended=[
            ["1", "1.000001", "Đăng ký kết hôn", "", "", "+2 ngày làm việc", "", ""],
        ],
    )
    result = decision_file_import(content=content, file_name="qd.xlsx", apply=True)

    # -5 is not 5 days and 1e9 not 9: no time is read, the text is kept and listed (issue 18).
    warned = {(w.sheet, w.row, w.column): w.message for w in result.warnings}
    assert "-5 ngày làm việc" in warned[("Công bố mới", 3, "Thời hạn giải quyết")]
    assert "1e9 ngày" in warned[("Công bố mới", 4, "Thời hạn giải quyết")]
    assert "+2 ngày làm việc" in warned[("Sửa đổi, bổ sung", 2, "Thời hạn giải quyết")]
    for code, text in (("1.013871", "-5 ngày làm việc"), ("1.000001", "+2 ngày làm việc")):
        version = ProcedureVersion.objects.get(procedure__code=code, valid_from=date(2017, 3, 1))
        assert (version.processing_time_unit, version.processing_time_value) == ("none", None)
        assert [i["text"] for i in version.to_check] == [text]


def test_signs_and_exponents_in_a_csv_decision_go_in_as_written_and_are_listed(catalogue):
    rows = [
        {
            "Loại thay đổi": "Sửa đổi, bổ sung",
            "Mã TTHC": "1.000001",
            "Thời hạn giải quyết": "-5 ngày làm việc",
        },
        {"Loại thay đổi": "Sửa đổi, bổ sung", "Mã TTHC": "1.000002", "Thời hạn giải quyết": "1e9"},
    ]
    header = {
        "number": "15/QĐ-UBND",
        "signed_on": date(2018, 1, 2),
        "effective_on": date(2018, 1, 15),
    }
    result = decision_file_import(content=csv_bytes(rows), file_name="qd.csv", header=header)

    warned = {(w.row, w.column, w.code) for w in result.warnings}
    assert warned == {
        (2, "Thời hạn giải quyết", "1.000001"),
        (3, "Thời hạn giải quyết", "1.000002"),
    }
    line = result.decision.lines.get(procedure_code="1.000001")
    assert line.record["processing_time_unit"] == "none"
    assert [i["text"] for i in line.to_check] == ["-5 ngày làm việc"]
