"""Every figure of the report, on a province built in the test, equals its hand count (see
tests/report_data.py for the count of each dossier); the DOCX and XLSX read back the same."""

import io
from datetime import date

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from procedures.problems import Refused
from procedures.reports.admin_reform import admin_reform_data
from procedures.reports.admin_reform_files import admin_reform_file
from procedures.reports.narrative import admin_reform_paragraphs
from tests.report_data import YEAR, build_province

pytestmark = pytest.mark.django_db

COUNTS = (
    "received_total",
    "received_online",
    "received_direct_postal",
    "received_carried_over",
    "received_new",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_in_time",
    "in_progress_total",
    "in_progress_within_time",
    "in_progress_overdue",
    "rejected",
    "withdrawn",
    "stopped",
)


def counts(row: dict) -> dict:
    return {key: row[key] for key in COUNTS}


def expect(**values) -> dict:
    return {key: values.get(key, 0) for key in COUNTS}


PERIOD = expect(  # B carried over; C–H new (H online, rejected)
    received_total=7,
    received_online=1,
    received_direct_postal=5,
    received_carried_over=1,
    received_new=6,
    resolved_total=4,
    resolved_early=1,
    resolved_on_time=1,
    resolved_late=2,
    resolved_in_time=2,
    in_progress_total=2,
    in_progress_within_time=1,
    in_progress_overdue=1,
    rejected=1,
)
SINCE_OPENING = expect(  # A–H
    received_total=8,
    received_online=1,
    received_direct_postal=7,
    received_new=8,
    resolved_total=5,
    resolved_early=2,
    resolved_on_time=1,
    resolved_late=2,
    resolved_in_time=3,
    in_progress_total=2,
    in_progress_within_time=1,
    in_progress_overdue=1,
    rejected=1,
)


@pytest.fixture
def province(reception_user):
    return build_province(reception_user)


def test_every_figure_of_the_year_matches_the_hand_count(province):
    data = admin_reform_data(**YEAR)

    assert data["from"] == "2017-01-01" and data["to"] == "2017-12-31"
    assert data["catalogue"] == {
        "new": 3,
        "amended": 1,
        "replaced": 0,
        "abolished": 2,
        "published_national": 5,
    }
    assert data["review"] == {
        "reviewed": 4,
        "cut_half": 1,
        "cut_third": 1,
        "cut_less": 1,
        "not_cut": 1,
    }
    # Huyện Châu Thành ended on 30/06/2017 and xã Mới starts in 2018: neither counts.
    assert data["coverage"] == {
        "departments": 1,
        "districts": 2,
        "communes_with_desk": 2,
        "communes": 3,
        "interconnected_procedures": 1,
        "district_units": 2,
    }
    assert data["reporting_unit"] == "Tỉnh Trà Vinh"

    [centre] = data["centres"]
    assert centre["code"] == "TTHCC.848"
    assert centre["name"] == "Trung tâm Hành chính công huyện Cầu Ngang"
    assert centre["opened_on"] == "2016-10-01"
    assert counts(centre["period"]) == PERIOD
    assert counts(centre["since_opening"]) == SINCE_OPENING
    assert centre["period"]["late_rate"] == pytest.approx(0.5)  # 2 of 4 resolved
    assert centre["since_opening"]["on_time_rate"] == pytest.approx(0.6)  # 3 of 5

    # Form 06 per sector, province-wide: the commune desk's dossier counts too.
    sectors = {row["name"]: counts(row) for row in data["sectors"]}
    assert sectors == {
        "Xây dựng": expect(
            received_total=6,
            received_online=1,
            received_direct_postal=4,
            received_carried_over=1,
            received_new=5,
            resolved_total=3,
            resolved_early=1,
            resolved_on_time=1,
            resolved_late=1,
            resolved_in_time=2,
            in_progress_total=2,
            in_progress_within_time=1,
            in_progress_overdue=1,
            rejected=1,
        ),
        "Đất đai": expect(
            received_total=1,
            received_direct_postal=1,
            received_new=1,
            resolved_total=1,
            resolved_late=1,
        ),
        "Hộ tịch": expect(
            received_total=1,
            received_direct_postal=1,
            received_new=1,
            resolved_total=1,
            resolved_early=1,
            resolved_in_time=1,
        ),
    }
    assert counts(data["sectors_total"]) == {
        key: sum(row[key] for row in sectors.values()) for key in COUNTS
    }
    # Form 07b on 31/12/2017.
    assert {row["level"]: row["total"] for row in data["in_force"]} == {1: 0, 2: 2, 3: 9}
    assert data["in_force_total"] == {"total": 11, "one_stop": 11, "interconnected": 1}
    assert data["checks"] == []


