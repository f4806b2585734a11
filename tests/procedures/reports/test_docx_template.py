"""The report's DOCX comes from a Word template the office can edit (docxtpl): the default one
ships in the repository and passes its own checks; an edited one keeps the forms and figures
and shows the office's wording; a broken one is refused with a message naming the placeholder."""

import io
import zipfile

import pytest
from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT
from jinja2.exceptions import SecurityError

from procedures.reports.admin_reform_files import admin_reform_file
from procedures.reports.docx_template import default_template, template_problems
from procedures.reports.templates.build_default import FILES, default_template_bytes
from tests.report_samples import seed_data
from tests.word_templates import edited_template


def _body_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read("word/document.xml")


@pytest.mark.parametrize("language", sorted(FILES))
def test_the_shipped_template_is_the_one_its_builder_makes_and_passes_its_checks(language):
    with translation.override(language):
        built = default_template_bytes()
        shipped = default_template(language)
        assert _body_xml(shipped) == _body_xml(built), "run templates/build_default.py again"
        assert template_problems(shipped) == []
    text = "\n".join(p.text for p in Document(io.BytesIO(shipped)).paragraphs)
    assert "{%p for paragraph in paragraphs %}" in text and "{{p form_06 }}" in text


def test_an_office_edits_the_wording_and_the_report_keeps_its_figures_and_forms():
    template = edited_template(
        {
            "BÁO CÁO": "BÁO CÁO CỦA SỞ NỘI VỤ",
            "Nơi nhận:": "Nơi gửi đến:",
            "{{ signer_name }}": "Ông/bà {{ signer_name }}",
            "{{ governing_body }}": "{{ governing_body }} ({{ number }} - {{ symbol }})",
        }
    )
    assert template_problems(template) == []
    with translation.override("vi"):
        content = admin_reform_file(
            seed_data(),
            "docx",
            {"signer_name": "Lê Văn C & cộng sự", "number": "7", "symbol": "BC-SNV"},
            template,
        ).content
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs if p.text]
    assert "BÁO CÁO CỦA SỞ NỘI VỤ" in texts
    assert any("85/20.985 hồ sơ trễ hạn (chiếm tỷ lệ 0,41%)" in text for text in texts)
    assert document.tables[0].rows[0].cells[0].paragraphs[0].text == "ỦY BAN NHÂN DÂN (7 - BC-SNV)"
    recipients, signature = document.tables[1].rows[0].cells
    assert recipients.paragraphs[0].text == "Nơi gửi đến:"
    # The officer's text is escaped into the XML, never read as markup.
    assert "Ông/bà Lê Văn C & cộng sự" in [p.text for p in signature.paragraphs]
    orientations = [section.orientation for section in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT] + [WD_ORIENT.LANDSCAPE] * 3
    codes = [t.rows[0].cells[1].paragraphs[0].text for t in document.tables[2::3]]
    assert codes == ["Biểu số 06/VPCP/KSTT", "Biểu số II.06a/VPCP/KSTT", "Biểu số 07b/VPCP/KSTT"]


@pytest.mark.parametrize(
    ("replacements", "message"),
    [
        (
            {"{{ number_line }}": "Số: 12/BC-UBND"},
            "Mẫu thiếu ô {{ number_line }} (“Số: …/BC-UBND”).",
        ),
        (
            {"{{p form_07b }}": ""},
            "Mẫu thiếu ô {{ form_07b }} (biểu 07b, trên các trang khổ ngang riêng).",
        ),
        (
            {"{{ signer_name }}": "{{ signer_nam }}"},
            "Mẫu dùng ô {{ signer_nam }}, báo cáo không cung cấp ô này.",
        ),
        (
            {"{{p form_06 }}": "Biểu 06: {{ form_06 }}"},
            "Hãy viết {{p form_06 }} riêng một đoạn: mỗi biểu là một khối trang.",
        ),
        (
            {"{%p endfor %}": "{%p endfo %}"},
            "Mẫu có lỗi ở ô thay thế:",
        ),
    ],
    ids=["missing", "missing-form", "unknown", "form-inline", "jinja-error"],
)
def test_a_broken_template_is_refused_naming_its_placeholder(replacements, message):
    with translation.override("vi"):
        problems = template_problems(edited_template(replacements))
    assert any(problem.startswith(message) for problem in problems), problems


def test_a_file_that_is_not_a_word_document_is_refused():
    with translation.override("vi"):
        assert template_problems(b"%PDF-1.7 not a docx") == ["Tệp không phải văn bản Word (.docx)."]


def test_the_template_runs_in_the_sandbox():
    """An uploaded template cannot reach Python's internals through its placeholders: it is
    refused on upload, and would fail rather than render them."""
    template = edited_template({"{{ signer_name }}": "{{ signer_name.__class__.__mro__ }}"})
    with translation.override("vi"):
        problems = template_problems(template)
        assert len(problems) == 1
        assert problems[0].startswith("Mẫu có lỗi ở ô thay thế: access to attribute '__class__'")
        with pytest.raises(SecurityError):
            admin_reform_file(seed_data(), "docx", None, template)
