"""Reading a catalogue file's tables (CSV or XLSX, with pandas) and finding each table's header
row: which column holds which field of the national record (hồ sơ TTHC), whatever the portal's
title block above it. Writes nothing; a problem names the file, its sheet or its header."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from django.utils.translation import gettext as _

from procedures.importers.files import (
    UnreadableFile,
    check_xlsx,
    control_character_problems,
    csv_error,
    read_xlsx_sheets,
)
from procedures.importers.memory import raise_if_out_of_memory
from procedures.problems import Problem
from procedures.records import IGNORED_HEADERS, clean_text, header_key

Progress = Callable[[int, int], None] | None

MAX_FILE_BYTES = 20 * 1024 * 1024
# How far down a sheet the header row may be (decision tables often carry a title above).
HEADER_SEARCH_ROWS = 15


IGNORED_KEYS = {header_key(header) for header in IGNORED_HEADERS}


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


def _progress_rows(tables: list[tuple[Table, Header]]) -> int:
    return sum(len(table.frame) - header.row - 1 for table, header in tables)
