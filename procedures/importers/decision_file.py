"""Reader of an announcement decision's tables (import_decision), with pandas. It writes
nothing: it returns the decision's header, its lines as ``decision_create`` takes them, and a
problem for every bad cell, located by sheet, row and column as the file writes them. The
tables, headers and cells are read as ``procedures.importers.catalogue`` reads a procedure file."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from procedures.choices import ChangeKind
from procedures.importers.catalogue.cells import (
    _empty_item,
    _header_for,
    _missing,
    _read_cells,
    _record,
    _time_warning,
    missing_column_defaults,
)
from procedures.importers.catalogue.tables import (
    Header,
    Progress,
    Table,
    _blank,
    _find_header,
    _progress_rows,
    _read_header,
    read_tables,
)
from procedures.importers.published import check_warning
from procedures.problems import Problem
from procedures.records import (
    DECISION_FIELDS,
    SHEET_KINDS,
    CellError,
    clean_text,
    decision_header_map,
    header_key,
    header_map,
    parse_cell,
)
from procedures.search import fold


@dataclass
class DecisionFile:
    header: dict = field(default_factory=dict)  # number, signed_on, signer, effective_on, title
    lines: list[dict] = field(default_factory=list)  # as decision_create takes them
    sources: dict[int, tuple[str | None, int, Header]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Cells taken in as written (cần xem lại) and records listed twice: imported, and listed.
    warnings: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def locate(self, problem: Problem) -> Problem:
        """A problem of a decision line, moved to the row of the file it came from."""
        if problem.line is None or problem.line not in self.sources:
            if problem.column in {c.key for c in DECISION_FIELDS}:
                return Problem(
                    problem.message, column=decision_field_header(problem.column), code=problem.code
                )
            return problem
        sheet, row, header = self.sources[problem.line]
        return Problem(
            problem.message,
            row=row,
            sheet=sheet,
            column=_line_header(problem.column, header),
            code=problem.code,
        )


def decision_field_header(key: str) -> str:
    """The header that names a field of the decision itself (Số quyết định, Ngày ký, ...)."""
    return next(c.header for c in DECISION_FIELDS if c.key == key)


def _line_header(key: str | None, header: Header) -> str | None:
    if key == "procedure_code":
        return header.names.get("code", "Mã TTHC")
    if key == "legal_basis":
        return header.names.get("line_legal_basis") or header.names.get("legal_basis") or key
    return _header_for(key, header)


def _sheet_kind(name: str) -> tuple[bool, str | None]:
    """(known, kind) for a sheet name: the header sheet is (True, None)."""
    folded = fold(name)
    for prefix, kind in SHEET_KINDS:
        if folded.startswith(prefix):
            return True, kind
    return False, None


def _read_decision_sheet(table: Table, result: DecisionFile) -> None:
    mapping = header_map(DECISION_FIELDS)
    for index in range(len(table.frame)):
        row = table.frame.iloc[index]
        cells = [clean_text(cell) for cell in row]
        if len(cells) < 2 or not cells[0]:
            continue
        key = mapping.get(header_key(cells[0]))
        if key is None:
            continue
        _set_header(result, key, cells[1], row=index + 1, sheet=table.sheet, column=cells[0])


def _set_header(result: DecisionFile, key: str, text: str, **where) -> None:
    if not text:
        return
    try:
        value = parse_cell(key, text)[key]
    except CellError as error:
        result.problems.append(Problem(str(error), **where))
        return
    if key in result.header and result.header[key] != value:
        result.problems.append(
            Problem(
                _("The decision's %(field)s differs from an earlier row.")
                % {"field": where.get("column")},
                **where,
            )
        )
        return
    result.header[key] = value


def read_decision_file(content: bytes, file_name: str, *, progress: Progress = None):
    """Read an announcement decision's tables: an XLSX workbook with a sheet "Quyết định" (rows
    Số quyết định, Ngày ký, Người ký, Ngày hiệu lực, Trích yếu) and one sheet per kind of change
    ("Công bố mới", "Sửa đổi, bổ sung", "Thay thế", "Bãi bỏ"); or a CSV file with a column
    "Loại thay đổi" (and optionally the decision's columns repeated on every row)."""
    result = DecisionFile()
    tables, result.problems = read_tables(content, file_name)
    if result.problems:
        return result
    mapping = decision_header_map()
    found: list[tuple[Table, Header, str | None]] = []
    for table in tables:
        known, kind = _sheet_kind(table.sheet) if table.sheet else (False, None)
        if known and kind is None:
            _read_decision_sheet(table, result)
            continue
        index = _find_header(table.frame, mapping)
        if index is None:
            if known:
                result.problems.append(
                    Problem(
                        _("No header row with a “Mã TTHC” column in this sheet."),
                        sheet=table.sheet,
                    )
                )
            continue
        header = _read_header(table.frame, index, mapping)
        if kind is None and "change_kind" not in header.names:
            result.problems.append(
                Problem(
                    _(
                        "Which kind of change? Name the sheet Công bố mới, Sửa đổi bổ sung, "
                        "Thay thế or Bãi bỏ, or add a column “Loại thay đổi”."
                    ),
                    sheet=table.sheet,
                )
            )
            continue
        found.append((table, header, kind))
        result.ignored_columns += [c for c in header.ignored if c not in result.ignored_columns]
    if not found and not result.problems:
        result.problems.append(
            Problem(_("No table of procedures with a “Mã TTHC” column was found in the file."))
        )
    if result.problems:
        return result

    total, done, position = _progress_rows([(t, h) for t, h, _k in found]), 0, 0
    first_seen: dict[str, tuple[int, dict]] = {}
    for table, header, sheet_kind in found:
        cells = table.frame.to_numpy(dtype=object).tolist()
        for index in range(header.row + 1, len(table.frame)):
            done += 1
            if progress:
                progress(done, total)
            row = cells[index]
            if _blank(row):
                continue
            number = index + 1
            # A decision is a national publication: a cell it writes in a way the importer
            # cannot read goes in as written and is marked to check (importers.published).
            values, stated, problems = _read_cells(
                row, header, row_number=number, sheet=table.sheet, published=True
            )
            for key in ("number", "signed_on", "signer", "effective_on", "title"):
                if key in header.names:
                    text = clean_text(row[_position(header, key)])
                    _set_header(
                        result, key, text, row=number, sheet=table.sheet, column=header.names[key]
                    )
            kind = values.get("change_kind") or sheet_kind
            code = values.get("code")
            if "code" not in stated:
                problems.append(_missing(number, table.sheet, header.names["code"], None))
            if kind is None and "change_kind" not in stated:
                problems.append(_missing(number, table.sheet, header.names["change_kind"], code))
            if sheet_kind and values.get("change_kind") and values["change_kind"] != sheet_kind:
                problems.append(
                    Problem(
                        _("This row's kind of change differs from its sheet's."),
                        row=number,
                        sheet=table.sheet,
                        column=header.names["change_kind"],
                        code=code,
                    )
                )
            if problems:
                result.problems += problems
                continue
            full = kind in (ChangeKind.NEW, ChangeKind.REPLACED)
            record: dict = {}
            to_check: list[dict] = []
            if kind != ChangeKind.ABOLISHED:
                to_check = values.pop("to_check", [])
                if full:
                    to_check += _fill_empty_cells(values, stated, header)
                record, _fields = _record(values, set(header.names) if full else stated, full=full)
            legal_basis = values.get("line_legal_basis") or values.get("legal_basis", "")
            line = {
                "change_kind": kind,
                "procedure_code": code,
                "replaced_code": values.get("replaced_code", ""),
                "name": values.get("name", ""),
                "legal_basis": legal_basis,
                "record": record,
                "to_check": to_check,
            }
            if code in first_seen and first_seen[code][1] == line:
                # The same line twice (listed under two sectors or agencies): taken once. A code
                # on two lines that differ is left to clean_lines, which refuses it.
                result.warnings.append(
                    Problem(
                        _("The same record as row %(row)s: taken once.")
                        % {"row": first_seen[code][0]},
                        row=number,
                        sheet=table.sheet,
                        column=header.names["code"],
                        code=code,
                    )
                )
                continue
            first_seen.setdefault(code, (number, line))
            position += 1
            result.lines.append({"position": position, **line})
            result.sources[position] = (table.sheet, number, header)
            if kind == ChangeKind.ABOLISHED:
                continue  # an abolition announces no record: nothing of it to check
            result.warnings += values.get("warnings", [])
            timed = any(item["field"] == "processing_time" for item in to_check)
            if "processing_time" in header.names and not timed:
                warning = _time_warning(
                    record, number, table.sheet, header.names["processing_time"], code
                )
                if warning:
                    result.warnings.append(warning)
            result.warnings += [
                check_warning(item, row=number, sheet=table.sheet, code=code)
                for item in to_check
                if not item["text"]
            ]
    return result


def _fill_empty_cells(values: dict, stated: set[str], header: Header) -> list[dict]:
    """A newly announced record whose time or level cell is empty: the default it takes until
    checked (a time to be completed, never guessed), and the items to check that say so."""
    items = []
    defaults = missing_column_defaults()
    for key in ("processing_time", "level"):
        if key in header.names and key not in stated:
            values |= defaults[key]
            stated.add(key)
            items.append(_empty_item(key, header.names[key]))
    return items


def _position(header: Header, key: str) -> int:
    return next(position for position, k in header.columns.items() if k == key)
