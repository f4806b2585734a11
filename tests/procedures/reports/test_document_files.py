"""The report as papers a province signs and sends: the DOCX laid out by Decree 30/2020/NĐ-CP
with forms 06, II.06a and 07b on landscape sections, the XLSX set to print as the official
forms, and the PDF of the whole report. Each document is read back as an officer would."""

import io

import pytest
from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook
from pypdf import PdfReader

from procedures.reports.admin_reform_files import admin_reform_file
from tests.artifacts import pdf_screenshots
from tests.report_samples import seed_data

SIGNED = {
    "number": "12",
    "signed_on": "2018-01-10",
    "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "signer_name": "Nguyễn Văn An",
    "recipients": "- Văn phòng Chính phủ;\n- Thường trực Tỉnh ủy;\n- Lưu: VT, KSTT.",
}


def _make(file_format: str, document: dict | None = None) -> bytes:
    with translation.override("vi"):
        return admin_reform_file(seed_data(), file_format, document).content


def _cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def _cm(*lengths) -> tuple[float, ...]:
    """Lengths in cm to the millimetre (Word stores them in twips)."""
    return tuple(round(length.cm, 1) for length in lengths)


def _sections_of_tables(document) -> list[tuple[int, object]]:
    """(section index, table) for each table of the body, in order: a paragraph holding a
    w:sectPr ends a section."""
    from docx.table import Table

    found, section = [], 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            found.append((section, Table(child, document)))
        elif child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            section += 1
    return found


@pytest.mark.parametrize(
    ("document", "number_line", "date_line", "signature"),
    [
        (
            None,
            "Số: …/BC-UBND",
            "Trà Vinh, ngày … tháng … năm …",
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Ký, ghi rõ họ tên, đóng dấu)"],
        ),
        (
            SIGNED,
            "Số: 12/BC-UBND",
            "Trà Vinh, ngày 10 tháng 01 năm 2018",
            ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"],
        ),
    ],
)
def test_the_docx_opens_with_the_decree_30_header_and_closes_with_recipients_and_signature(
    document, number_line, date_line, signature
):
    docx = Document(io.BytesIO(_make("docx", document)))
    header = docx.tables[0]
    left, right = header.rows[0].cells
    assert _cell_lines(left) == ["ỦY BAN NHÂN DÂN", "TỈNH TRÀ VINH", number_line]
    assert _cell_lines(right) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        date_line,
    ]
    assert left.paragraphs[1].runs[0].bold
    # The short rules: a bordered empty paragraph under the issuing body and under the motto.
    for cell in (left, right):
        rules = [
            p for p in cell.paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None
        ]
        assert len(rules) == 1 and rules[0].text == ""
    date_paragraph = next(p for p in right.paragraphs if p.text == date_line)
    assert date_paragraph.runs[0].italic

    body = [p for p in docx.paragraphs if p.text]
    titles = [p for p in body if p.text.startswith("BÁO CÁO") or "KẾT QUẢ CẢI CÁCH" in p.text]
    assert [p.text for p in titles[:2]] == [
        "BÁO CÁO",
        "KẾT QUẢ CẢI CÁCH HÀNH CHÍNH TỪ NGÀY 01/01/2017 ĐẾN NGÀY 31/12/2017",
    ]
    assert all(run.bold for p in titles[:2] for run in p.runs)
    narrative = [p for p in body if "85/20.985 hồ sơ trễ hạn (chiếm tỷ lệ 0,41%)" in p.text]
    assert narrative and narrative[0].alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    normal = docx.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(13))

    closing = docx.tables[1]
    recipients, sign = closing.rows[0].cells
    lines = _cell_lines(recipients)
    assert lines[0] == "Nơi nhận:"
    if document:
        assert lines[1:] == ["- Văn phòng Chính phủ;", "- Thường trực Tỉnh ủy;", "- Lưu: VT, KSTT."]
    assert _cell_lines(sign) == signature


