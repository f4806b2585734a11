"""Builds the default Word templates of the report (``bao_cao_cchc.docx`` in Vietnamese,
``bao_cao_cchc.en.docx`` in English) with python-docx, laid out by Decree 30/2020/NĐ-CP: the
two-column header with its short rules, the title, the narrative, the recipients and the
signature, around docxtpl placeholders. The files are committed; an office downloads one from
the report screen, edits it in Word or LibreOffice and uploads it back. Run again after changing
the layout here:

    DEBUG=true .venv/bin/python manage.py shell -c \
        "from procedures.reports.templates.build_default import main; main()"
"""

import io
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Emu, Pt

from procedures.reports.docx_document import (
    A4_SHORT,
    PORTRAIT_MARGINS,
    _base_style,
    _line,
    _rule,
    _two_columns,
    portrait,
)

HERE = Path(__file__).parent
FILES = {"vi": "bao_cao_cchc.docx", "en": "bao_cao_cchc.en.docx"}


def _loop(cell_or_doc, tag: str) -> None:
    """A docxtpl paragraph tag ({%p for … %}, {%p endif %}): the paragraph goes on rendering."""
    cell_or_doc.add_paragraph(tag)


def _narrative(document, text: str):
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def default_template_bytes() -> bytes:
    """The template in the active language."""
    document = Document()
    _base_style(document)
    portrait(document.sections[0])
    width = Emu(A4_SHORT - PORTRAIT_MARGINS["left"] - PORTRAIT_MARGINS["right"]).cm

    left_cm = 6.0
    left, right = _two_columns(document, left_cm=left_cm, right_cm=width - left_cm)
    _line(left, "{{ governing_body }}", size=13)
    _line(left, "{{ issuing_body }}", bold=True, size=13)
    _rule(left, width_cm=2.2, cell_cm=left_cm)
    _line(left, "{{ number_line }}", size=13)
    _line(right, _("SOCIALIST REPUBLIC OF VIETNAM"), bold=True, size=12)
    _line(right, _("Independence - Freedom - Happiness"), bold=True, size=13)
    _rule(right, width_cm=5.4, cell_cm=width - left_cm)
    _line(right, "{{ place_date }}", italic=True, size=13)

    _line(document, _("REPORT"), bold=True, size=14).paragraph_format.space_before = Pt(18)
    _line(document, "{{ title }}", bold=True, size=14).paragraph_format.space_after = Pt(12)

    # The last paragraph (and the checks, if any) keeps with the signature: a signature page
    # never stands without text of the report above it.
    _loop(document, "{%p for paragraph in paragraphs %}")
    _loop(document, "{%p if not loop.last %}")
    _narrative(document, "{{r paragraph }}")
    _loop(document, "{%p else %}")
    _narrative(document, "{{r paragraph }}").paragraph_format.keep_with_next = True
    _loop(document, "{%p endif %}")
    _loop(document, "{%p endfor %}")
    _loop(document, "{%p if checks %}")
    note = _narrative(document, "")
    note.paragraph_format.first_line_indent = None
    note.paragraph_format.keep_with_next = True
    note.add_run(_("Checks") + ": ").bold = True
    note.add_run("{{ checks }}")
    _loop(document, "{%p endif %}")

    document.add_paragraph().paragraph_format.keep_with_next = True
    recipients, signature = _two_columns(document, left_cm=width / 2, right_cm=width / 2)
    # The signature block never splits over two pages: it moves whole, with the recipients.
    row = document.tables[-1].rows[0]._tr.get_or_add_trPr()
    row.append(OxmlElement("w:cantSplit"))
    heading = _line(recipients, _("Recipients:"), bold=True, italic=True, size=12, align="left")
    heading.paragraph_format.space_after = Pt(0)
    _loop(recipients, "{%p for line in recipients %}")
    _line(recipients, "{{ line }}", size=11, align="left")
    _loop(recipients, "{%p endfor %}")
    _loop(signature, "{%p for line in signer_title %}")
    _line(signature, "{{ line }}", bold=True, size=13)
    _loop(signature, "{%p endfor %}")
    _loop(signature, "{%p if signer_note %}")
    _line(signature, "{{ signer_note }}", italic=True, size=13)
    _loop(signature, "{%p endif %}")
    for _blank in range(4):
        _line(signature, "", size=13)
    _line(signature, "{{ signer_name }}", bold=True, size=13)

    # Each form brings its own section break and landscape pages; keep them last.
    for name in ("form_06", "form_06a", "form_07b"):
        document.add_paragraph("{{p " + name + " }}")

    document.core_properties.title = _("Administrative-reform report")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> None:
    for language, name in FILES.items():
        with translation.override(language):
            (HERE / name).write_bytes(default_template_bytes())
        print(HERE / name)
