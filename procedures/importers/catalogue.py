"""Readers of catalogue files (CSV and XLSX, Vietnamese headers of the national records), with
pandas; the decision's tables are read by ``procedures.importers.decision_file``. They write
nothing: they return the rows read and a problem for every bad cell, located by sheet, row (as
the spreadsheet numbers it) and column (as the file writes it).
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.utils.translation import gettext as _

from procedures.choices import Level, TimeUnit
from procedures.importers.files import (
    UnreadableFile,
    check_xlsx,
    control_character_problems,
    csv_error,
    read_xlsx_sheets,
)
from procedures.importers.memory import raise_if_out_of_memory
from procedures.importers.published import NOT_CHECKED, check_item, check_warning
from procedures.problems import Problem
from procedures.record_times import CHANNEL_TEXT, TIME_FIELDS, channel_time_dict, record_time
from procedures.records import (
    IGNORED_HEADERS,
    PROCEDURE_COLUMNS,
    RECORD_FIELDS,
    CellError,
    RecordRow,
    clean_record,
    clean_text,
    column_header,
    empty_cell_value,
    header_key,
    parse_cell,
    procedure_header_map,
)

Progress = Callable[[int, int], None] | None

MAX_FILE_BYTES = 20 * 1024 * 1024
# How far down a sheet the header row may be (decision tables often carry a title above).
HEADER_SEARCH_ROWS = 15
# Columns a procedure file cannot go without. Any other column the file lacks is left unchanged
# for procedures already in the catalogue and takes MISSING_COLUMN_DEFAULTS for new ones.
REQUIRED_PROCEDURE_COLUMNS = ("code", "name")
# Cells that must be filled when their column is present; any other empty or unreadable cell of
# a national file goes in with a default and is marked to check (importers.published).
REQUIRED_PROCEDURE_CELLS = ("code", "name")
IGNORED_KEYS = {header_key(header) for header in IGNORED_HEADERS}
# What a national file's unreadable cell takes until it is checked, where the column's empty
# value does not serve: a level the portal names otherwise ("Cảng vụ") is "Cơ quan khác", the
# portal's own bucket for agencies outside the levels of government, never a guessed level.
UNREADABLE_DEFAULTS = {"level": {"level": Level.OTHER, "levels": [Level.OTHER]}}
# The decision's own columns, repeated on the rows of a CSV: read apart from the record.
DECISION_KEYS = {"number", "signed_on", "signer", "effective_on", "title"}
# A column key of a file -> the record fields it sets.
RECORD_KEYS = {
    "processing_time": (*TIME_FIELDS, "channel_times"),
    "applied_time": ("applied_time_value",),
    "level": ("level", "levels"),
}


@dataclass
class Table:
    sheet: str | None  # None for a CSV file
    frame: pd.DataFrame  # every cell as text, no header: row i is spreadsheet row i + 1


def is_spreadsheet(file_name: str, content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04" or file_name.lower().endswith((".xlsx", ".xlsm"))


def read_tables(content: bytes, file_name: str) -> tuple[list[Table], list[Problem]]:
    """The tables of a CSV or XLSX file, every cell as text."""
    if not content:
        return [], [Problem(_("The file is empty."))]
    if len(content) > MAX_FILE_BYTES:
        return [], [Problem(_("The file is larger than 20 MB: split it."))]
    if is_spreadsheet(file_name, content):
        try:
            # Before pandas inflates it: not a workbook, or a zip bomb (IMPORT_XLSX_MAX_MB).
            check_xlsx(content, file_name)
        except UnreadableFile as error:
            return [], [Problem(str(error))]
        try:
            # Cells keep their type (number, date, text): a code typed as a number is repaired
            # (2.00063 -> 2.000630), a code typed as text is not. Streamed, cells counted.
            sheets = read_xlsx_sheets(content, file_name)
        except UnreadableFile as error:
            return [], [Problem(str(error))]
        except Exception as error:  # noqa: BLE001 - any unreadable workbook gets the same answer
            raise_if_out_of_memory(error)
            return [], [Problem(_("The file cannot be read as an Excel workbook (.xlsx)."))]
        tables = [Table(str(name), frame) for name, frame in sheets.items()]
        return tables, control_character_problems(tables)
    if not file_name.lower().endswith((".csv", ".txt")):
        return [], [Problem(_("Unsupported file type: upload a .csv or .xlsx file."))]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(_("The CSV file is not in UTF-8: save it as “CSV UTF-8”."))]
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise_if_out_of_memory(error)
        return [], [Problem(str(csv_error(Path(file_name), error)))]
    tables = [Table(None, frame)]
    return tables, control_character_problems(tables)


def _find_header(frame: pd.DataFrame, mapping: dict[str, str]) -> int | None:
    for index in range(min(HEADER_SEARCH_ROWS, len(frame))):
        keys = {mapping.get(header_key(cell)) for cell in frame.iloc[index]}
        if "code" in keys:
            return index
    return None


@dataclass
class Header:
    """A table's header row: which column holds which field."""

    row: int  # 0-based index of the header row
    columns: dict[int, str]  # position -> field key
    names: dict[str, str]  # field key -> header as written in the file
    ignored: list[str]


