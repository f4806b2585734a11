"""Errors of a dossier history's files: one bad row (file, line, column, reason), a file that
cannot be read at all, and the collector the validators fill column by column."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _

from procedures.importers.files import UnreadableFile


@dataclass(frozen=True)
class RowError:
    """One bad row: the file, its line in the file (the header is line 1), the column and the
    reason. The file is named because a dossiers file and an events file are read together."""

    row: int
    column: str
    message: str
    file: str = ""

    def __str__(self) -> str:
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.file:
            return _("%(file)s, row %(row)s, column %(column)s: %(message)s") % {
                "file": self.file,
                **values,
            }
        return _("row %(row)s, column %(column)s: %(message)s") % values


class FileError(UnreadableFile):
    """The file as a whole cannot be read (missing columns, unknown format, not found, empty,
    an encoding we do not read, an unclosed quote, a workbook that is not one or is too big)."""


class _Errors:
    def __init__(self, file: str = ""):
        self.file = file
        self.items: list[RowError] = []

    def add(self, frame: pd.DataFrame, mask: pd.Series, column: str, message) -> None:
        for row in frame.loc[mask, "row"].tolist():
            self.items.append(RowError(int(row), column, str(message), self.file))
