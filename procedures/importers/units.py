"""Reading a file of administrative units (CSV or XLSX) for ``manage.py import_units``.

Every row is parsed and validated before anything is written: the result is the list of rows
and the list of every problem (row number as the user sees it in the file, column, reason).
References (parent, successors) may point to units further down the same file or already in
the database. See docs/reference/units.md ("Import of units") for
the columns.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.utils.translation import gettext as _

from procedures.choices import UnitKind
from procedures.importers.files import (
    CP1258,
    UnreadableFile,
    check_xlsx,
    csv_encoding,
    csv_error,
    require_file,
)
from procedures.importers.memory import raise_if_out_of_memory
from procedures.models import Unit
from procedures.search import fold
from procedures.unit_rules import SINCE_EVER, unit_errors

COLUMNS = ("code", "name", "kind", "parent_code", "valid_from", "valid_to", "successor_codes")
REQUIRED_COLUMNS = ("code", "name", "kind")
# The header is line 1 of a CSV file and row 1 of a sheet: data row i is line i + 2.
FIRST_DATA_ROW = 2
# Model field -> column, for errors found by the shared unit validation.
FIELD_COLUMN = {"parent": "parent_code", "successors": "successor_codes"}
KIND_ALIASES = {
    "province": UnitKind.PROVINCE,
    "tinh": UnitKind.PROVINCE,
    "thanh pho truc thuoc trung uong": UnitKind.PROVINCE,
    "department": UnitKind.DEPARTMENT,
    "so": UnitKind.DEPARTMENT,
    "ban": UnitKind.DEPARTMENT,
    "nganh": UnitKind.DEPARTMENT,
    "so, ban, nganh": UnitKind.DEPARTMENT,
    "district": UnitKind.DISTRICT,
    "huyen": UnitKind.DISTRICT,
    "quan": UnitKind.DISTRICT,
    "thi xa": UnitKind.DISTRICT,
    "thanh pho": UnitKind.DISTRICT,
    "commune": UnitKind.COMMUNE,
    "xa": UnitKind.COMMUNE,
    "phuong": UnitKind.COMMUNE,
    "thi tran": UnitKind.COMMUNE,
    "dac khu": UnitKind.COMMUNE,
}
CODE_LIST_SPLIT = re.compile(r"[;,\s]+")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportProblem:
    """One problem in the file: ``row`` is None for the file as a whole (its header)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return _("Column %(column)s: %(message)s") % {
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)d, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    successor_codes: list[str]


@dataclass
class UnitImportPlan:
    """What the file holds: its rows, which optional columns it has (an absent column leaves
    that attribute of existing units untouched), and every problem found."""

    rows: list[UnitRow] = field(default_factory=list)
    columns: frozenset[str] = frozenset()
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _cell(value) -> str | dt.date:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        # A code such as 84 typed into a spreadsheet comes back as the number 84.0.
        return str(int(value))
    return str(value).strip()


def _read_frame(path: Path) -> pd.DataFrame:
    require_file(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        check_xlsx(path)
        # "NA", "None", "null" are texts (a code, a name), not missing values.
        return pd.read_excel(
            path, dtype=object, engine="openpyxl", keep_default_na=False, na_values=[]
        )
    if suffix == ".csv":
        encoding = csv_encoding(path)
        with path.open(encoding=encoding) as handle:
            header = handle.readline()
        sep = ";" if header.count(";") > header.count(",") else ","
        try:
            # Blank lines kept, so that row numbers stay the file's lines.
            frame = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                encoding=encoding,
                sep=sep,
                skip_blank_lines=False,
            )
        except (ValueError, UnicodeError) as error:
            raise_if_out_of_memory(error)
            raise csv_error(path, error) from error
        if encoding == CP1258:
            frame = frame.apply(lambda column: column.str.normalize("NFC"))
        return frame
    raise ValueError(_("Unsupported file type %(suffix)s: use .csv or .xlsx.") % {"suffix": suffix})


def _parse_date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        _("%(value)s is not a date: write it as 2025-07-01 or 01/07/2025.") % {"value": value}
    )


def _parse_kind(value: str) -> str:
    kind = KIND_ALIASES.get(fold(value))
    if kind is None:
        raise ValueError(
            _("Unknown kind %(kind)s: use one of %(kinds)s (or xã, phường, huyện, sở...).")
            % {"kind": value, "kinds": ", ".join(UnitKind.values)}
        )
    return kind


def units_file_read(path: str | Path) -> UnitImportPlan:
    """Read and validate a units file without writing anything."""
    path = Path(path)
    plan = UnitImportPlan()
    try:
        frame = _read_frame(path)
    except UnreadableFile as exc:
        plan.problems.append(ImportProblem(None, "-", str(exc)))
        return plan
    except Exception as exc:  # noqa: BLE001 - any reader failure is reported to the user
        raise_if_out_of_memory(exc)
        # The reader's own words are English: logged, not put inside a Vietnamese sentence.
        logger.info("%s: unreadable units file: %s", path.name, exc)
        plan.problems.append(
            ImportProblem(
                None,
                "-",
                _("%(name)s cannot be read: save it again from Excel as .xlsx or “CSV UTF-8”.")
                % {"name": path.name},
            )
        )
        return plan

    frame.columns = [fold(str(c)).replace(" ", "_") for c in frame.columns]
    columns = set(frame.columns)
    for column in sorted(columns - set(COLUMNS)):
        plan.problems.append(
            ImportProblem(
                None,
                column,
                _("Unknown column: the columns are %(columns)s.") % {"columns": ", ".join(COLUMNS)},
            )
        )
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            plan.problems.append(ImportProblem(None, column, _("This column is missing.")))
    if plan.problems:
        return plan
    plan.columns = frozenset(columns)
    if frame.empty:
        plan.problems.append(ImportProblem(None, "code", _("The file has no rows.")))
        return plan

    _parse_rows(frame, plan)
    if not plan.rows and not plan.problems:
        plan.problems.append(ImportProblem(None, "code", _("The file has no rows.")))
        return plan
    _check_references(plan)
    return plan


