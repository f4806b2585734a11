"""The Word pieces built in code (python-docx) for the report an office signs: forms 06, II.06a
and 07b of Circular 01/2020/TT-VPCP, each a docxtpl subdocument on its own landscape section
with its number, units, period, two-row header repeated on every page, numbered columns, totals
and signatures; and the layout helpers (A4 pages by Decree 30/2020/NĐ-CP, Times New Roman, short
rules) that the default template's builder uses too. The text around the figures lives in the
editable template (``docx_template``)."""

from copy import deepcopy

from django.utils.translation import gettext as _
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Emu, Pt

from procedures.reports import official_forms as forms
from procedures.reports.document import Particulars, circular_line
from procedures.reports.formats import safe_cell, whole
from procedures.reports.serving_index_document import serving_index_docx, serving_index_in_report
from procedures.reports.sources import form_links

FONT = "Times New Roman"
A4_SHORT, A4_LONG = Cm(21.0), Cm(29.7)
# Decree 30, Appendix I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
PORTRAIT_MARGINS = {"top": Cm(2), "bottom": Cm(2), "left": Cm(3), "right": Cm(2)}
LANDSCAPE_MARGINS = {"top": Cm(2), "bottom": Cm(1.5), "left": Cm(1.5), "right": Cm(1.5)}


def form_subdocs(tpl, data: dict, who: Particulars, body_section) -> dict:
    """Forms 06, II.06a and 07b as docxtpl subdocuments, each opening with the section break
    that ends the part before it: the first ends the template's own (portrait) body with a copy
    of its section properties, the others end the landscape section of the form before. The
    document's last section, the one 07b sits in, is turned landscape by the caller."""
    width = Emu(A4_LONG - LANDSCAPE_MARGINS["left"] - LANDSCAPE_MARGINS["right"])
    subdocs, previous = {}, deepcopy(body_section)
    for code, form, (rows, totals), unit in (
        (
            "06",
            forms.form_06(outside=False),
            forms.form_06_rows(data, outside=False),
            _("dossiers"),
        ),
        ("06a", forms.form_06a(), forms.form_06a_rows(data), _("dossiers")),
        ("07b", forms.form_07b(), forms.form_07b_rows(data), _("procedures")),
    ):
        subdoc = tpl.new_subdoc()
        subdoc.add_paragraph()._p.get_or_add_pPr().append(previous)
        if code == "06" and serving_index_in_report(data):
            # The index's table on its own landscape pages, before the forms.
            serving_index_docx(subdoc, data, width_cm=width.cm, line=_line, cell_text=_cell_text,
                               grid=_grid, header=_repeat_header)  # fmt: skip
            ending = deepcopy(body_section)
            landscape(Section(ending, tpl.get_docx().part))
            subdoc.add_paragraph()._p.get_or_add_pPr().append(ending)
        _form(subdoc, form, rows, totals, form_links(data, code), data=data, who=who, unit=unit,
              width=width)  # fmt: skip
        subdocs[f"form_{code}"] = subdoc
        previous = deepcopy(body_section)
        landscape(Section(previous, tpl.get_docx().part))
    return subdocs


def portrait(section) -> None:
    _page(section, landscape=False)


def landscape(section) -> None:
    """A landscape A4 section starting on a new page: where each form is printed."""
    section.start_type = WD_SECTION.NEW_PAGE
    _page(section, landscape=True)


def _base_style(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # Word takes the Vietnamese letters' font from the East Asian and complex-script slots too.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(0)


def _page(section, *, landscape: bool) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = A4_LONG, A4_SHORT
        margins = LANDSCAPE_MARGINS
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4_SHORT, A4_LONG
        margins = PORTRAIT_MARGINS
    for side, size in margins.items():
        setattr(section, f"{side}_margin", size)


def _line(cell_or_doc, text: str, *, bold=False, italic=False, size=None, align="center"):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
    # The document's own lines and the officer's particulars: "- Lưu: VT." is a recipient line,
    # not a formula; only the figures' names from the data go through safe_cell.
    run = paragraph.add_run(str(text))
    run.bold, run.italic = bold, italic
    run.font.name = FONT  # an office's template may have another Normal font
    if size:
        run.font.size = Pt(size)
    return paragraph


PBDR_SUCCESSORS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _rule(cell, *, width_cm: float, cell_cm: float) -> None:
    """The short solid rule under the issuing body and the motto: an empty paragraph whose top
    border is narrowed by equal indents, centred under the line above."""
    paragraph = cell.add_paragraph()
    indent = Cm(max(0.0, (cell_cm - width_cm) / 2))
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    # The schema orders pPr's children: pBdr before the spacing, indents and alignment.
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *PBDR_SUCCESSORS)
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run()
    run.font.size = Pt(4)


def _two_columns(document, *, left_cm: float, right_cm: float):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(left_cm), Cm(right_cm)
    # LibreOffice lays a table out by its grid, Word by its cells: both are set.
    table.columns[0].width, table.columns[1].width = Cm(left_cm), Cm(right_cm)
    for cell in (left, right):
        # Drop the empty first paragraph a new cell has: each line is added below.
        cell._tc.remove(cell.paragraphs[0]._p)
    return left, right


