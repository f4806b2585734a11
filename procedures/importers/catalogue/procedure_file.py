"""Reading a file of national records (danh mục TTHC, import_procedures and the export): one
procedure per row, the first version of each, as the national portal's exports come. Writes
nothing: it returns the rows read, the warnings, and a problem for every bad cell."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from procedures.choices import TimeUnit
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
from procedures.records import PROCEDURE_COLUMNS, RecordRow, clean_record, procedure_header_map

# Columns a procedure file cannot go without. Any other column the file lacks is left unchanged
# for procedures already in the catalogue and takes MISSING_COLUMN_DEFAULTS for new ones.
REQUIRED_PROCEDURE_COLUMNS = ("code", "name")
# Cells that must be filled when their column is present; any other empty or unreadable cell of
# a national file goes in with a default and is marked to check (importers.published).
REQUIRED_PROCEDURE_CELLS = ("code", "name")


@dataclass
class ProcedureFile:
    rows: list[RecordRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)  # the standard headers


# Columns whose default deserves a warning on each new procedure (the others default to empty).
WARNED_DEFAULTS = ("level", "processing_time", "sector_name")


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


def _duplicate(row: int, sheet: str | None, header: Header, code: str, first: int) -> Problem:
    return Problem(
        _("The code is also on row %(row)s with a different record: one record per procedure.")
        % {"row": first},
        row=row,
        sheet=sheet,
        column=header.names["code"],
        code=code,
    )