def _parse_rows(frame: pd.DataFrame, plan: UnitImportPlan) -> None:
    first_row_of: dict[str, int] = {}
    for position, record in enumerate(frame.to_dict("records")):
        row = position + FIRST_DATA_ROW
        values = {column: _cell(record.get(column)) for column in COLUMNS}
        if not any(values.values()):
            continue  # blank lines at the end of a sheet
        problems: list[ImportProblem] = []

        def problem(column: str, message: str, row=row, problems=problems) -> None:
            problems.append(ImportProblem(row, column, message))

        code = str(values["code"])
        if not code:
            problem("code", _("The code is required."))
        elif code in first_row_of:
            problem(
                "code",
                _("Code %(code)s appears already on row %(row)d.")
                % {"code": code, "row": first_row_of[code]},
            )
        else:
            first_row_of[code] = row
        name = str(values["name"])
        if not name:
            problem("name", _("The name is required."))
        kind = ""
        if not values["kind"]:
            problem("kind", _("The kind is required."))
        else:
            try:
                kind = _parse_kind(str(values["kind"]))
            except ValueError as exc:
                problem("kind", str(exc))
        dates: dict[str, dt.date | None] = {"valid_from": SINCE_EVER, "valid_to": None}
        for column in ("valid_from", "valid_to"):
            if values[column]:
                try:
                    dates[column] = _parse_date(values[column])
                except ValueError as exc:
                    problem(column, str(exc))
        successor_codes = [c for c in CODE_LIST_SPLIT.split(str(values["successor_codes"])) if c]
        plan.problems.extend(problems)
        plan.rows.append(
            UnitRow(
                row=row,
                code=code,
                name=name,
                kind=kind,
                parent_code=str(values["parent_code"]) or None,
                valid_from=dates["valid_from"],
                valid_to=dates["valid_to"],
                successor_codes=list(dict.fromkeys(successor_codes)),
            )
        )


def _check_references(plan: UnitImportPlan) -> None:
    """Resolve parents and successors against the file and the database, then apply the same
    validation as the services to every row as it would be saved."""
    has_parent = "parent_code" in plan.columns
    file_rows: dict[str, UnitRow] = {}
    for row in plan.rows:
        file_rows.setdefault(row.code, row)
    referenced = {r.parent_code for r in plan.rows if r.parent_code} | {
        c for r in plan.rows for c in r.successor_codes
    }
    in_db = {
        u.code: u
        for u in Unit.objects.filter(code__in=set(file_rows) | referenced).select_related("parent")
    }

    # Rows with a problem already are only checked for unknown references.
    bad_rows = {p.row for p in plan.problems}
    planned: dict[str, Unit] = {}
    for row in plan.rows:
        if row.code in planned:
            continue  # a duplicate code, reported already
        unit = in_db.get(row.code) or Unit(code=row.code)
        # A copy: the database's object stays as it is for the parent chain of other units.
        unit = Unit(
            pk=unit.pk,
            code=row.code,
            name=row.name,
            kind=row.kind,
            parent_id=unit.parent_id,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )
        planned[row.code] = unit

    def resolve(code: str) -> Unit | None:
        return planned.get(code) or in_db.get(code)

    def parent_of(unit: Unit) -> Unit | None:
        if unit.code in file_rows and has_parent:
            code = file_rows[unit.code].parent_code
            return resolve(code) if code else None
        current = in_db.get(unit.code) or unit
        if current.parent_id is None:
            return None
        parent = current.parent
        return planned.get(parent.code, parent)

    for row in plan.rows:
        missing = False
        if row.parent_code and resolve(row.parent_code) is None:
            missing = True
            plan.problems.append(
                ImportProblem(
                    row.row,
                    "parent_code",
                    _("Unknown unit %(code)s: neither in this file nor in the database.")
                    % {"code": row.parent_code},
                )
            )
        for code in row.successor_codes:
            if resolve(code) is None:
                missing = True
                plan.problems.append(
                    ImportProblem(
                        row.row,
                        "successor_codes",
                        _("Unknown unit %(code)s: neither in this file nor in the database.")
                        % {"code": code},
                    )
                )
        if missing or row.row in bad_rows:
            continue
        unit = planned[row.code]
        errors = unit_errors(
            unit=unit,
            parent=parent_of(unit),
            successors=[resolve(c) for c in row.successor_codes],
            parent_of=parent_of,
        )
        for field_name, messages in errors.items():
            for message in messages:
                plan.problems.append(
                    ImportProblem(row.row, FIELD_COLUMN.get(field_name, field_name), message)
                )
    plan.problems.sort(
        key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column in COLUMNS else 99)
    )
