"""The administrative-reform report as a file: Markdown, JSON, DOCX (python-docx: the narrative
and form 06) or XLSX (openpyxl: forms 06, II.06a and 07b laid out as the official forms). Each
writer renders the dict of ``admin_reform_data`` and nothing else, so a stored report renders
the same figures again; every text cell is neutralised against formula injection."""

import io
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from procedures.reports import official_forms as forms
from procedures.reports.formats import safe_cell, whole
from procedures.reports.narrative import admin_reform_paragraphs, check_lines, report_title


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    content_type: str
    extension: str


CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_file_name(data: dict, extension: str) -> str:
    unit = f"-{data['unit']['code']}" if data.get("unit") else ""
    return f"bao-cao-cai-cach-hanh-chinh-{data['from']}-{data['to']}{unit}.{extension}"


def admin_reform_file(data: dict, file_format: str) -> ReportFile:
    writer = {"md": _markdown, "json": _json, "docx": _docx, "xlsx": _xlsx}[file_format]
    return ReportFile(writer(data), CONTENT_TYPES[file_format], file_format)


# ---------------------------------------------------------------------------------------------
# JSON and Markdown


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode("utf-8")


def _md_cell(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return whole(value)
    text = str(safe_cell(value if value is not None else ""))
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(form: forms.Form, rows: list[list], totals: list) -> list[str]:
    columns = []
    for group in form.groups:
        for label in group.labels:
            columns.append(label if label == group.title else f"{group.title}: {label}")
    lines = [
        f"**{form.code}**: {form.title}",
        "",
        "| " + " | ".join(_md_cell(c) for c in columns) + " |",
        "|" + "|".join("---" for _c in columns) + "|",
        "| "
        + " | ".join(f"({n})" if n <= form.numbered else "" for n in range(1, len(columns) + 1))
        + " |",
    ]
    for row in [*rows, totals]:
        lines.append("| " + " | ".join(_md_cell(value) for value in row) + " |")
    return lines


def admin_reform_markdown(data: dict) -> str:
    lines = [f"# {_md_cell(report_title(data))}", ""]
    for paragraph in admin_reform_paragraphs(data):
        lines += [str(safe_cell(paragraph)), ""]
    lines += [f"## {forms.form_06().code}", "", forms.period_line(data), ""]
    lines += [*_md_table(forms.form_06(), *forms.form_06_rows(data)), ""]
    lines += [f"## {forms.form_06a().code}", ""]
    lines += [*_md_table(forms.form_06a(), *forms.form_06a_rows(data)), ""]
    lines += [f"## {forms.form_07b().code}", ""]
    lines += [*_md_table(forms.form_07b(), *forms.form_07b_rows(data)), ""]
    lines += [f"## {_('Checks')}", ""]
    checks = check_lines(data)
    lines += [f"- {_md_cell(line)}" for line in checks] or [_("Every figure adds up.")]
    return "\n".join(lines) + "\n"


def _markdown(data: dict) -> bytes:
    return admin_reform_markdown(data).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# DOCX


def _docx(data: dict) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    _docx_title_block(document, data, WD_ALIGN_PARAGRAPH)
    document.add_heading(str(safe_cell(report_title(data))), level=1)
    for paragraph in admin_reform_paragraphs(data):
        body = document.add_paragraph(str(safe_cell(paragraph)))
        body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    form = forms.form_06()
    document.add_page_break()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(form.title).bold = True
    line = document.add_paragraph(forms.period_line(data))
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    unit = document.add_paragraph(_("Unit: dossiers"))
    unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    rows, totals = forms.form_06_rows(data)
    _docx_form_table(document, form, rows, totals, Pt)

    checks = check_lines(data)
    document.add_heading(_("Checks"), level=2)
    for text in checks or [_("Every figure adds up.")]:
        document.add_paragraph(str(safe_cell(text)))
    _docx_signatures(document)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_title_block(document, data: dict, align) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run(str(safe_cell(data.get("reporting_unit", "")).upper())).bold = True
    left.paragraphs[0].alignment = align.CENTER
    right.paragraphs[0].add_run(_("SOCIALIST REPUBLIC OF VIETNAM")).bold = True
    right.paragraphs[0].alignment = align.CENTER
    motto = right.add_paragraph()
    motto.add_run(_("Independence - Freedom - Happiness")).bold = True
    motto.alignment = align.CENTER


def _docx_form_table(document, form: forms.Form, rows: list[list], totals: list, pt) -> None:
    columns = form.columns
    table = document.add_table(rows=3, cols=len(columns))
    table.style = "Table Grid"
    index = 0
    for group in form.groups:
        span = len(group.labels)
        top = table.cell(0, index)
        if span == 1:
            merged = top.merge(table.cell(1, index))
            merged.text = group.title
        else:
            merged = top.merge(table.cell(0, index + span - 1))
            merged.text = group.title
            for offset, label in enumerate(group.labels):
                table.cell(1, index + offset).text = label
        index += span
    for number in range(len(columns)):
        table.cell(2, number).text = f"({number + 1})" if number < form.numbered else ""
    for row in [*rows, totals]:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = whole(value) if isinstance(value, int) else str(safe_cell(value))
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = pt(9)


def _docx_signatures(document) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run(_("PREPARED BY")).bold = True
    left.add_paragraph(_("(Signature, full name)"))
    right.paragraphs[0].add_run(_("HEAD OF THE UNIT")).bold = True
    right.add_paragraph(_("(Signature, seal, full name)"))


# ---------------------------------------------------------------------------------------------
# XLSX


def _xlsx(data: dict) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = (
        (_("Form 06"), forms.form_06(), forms.form_06_rows(data)),
        (_("Form II.06a"), forms.form_06a(), forms.form_06a_rows(data)),
        (_("Form 07b"), forms.form_07b(), forms.form_07b_rows(data)),
    )
    for name, form, (rows, totals) in sheets:
        _xlsx_form_sheet(workbook.create_sheet(name), form, rows, totals, data)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_form_sheet(sheet, form: forms.Form, rows: list[list], totals: list, data: dict) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    width = len(form.columns)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(bold=True)

    def put(row: int, column: int, value, *, font=None, align=None, border=None):
        cell = sheet.cell(row=row, column=column, value=safe_cell(value))
        if font:
            cell.font = font
        if align:
            cell.alignment = align
        if border:
            cell.border = border
        return cell

    def band(row: int, first: int, last: int, value, *, font=None, align=centre):
        put(row, first, value, font=font, align=align)
        if last > first:
            sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

    half = max(2, width // 2)
    # Title block: the reporting unit on the left, the form's number on the right, the national
    # motto, the title and the period centred, as the circular's forms print them.
    band(1, 1, half, str(data.get("reporting_unit", "")).upper(), font=bold)
    band(1, half + 1, width, form.code, font=bold)
    band(2, half + 1, width, _("Issued with Circular 01/2020/TT-VPCP"))
    band(3, 1, width, _("SOCIALIST REPUBLIC OF VIETNAM"), font=bold)
    band(4, 1, width, _("Independence - Freedom - Happiness"), font=bold)
    band(6, 1, width, form.title, font=Font(bold=True, size=13))
    band(7, 1, width, forms.period_line(data))
    band(
        8,
        1,
        width,
        _("Unit: dossiers") if form.numbered == 13 else _("Unit: procedures"),
        align=Alignment(horizontal="right"),
    )

    top, sub, numbers = 10, 11, 12
    column = 1
    for group in form.groups:
        span = len(group.labels)
        if span == 1:
            put(top, column, group.title, font=bold, align=centre, border=box)
            put(sub, column, None, border=box)
            sheet.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
        else:
            put(top, column, group.title, font=bold, align=centre, border=box)
            for offset in range(1, span):
                put(top, column + offset, None, border=box)
            sheet.merge_cells(
                start_row=top, start_column=column, end_row=top, end_column=column + span - 1
            )
            for offset, label in enumerate(group.labels):
                put(sub, column + offset, label, font=bold, align=centre, border=box)
        column += span
    for index in range(1, width + 1):
        put(
            numbers, index, f"({index})" if index <= form.numbered else "", align=centre, border=box
        )

    row_index = numbers
    for values in [*rows, totals]:
        row_index += 1
        is_total = values is totals
        for index, value in enumerate(values, start=1):
            cell = put(row_index, index, value, border=box, font=bold if is_total else None)
            if isinstance(value, int):
                cell.number_format = "#,##0"
    sheet.freeze_panes = sheet.cell(row=numbers + 1, column=3)

    sign = row_index + 2
    band(sign, 1, half, _("PREPARED BY"), font=bold)
    band(sign, half + 1, width, _("HEAD OF THE UNIT"), font=bold)
    band(sign + 1, 1, half, _("(Signature, full name)"))
    band(sign + 1, half + 1, width, _("(Signature, seal, full name)"))

    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 42
    for index in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 12
    sheet.row_dimensions[top].height = 32
    sheet.row_dimensions[sub].height = 45
