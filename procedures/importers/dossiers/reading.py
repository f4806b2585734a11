"""Reading a dossier history's file (CSV or XLSX) as a stream of text frames, each row numbered
with its line in the file; the whole file's faults (format, encoding, missing columns) are
raised as :class:`~procedures.importers.dossiers.errors.FileError`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from procedures.importers.dossiers.errors import FileError
from procedures.importers.files import (
    CP1258,
    UnreadableFile,
    check_row_count,
    check_xlsx,
    csv_encoding,
    csv_error,
    require_file,
)
from procedures.importers.memory import raise_if_out_of_memory


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_chunks(
    path: str | Path, *, columns: tuple[str, ...], chunk_size: int
) -> Iterator[pd.DataFrame]:
    """Stream ``path`` (``.csv`` or ``.xlsx``) as frames of text with a ``row`` column holding
    the line number; fail early when a required column is missing."""
    path = Path(path)
    if chunk_size < 1:
        raise ValueError(_("The chunk size must be a whole number of rows, 1 or more."))
    try:
        require_file(path)
    except UnreadableFile as error:
        raise FileError(str(error)) from error
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            yield from _read_csv(path, columns=columns, chunk_size=chunk_size)
        except FileError:
            raise
        except (ValueError, UnicodeError, UnreadableFile) as error:
            raise_if_out_of_memory(error)
            # pandas' ParserError and EmptyDataError are ValueErrors.
            raise FileError(
                str(error if isinstance(error, UnreadableFile) else csv_error(path, error))
            ) from error
        return
    if suffix in (".xlsx", ".xlsm"):
        try:
            check_xlsx(path)
            yield from _read_xlsx(path, columns=columns, chunk_size=chunk_size)
        except FileError:
            raise
        except UnreadableFile as error:
            raise FileError(str(error)) from error
        return
    raise FileError(_("%(name)s: only .csv and .xlsx files can be imported.") % {"name": path.name})


def _read_csv(path: Path, *, columns, chunk_size: int) -> Iterator[pd.DataFrame]:
    encoding = csv_encoding(path)
    reader = pd.read_csv(
        path,
        dtype=str,
        keep_default_na=False,
        chunksize=chunk_size,
        encoding=encoding,
        skipinitialspace=True,
        # Blank lines are kept while rows are numbered, so the numbers stay the file's lines.
        skip_blank_lines=False,
    )
    first_row = 2
    for chunk in reader:
        chunk.columns = [str(c).strip().lower() for c in chunk.columns]
        _check_columns(chunk.columns, columns, path)
        if encoding == CP1258:
            # Windows-1258 writes tone marks as combining characters: recompose them.
            for column in chunk.columns:
                chunk[column] = chunk[column].str.normalize("NFC")
        chunk.insert(0, "row", np.arange(first_row, first_row + len(chunk)))
        first_row += len(chunk)
        blank = chunk.drop(columns="row").fillna("").eq("").all(axis=1)
        if not blank.all():
            yield chunk[~blank]


def _read_xlsx(path: Path, *, columns, chunk_size: int) -> Iterator[pd.DataFrame]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_cell(c).lower() for c in next(rows, ())]
        _check_columns(header, columns, path)
        batch, line = [], 1
        for values in rows:
            line += 1
            check_row_count(line, path.name)
            if not any(v not in (None, "") for v in values):
                continue
            batch.append([line, *(_cell(v) for v in values)])
            if len(batch) >= chunk_size:
                yield pd.DataFrame(batch, columns=["row", *header])
                batch = []
        if batch:
            yield pd.DataFrame(batch, columns=["row", *header])
    finally:
        workbook.close()


def _check_columns(present, required, path: Path) -> None:
    missing = [c for c in required if c not in set(present)]
    if missing:
        raise FileError(
            _("%(name)s: missing columns %(columns)s.")
            % {"name": path.name, "columns": ", ".join(missing)}
        )
