"""What a national publication's file becomes when a cell cannot be read (cần xem lại).

The national portal is the authority on what it publishes: a row of its export goes into the
catalogue even when a cell holds a text the importer cannot turn into a value ("Trước khi tàu
cập cảng", "10-25", an unknown level). The cell keeps its text verbatim, the record takes a
neutral value (no computable time, the column's empty value), and the row carries an item "to
check" that the import lists as a warning and the catalogue screens show until an officer
corrects the field. Only what makes a file unusable refuses it: a row without a code or a name,
one code with two different records, a layout with no header row.
"""

from django.utils.translation import gettext as _

from procedures.problems import Problem

# Columns read leniently, and the record fields a correction of each clears (the code and the
# name identify a procedure: without them a row is refused).
CHECKED_FIELDS = {
    "processing_time": ("processing_time_value", "processing_time_unit", "channel_times"),
    "applied_time": ("applied_time_value",),
    "level": ("level", "levels"),
    "sector_name": ("sector_code", "sector_name"),
}
NOT_CHECKED = frozenset({"code", "name"})


def check_item(*, key: str, column: str, text: str, why: str) -> dict:
    """One cell to check, as kept in ``ProcedureVersion.to_check``."""
    return {"field": key, "column": column, "text": text, "reason": why}


def check_warning(item: dict, *, row: int, sheet: str | None, code: str | None) -> Problem:
    """The import's warning for a cell taken in as written: row, column and text named."""
    if item["text"]:
        message = _("“%(text)s” taken in as written and marked to check: %(why)s") % {
            "text": item["text"],
            "why": item["reason"],
        }
    else:
        message = _("Empty cell, marked to check: %(why)s") % {"why": item["reason"]}
    return Problem(
        message,
        row=row,
        sheet=sheet,
        column=item["column"],
        code=code,
    )


def fields_cleared(key: str) -> tuple[str, ...]:
    """The record fields whose correction settles an item of column ``key``."""
    return CHECKED_FIELDS.get(key, (key,))


def items_left(items: list[dict], corrected: set[str]) -> list[dict]:
    """The items to check still open after a correction of the ``corrected`` record fields."""
    return [item for item in items or [] if not set(fields_cleared(item["field"])) & set(corrected)]


def clean_items(items) -> tuple[list[dict], str | None]:
    """Items to check as a caller gives them (a decision line read from a file), in canonical
    form, or the reason they are malformed."""
    if not items:
        return [], None
    keys = ("field", "column", "text", "reason")
    if not isinstance(items, list) or not all(
        isinstance(item, dict) and isinstance(item.get("field"), str) for item in items
    ):
        return [], _("Cells to check are a list of {field, column, text, reason}.")
    return [{key: str(item.get(key) or "").strip() for key in keys} for item in items], None


def items_merged(kept: list[dict], new: list[dict]) -> list[dict]:
    """A new version's items: those still open from before, except in the fields the new cells
    speak of, then the new cells (an amendment's unreadable time replaces the old one's item)."""
    new_fields = {item["field"] for item in new}
    return [item for item in kept if item["field"] not in new_fields] + list(new)