def _read_header(frame: pd.DataFrame, index: int, mapping: dict[str, str]) -> Header:
    columns, names, ignored = {}, {}, []
    for position, cell in enumerate(frame.iloc[index]):
        text = clean_text(cell)
        if not text:
            continue
        key = mapping.get(header_key(text))
        if key and key not in names:
            columns[position] = key
            names[key] = text
        elif header_key(text) not in IGNORED_KEYS:
            ignored.append(text)
    return Header(index, columns, names, ignored)


def _blank(row) -> bool:
    return all(not clean_text(cell) for cell in row)


def _read_cells(
    row, header: Header, *, row_number: int, sheet: str | None, published: bool = False
) -> tuple[dict, set[str], list[Problem]]:
    """The values of one row; the column keys stated (non-empty) and problems per bad cell.
    ``published``: a national file, whose cells other than the code are taken in even when
    they cannot be read (``values["to_check"]``, see ``procedures.importers.published``)."""
    values: dict = {}
    stated: set[str] = set()
    problems: list[Problem] = []
    to_check: list[dict] = []
    for position, key in header.columns.items():
        if key in DECISION_KEYS:
            continue
        raw = row[position] if position < len(row) else ""
        text = clean_text(raw)
        if not text:
            continue
        stated.add(key)
        try:
            read = parse_cell(
                key, text, from_spreadsheet=isinstance(raw, float), published=published
            )
        except CellError as error:
            if not published or key in NOT_CHECKED:
                problems.append(
                    Problem(str(error), row=row_number, sheet=sheet, column=header.names[key])
                )
                continue
            fallback = UNREADABLE_DEFAULTS.get(key) or (
                empty_cell_value(key) or missing_column_defaults().get(key, {})
            )
            values.update(fallback)
            if not fallback:
                stated.discard(key)  # a date that cannot be read: the import's date applies
            to_check.append(
                check_item(key=key, column=header.names[key], text=text, why=str(error))
            )
            continue
        for part, why in read.pop("unread", []):
            to_check.append(check_item(key=key, column=header.names[key], text=part, why=why))
        values.update(read)
    code = values.get("code")
    problems = [Problem(p.message, p.row, p.sheet, p.column, code=code) for p in problems]
    if to_check:
        values["to_check"] = to_check
        values["warnings"] = [
            check_warning(item, row=row_number, sheet=sheet, code=code) for item in to_check
        ]
    note_times = values.pop("note_channel_times", None)
    ambiguous = values.pop("ambiguous_channels", [])
    if note_times is not None and "processing_time_unit" in values:
        # A note lists every channel's time; keep those that differ from the procedure's.
        main = record_time(values)
        values["channel_times"] = {
            channel: channel_time_dict(reading)
            for channel, reading in note_times.items()
            if not reading.same_reading(main)
        }
        ambiguous = values.pop("note_ambiguous_channels", [])
    values.pop("note_ambiguous_channels", None)
    note = values.pop("note", None)
    if ambiguous and "processing_time_unit" in values:
        values["warnings"] = [
            *values.get("warnings", []),
            Problem(
                _(
                    "%(channels)s: the cases give times in units that do not compare (“%(text)s”):"
                    " the procedure's time %(time)s applies; set the channel's time on the "
                    "procedure's page if it differs."
                )
                % {
                    "channels": ", ".join(CHANNEL_TEXT[c] for c in ambiguous),
                    "text": note or values.get("processing_time_text", ""),
                    "time": record_time(values).portal_text(),
                },
                row=row_number,
                sheet=sheet,
                column=header.names.get("note" if note else "processing_time"),
                code=code,
            ),
        ]
    if "applied_time_value" in values:
        unit = values.pop("applied_time_unit")
        legal_unit = values.get("processing_time_unit")
        if unit != "?" and legal_unit and unit != legal_unit:
            problems.append(
                Problem(
                    _("The applied time is in %(unit)s but the legal time in %(legal)s.")
                    % {
                        "unit": TimeUnit(unit).label,
                        "legal": TimeUnit(legal_unit).label,
                    },
                    row=row_number,
                    sheet=sheet,
                    column=header.names["applied_time"],
                    code=code,
                )
            )
    return values, stated, problems


