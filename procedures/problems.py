"""Problems found in user input (a file row, a decision line, a form field), reported all at once.

Imports and catalogue actions validate everything first and refuse with the whole list, so a
reform officer fixes a file in one pass instead of one error per attempt.
"""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    message: str
    row: int | None = None  # spreadsheet row as the user sees it (the header is row 1)
    sheet: str | None = None
    column: str | None = None  # the header (file) or the field (form, API)
    line: int | None = None  # position (TT) of a decision line, or of a review item
    code: str | None = None  # the procedure code concerned

    def as_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value is not None}

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row is not None:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.line is not None:
            parts.append(_("line %(line)s") % {"line": self.line})
        if self.column:
            parts.append(_("column “%(column)s”") % {"column": self.column})
        if self.code:
            parts.append(self.code)
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class Refused(Exception):
    """The input was refused; nothing was written. ``conflict`` marks a refusal because of the
    catalogue's state (a contradictory decision, one applied twice) rather than malformed input."""

    def __init__(self, problems: list[Problem], *, conflict: bool = False):
        self.problems = list(problems)
        self.conflict = conflict
        super().__init__("; ".join(str(problem) for problem in self.problems))

    def as_dicts(self) -> list[dict]:
        return [problem.as_dict() for problem in self.problems]
