"""An announcement decision's file goes in as the portal writes it (issue 18).

The decision is built from ``data/ministry-detail-export.csv`` (a ministry's detail export in
the portal's shapes: papers with "; (1 bản chính, 0 bản sao)", event-bound times, "0 Giờ",
ranges, several levels, an unknown level, one record listed twice) with a column "Loại thay
đổi": every line is a new announcement under decision "Quyết định 1234/QĐ-BGTVT". A cell the
importer cannot turn into a value goes in as written, marked to check on the line and then on
the version the decision makes; only what makes the file unusable refuses it.
"""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from procedures.choices import Level
from procedures.models import AnnouncementDecision, CatalogueImport, ProcedureVersion
from procedures.problems import Refused
from procedures.services.catalogue_imports import decision_file_import
from tests.catalogue_data import decision_workbook
from tests.factories import ProcedureFactory, ProcedureVersionFactory, SectorFactory

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).parent / "data" / "ministry-detail-export.csv"
NUMBER = "Quyết định 1234/QĐ-BGTVT"
HEADER = {"signed_on": date(2025, 6, 20), "effective_on": date(2025, 7, 1)}
TIME = "Thời hạn giải quyết"
# shared/ sits beside the repository, or beside the worktrees' folder (as test_national_sample).
SHARED = next(
    (
        path
        for path in (
            Path(settings.BASE_DIR).parent / "shared",
            Path(settings.BASE_DIR).parent.parent / "shared",
        )
        if path.is_dir()
    ),
    Path(settings.BASE_DIR).parent / "shared",
)
SAMPLE = SHARED / "data" / "catalogue" / "national-records-2642.csv"
SAMPLE_RECORDS = 2642


def _decision_csv(change=None) -> bytes:
    """The ministry's export as a decision's CSV: each row a new announcement."""
    frame = pd.read_csv(EXPORT, dtype=str, keep_default_na=False)
    frame.insert(0, "Loại thay đổi", "Công bố mới")
    if change:
        change(frame)
    return frame.to_csv(index=False).encode("utf-8-sig")


def _import(content=None, **kwargs):
    return decision_file_import(
        content=content or _decision_csv(),
        file_name="qd-1234.csv",
        header=HEADER,
        apply=True,
        **kwargs,
    )


def _versions() -> dict[str, ProcedureVersion]:
    return {v.procedure.code: v for v in ProcedureVersion.objects.select_related("procedure")}


@pytest.mark.parametrize(
    ("code", "unit", "amount", "shown", "checked"),
    [
        # Events, not durations: no computable time, the text kept verbatim and to check.
        ("1.004750", "none", None, "Chậm nhất là ngay trước khi tàu rời cảng", True),
        (
            "1.004751",
            "none",
            None,
            "Trước khi tàu cập cảng hoặc vào vị trí neo đậu an toàn tại cảng.",
            True,
        ),
        (
            "1.004752",
            "none",
            None,
            "Thủ tục xuất cảnh được coi là kết thúc kể từ khi người làm thủ tục nộp đầy đủ các "
            "giấy tờ theo quy định",
            True,
        ),
        ("1.004753", "same_day", None, "Trong ngày", False),  # "0 Giờ": done at once
        ("1.004754", "to_complete", None, "10-25", True),  # a range, no unit
        ("1.004755", "to_complete", None, "10-25 Ngày", True),  # a range, no stated limit
        ("1.004756", "calendar_days", Decimal(25), "25 Ngày", False),  # "Không quá 25 Ngày"
        ("1.004757", "calendar_days", Decimal(15), "15 Ngày", False),  # calendar days stay so
        ("1.004758", "days", Decimal(5), "5 Ngày làm việc", False),
        ("1.004760", "days", Decimal(3), "3 Ngày làm việc", False),
    ],
)
def test_each_announced_time_becomes_the_versions_time_as_the_portal_means_it(
    code, unit, amount, shown, checked
):
    _import()
    version = _versions()[code]

    assert (version.processing_time_unit, version.processing_time_value) == (unit, amount)
    assert str(version.processing_time) == shown
    assert (TIME in [item["column"] for item in version.to_check]) is checked
    assert version.decision_number == NUMBER


