"""Reading the cells of one row of a catalogue file into a national record (hồ sơ TTHC): a
problem for each bad cell, located by sheet, row (as the spreadsheet numbers it) and column (as
the file writes it); in a national file, cells that cannot be read go in with a default and are
marked to check (cần kiểm tra, ``procedures.importers.published``). Shared by the procedure file
and the decision's tables."""

from django.utils.translation import gettext as _

from procedures.choices import Level, TimeUnit
from procedures.importers.catalogue.tables import Header
from procedures.importers.published import NOT_CHECKED, check_item, check_warning
from procedures.problems import Problem
from procedures.record_times import CHANNEL_TEXT, TIME_FIELDS, channel_time_dict, record_time
from procedures.records import (
    PROCEDURE_COLUMNS,
    RECORD_FIELDS,
    CellError,
    clean_text,
    column_header,
    empty_cell_value,
    parse_cell,
)

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


def missing_column_defaults() -> dict[str, dict]:
    """What a new procedure takes for a column the file lacks (docs/rules/catalogue.md, "Import"):
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


def _empty_item(key: str, column: str) -> dict:
    return check_item(
        key=key,
        column=column,
        text="",
        why=_("the file gives no value; the default applies until it is completed."),
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
