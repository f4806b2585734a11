"""Opening an imported file safely, for every importer: which encoding a CSV is in, whether an
XLSX is really a workbook and not a zip bomb, and one clear message (in Vietnamese) for each way
a file can fail to open, instead of a traceback.

CSV encodings: UTF-8 with or without a byte-order mark, UTF-16 (what Excel writes as "Unicode
text"), and Windows-1258 (cp1258, what officers' Excel on Vietnamese Windows writes as "CSV"),
whose decomposed tone marks are recomposed (NFC) so that the text compares equal to UTF-8 text.
"""

from __future__ import annotations

import codecs
import logging
import re
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
CP1258 = "cp1258"
_BLOCK = 1 << 20


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message names the file and why."""


def require_file(path: Path) -> None:
    if not path.exists():
        raise UnreadableFile(_("%(name)s: no such file.") % {"name": path})
    if not path.is_file():
        raise UnreadableFile(_("%(name)s: not a file.") % {"name": path})


def csv_encoding(path: Path) -> str:
    """The encoding of a CSV file, read from its byte-order mark, else by trying UTF-8 over the
    whole file (streamed, so memory stays flat), else cp1258 when every byte means something
    in it; anything else is refused with the encodings we read named."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if len(head) >= 2 and head[1] == 0 and head[0] != 0:
            return "utf-16-le"
        if len(head) >= 2 and head[0] == 0 and head[1] != 0:
            return "utf-16-be"
        handle.seek(0)
        utf8 = codecs.getincrementaldecoder("utf-8")()
        windows = codecs.getincrementaldecoder(CP1258)()
        is_utf8, is_windows = True, True
        while block := handle.read(_BLOCK):
            if is_utf8:
                try:
                    utf8.decode(block)
                except UnicodeDecodeError:
                    is_utf8 = False
            if is_windows:
                try:
                    windows.decode(block)
                except UnicodeDecodeError:
                    is_windows = False
            if not (is_utf8 or is_windows):
                break
    if is_utf8:
        return "utf-8"
    if is_windows:
        return CP1258
    raise UnreadableFile(
        _(
            "%(name)s: the text encoding is not one we read (UTF-8, UTF-16 or Windows-1258): "
            'save the file again as "CSV UTF-8".'
        )
        % {"name": path.name}
    )


def csv_error(path: Path, error: Exception) -> UnreadableFile:
    """One message for each way pandas can fail on a CSV file."""
    import pandas as pd

    if isinstance(error, pd.errors.EmptyDataError):
        return UnreadableFile(_("%(name)s: the file is empty.") % {"name": path.name})
    if isinstance(error, UnicodeDecodeError):
        return UnreadableFile(
            _("%(name)s: the file is not in the text encoding it announces (%(encoding)s).")
            % {"name": path.name, "encoding": error.encoding}
        )
    text = str(error)
    quote = re.search(r"EOF inside string starting at row (\d+)", text)
    if quote:
        return UnreadableFile(
            _('%(name)s, row %(row)s: a quotation mark (") opens a cell that is never closed.')
            % {"name": path.name, "row": int(quote.group(1)) + 1}
        )
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if fields:
        return UnreadableFile(
            _("%(name)s, row %(row)s: %(saw)s cells where the header has %(expected)s.")
            % {
                "name": path.name,
                "row": fields.group(2),
                "saw": fields.group(3),
                "expected": fields.group(1),
            }
        )
    # Any other reason is pandas' own English: logged for the administrator, not shown inside a
    # Vietnamese sentence.
    logger.info("%s: unreadable CSV: %s", path.name, text)
    return UnreadableFile(
        _(
            "%(name)s: the file cannot be read as CSV: save it again from Excel as "
            "“CSV UTF-8” and check that every row has as many cells as the header."
        )
        % {"name": path.name}
    )


