"""Mẫu báo cáo (Word): the report's DOCX rendered from a Word template an office can edit
(docxtpl: Jinja placeholders in a .docx). The template holds the header, the logo, the wording
around the figures, the recipients and the signature; the report fills its placeholders and
inserts forms 06, II.06a and 07b, built in code (``docx_document``), as subdocuments, each on
its own landscape section. The default template ships in ``templates/`` (built by
``templates/build_default.py``); an office's own is uploaded on the report screen and checked
here first. Uploaded templates run in Jinja's sandbox, with every value XML-escaped."""

import io
import re
from copy import deepcopy
from pathlib import Path
from zipfile import BadZipFile

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docxtpl import DocxTemplate, RichText
from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from lxml.etree import XMLSyntaxError

from procedures.reports import official_forms as forms
from procedures.reports.document import DEFAULT_SYMBOL, document_clean, particulars
from procedures.reports.docx_document import form_subdocs, landscape, portrait
from procedures.reports.formats import safe_cell
from procedures.reports.narrative import (
    admin_reform_paragraphs,
    check_lines,
    figure_spans,
    report_title,
)

TEMPLATES = Path(__file__).parent / "templates"
DEFAULT_NAME = "bao_cao_cchc.docx"
MAX_BYTES = 5 * 1024 * 1024

# Every placeholder the report gives a template (the upload screen and docs/rules/report.md
# list them).
PLACEHOLDERS = {
    "governing_body": gettext_lazy("issuing body, first line (ỦY BAN NHÂN DÂN)"),
    "issuing_body": gettext_lazy("issuing body, second line (TỈNH TRÀ VINH)"),
    "reporting_unit": gettext_lazy("the reporting unit (Tỉnh Trà Vinh)"),
    "number": gettext_lazy("the document number, or …"),
    "symbol": gettext_lazy("the document symbol (BC-UBND)"),
    "number_line": gettext_lazy("“Số: …/BC-UBND”"),
    "place_date": gettext_lazy("“Trà Vinh, ngày … tháng … năm …”"),
    "title": gettext_lazy("the report's title, in capitals"),
    "period": gettext_lazy("“Kỳ báo cáo: từ ngày … đến ngày …”"),
    "paragraphs": gettext_lazy("the narrative paragraphs, each figure linked to its list"),
    "checks": gettext_lazy("the figures that do not add up, empty when all do"),
    "receiving_unit": gettext_lazy("the receiving unit of the forms"),
    "recipients": gettext_lazy("the recipients, one line each"),
    "signer_title": gettext_lazy("the signer's title, one line each"),
    "signer_note": gettext_lazy("“(Ký, ghi rõ họ tên, đóng dấu)” when no name is given"),
    "signer_name": gettext_lazy("the signer's name"),
    "form_06": gettext_lazy("form 06, on its own landscape pages"),
    "form_06a": gettext_lazy("form II.06a, on its own landscape pages"),
    "form_07b": gettext_lazy("form 07b, on its own landscape pages"),
}
# A template without these would lose the figures, the forms or what makes it a document.
REQUIRED = ("number_line", "place_date", "paragraphs", "form_06", "form_06a", "form_07b")
SUBDOCS = ("form_06", "form_06a", "form_07b")
LISTS = ("paragraphs", "recipients", "signer_title")


def default_template_path(language: str | None = None) -> Path:
    """The shipped template, in the report's language (Vietnamese unless another is shipped)."""
    language = (language or get_language() or "vi")[:2]
    localised = TEMPLATES / f"bao_cao_cchc.{language}.docx"
    return localised if language != "vi" and localised.exists() else TEMPLATES / DEFAULT_NAME


