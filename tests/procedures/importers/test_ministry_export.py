"""A ministry's catalogue file goes in as the portal writes it (issue 18).

``data/ministry-detail-export.csv`` is built in the shape of a ministry's detail export (the
maritime procedures of the Ministry of Transport, converted to the import's headers with the
values as the portal writes them): papers with "; (1 bản chính, 0 bản sao)" or a full stop
before the counts and names over several sentences, times that are events, "0 Giờ", ranges
with and without a stated limit, several levels, an unknown level and one record listed twice.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procedures.choices import Level
from procedures.models import CatalogueImport, ProcedureVersion
from procedures.problems import Refused
from procedures.services.catalogue import procedure_version_correct
from procedures.services.catalogue_imports import procedure_file_import
from tests.catalogue_data import xlsx_bytes

pytestmark = pytest.mark.django_db

FILE = Path(__file__).parent / "data" / "ministry-detail-export.csv"
EFFECTIVE = date(2025, 7, 1)
TIME = "Thời hạn giải quyết"


def _import():
    return procedure_file_import(
        content=FILE.read_bytes(), file_name=FILE.name, effective_date=EFFECTIVE
    )


def _versions() -> dict[str, ProcedureVersion]:
    return {v.procedure.code: v for v in ProcedureVersion.objects.select_related("procedure")}


@pytest.mark.parametrize(
    ("code", "unit", "amount", "shown"),
    [
        # Events, not durations: no computable time, the text kept verbatim.
        ("1.004750", "none", None, "Chậm nhất là ngay trước khi tàu rời cảng"),
        (
            "1.004751",
            "none",
            None,
            "Trước khi tàu cập cảng hoặc vào vị trí neo đậu an toàn tại cảng.",
        ),
        (
            "1.004752",
            "none",
            None,
            "Thủ tục xuất cảnh được coi là kết thúc kể từ khi người làm thủ tục nộp đầy đủ các "
            "giấy tờ theo quy định",
        ),
        ("1.004753", "same_day", None, "Trong ngày"),  # "0 Giờ": done at once
        ("1.004754", "to_complete", None, "10-25"),  # a range, no unit: to be completed
        ("1.004755", "to_complete", None, "10-25 Ngày"),  # a range, no stated limit
        ("1.004756", "calendar_days", Decimal(25), "25 Ngày"),  # "Không quá 25 Ngày; 10-25"
        ("1.004757", "calendar_days", Decimal(15), "15 Ngày"),  # calendar days stay so
        ("1.004758", "days", Decimal(5), "5 Ngày làm việc"),
        ("1.004760", "days", Decimal(3), "3 Ngày làm việc"),
    ],
)
def test_each_time_is_read_as_the_portal_means_it(code, unit, amount, shown):
    _import()
    version = _versions()[code]

    assert (version.processing_time_unit, version.processing_time_value) == (unit, amount)
    assert str(version.processing_time) == shown


def test_the_ministry_export_goes_in_whole_with_every_cell_to_check_listed():
    summary = _import()

    # 12 rows, one record listed twice: 11 procedures, none refused.
    assert (summary.rows, summary.created) == (11, 11)
    versions = _versions()
    assert len(versions) == 11

    # Papers keep their counts, whether a ";" or a "." comes before them, and a name may run
    # over several sentences.
    assert versions["1.004750"].papers == [
        {"name": "Bản khai chung", "originals": 1, "copies": 0},
        {
            "name": "Danh sách thuyền viên. Trường hợp có thay đổi so với khi đến thì nộp danh "
            "sách mới",
            "originals": 1,
            "copies": 0,
        },
        {"name": "Giấy phép rời cảng của cảng trước", "originals": 0, "copies": 1},
    ]
    assert [p["originals"] for p in versions["1.004751"].papers] == [1, 1]
    assert versions["1.004754"].papers[0]["name"].endswith("kèm theo hồ sơ thiết kế")
    # Several levels stay several; a level the portal names otherwise is "Cơ quan khác".
    assert versions["1.004750"].level_list == [Level.MINISTRY, Level.OTHER]
    assert versions["1.004757"].level_list == [Level.PROVINCE, Level.COMMUNE]
    assert versions["1.004759"].level_list == [Level.OTHER]
    # One channel's event and another's length: each kept for its channel.
    mixed = versions["1.004759"]
    assert str(mixed.processing_time) == "Trước khi tàu rời cảng"
    assert str(mixed.processing_time_for("online")) == "2 Giờ làm việc"
    assert str(versions["1.004757"].processing_time_for("online")) == "10 Ngày"

    # Every cell taken in as written is a warning naming its row, column and text.
    listed = {(w["row"], w["column"], w["code"]) for w in summary.warnings if "column" in w}
    assert {
        (2, TIME, "1.004750"),
        (3, TIME, "1.004751"),
        (4, TIME, "1.004752"),
        (6, TIME, "1.004754"),
        (7, TIME, "1.004755"),
        (12, "Cấp thực hiện", "1.004759"),
        (12, TIME, "1.004759"),
        (11, "Mã TTHC", "1.004758"),  # the second listing of one record, taken once
    } == listed
    event = next(w for w in summary.warnings if w["code"] == "1.004751")
    assert "Trước khi tàu cập cảng hoặc vào vị trí neo đậu an toàn tại cảng." in event["message"]
    # ... and stays on the procedure until it is checked; readable rows carry nothing.
    assert [(i["column"], i["text"]) for i in versions["1.004755"].to_check] == [
        (TIME, "10-25 Ngày")
    ]
    assert versions["1.004753"].to_check == []
    assert versions["1.004757"].to_check == []


def test_importing_the_same_file_again_changes_nothing():
    _import()
    before = sorted(
        ProcedureVersion.objects.values_list(
            "procedure__code", "processing_time_unit", "processing_time_text", "papers", "to_check"
        )
    )

    again = _import()

    assert (again.created, again.unchanged) == (0, 11)
    after = sorted(
        ProcedureVersion.objects.values_list(
            "procedure__code", "processing_time_unit", "processing_time_text", "papers", "to_check"
        )
    )
    assert after == before


def test_a_correction_of_the_time_settles_its_item_and_keeps_the_others(administrator):
    _import()
    procedure = _versions()["1.004759"].procedure

    corrected = procedure_version_correct(
        procedure=procedure,
        changes={"processing_time_value": "4", "processing_time_unit": "hours"},
        note="Thời hạn theo Nghị định 58/2017/NĐ-CP, Điều 95",
        valid_from=date(2025, 8, 1),
        user=administrator,
    )

    assert [item["column"] for item in corrected.to_check] == ["Cấp thực hiện"]


def test_the_officer_sees_what_to_check_and_the_procedure_page_shows_it(client, reform_officer):
    _import()
    client.force_login(reform_officer)

    listing = client.get(reverse("to-check-list")).content.decode()
    assert "1.004751" in listing and "1.004755" in listing and "1.004759" in listing
    assert "Trước khi tàu cập cảng hoặc vào vị trí neo đậu an toàn tại cảng." in listing
    assert "1.004757" not in listing  # read whole: nothing to check

    page = client.get(reverse("procedure-detail", args=["1.004754"])).content.decode()
    assert "Cần xem lại" in page and "10-25" in page


def test_a_portal_list_export_with_a_title_block_goes_in_too():
    # The portal's list export: a title above the header row, its own headers and order.
    rows = [
        ["DANH SÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", "", ""],
        ["", "", "", "", "", ""],
        ["STT", "Mã thủ tục", "Tên thủ tục", "Cấp thực hiện", "Lĩnh vực", "Thời gian giải quyết"],
        ["1", "1.004750", "Thủ tục tàu thuyền rời cảng biển", "Cấp bộ, Cơ quan khác", "Hàng hải",
         "Chậm nhất là ngay trước khi tàu rời cảng"],
        ["2", "1.004753", "Xác nhận việc trình báo đường hàng hải", "Cơ quan khác", "Hàng hải",
         "0 Giờ"],
        ["3", "1.004757", "Cấp giấy phép hoạt động bến thủy nội địa", "Cấp tỉnh, Cấp xã",
         "Đường thủy nội địa", "15 Ngày"],
    ]  # fmt: skip

    summary = procedure_file_import(
        content=xlsx_bytes({"Danh sách": rows}),
        file_name="danh-sach.xlsx",
        effective_date=EFFECTIVE,
    )

    assert summary.created == 3
    versions = _versions()
    assert versions["1.004750"].processing_time_unit == "none"
    assert versions["1.004753"].processing_time_unit == "same_day"
    assert versions["1.004757"].processing_time_unit == "calendar_days"
    assert versions["1.004757"].level_list == [Level.PROVINCE, Level.COMMUNE]
    assert [i["row"] for i in summary.warnings if i.get("column") == "Thời gian giải quyết"] == [4]


def test_a_file_of_an_unknown_layout_is_refused_whole():
    content = "Số hiệu,Tiêu đề\n1,Thông báo\n".encode()

    with pytest.raises(Refused) as refused:
        procedure_file_import(content=content, file_name="khac.csv", effective_date=EFFECTIVE)

    assert "Mã TTHC" in str(refused.value)
    assert not ProcedureVersion.objects.exists()


def test_the_import_screen_lists_each_warning_with_its_row_column_and_text(
    client, reform_officer, celery_eager, django_capture_on_commit_callbacks
):
    client.force_login(reform_officer)
    upload = SimpleUploadedFile(FILE.name, FILE.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("catalogue-import"),
            {"kind": "procedures", "file": upload, "effective_on": "2025-07-01"},
        )
    job = CatalogueImport.objects.get()
    assert job.status == "done", job.problems

    page = client.get(reverse("catalogue-import-detail", args=[job.pk])).content.decode()

    assert "8 cảnh báo: đã nhập, cần xem lại." in page
    assert "Chậm nhất là ngay trước khi tàu rời cảng" in page
    assert reverse("to-check-list") in page