def _record(values: dict, columns: set[str], *, full: bool) -> tuple[dict, set[str]]:
    """The record fields of a row; in a full record an empty cell of a present column means
    empty (no fees, no papers), in a partial one (amended) it means not announced."""
    record: dict = {}
    fields: set[str] = set()
    for key in columns:
        for record_key in RECORD_KEYS.get(key, (key,)):
            if record_key not in RECORD_FIELDS:
                continue
            if record_key in values:
                record[record_key] = values[record_key]
                fields.add(record_key)
            elif full:
                defaults = empty_cell_value(key)
                if record_key in defaults:
                    record[record_key] = defaults[record_key]
                    fields.add(record_key)
    if "processing_time_value" in record and "applied_time_value" not in record and full:
        record["applied_time_value"] = None
    return record, fields


def _progress_rows(tables: list[tuple[Table, Header]]) -> int:
    return sum(len(table.frame) - header.row - 1 for table, header in tables)


# ---------------------------------------------------------------------------------------------
# Procedure files (import_procedures, the export)


@dataclass
class ProcedureFile:
    rows: list[RecordRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)  # the standard headers


def missing_column_defaults() -> dict[str, dict]:
    """What a new procedure takes for a column the file lacks (documented in the README):
    level: Cấp Tỉnh; processing time: to be completed; sector: "Chưa phân loại"; the rest empty
    (no channels, no fees, online level 2, under the one-stop mechanism, not interconnected)."""
    defaults = {
        "level": {"level": Level.PROVINCE, "levels": [Level.PROVINCE]},
        "processing_time": {
            **dict.fromkeys(TIME_FIELDS),
            "processing_time_unit": TimeUnit.TO_COMPLETE,
            "processing_time_text": "",
            "channel_times": {},
        },
        "sector_name": {"sector_name": DEFAULT_SECTOR_NAME},
    }
    for column in PROCEDURE_COLUMNS:
        value = empty_cell_value(column.key)
        if value and column.key not in defaults:
            defaults[column.key] = value
    return defaults


DEFAULT_SECTOR_NAME = "Chưa phân loại"
# Columns whose default deserves a warning on each new procedure (the others default to empty).
WARNED_DEFAULTS = ("level", "processing_time", "sector_name")


def _time_warning(record: dict, number: int, sheet: str | None, column: str, code: str):
    """A time read as "to be completed" or "no time" is imported and listed."""
    unit = record.get("processing_time_unit")
    if unit == TimeUnit.TO_COMPLETE and not record.get("processing_time_text"):
        message = _(
            "The record gives no processing time: it is recorded as to be completed; complete "
            "it on the procedure's page (until then it counts as having no time)."
        )
    elif unit == TimeUnit.TO_COMPLETE:
        message = _(
            "“%(value)s” gives no unit: the processing time is recorded as to be completed; "
            "complete it on the procedure's page (until then it counts as having no time)."
        ) % {"value": record.get("processing_time_text") or ""}
    elif unit == TimeUnit.NONE:
        message = _(
            "No processing time (“%(value)s”): its dossiers get no due moment and are left out "
            "of the on-time rates."
        ) % {"value": record.get("processing_time_text") or ""}
    else:
        return None
    return Problem(message, row=number, sheet=sheet, column=column, code=code)