def check_xlsx(source, name: str | None = None) -> None:
    """Refuse, before reading it, a file that is not an XLSX workbook (not a zip archive) or one
    that would inflate past IMPORT_XLSX_MAX_MB or hold more than IMPORT_XLSX_MAX_ROWS rows in a
    sheet (a zip bomb: a small file that holds gigabytes). ``source``: a path or bytes."""
    import io

    name = name or (source.name if isinstance(source, Path) else _("the workbook"))
    handle = source if isinstance(source, Path) else io.BytesIO(source)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile(
            _("%(name)s is not an XLSX workbook (not a zip archive): save it again from Excel.")
            % {"name": name}
        ) from error
    with archive:
        members = archive.infolist()
        if not any(m.filename.startswith("xl/worksheets/") for m in members):
            raise UnreadableFile(
                _("%(name)s is not an XLSX workbook (it holds no sheet).") % {"name": name}
            )
        inflated = sum(m.file_size for m in members)
        limit = settings.IMPORT_XLSX_MAX_MB * 1024 * 1024
        if inflated > limit:
            raise UnreadableFile(
                _(
                    "%(name)s would take %(size)s MB once unpacked, more than the %(limit)s MB "
                    "an import may read: split it, or import it as CSV."
                )
                % {"name": name, "size": inflated // (1024 * 1024), "limit": limit // (1024 * 1024)}
            )
        _check_shared_strings(archive, name)
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                _check_rows(archive, member, name)


def _check_shared_strings(archive: zipfile.ZipFile, name: str) -> None:
    """The shared strings table is read whole even when the sheets are streamed: its unpacked
    size is bounded on its own (``IMPORT_XLSX_MAX_SHARED_STRINGS_MB``)."""
    limit = settings.IMPORT_XLSX_MAX_SHARED_STRINGS_MB * 1024 * 1024
    for member in archive.infolist():
        if member.filename.lower().endswith("sharedstrings.xml") and member.file_size > limit:
            raise UnreadableFile(
                _(
                    "%(name)s holds %(size)s MB of text in its shared strings, more than the "
                    "%(limit)s MB an import reads: split it, or import it as CSV."
                )
                % {
                    "name": name,
                    "size": member.file_size // (1024 * 1024),
                    "limit": limit // (1024 * 1024),
                }
            )


def read_xlsx_sheets(content: bytes, name: str) -> dict:
    """Every sheet of a workbook as a header-less frame of its cells, read as a stream
    (openpyxl's read-only mode, values only: no cell object is kept), with the cells counted as
    they come: past ``IMPORT_XLSX_MAX_CELLS`` non-empty cells, or ``IMPORT_XLSX_MAX_ROWS`` rows,
    the file is refused before it takes the memory (a small file can declare millions of
    cells). Cells as pandas' ``read_excel`` gives them: empty ones as "", whole numbers as int,
    error values (#N/A) as NaN, dates as datetimes."""
    import io

    import numpy as np
    import pandas as pd
    from openpyxl import load_workbook
    from openpyxl.cell.cell import ERROR_CODES

    def convert(value):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value in ERROR_CODES:
            return np.nan
        return value

    limit = settings.IMPORT_XLSX_MAX_CELLS
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    cells, sheets = 0, {}
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # declared dimensions may lie: read what is there
            data, last = [], -1
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                check_row_count(number, name)
                row = [convert(value) for value in values]
                while row and row[-1] == "":
                    row.pop()
                if row:
                    last = number - 1
                    cells += sum(1 for value in row if value != "")
                    if cells > limit:
                        raise UnreadableFile(
                            _(
                                "%(name)s holds more than the %(limit)s filled cells an import "
                                "reads: split it."
                            )
                            % {"name": name, "limit": f"{limit:,}".replace(",", ".")}
                        )
                data.append(row)
            data = data[: last + 1]
            width = max((len(row) for row in data), default=0)
            data = [row + [""] * (width - len(row)) for row in data]
            sheets[sheet.title] = pd.DataFrame(data, dtype=object)
    finally:
        workbook.close()
    return sheets


def _check_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """The sheet's declared size (<dimension ref="A1:K1200"/>), read from its first bytes."""
    with archive.open(member) as sheet:
        head = sheet.read(4096).decode("utf-8", "replace")
    match = re.search(r'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
    if match and int(match.group(1)) > settings.IMPORT_XLSX_MAX_ROWS:
        raise UnreadableFile(
            _("%(name)s holds %(rows)s rows in a sheet, more than the %(limit)s an import reads.")
            % {"name": name, "rows": match.group(1), "limit": settings.IMPORT_XLSX_MAX_ROWS}
        )


def check_row_count(rows: int, name: str) -> None:
    """While streaming a sheet whose dimension was missing or lied."""
    if rows > settings.IMPORT_XLSX_MAX_ROWS:
        raise UnreadableFile(
            _("%(name)s holds more than the %(limit)s rows an import reads.")
            % {"name": name, "limit": settings.IMPORT_XLSX_MAX_ROWS}
        )


# Control characters other than tab and line breaks: PostgreSQL cannot store NUL in text at all
# (the import then ended with the database's own words), and the others are never typed.
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def control_character_message() -> str:
    return _(
        "the cell holds an invisible control character (such as NUL, \\x00) that cannot be "
        "stored: retype the cell's text"
    )


def control_character_mask(values):
    """Which cells of a pandas Series of text hold a control character."""
    return values.astype(str).str.contains(CONTROL_CHARACTERS, regex=True, na=False)


def control_character_cells(frame) -> list[tuple[int, int]]:
    """The (row position, column position) of every cell of ``frame`` holding a control
    character, in reading order; ``frame`` has no header (a table as read)."""
    cells = []
    for position, column in enumerate(frame.columns):
        values = frame[column]
        mask = values.map(lambda v: isinstance(v, str)).astype(bool) & control_character_mask(
            values
        )
        cells += [(row, position) for row in mask.to_numpy().nonzero()[0].tolist()]
    return sorted(cells)


def control_character_problems(tables) -> list:
    """Every cell of ``tables`` (each with ``.sheet`` and a header-less ``.frame``, as the
    catalogue's reader gives them) holding a control character, as a problem naming its sheet,
    row and column letter, the way a spreadsheet shows them."""
    from openpyxl.utils import get_column_letter

    from procedures.problems import Problem

    message = control_character_message()
    message = message[:1].upper() + message[1:]
    return [
        Problem(
            message,
            row=row + 1,
            column=get_column_letter(column + 1),
            sheet=table.sheet,
        )
        for table in tables
        for row, column in control_character_cells(table.frame)
    ]
