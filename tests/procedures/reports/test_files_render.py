"""The writers lay the figures out as the official forms, and no cell can run as a formula."""

import io
import json

from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from procedures.reports.admin_reform_files import admin_reform_file
from tests.report_samples import seed_data


def _make(file_format: str, data=None) -> bytes:
    with translation.override("vi"):
        return admin_reform_file(data or seed_data(), file_format).content


def test_the_xlsx_has_the_three_forms_with_title_merged_headers_numbers_totals_and_signatures():
    book = load_workbook(io.BytesIO(_make("xlsx")))
    assert book.sheetnames == ["Biểu 06", "Biểu II.06a", "Biểu 07b"]

    sheet = book["Biểu 06"]
    cells = {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row}
    texts = [str(value) for value in cells.values() if value is not None]
    assert "TỈNH TRÀ VINH" in texts
    assert "Biểu số 06/VPCP/KSTT" in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Độc lập - Tự do - Hạnh phúc" in texts
    assert "Kỳ báo cáo: từ ngày 01/01/2017 đến ngày 31/12/2017" in texts
    assert "NGƯỜI LẬP BIỂU" in texts and "THỦ TRƯỞNG ĐƠN VỊ" in texts
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # Two-row header: STT and Lĩnh vực span both rows; each group spans its columns.
    # Beside the 13 columns: rejected, withdrawn, stopped, and received without a time limit.
    assert {"A10:A11", "B10:B11", "C10:F10", "G10:J10", "K10:M10", "N10:Q10"} <= merged
    assert sheet.cell(row=11, column=17).value == "Tiếp nhận không có thời hạn"
    assert [sheet.cell(row=10, column=c).value for c in (1, 2, 3, 7, 11)] == [
        "STT",
        "Lĩnh vực",
        "Số hồ sơ nhận giải quyết",
        "Số hồ sơ đã giải quyết",
        "Số hồ sơ đang giải quyết",
    ]
    assert [sheet.cell(row=11, column=c).value for c in range(3, 14)] == [
        "Tổng số", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính", "Từ kỳ trước",
        "Tổng số", "Trả trước hạn", "Trả đúng thời hạn", "Trả quá hạn",
        "Tổng số", "Chưa đến hạn", "Quá hạn",
    ]  # fmt: skip
    assert [sheet.cell(row=12, column=c).value for c in range(1, 14)] == [
        f"({n})" for n in range(1, 14)
    ]
    body = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=13, max_row=15)]
    assert body[0][:13] == [1, "Hộ tịch", 9500, 500, 9000, 0, 9500, 9400, 40, 60, 0, 0, 0]
    # A sector named like a formula stays text.
    assert body[1][1] == '\'=HYPERLINK("http://x")'
    assert sheet.cell(row=14, column=2).data_type == "s"
    assert body[2][1:13] == ["Tổng cộng", 24315, 800, 23500, 15, 24259, 24159, 40, 60, 56, 56, 0]

    centres = book["Biểu II.06a"]
    assert centres.cell(row=10, column=2).value == "Trung tâm Hành chính công"
    rows = [[c.value for c in row] for row in centres.iter_rows(min_row=13, max_row=15)]
    assert rows[0][1] == "Trung tâm Hành chính công thành phố Trà Vinh"
    assert rows[0][2] == 16010 and rows[0][9] == 60
    assert rows[2][1] == "Tổng cộng" and rows[2][2] == 16010 + 8005

    levels = book["Biểu 07b"]
    assert [levels.cell(row=12, column=c).value for c in range(1, 6)] == [
        f"({n})" for n in range(1, 6)
    ]
    total = [levels.cell(row=16, column=c).value for c in range(2, 6)]
    assert total == ["Tổng cộng", 1600, 1490, 97]


def test_the_docx_has_the_narrative_and_form_06_with_its_merged_header():
    document = Document(io.BytesIO(_make("docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "có 85/20.985 hồ sơ trễ hạn (chiếm tỷ lệ 0,41%)" in text
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN" in text
    form = next(table for table in document.tables if table.style.name == "Table Grid")
    assert len(form.columns) == 13  # the official columns only, on the paper that is signed
    assert form.cell(0, 2).text == "Số hồ sơ nhận giải quyết"
    # Merged: the group's cell is the same across its four columns.
    assert form.cell(0, 2)._tc is form.cell(0, 5)._tc
    assert form.cell(0, 0)._tc is form.cell(1, 0)._tc
    assert [form.cell(2, c).text for c in range(13)] == [f"({n})" for n in range(1, 14)]
    first = [cell.text for cell in form.rows[3].cells][:13]
    assert first == [
        "1",
        "Hộ tịch",
        "9.500",
        "500",
        "9.000",
        "0",
        "9.500",
        "9.400",
        "40",
        "60",
        "0",
        "0",
        "0",
    ]
    assert form.rows[4].cells[1].text.startswith("'=")
    assert form.rows[-1].cells[1].text == "Tổng cộng"
    assert form.rows[-1].cells[2].text == "24.315"


def test_markdown_and_json_carry_the_same_figures():
    markdown = _make("md").decode("utf-8")
    assert "85/20.985 hồ sơ trễ hạn (chiếm tỷ lệ 0,41%)" in markdown
    assert "| 1 | Hộ tịch | 9.500 | 500 | 9.000 | 0 | 9.500 | 9.400 | 40 | 60 | 0 | 0 | 0 |" in (
        markdown
    )
    assert "'=HYPERLINK" in markdown
    data = json.loads(_make("json"))
    assert data["centres"][0]["since_opening"]["resolved_late"] == 85
    assert set(data) >= {"catalogue", "review", "coverage", "centres", "checks"}