def test_the_narrative_of_the_built_year(province):
    with translation.override("vi"):
        text = "\n".join(admin_reform_paragraphs(admin_reform_data(**YEAR)))
    assert "quyết định công bố mới 3 thủ tục hành chính; sửa đổi, bổ sung 1 thủ tục" in text
    assert "bãi bỏ 2 thủ tục hành chính; cập nhật 5 thủ tục hành chính vào cơ sở dữ liệu" in text
    assert (
        "Đã rà soát được 4 thủ tục hành chính, trong đó có 1 thủ tục hành chính cắt giảm 1/2"
        in (text)
    )
    assert "(chiếm tỷ lệ 25,00%)" in text
    assert "có 1 sở, ban, ngành tỉnh; 2 huyện, thị xã, thành phố; 2/3 xã, phường, thị trấn" in text
    assert "1 thủ tục hành chính thực hiện theo cơ chế một cửa liên thông" in text
    assert (
        "Từ ngày 01/01/2017 đến ngày 31/12/2017, Trung tâm Hành chính công huyện Cầu Ngang đã "
        "tiếp nhận 7 hồ sơ (6 hồ sơ mới, trong đó 1 hồ sơ trực tuyến; 1 hồ sơ từ kỳ trước chuyển "
        "sang), kết quả giải quyết có 2 hồ sơ giải quyết đúng hạn, có 2/7 hồ sơ trễ hạn (chiếm tỷ "
        "lệ 28,57%), 1 hồ sơ đang trong thời gian giải quyết, 1 hồ sơ đang giải quyết đã quá hạn, "
        "1 hồ sơ bị từ chối, rút hoặc dừng giải quyết." in text
    )
    assert (
        "Từ khi đi vào hoạt động (tháng 10/2016) đến nay, Trung tâm Hành chính công huyện Cầu "
        "Ngang đã tiếp nhận tổng số 8 hồ sơ, kết quả giải quyết có 3 hồ sơ giải quyết đúng hạn, "
        "có 2/8 hồ sơ trễ hạn (chiếm tỷ lệ 25,00%)" in text
    )


def test_one_unit_limits_the_centres_desks_and_coverage(province):
    district = admin_reform_data(**YEAR, unit_code="848")
    assert district["unit"] == {
        "code": "848",
        "name": "Huyện Cầu Ngang",
        # The district's centre desk and its communes' desks.
        "desks": ["000.00.48.H59", "000.00.60.H59", "000.00.61.H59"],
    }
    assert district["reporting_unit"] == "Huyện Cầu Ngang"
    assert [c["code"] for c in district["centres"]] == ["TTHCC.848"]
    assert district["coverage"]["departments"] == 0
    assert district["coverage"]["districts"] == 1
    assert (district["coverage"]["communes_with_desk"], district["coverage"]["communes"]) == (2, 2)
    # Its desks: the centre's and xã Mỹ Long's (under the district).
    assert district["sectors_total"]["received_total"] == 8
    # The Chairman's decisions and the reviews are the province's.
    assert district["catalogue"]["new"] == 3

    other = admin_reform_data(**YEAR, unit_code="849")
    assert other["centres"] == []
    assert other["sectors"] == [] and other["sectors_total"]["received_total"] == 0
    # A unit without any desk counts no dossier (not the whole province).
    department = admin_reform_data(**YEAR, unit_code="000.00.07.H59")
    assert department["sectors_total"]["received_total"] == 0


def test_bad_parameters_are_refused_naming_the_field(province):
    with pytest.raises(Refused) as refused:
        admin_reform_data(date_from=date(2017, 12, 31), date_to=date(2017, 1, 1))
    assert [p.column for p in refused.value.problems] == ["to"]
    with pytest.raises(Refused) as refused:
        admin_reform_data(**YEAR, unit_code="9999")
    assert refused.value.problems[0].column == "unit"
    assert "9999" in refused.value.problems[0].message


def test_the_docx_and_xlsx_read_back_with_the_same_figures(province):
    with translation.override("vi"):
        data = admin_reform_data(**YEAR)
        docx = admin_reform_file(data, "docx").content
        xlsx = admin_reform_file(data, "xlsx").content

    document = Document(io.BytesIO(docx))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "có 2/7 hồ sơ trễ hạn (chiếm tỷ lệ 28,57%)" in text
    assert "có 2/8 hồ sơ trễ hạn (chiếm tỷ lệ 25,00%)" in text
    # The first bordered table is form 06 (the header and signature tables have no borders).
    form = next(table for table in document.tables if table.style.name == "Table Grid")
    rows = {row.cells[1].text: [c.text for c in row.cells[2:13]] for row in form.rows[3:]}
    assert rows["Xây dựng"] == ["6", "1", "4", "1", "3", "1", "1", "1", "2", "1", "1"]
    assert rows["Tổng cộng"] == ["8", "1", "6", "1", "5", "2", "1", "2", "2", "1", "1"]

    book = load_workbook(io.BytesIO(xlsx))
    sheet = book["Biểu 06"]
    table = {
        row[1]: list(row[2:13]) for row in sheet.iter_rows(min_row=13, values_only=True) if row[1]
    }
    assert table["Đất đai"] == [1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0]
    assert table["Tổng cộng"] == [8, 1, 6, 1, 5, 2, 1, 2, 2, 1, 1]
    centres = book["Biểu II.06a"]
    [row] = [r for r in centres.iter_rows(min_row=13, values_only=True) if r[0] == 1]
    assert row[1] == "Trung tâm Hành chính công huyện Cầu Ngang"
    assert list(row[2:16]) == [7, 1, 5, 1, 4, 1, 1, 2, 2, 1, 1, 1, 0, 0]
    levels = book["Biểu 07b"]
    totals = [r for r in levels.iter_rows(min_row=13, values_only=True) if r[1] == "Tổng cộng"]
    assert list(totals[0][2:5]) == [11, 11, 1]