def read_procedure_file(content: bytes, file_name: str, *, progress: Progress = None):
    """Read a file of national records: one procedure per row, the first version of each. The
    national portal's exports (a title block above the header row, their own headers) are read
    as they come; headers match whatever their case, diacritics, spacing and order."""
    result = ProcedureFile()
    tables, result.problems = read_tables(content, file_name)
    if result.problems:
        return result
    mapping = procedure_header_map()
    found: list[tuple[Table, Header]] = []
    for table in tables:
        index = _find_header(table.frame, mapping)
        if index is not None:
            found.append((table, _read_header(table.frame, index, mapping)))
    if not found:
        result.problems.append(
            Problem(_("No header row with a “Mã TTHC” column was found in the file."))
        )
        return result
    headers = {c.key: c.header for c in PROCEDURE_COLUMNS}
    for table, header in found:
        missing = [column for column in REQUIRED_PROCEDURE_COLUMNS if column not in header.names]
        if missing:
            result.problems.append(
                Problem(
                    _("Missing columns: %(columns)s.")
                    % {"columns": ", ".join(headers[key] for key in missing)},
                    sheet=table.sheet,
                )
            )
        result.ignored_columns += [c for c in header.ignored if c not in result.ignored_columns]
    if result.problems:
        return result

    all_defaults = missing_column_defaults()
    total, done = _progress_rows(found), 0
    first_seen: dict[str, tuple[int, dict]] = {}
    for table, header in found:
        present = set(header.names)
        if "sector_code" in present:
            present.add("sector_name")
        defaults: dict = {}
        for key, value in all_defaults.items():
            if key not in present:
                defaults |= value
                if headers[key] not in result.missing_columns:
                    result.missing_columns.append(headers[key])
        warned = [headers[key] for key in WARNED_DEFAULTS if key not in present]
        # Plain lists: a cell per row read through pandas' indexing costs more than the reading.
        cells = table.frame.to_numpy(dtype=object).tolist()
        for index in range(header.row + 1, len(table.frame)):
            done += 1
            if progress:
                progress(done, total)
            row = cells[index]
            if _blank(row):
                continue
            number = index + 1
            values, stated, problems = _read_cells(
                row, header, row_number=number, sheet=table.sheet, published=True
            )
            code = values.get("code")
            to_check = values.pop("to_check", [])
            if "processing_time" in header.names and "processing_time" not in stated:
                # A record that gives no time is taken in to be completed, never guessed.
                values |= missing_column_defaults()["processing_time"]
                stated.add("processing_time")
            for key in REQUIRED_PROCEDURE_CELLS:
                if key in header.names and key not in stated:
                    problems.append(_missing(number, table.sheet, header.names[key], code))
            sector_keys = {"sector_code", "sector_name"}
            if sector_keys & set(header.names) and not sector_keys & stated:
                column = header.names.get("sector_name") or header.names["sector_code"]
                values |= missing_column_defaults()["sector_name"]
                to_check.append(_empty_item("sector_name", column))
            if "level" in header.names and "level" not in stated:
                values |= missing_column_defaults()["level"]
                to_check.append(_empty_item("level", header.names["level"]))
            record, fields = _record(values, set(header.names), full=True)
            record, record_problems = clean_record(defaults | record, full=True)
            if not problems:
                problems += [
                    Problem(
                        p.message,
                        row=number,
                        sheet=table.sheet,
                        column=_header_for(p.column, header),
                        code=code,
                    )
                    for p in record_problems
                ]
            if code and not problems:
                if code in first_seen:
                    seen_row, seen_record = first_seen[code]
                    if seen_record != record:
                        problems.append(_duplicate(number, table.sheet, header, code, seen_row))
                    else:
                        # The same record twice (listed under two sectors or agencies): once.
                        result.warnings.append(
                            Problem(
                                _("The same record as row %(row)s: taken once.")
                                % {"row": seen_row},
                                row=number,
                                sheet=table.sheet,
                                column=header.names["code"],
                                code=code,
                            )
                        )
                        continue
                first_seen[code] = (number, record)
            if problems:
                result.problems += problems
                continue
            if "processing_time" in header.names:
                column = header.names["processing_time"]
                timed = any(item["field"] == "processing_time" for item in to_check)
                if record.get("processing_time_unit") == TimeUnit.TO_COMPLETE and not timed:
                    to_check.append(_empty_item("processing_time", column))
                    timed = True
                warning = (
                    None if timed else _time_warning(record, number, table.sheet, column, code)
                )
                if warning:
                    result.warnings.append(warning)
            result.warnings += values.get("warnings", [])
            result.warnings += [
                check_warning(item, row=number, sheet=table.sheet, code=code)
                for item in to_check
                if not item["text"]
            ]
            result.rows.append(
                RecordRow(
                    row=number,
                    sheet=table.sheet,
                    code=code,
                    valid_from=values.get("valid_from"),
                    record=record,
                    columns=fields,
                    decision_number=values.get("decision_number", ""),
                    published_on=values.get("published_on"),
                    headers={key: _header_for(key, header) for key in fields},
                    defaulted=warned,
                    to_check=to_check,
                )
            )
    return result


def _empty_item(key: str, column: str) -> dict:
    return check_item(
        key=key,
        column=column,
        text="",
        why=_("the file gives no value; the default applies until it is completed."),
    )


def _duplicate(row: int, sheet: str | None, header: Header, code: str, first: int) -> Problem:
    return Problem(
        _("The code is also on row %(row)s with a different record: one record per procedure.")
        % {"row": first},
        row=row,
        sheet=sheet,
        column=header.names["code"],
        code=code,
    )


def _missing(row: int, sheet: str | None, column: str, code: str | None) -> Problem:
    return Problem(_("This cell is required."), row=row, sheet=sheet, column=column, code=code)


def _header_for(record_key: str | None, header: Header) -> str | None:
    """The file's own header for a record field (or the standard one when the file has none)."""
    if record_key is None:
        return None
    for key, fields in RECORD_KEYS.items():
        if record_key in fields and key in header.names:
            return header.names[key]
    return header.names.get(record_key) or column_header(record_key)