def _signature(cell, who: Particulars) -> None:
    for title in who.signer_title:
        _line(cell, title, bold=True, size=13)
    if who.signer_note:
        _line(cell, who.signer_note, italic=True, size=13)
    for _blank in range(4):
        _line(cell, "", size=13)
    _line(cell, who.signer_name, bold=True, size=13)


# ---------------------------------------------------------------------------------------------
# The forms


def _widths(count: int, *, width_cm: float) -> list[float]:
    """STT narrow, the name wide, the counts sharing the rest."""
    number_cm, name_cm = 1.1, (6.0 if count > 6 else 9.0)
    rest = (width_cm - number_cm - name_cm) / (count - 2)
    return [number_cm, name_cm] + [rest] * (count - 2)


def _grid(table) -> None:
    """Every cell ruled: Word's "Table Grid" where the template has it (the default does), and
    the borders written on the table itself, for an office's template made without it."""
    if any(style.name == "Table Grid" for style in table.part.document.styles):
        table.style = "Table Grid"
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "4"),
            ("w:space", "0"),
            ("w:color", "000000"),
        ):
            edge.set(qn(key), value)
        borders.append(edge)
    # tblBorders follows the table's style, width, alignment and indentation in the schema.
    properties.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription", "w:tblPrChange",
    )  # fmt: skip


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _hyperlink(paragraph, text: str, url: str, *, bold=False, size=None) -> None:
    """``text`` as a link to ``url`` (an external relationship of the document part), printed
    as the text around it: the document is read on paper too."""
    relation = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    if bold:
        properties.append(OxmlElement("w:b"))
    if size:
        for tag in ("w:sz", "w:szCs"):
            element = OxmlElement(tag)
            element.set(qn("w:val"), str(int(size * 2)))
            properties.append(element)
    run.append(properties)
    content = OxmlElement("w:t")
    content.text = text
    content.set(qn("xml:space"), "preserve")
    run.append(content)
    link.append(run)
    paragraph._p.append(link)


def _cell_text(cell, text: str, *, bold=False, align="center", size=10, url="") -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
    if url:
        _hyperlink(paragraph, str(text), url, bold=bold, size=size)
        return
    run = paragraph.add_run(str(safe_cell(text)))
    run.bold = bold
    run.font.name = FONT
    run.font.size = Pt(size)


def _form(document, form, rows, totals, links, *, data, who: Particulars, unit: str, width) -> None:
    groups = forms.official_groups(form)
    count = sum(len(group.labels) for group in groups)
    widths = _widths(count, width_cm=width.cm)

    left, right = _two_columns(document, left_cm=width.cm * 0.55, right_cm=width.cm * 0.45)
    _line(left, _("Reporting unit: %(unit)s") % {"unit": who.issuing_body}, size=11, align="left")
    _line(left, _("Receiving unit: %(unit)s") % {"unit": who.receiving_unit}, size=11, align="left")
    _line(right, form.code, bold=True, size=12)
    _line(right, circular_line(), italic=True, size=11)
    _line(document, form.title, bold=True, size=13).paragraph_format.space_before = Pt(6)
    _line(document, forms.period_line(data), italic=True, size=12)
    _line(
        document, _("Unit of count: %(unit)s") % {"unit": unit}, italic=True, size=11, align="right"
    )

    table = document.add_table(rows=3, cols=count)
    _grid(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    index = 0
    for group in groups:
        span = len(group.labels)
        if span == 1:
            merged = table.cell(0, index).merge(table.cell(1, index))
            _cell_text(merged, group.title, bold=True)
        else:
            merged = table.cell(0, index).merge(table.cell(0, index + span - 1))
            _cell_text(merged, group.title, bold=True)
            for offset, label in enumerate(group.labels):
                _cell_text(table.cell(1, index + offset), label, bold=True)
        index += span
    for number in range(count):
        _cell_text(table.cell(2, number), f"({number + 1})", size=9)
    for header_row in table.rows[:3]:
        _repeat_header(header_row)
        for cell in header_row.cells:
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    row_links, total_links = links
    for index, row in enumerate([*rows, totals]):
        cells = table.add_row().cells
        is_total = row is totals
        urls = total_links if is_total else (row_links[index : index + 1] or [[]])[0]
        for position, (cell, value) in enumerate(zip(cells, row[:count], strict=True)):
            if isinstance(value, int) and position != 1:
                align = "center" if position == 0 else "right"
                url = urls[position] if position and position < len(urls) else ""
                _cell_text(
                    cell,
                    whole(value) if position else str(value),
                    bold=is_total,
                    align=align,
                    url=url,
                )
            else:
                _cell_text(
                    cell, str(value), bold=is_total, align="center" if position == 0 else "left"
                )
    for row in table.rows:
        for cell, size in zip(row.cells, widths, strict=True):
            cell.width = Cm(size)
    for column, size in zip(table.columns, widths, strict=True):
        column.width = Cm(size)

    document.add_paragraph()
    left, right = _two_columns(document, left_cm=width.cm / 2, right_cm=width.cm / 2)
    _line(left, _("PREPARED BY"), bold=True, size=12)
    _line(left, _("(Signature, full name)"), italic=True, size=12)
    _line(right, who.place_date, italic=True, size=12)
    _signature(right, who)
