"""The administrative-reform report as a file: Markdown, JSON, XLSX (openpyxl: forms 06, II.06a
and 07b laid out and set to print as the official forms), DOCX (``docx_document``) or PDF
(``pdf_document``), the last two as the document an office signs. Each
writer renders the dict of ``admin_reform_data`` and nothing else, so a stored report renders
the same figures again; every text cell is neutralised against formula injection."""

import io
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from procedures.reports import official_forms as forms
from procedures.reports.formats import safe_cell, whole
from procedures.reports.narrative import (
    admin_reform_paragraphs,
    check_lines,
    figure_spans,
    report_title,
)
from procedures.reports.serving_index import (
    serving_index_report_header,
    serving_index_report_rows,
)
from procedures.reports.sources import form_links

FONT = "Times New Roman"


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
    "pdf": "application/pdf",
}


def report_file_name(data: dict, extension: str) -> str:
    unit = f"-{data['unit']['code']}" if data.get("unit") else ""
    return f"bao-cao-cai-cach-hanh-chinh-{data['from']}-{data['to']}{unit}.{extension}"


def admin_reform_file(
    data: dict, file_format: str, document: dict | None = None, template: bytes | None = None
) -> ReportFile:
    """``data`` written as ``file_format``; ``document`` (issuing body, number, signer, ...: see
    ``reports.document``) shapes the DOCX and PDF, the documents an office signs; ``template``
    is the office's Word template for the DOCX (the default one when None)."""
    if file_format == "docx":
        from procedures.reports.docx_template import admin_reform_docx

        content = admin_reform_docx(data, document, template)
    elif file_format == "pdf":
        from procedures.reports.pdf_document import admin_reform_pdf

        content = admin_reform_pdf(data, document)
    else:
        content = {"md": _markdown, "json": _json, "xlsx": _xlsx}[file_format](data)
    return ReportFile(content, CONTENT_TYPES[file_format], file_format)


# ---------------------------------------------------------------------------------------------
# JSON and Markdown


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode("utf-8")


def _md_cell(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return whole(value)
    text = str(safe_cell(value if value is not None else ""))
    return text.replace("|", "\\|").replace("\n", " ")


def _md_linked(text: str, url: str) -> str:
    return f"[{text}]({url})" if url and text else text


def _md_table(
    form: forms.Form, rows: list[list], totals: list, links: tuple[list, list] = ([], [])
) -> list[str]:
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
    row_links, total_links = links
    for index, row in enumerate([*rows, totals]):
        urls = total_links if index == len(rows) else (row_links[index : index + 1] or [[]])[0]
        cells = [
            _md_linked(_md_cell(value), urls[position] if position < len(urls) else "")
            for position, value in enumerate(row)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def admin_reform_markdown(data: dict) -> str:
    lines = [f"# {_md_cell(report_title(data))}", ""]
    sources = data.get("sources")
    for paragraph in admin_reform_paragraphs(data, marked=True):
        text = "".join(_md_linked(piece, url) for piece, url in figure_spans(paragraph, sources))
        lines += [str(safe_cell(text)), ""]
    lines += [f"## {forms.form_06().code}", "", forms.period_line(data), ""]
    lines += [*_md_table(forms.form_06(), *forms.form_06_rows(data), form_links(data, "06")), ""]
    lines += [f"## {forms.form_06a().code}", ""]
    lines += [
        *_md_table(forms.form_06a(), *forms.form_06a_rows(data), form_links(data, "06a")),
        "",
    ]
    lines += [f"## {forms.form_07b().code}", ""]
    lines += [
        *_md_table(forms.form_07b(), *forms.form_07b_rows(data), form_links(data, "07b")),
        "",
    ]
    if data.get("serving_index", {}).get("groups"):
        header = serving_index_report_header()
        lines += [f"## {_('Serving index (Decision 766)')}", ""]
        lines += ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _h in header) + "|"]
        lines += [
            "| " + " | ".join(_md_cell(c) for c in row) + " |"
            for row in serving_index_report_rows(data["serving_index"])
        ]
        lines += [""]
    lines += [f"## {_('Checks')}", ""]
    checks = check_lines(data)
    lines += [f"- {_md_cell(line)}" for line in checks] or [_("Every figure adds up.")]
    return "\n".join(lines) + "\n"


def _markdown(data: dict) -> bytes:
    return admin_reform_markdown(data).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# XLSX


def _xlsx(data: dict) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = (
        (_("Form 06"), forms.form_06(), forms.form_06_rows(data), "06"),
        (_("Form II.06a"), forms.form_06a(), forms.form_06a_rows(data), "06a"),
        (_("Form 07b"), forms.form_07b(), forms.form_07b_rows(data), "07b"),
    )
    for name, form, (rows, totals), code in sheets:
        sheet = workbook.create_sheet(name)
        _xlsx_form_sheet(sheet, form, rows, totals, data, form_links(data, code))
    if data.get("serving_index", {}).get("groups"):
        sheet = workbook.create_sheet(_("Serving index"))
        for row in [
            serving_index_report_header(),
            *serving_index_report_rows(data["serving_index"]),
        ]:
            sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_form_sheet(
    sheet, form: forms.Form, rows: list[list], totals: list, data: dict, links=([], [])
) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    width = len(form.columns)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    right = Alignment(horizontal="right", vertical="center")
    bold = Font(name=FONT, bold=True)
    plain = Font(name=FONT)

    def put(row: int, column: int, value, *, font=None, align=None, border=None):
        cell = sheet.cell(row=row, column=column, value=safe_cell(value))
        cell.font = font or plain
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
    band(6, 1, width, form.title, font=Font(name=FONT, bold=True, size=13))
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
    row_links, total_links = links
    for position, values in enumerate([*rows, totals]):
        row_index += 1
        is_total = values is totals
        urls = total_links if is_total else (row_links[position : position + 1] or [[]])[0]
        for index, value in enumerate(values, start=1):
            cell = put(row_index, index, value, border=box, font=bold if is_total else None)
            url = urls[index - 1] if index - 1 < len(urls) else ""
            if url and isinstance(value, int):
                # The count stays a number; the link opens the list that gives it.
                cell.hyperlink = url
            if isinstance(value, int) and index > 1:
                # A number, never text: "#,##0" shows 20.985 where the reader's locale groups
                # with dots (a Vietnamese Excel or LibreOffice).
                cell.number_format = "#,##0"
                cell.alignment = right
            elif index == 1:
                cell.alignment = centre
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
    # The merged title wraps on a narrow form (07b's five columns): give its row two lines, or
    # the second line prints over the period below it.
    characters = 6 + 42 + 12 * (width - 2)
    title = sheet.cell(row=6, column=1)
    title.alignment = centre
    sheet.row_dimensions[6].height = 36 if len(form.title) * 1.3 > characters else 20
    _xlsx_print_layout(sheet, header_rows=f"{top}:{numbers}")


def _xlsx_print_layout(sheet, *, header_rows: str) -> None:
    """Print as the official form: A4 landscape, one page wide (as many pages tall as the rows
    need), the two-row header and the column numbers repeated on each page, the page number in
    the footer."""
    from openpyxl.worksheet.page import PageMargins

    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, footer=0.3)
    sheet.print_title_rows = header_rows
    sheet.oddFooter.center.text = _("Page &P of &N")
    sheet.oddFooter.center.font = FONT
