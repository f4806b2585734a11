"""The administrative-reform report's table on the serving index, and the summary it stores."""

from django.utils import translation

from procedures.reports.admin_reform_files import admin_reform_markdown
from procedures.reports.serving_index import serving_index_summary
from tests.report_samples import seed_data
from tests.serving_index_data import MARCH


def test_the_summary_of_march_holds_the_index_the_api_gives(built):
    summary = serving_index_summary(**MARCH)
    assert summary["applies"] and summary["decision"] == "766/QĐ-TTg"
    satisfaction = next(g for g in summary["groups"] if g["key"] == "satisfaction")
    satisfied = satisfaction["indicators"][0]
    assert (satisfied["numerator"], satisfied["denominator"]) == (2, 3)
    assert satisfied["points"] == "12.00"  # 2/3 × 18


def test_2017_stores_that_the_index_does_not_apply(db):
    from datetime import date

    summary = serving_index_summary(date_from=date(2017, 1, 1), date_to=date(2017, 12, 31))
    assert summary["applies"] is False and "23/06/2022" in summary["reason"]


def test_the_markdown_report_prints_the_table_with_tam_tinh(built):
    data = seed_data()
    data["serving_index"] = serving_index_summary(**MARCH)
    with translation.override("vi"):
        text = admin_reform_markdown(data)
    assert "## Chỉ số phục vụ (Quyết định 766)" in text
    assert "| Tỷ lệ đánh giá hài lòng trong tiếp nhận, giải quyết TTHC" in text.replace("— ", "")
    assert "12,00 (tạm tính)/18" in text


def _march_report(file_format: str) -> bytes:
    from procedures.reports.admin_reform_files import admin_reform_file

    data = seed_data()
    data["serving_index"] = serving_index_summary(**MARCH)
    with translation.override("vi"):
        return admin_reform_file(data, file_format, None).content


def test_the_docx_prints_the_index_on_its_own_landscape_section_before_the_forms(built):
    import io

    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from tests.procedures.reports.test_document_files import _sections_of_tables

    docx = Document(io.BytesIO(_march_report("docx")))
    # The report (portrait), the index, then forms 06, II.06a and 07b (landscape).
    assert len(docx.sections) == 5
    assert docx.sections[1].orientation == WD_ORIENT.LANDSCAPE
    tables = [t for s, t in _sections_of_tables(docx) if s == 1]
    assert len(tables) == 1
    grid = tables[0]
    assert [c.text for c in grid.rows[0].cells] == ["Nhóm / chỉ tiêu", "Tử số", "Mẫu số", "Điểm"]
    lines = {row.cells[0].text.removeprefix("— "): row.cells for row in grid.rows[1:]}
    satisfied = lines["Tỷ lệ đánh giá hài lòng trong tiếp nhận, giải quyết TTHC"]
    assert [c.text for c in satisfied[1:]] == ["2", "3", "12,00 (tạm tính)/18"]
    assert satisfied[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    total = grid.rows[-1].cells
    assert total[0].text == "Tổng cộng" and total[3].text.endswith("(tạm tính)/100")
    assert total[0].paragraphs[0].runs[0].bold
    # Fitted: the names take the width the three figure columns leave.
    assert grid.rows[1].cells[0].width > 2 * grid.rows[1].cells[3].width
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "CHỈ SỐ PHỤC VỤ" in text.upper() and "tạm tính" in text
    # Form 06 keeps its own section after it.
    assert any("Biểu số 06/VPCP/KSTT" in t.rows[0].cells[1].text for s, t in
               _sections_of_tables(docx) if s == 2)  # fmt: skip


def test_the_pdf_prints_the_index_on_a_landscape_page_before_the_forms(built):
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(_march_report("pdf")))
    sizes = [round(float(p.mediabox.width)) for p in reader.pages]
    # The report on portrait pages, then the index and the three forms on landscape ones.
    first = sizes.index(842)
    assert first >= 1 and sizes[first:] == [842] * 4 and set(sizes[:first]) == {595}
    index = " ".join(reader.pages[first].extract_text().split())
    assert "Tỷ lệ đánh giá hài lòng trong tiếp nhận, giải quyết TTHC 2 3 12,00 (tạm tính)/18" in (
        index.replace("— ", "")
    )
    assert "Tổng cộng" in index and "(tạm tính)/100" in index
    assert "Biểu số 06/VPCP/KSTT" in reader.pages[first + 1].extract_text()


def test_a_report_without_the_index_keeps_its_four_sections(db):
    import io

    from docx import Document

    from procedures.reports.admin_reform_files import admin_reform_file

    data = seed_data()
    data["serving_index"] = {"applies": False, "reason": "x"}
    with translation.override("vi"):
        content = admin_reform_file(data, "docx", None).content
    assert len(Document(io.BytesIO(content)).sections) == 4
