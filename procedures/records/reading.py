"""Reading a cell of a national file (đọc ô của tệp TTHC): text, codes, dates, numbers, times,
levels, channels, yes/no and kinds of change, each into the record fields it sets.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from procedures.calendar.processing_time import ProcessingTime, ProcessingTimeError
from procedures.choices import ChangeKind, Channel, OnlineLevel
from procedures.record_papers import parse_papers, split_parts
from procedures.record_times import (
    TimeCellError,
    note_channel_times,
    parse_channel_times,
    parse_levels,
    parse_published_time_cell,
    parse_time_cell,
    time_fields,
)
from procedures.records.fields import _ONLINELEVEL_VALUES, CellError
from procedures.search import fold
from procedures.validators import normalize_procedure_code, procedure_code_problem

CHANGE_KIND_WORDS = (
    ("cong bo moi", ChangeKind.NEW),
    ("moi", ChangeKind.NEW),
    ("sua doi", ChangeKind.AMENDED),
    ("thay the", ChangeKind.REPLACED),
    ("bai bo", ChangeKind.ABOLISHED),
    ("new", ChangeKind.NEW),
    ("amended", ChangeKind.AMENDED),
    ("replaced", ChangeKind.REPLACED),
    ("abolished", ChangeKind.ABOLISHED),
)
CHANGE_KIND_TEXT = {
    ChangeKind.NEW: "Công bố mới",
    ChangeKind.AMENDED: "Sửa đổi, bổ sung",
    ChangeKind.REPLACED: "Thay thế",
    ChangeKind.ABOLISHED: "Bãi bỏ",
}

CHANNEL_WORDS = (
    ("truc tiep", Channel.DIRECT),
    ("buu chinh", Channel.POSTAL),
    ("buu dien", Channel.POSTAL),
    ("truc tuyen", Channel.ONLINE),
    ("qua mang", Channel.ONLINE),
    ("dich vu cong", Channel.ONLINE),
    ("online", Channel.ONLINE),
    ("direct", Channel.DIRECT),
    ("postal", Channel.POSTAL),
)


# OWASP's CSV injection rule: a cell starting with one of these is a formula to a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value) -> str:
    """A cell as text. Spreadsheet numbers and dates come typed: 3.0 -> "3", a date -> ISO.
    The apostrophe our exports put before a would-be formula is taken off."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN: an empty cell
            return ""
        value = int(value) if value.is_integer() else repr(value)
    elif isinstance(value, datetime | date):
        value = value.strftime("%Y-%m-%d")
    text = str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return "" if text.lower() in {"nan", "none", "nat"} else text


def parse_code(text: str, *, from_spreadsheet: bool = False) -> str:
    code = normalize_procedure_code(text)
    # A code typed into a numeric Excel cell loses its trailing zeros (2.000630 -> 2.00063).
    if from_spreadsheet and re.fullmatch(r"\d\.\d{1,5}", code):
        code = code.ljust(8, "0")
    problem = procedure_code_problem(code)
    if problem:
        raise CellError(problem)
    return code


def parse_date(text: str) -> date:
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": text})


def parse_decimal(text: str) -> Decimal:
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": text}) from None
    if not value.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": text})
    return value


def parse_time(text: str, *, published: bool = False) -> dict:
    """Read a "Thời hạn giải quyết" cell into record fields: the procedure's time (any unit, see
    ``procedures.calendar.processing_time_text``) and the channels whose time differs. A
    ``published`` cell (a national file) is always taken in: what cannot be read is listed under
    ``unread`` as (text, why) and kept verbatim with no computable time."""
    unread: list = []
    try:
        if published:
            main, channels, ambiguous, unread = parse_published_time_cell(text)
        else:
            main, channels, ambiguous = parse_time_cell(text)
    except TimeCellError as error:
        raise CellError(str(error)) from None
    return (
        time_fields(main, channels)
        | ({"ambiguous_channels": ambiguous} if ambiguous else {})
        | ({"unread": unread} if unread else {})
    )


def parse_applied_time(text: str) -> tuple[Decimal, str]:
    """An applied (reduced) time: an amount in a unit, or a bare number in the legal time's unit
    (returned with the unit "?")."""
    try:
        reading = ProcessingTime.parse(text)
    except ProcessingTimeError as error:
        raise CellError(str(error)) from None
    if reading.amount is not None:
        return reading.amount, reading.unit
    try:
        value = parse_decimal(text)
    except CellError:
        raise CellError(
            _("“%(value)s” is not an applied time: write a number of days, hours or months.")
            % {"value": text}
        ) from None
    if value <= 0:
        raise CellError(_("A processing time must be more than zero."))
    return value.quantize(Decimal("0.01")).normalize(), "?"