def test_the_decision_goes_in_whole_with_a_warning_per_cell_and_the_lines_keep_them():
    result = _import()

    # 12 rows, one record listed twice: 11 lines, none refused, all applied.
    assert (result.created, result.lines, result.applied["new"]) == (True, 11, 11)
    warned = {(w.row, w.column, w.code) for w in result.warnings}
    assert {
        (2, TIME, "1.004750"),
        (3, TIME, "1.004751"),
        (4, TIME, "1.004752"),
        (6, TIME, "1.004754"),
        (7, TIME, "1.004755"),
        (12, "Cấp thực hiện", "1.004759"),
        (12, TIME, "1.004759"),
        (11, "Mã TTHC", "1.004758"),  # the second listing of one record, taken once
    } == warned
    event = next(w for w in result.warnings if w.code == "1.004751")
    assert "Trước khi tàu cập cảng hoặc vào vị trí neo đậu an toàn tại cảng." in event.message
    assert {w["code"] for w in result.as_dict()["warnings"]} >= {"1.004750", "1.004759"}

    # The decision's line keeps what its cells said, for the decision's page.
    line = result.decision.lines.get(procedure_code="1.004755")
    assert [(i["column"], i["text"]) for i in line.to_check] == [(TIME, "10-25 Ngày")]

    versions = _versions()
    # Papers keep their counts, whether a ";" or a "." comes before them.
    assert versions["1.004750"].papers[0] == {
        "name": "Bản khai chung",
        "originals": 1,
        "copies": 0,
    }
    assert versions["1.004750"].papers[2] == {
        "name": "Giấy phép rời cảng của cảng trước",
        "originals": 0,
        "copies": 1,
    }
    # Several levels stay several; a level the portal names otherwise is "Cơ quan khác".
    assert versions["1.004750"].level_list == [Level.MINISTRY, Level.OTHER]
    assert versions["1.004759"].level_list == [Level.OTHER]
    assert {i["column"] for i in versions["1.004759"].to_check} == {TIME, "Cấp thực hiện"}
    assert versions["1.004757"].to_check == []


def test_importing_the_same_decision_file_again_changes_nothing():
    _import()
    state = sorted(
        ProcedureVersion.objects.values_list(
            "procedure__code", "processing_time_unit", "processing_time_text", "papers", "to_check"
        )
    )

    again = _import()

    assert (again.created, again.applied) == (False, None)
    assert AnnouncementDecision.objects.count() == 1
    assert state == sorted(
        ProcedureVersion.objects.values_list(
            "procedure__code", "processing_time_unit", "processing_time_text", "papers", "to_check"
        )
    )


def _drop_name(frame):
    frame.loc[3, "Tên TTHC"] = ""


def _other_duplicate(frame):
    frame.loc[9, "Thời hạn giải quyết"] = "7 Ngày làm việc"  # row 11 differs from row 10


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (_drop_name, ("dòng 5", "Tên TTHC", "1.004753")),
        (_other_duplicate, ("dòng 11", "Mã TTHC", "1.004758")),
    ],
)
def test_a_file_is_refused_only_for_what_makes_it_unusable(change, where):
    with pytest.raises(Refused) as refused:
        _import(_decision_csv(change))

    text = str(refused.value)
    assert all(part in text for part in where), text
    assert not AnnouncementDecision.objects.exists()
    assert not ProcedureVersion.objects.exists()


def test_a_file_of_an_unknown_layout_is_refused_whole():
    with pytest.raises(Refused) as refused:
        _import("Số hiệu,Tiêu đề\n1,Thông báo\n".encode())

    assert "Mã TTHC" in str(refused.value)
    assert not AnnouncementDecision.objects.exists()


def test_an_amendment_with_an_event_time_marks_the_new_version_and_keeps_older_items():
    sector = SectorFactory(code="HH", name="Hàng hải")
    previous = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.004750"),
        name="Thủ tục tàu thuyền rời cảng biển",
        sector=sector,
        to_check=[
            {"field": "level", "column": "Cấp thực hiện", "text": "Cảng vụ", "reason": "?"},
            {"field": "processing_time", "column": TIME, "text": "2-3", "reason": "?"},
        ],
    )
    amended = [
        [
            "1",
            "1.004750",
            "Thủ tục tàu thuyền rời cảng biển",
            "Trực tiếp",
            "Cảng vụ hàng hải",
            "Chậm nhất là ngay trước khi tàu rời cảng",
            "",
            "Nghị định 58/2017/NĐ-CP",
        ]
    ]

    result = decision_file_import(
        content=decision_workbook(amended=amended, effective_on="01/07/2025"),
        file_name="qd.xlsx",
        apply=True,
    )

    assert [(w.sheet, w.column, w.code) for w in result.warnings] == [
        ("Sửa đổi, bổ sung", TIME, "1.004750")
    ]
    version = ProcedureVersion.objects.get(procedure__code="1.004750", superseded_on=None)
    assert version.pk != previous.pk
    assert (version.processing_time_unit, version.processing_time_text) == (
        "none",
        "Chậm nhất là ngay trước khi tàu rời cảng",
    )
    # The old time's item is settled by the announced time; the level's stays open.
    assert [(i["column"], i["text"]) for i in version.to_check] == [
        ("Cấp thực hiện", "Cảng vụ"),
        (TIME, "Chậm nhất là ngay trước khi tàu rời cảng"),
    ]