def test_the_docx_puts_each_form_on_its_own_landscape_section():
    docx = Document(io.BytesIO(_make("docx")))
    sections = docx.sections
    assert len(sections) == 4
    first = sections[0]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert _cm(first.page_width, first.page_height) == (21.0, 29.7)
    assert _cm(first.left_margin, first.right_margin) == (3.0, 2.0)
    for section in sections[1:]:
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert _cm(section.page_width, section.page_height) == (29.7, 21.0)

    by_section: dict[int, list] = {}
    for index, table in _sections_of_tables(docx):
        by_section.setdefault(index, []).append(table)
    expected = {
        1: ("Biểu số 06/VPCP/KSTT", 13, "Hộ tịch", "24.315"),
        2: (
            "Biểu số II.06a/VPCP/KSTT",
            13,
            "Trung tâm Hành chính công thành phố Trà Vinh",
            "24.015",
        ),
        3: ("Biểu số 07b/VPCP/KSTT", 5, "Cấp tỉnh", "1.600"),
    }
    for index, (code, columns, first_name, total) in expected.items():
        heading, grid, signatures = by_section[index]
        units, number = heading.rows[0].cells
        assert _cell_lines(number) == [code, "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP"]
        assert _cell_lines(units) == [
            "Đơn vị báo cáo: TỈNH TRÀ VINH",
            "Đơn vị nhận báo cáo: Văn phòng Chính phủ",
        ]
        assert "NGƯỜI LẬP BIỂU" in _cell_lines(signatures.rows[0].cells[0])
        assert len(grid.columns) == columns
        assert [grid.cell(2, c).text for c in range(columns)] == [
            f"({n})" for n in range(1, columns + 1)
        ]
        # The header rows repeat on every page; the body rows do not.
        repeated = [
            row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
            for row in grid.rows
        ]
        assert repeated[:3] == [True, True, True] and not any(repeated[3:])
        first = grid.rows[3].cells
        assert first[1].text == first_name
        assert first[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        # The names wide, the numbers narrow (thirteen columns), or at least narrower (five).
        assert first[1].width > (3 if columns == 13 else 1) * first[2].width
        last = grid.rows[-1].cells
        assert last[1].text == "Tổng cộng" and last[2].text == total
        assert last[2].paragraphs[0].runs[0].bold
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Kỳ báo cáo: từ ngày 01/01/2017 đến ngày 31/12/2017" in text
    assert "Đơn vị tính: hồ sơ" in text and "Đơn vị tính: thủ tục" in text


def test_each_xlsx_sheet_prints_as_the_official_form():
    book = load_workbook(io.BytesIO(_make("xlsx")))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape"
        assert str(setup.paperSize) == sheet.PAPERSIZE_A4 == "9"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
        assert sheet.print_title_rows == "$10:$12"
        assert sheet.page_margins.left == 0.5 and sheet.page_margins.bottom == 0.7
        assert sheet.oddFooter.center.text == "Trang &P / &N"
        assert sheet["B10"].font.name == "Times New Roman"
        total = sheet.cell(row=13, column=3)
        assert total.data_type == "n" and isinstance(total.value, int)
        assert total.number_format == "#,##0"
        assert total.alignment.horizontal == "right"
        assert total.font.name == "Times New Roman"


def test_the_pdf_has_the_report_on_portrait_pages_and_each_form_on_landscape_ones():
    pdf = _make("pdf", SIGNED)
    reader = PdfReader(io.BytesIO(pdf))
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    ]
    assert sizes == [(595, 842), (842, 595), (842, 595), (842, 595)]
    texts = [page.extract_text() for page in reader.pages]
    assert "ỦY BAN NHÂN DÂN" in texts[0] and "Số: 12/BC-UBND" in texts[0]
    assert "Trà Vinh, ngày 10 tháng 01 năm 2018" in texts[0]
    assert "85/20.985 hồ sơ trễ hạn (chiếm tỷ lệ 0,41%)" in " ".join(texts[0].split())
    assert "Nơi nhận:" in texts[0] and "Nguyễn Văn An" in texts[0]
    for text, code in zip(
        texts[1:],
        ("Biểu số 06/VPCP/KSTT", "Biểu số II.06a/VPCP/KSTT", "Biểu số 07b/VPCP/KSTT"),
        strict=True,
    ):
        assert code in text and "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP" in text
        assert "Tổng cộng" in text
    assert "24.315" in texts[1]
    assert len(pdf_screenshots(pdf, "report-sample")) == 4
