"""Word templates as an office would edit them: the default one with paragraphs rewritten."""

import io

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from procedures.reports.docx_template import default_template


def edited_template(replacements: dict[str, str], *, language: str = "vi") -> bytes:
    """The default template where each paragraph whose text is a key of ``replacements``
    (anywhere: body or table cells) reads the value instead, its first run's format kept."""
    document = Document(io.BytesIO(default_template(language)))
    for element in document.element.body.iter(qn("w:p")):
        paragraph = Paragraph(element, document)
        if paragraph.text in replacements and paragraph.runs:
            first, *rest = paragraph.runs
            first.text = replacements[paragraph.text]
            for run in rest:
                run._r.getparent().remove(run._r)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