def test_the_command_lists_each_warning_with_row_column_code_and_text(tmp_path):
    path = tmp_path / "qd-1234.csv"
    path.write_bytes(_decision_csv())
    out = io.StringIO()

    call_command(
        "import_decision",
        str(path),
        "--signed-on=2025-06-20",
        "--effective-on=2025-07-01",
        "--apply",
        "--no-progress",
        stdout=out,
    )

    text = out.getvalue()
    assert "dòng 3, cột “Thời hạn giải quyết”, 1.004751" in text
    assert "Trước khi tàu cập cảng hoặc vào vị trí neo đậu an toàn tại cảng." in text
    assert "8 cảnh báo: đã nhập, cần xem lại." in text


def test_the_import_screen_lists_the_warnings_and_the_review_list_the_versions(
    client, reform_officer, celery_eager, django_capture_on_commit_callbacks
):
    client.force_login(reform_officer)
    upload = SimpleUploadedFile("qd-1234.csv", _decision_csv())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("catalogue-import"),
            {
                "kind": "decision",
                "file": upload,
                "signed_on": "2025-06-20",
                "effective_on": "2025-07-01",
                "apply": "on",
            },
        )
    job = CatalogueImport.objects.get()
    assert job.status == "done", job.problems

    page = client.get(reverse("catalogue-import-detail", args=[job.pk])).content.decode()
    assert "8 cảnh báo: đã nhập, cần xem lại." in page
    assert "Chậm nhất là ngay trước khi tàu rời cảng" in page

    listing = client.get(reverse("to-check-list")).content.decode()
    assert "1.004751" in listing and "1.004755" in listing
    assert "1.004757" not in listing

    decision = AnnouncementDecision.objects.get()
    detail = client.get(reverse("decision-detail", args=[decision.pk])).content.decode()
    assert "Cần xem lại" in detail and "10-25 Ngày" in detail


@pytest.mark.skipif(not SAMPLE.is_file(), reason=f"the real sample is not at {SAMPLE}")
def test_the_real_national_sample_announced_as_one_decision_goes_in_as_the_catalogue_reads_it():
    # ../shared/data holds no decision file (its SOURCES.md): its 2.642 real records of the
    # national portal, announced as new by one decision, stand for a ministry's annex. Each
    # record's own decision and date are dropped: here the decision gives them.
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    frame.insert(0, "Loại thay đổi", "Công bố mới")
    frame = frame.drop(columns=["Quyết định công bố", "Ngày hiệu lực"])
    content = frame.to_csv(index=False).encode("utf-8-sig")

    result = decision_file_import(
        content=content,
        file_name="qd-mau.csv",
        header={"number": "99/QĐ-MAU", **HEADER},
        apply=True,
    )

    # Every record is a line, applied; nothing misread: the same figures as the catalogue's
    # own import of this file (test_national_sample).
    assert result.lines == SAMPLE_RECORDS and result.applied["new"] == SAMPLE_RECORDS
    versions = {v.procedure.code: v for v in ProcedureVersion.objects.select_related("procedure")}
    units: dict[str, int] = {}
    for version in versions.values():
        units[version.processing_time_unit] = units.get(version.processing_time_unit, 0) + 1
    assert (units["calendar_days"], units["days"], units["to_complete"], units["none"]) == (
        594,
        1468,
        365,
        132,
    )
    assert sum(1 for v in versions.values() if len(v.level_list) > 1) == 511
    to_check = {code for code, v in versions.items() if v.to_check}
    assert to_check == {
        code for code, v in versions.items() if v.processing_time_unit == "to_complete"
    }
    assert {w.code for w in result.warnings} >= to_check

    again = decision_file_import(
        content=content,
        file_name="qd-mau.csv",
        header={"number": "99/QĐ-MAU", **HEADER},
        apply=True,
    )
    assert (again.created, again.applied) == (False, None)
