"""Xuất bảng: one way to turn a table (a pandas frame) into CSV or XLSX bytes for download.

Every cell a spreadsheet could read as a formula (text starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return: OWASP's CSV-injection rule) is written with a leading apostrophe,
so a procedure or applicant name like ``=HYPERLINK(...)`` stays text. Numbers stay numbers.
"""

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` as a spreadsheet must receive it: text that could start a formula is
    prefixed with an apostrophe; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and header neutralised."""
    out = frame.copy()
    out.columns = [safe_cell(str(c)) for c in out.columns]
    for column in out.columns:
        # Every column: text may sit in any dtype (object or pandas' own string dtype).
        out[column] = out[column].map(safe_cell).astype(object)
    return out


def frame_csv(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM (Excel then reads Vietnamese correctly)."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def frame_xlsx(frame: pd.DataFrame, *, sheet: str, title: str = "", subtitle: str = "") -> bytes:
    """One worksheet: an optional title and subtitle, bold wrapped headers, the rows."""
    frame = safe_frame(frame)
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet[:31]
    top = 1
    for text in (title, subtitle):
        if text:
            ws.cell(row=top, column=1, value=safe_cell(text)).font = Font(bold=top == 1)
            top += 1
    if top > 1:
        top += 1
    for col, header in enumerate(frame.columns, start=1):
        cell = ws.cell(row=top, column=col, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = 14 if col > 2 else 36
    for r, values in enumerate(frame.itertuples(index=False), start=top + 1):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=None if pd.isna(value) else value)
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