def default_template(language: str | None = None) -> bytes:
    return default_template_path(language).read_bytes()


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def _paragraph_texts(tpl: DocxTemplate) -> list[str]:
    body = tpl.get_docx().element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def template_problems(content: bytes) -> list[str]:
    """What keeps ``content`` from serving as the report's template, each naming the
    placeholder at fault; empty when it serves."""
    try:
        tpl = DocxTemplate(io.BytesIO(content))
        tpl.init_docx()
    except (BadZipFile, PackageNotFoundError, KeyError, ValueError, XMLSyntaxError):
        return [_("The file is not a Word document (.docx).")]
    try:
        names = tpl.get_undeclared_template_variables(jinja_env=_environment())
    except TemplateSyntaxError as error:
        return [_("The template has a placeholder error: %(error)s.") % {"error": error.message}]
    problems = [
        _("The template lacks the placeholder {{ %(name)s }} (%(meaning)s).")
        % {"name": name, "meaning": PLACEHOLDERS[name]}
        for name in REQUIRED
        if name not in names
    ]
    problems += [
        _("The template uses {{ %(name)s }}, which the report does not give.") % {"name": name}
        for name in sorted(names - set(PLACEHOLDERS))
    ]
    texts = _paragraph_texts(tpl)
    for name in SUBDOCS:
        alone = re.compile(r"^\s*\{\{p\s+" + name + r"\s*\}\}\s*$")
        if name in names and not any(alone.match(text) for text in texts):
            problems.append(
                _("Write {{p %(name)s }} alone in its own paragraph: a form is a block of pages.")
                % {"name": name}
            )
    if problems:
        return problems
    try:
        _trial(content)
    except TemplateError as error:
        return [_("The template has a placeholder error: %(error)s.") % {"error": error}]
    return []


def _trial(content: bytes) -> None:
    """Render ``content`` once with sample values: a template that parses may still fail on
    them (a filter on a list, an attribute the sandbox refuses)."""
    tpl = DocxTemplate(io.BytesIO(content))
    context = dict.fromkeys(PLACEHOLDERS, "…")
    context.update({name: ["…"] for name in LISTS})
    context.update({name: tpl.new_subdoc() for name in SUBDOCS})
    tpl.render(context, jinja_env=_environment(), autoescape=True)


def _linked(tpl: DocxTemplate, text: str, sources) -> RichText:
    """A narrative paragraph whose figures are links to their lists, printed as plain text."""
    rich = RichText()
    for piece, url in figure_spans(text, sources):
        rich.add(piece, url_id=tpl.build_url_id(url) if url else None)
    return rich


def admin_reform_docx(
    data: dict, document_values: dict | None = None, template: bytes | None = None
) -> bytes:
    """The report as the DOCX an office signs: ``template`` (the office's, else the default)
    filled with the particulars and figures, the forms on landscape sections after it."""
    tpl = DocxTemplate(io.BytesIO(template or default_template()))
    # The template's own page (portrait A4 in the default) is the body's; the forms follow.
    body_section = deepcopy(tpl.get_docx().element.body.sectPr)
    if body_section is None:
        body_section = OxmlElement("w:sectPr")
        portrait(Section(body_section, tpl.get_docx().part))
    who = particulars(data, document_values)
    given = document_clean(document_values)
    sources = data.get("sources")
    context = {
        "governing_body": who.governing_body,
        "issuing_body": who.issuing_body,
        "reporting_unit": str(data.get("reporting_unit") or ""),
        "number": given["number"] or "…",
        "symbol": given["symbol"] or DEFAULT_SYMBOL,
        "number_line": who.number_line,
        "place_date": who.place_date,
        "title": report_title(data).upper(),
        "period": forms.period_line(data),
        "paragraphs": [
            _linked(tpl, text, sources) for text in admin_reform_paragraphs(data, marked=True)
        ],
        # Figures that do not add up are said in the document, never hidden from the signer.
        "checks": "; ".join(str(safe_cell(line)) for line in check_lines(data)),
        "receiving_unit": who.receiving_unit,
        "recipients": list(who.recipients),
        "signer_title": list(who.signer_title),
        "signer_note": who.signer_note,
        "signer_name": who.signer_name,
        **form_subdocs(tpl, data, who, body_section),
    }
    tpl.render(context, jinja_env=_environment(), autoescape=True)
    landscape(tpl.docx.sections[-1])
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()