def parse_level(text: str) -> list[int]:
    """The levels a record names ("Cấp tỉnh, Cấp xã"), the first one first."""
    try:
        return parse_levels(text)
    except TimeCellError as error:
        raise CellError(str(error)) from None


def parse_online_level(text: str) -> int:
    folded = fold(text)
    digits = re.findall(r"\d+(?:\.0)?", folded)
    if digits:
        value = int(float(digits[0]))
        if value in _ONLINELEVEL_VALUES:
            return value
    elif "toan trinh" in folded:
        return OnlineLevel.FULL
    elif "mot phan" in folded:
        return OnlineLevel.PARTIAL
    elif "thong tin" in folded:
        return OnlineLevel.INFORMATION
    raise CellError(
        _("Unknown online service level “%(value)s”: write 2, 3 or 4 (or Toàn trình, Một phần).")
        % {"value": text}
    )


def parse_channels(text: str) -> list[str]:
    channels: list[str] = []
    for part in split_parts(text, r"[;,\n]"):
        folded = fold(part)
        channel = next((c for word, c in CHANNEL_WORDS if word in folded), None)
        if channel is None:
            raise CellError(
                _("Unknown channel “%(value)s”: write Trực tiếp, Dịch vụ bưu chính or Trực tuyến.")
                % {"value": part}
            )
        if channel not in channels:
            channels.append(channel)
    return channels


def parse_bool(text: str) -> bool:
    folded = fold(text)
    if folded in {"co", "x", "yes", "true", "1", "1.0", "c", "dung"}:
        return True
    if folded in {"khong", "no", "false", "0", "0.0", "k", ""}:
        return False
    raise CellError(_("Write Có or Không, not “%(value)s”.") % {"value": text})


def parse_agencies(text: str) -> list[str]:
    return split_parts(text, r"→|->|>|;|\n")


def parse_change_kind(text: str) -> str:
    folded = fold(text)
    for word, kind in CHANGE_KIND_WORDS:
        if folded.startswith(word):
            return kind
    raise CellError(
        _(
            "Unknown kind of change “%(value)s”: write Công bố mới, Sửa đổi, bổ sung, Thay thế "
            "or Bãi bỏ."
        )
        % {"value": text}
    )


def parse_cell(
    key: str, text: str, *, from_spreadsheet: bool = False, published: bool = False
) -> dict:
    """Read one non-empty cell of column ``key``; return the record fields it sets
    (``published``: a national file's cell, see ``parse_time``)."""
    if key in {"code", "replaced_code"}:
        return {key: parse_code(text, from_spreadsheet=from_spreadsheet)}
    if key in {"valid_from", "published_on", "signed_on", "effective_on"}:
        return {key: parse_date(text)}
    if key == "level":
        levels = parse_level(text)
        return {"level": levels[0], "levels": levels}
    if key == "processing_time":
        return parse_time(text, published=published)
    if key == "applied_time":
        value, unit = parse_applied_time(text)
        return {"applied_time_value": value, "applied_time_unit": unit}
    if key == "note":
        # Only a note's per-channel times are read ("times per channel: Trực tuyến: 3 Ngày").
        part = note_channel_times(text)
        if part is None:
            return {}
        try:
            times, ambiguous = parse_channel_times(part)
        except TimeCellError as error:
            raise CellError(str(error)) from None
        return {"note_channel_times": times, "note_ambiguous_channels": ambiguous, "note": part}
    if key == "online_level":
        return {"online_level": parse_online_level(text)}
    if key == "channels":
        return {"channels": parse_channels(text)}
    if key == "papers":
        return {"papers": parse_papers(text)}
    if key in {"is_one_stop", "is_interconnected", "online_payment"}:
        return {key: parse_bool(text)}
    if key == "interconnected_agencies":
        return {key: parse_agencies(text)}
    if key == "change_kind":
        return {key: parse_change_kind(text)}
    return {key: text}


def empty_cell_value(key: str) -> dict:
    """What an empty cell of an optional column means in a full record."""
    if key in {"channels", "papers", "interconnected_agencies"}:
        return {key: []}
    if key == "applied_time":
        return {"applied_time_value": None}
    if key in {"is_one_stop"}:
        return {key: True}
    if key in {"is_interconnected", "online_payment"}:
        return {key: False}
    if key == "online_level":
        return {key: OnlineLevel.INFORMATION}
    if key in {"fees", "kind", "agency_name", "result_documents", "legal_basis"}:
        return {key: ""}
    return {}
