"""Thời hạn giải quyết: a procedure's processing time as one value.

Every unit the law and the national portal use is here, and only here: working days and working
hours (counted along the working sessions), calendar days and months (Civil Code 2015,
Art. 147–148: the day of receipt is not counted; the period ends at the end of the working day on
its last day; a last day that is a day off moves to the end of the next working day; months end on
the same day number, or on the month's last day when it has no such day), and same-day procedures
(due at the end of the working day of receipt, or of the next working day when received after the
cut-off hour). "No time" (không quy định) and "to be completed" (a record that gives a bare number
with no unit) are states of the same value: they have no due moment and no working-time length.

Models, importers, services, serializers and templates hold and pass a ``ProcessingTime``; none of
them branches on the unit. ``due_at`` answers one start; ``due_at_many`` answers columns with the
same results to the microsecond (a property test holds it).

This module holds the value and its reading from what records write (thời hạn giải quyết as free
text: "5 Ngày làm việc", "15 Ngày", "05 (năm) ngày làm việc", "Trong ngày" with its cut-off
clause, "Không quy định", a bare number that is to be completed, never guessed), so that
``ProcessingTime.parse`` and the reader are one room; the shared units and words are in
:mod:`procedures.calendar.processing_time_units`, the columns in
:mod:`procedures.calendar.processing_time_columns`, and a national publication's times, always
taken in, in :mod:`procedures.calendar.processing_time_text` (above this one). The units' and
the columns' names are re-exported here, where callers import them.

The rule as users and auditors read it, with its legal source:
docs/rules/calendar.md ("Processing times").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from procedures.calendar.core import WorkingCalendar, _seconds
from procedures.calendar.processing_time_columns import (
    clock_work_many,
    due_at_many,
    processing_times_due_at_many,
)
from procedures.calendar.processing_time_units import (
    AMOUNT_UNITS,
    DEFAULT_CUTOFF,
    MAX_AMOUNT,
    NO_TIME_UNITS,
    NONE_TEXT,
    PERIOD_UNITS,
    PORTAL_UNIT_TEXT,
    SAME_DAY_TEXT,
    TO_COMPLETE_TEXT,
    UNIT_VALUES,
    WORKING_UNITS,
    ProcessingTimeError,
    _cutoff,
    _day_end_us,
    _decimal,
    add_months,
    end_of_working_day,
    format_amount,
)
from procedures.calendar.vectorised import US
from procedures.choices import TimeUnit
from procedures.search import fold

# The names callers import from here, wherever they are defined.
__all__ = [
    "AMOUNT_UNITS",
    "DEFAULT_CUTOFF",
    "MAX_AMOUNT",
    "NONE_TEXT",
    "NO_TIME_UNITS",
    "PERIOD_UNITS",
    "PORTAL_UNIT_TEXT",
    "SAME_DAY_TEXT",
    "TO_COMPLETE_TEXT",
    "UNIT_VALUES",
    "WORKING_UNITS",
    "ProcessingTime",
    "ProcessingTimeError",
    "add_months",
    "clock_work_many",
    "due_at_many",
    "end_of_working_day",
    "format_amount",
    "parse_processing_time",
    "processing_times_due_at_many",
]


@dataclass(frozen=True)
class ProcessingTime:
    """Thời hạn giải quyết: an amount in a unit, the same-day cut-off hour, and the text the
    record wrote (kept beside the reading so that a reform officer sees what was read)."""

    amount: Decimal | None
    unit: str
    cutoff: time | None = None
    text: str = ""

    def __post_init__(self):
        unit = str(self.unit)
        if unit not in UNIT_VALUES:
            raise ProcessingTimeError(f"Unknown time unit {unit!r}.")
        object.__setattr__(self, "unit", unit)
        amount = _decimal(self.amount)
        if unit in AMOUNT_UNITS:
            if amount is None:
                raise ProcessingTimeError("A processing time needs an amount.")
            if amount <= 0:
                raise ProcessingTimeError("A processing time must be more than zero.")
            if amount >= MAX_AMOUNT:
                raise ProcessingTimeError("The processing time is too long.")
            if unit == TimeUnit.MONTHS and amount != amount.to_integral_value():
                raise ProcessingTimeError("A time in months is a whole number of months.")
            amount = amount.quantize(Decimal("0.01")).normalize()
        else:
            amount = None
        object.__setattr__(self, "amount", amount)
        cutoff = _cutoff(self.cutoff)
        cutoff = (cutoff or DEFAULT_CUTOFF) if unit == TimeUnit.SAME_DAY else None
        object.__setattr__(self, "cutoff", cutoff)
        object.__setattr__(self, "text", (self.text or "").strip())

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def working_days(cls, amount, text: str = "") -> ProcessingTime:
        return cls(amount, TimeUnit.DAYS, text=text)

    @classmethod
    def same_day(cls, cutoff: time | None = None, text: str = "") -> ProcessingTime:
        return cls(None, TimeUnit.SAME_DAY, cutoff=cutoff, text=text)

    @classmethod
    def none(cls, text: str = "") -> ProcessingTime:
        return cls(None, TimeUnit.NONE, text=text)

    @classmethod
    def to_complete(cls, text: str = "") -> ProcessingTime:
        return cls(None, TimeUnit.TO_COMPLETE, text=text)

    @classmethod
    def parse(cls, text: str) -> ProcessingTime:
        """Read a time as records write it ("05 (năm) ngày làm việc", "15 Ngày", "Trong ngày"...);
        raises ``ProcessingTimeError`` with a Vietnamese message when it cannot."""
        return parse_processing_time(text)

    def to_dict(self) -> dict:
        """JSON form (per-channel times, decision records): exact and round-tripping."""
        return {
            "amount": None if self.amount is None else format(self.amount, "f"),
            "unit": self.unit,
            "cutoff": self.cutoff.strftime("%H:%M") if self.cutoff else None,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict) -> ProcessingTime:
        return cls(data.get("amount"), data["unit"], data.get("cutoff"), data.get("text", ""))

    def same_reading(self, other: ProcessingTime | None) -> bool:
        """Equal as times, whatever text each was read from."""
        return other is not None and (self.amount, self.unit, self.cutoff) == (
            other.amount,
            other.unit,
            other.cutoff,
        )

    # -- questions ------------------------------------------------------------------------------

    @property
    def has_due_moment(self) -> bool:
        """False for "no time" and "to be completed": intake sets no due moment, and on-time
        statistics leave such dossiers out."""
        return self.unit not in NO_TIME_UNITS

    @property
    def is_working_time(self) -> bool:
        """Counted along the working sessions (working days or hours)."""
        return self.unit in WORKING_UNITS

    def working_duration(self, calendar: WorkingCalendar) -> timedelta | None:
        """Its length in working time (working days and hours only; ``None`` otherwise)."""
        if not self.is_working_time:
            return None
        return calendar.duration(self.amount, self.unit)

    def comparable(self, other: ProcessingTime) -> bool:
        """Two times whose amounts compare (a review cut, an applied time not longer)."""
        return self.unit == other.unit and self.amount is not None

    # -- the due moment -------------------------------------------------------------------------

    def due_at(self, start: datetime, calendar: WorkingCalendar) -> datetime | None:
        """Hạn giải quyết for a dossier received at ``start`` (aware); ``None`` without a time."""
        if start.tzinfo is None:
            raise ValueError("Naive datetime: working-calendar arithmetic needs aware datetimes.")
        if self.is_working_time:
            return calendar.due_at(start, self.amount, self.unit)
        if not self.has_due_moment:
            return None
        local = start.astimezone(calendar.tz)
        day = local.date()
        if self.unit == TimeUnit.CALENDAR_DAYS:
            # Part of a day counts as the whole day: the period ends at the end of a day.
            last = day + timedelta(days=math.ceil(self.amount))
        elif self.unit == TimeUnit.MONTHS:
            last = add_months(day, int(self.amount))
        else:  # same day
            # Received at the cut-off itself is not "after" it; at the close of day it is.
            moment = _seconds(local.time()) * US + local.microsecond
            in_time = moment <= _seconds(self.cutoff) * US and moment < _day_end_us(calendar)
            on_the_day = calendar.is_working_day(day) and in_time
            last = day if on_the_day else day + timedelta(days=1)
        return end_of_working_day(calendar, calendar.next_working_day(last))

    # -- writing --------------------------------------------------------------------------------

    def portal_text(self) -> str:
        """As the national portal writes it: "15 Ngày", "15 Ngày làm việc", "8 Giờ làm việc",
        "3 Tháng", "Trong ngày" (with its cut-off clause when not 15:00)."""
        if self.unit in AMOUNT_UNITS:
            return f"{format_amount(self.amount)} {PORTAL_UNIT_TEXT[self.unit]}"
        if self.unit == TimeUnit.SAME_DAY:
            if self.cutoff == DEFAULT_CUTOFF:
                return SAME_DAY_TEXT
            hour = f"{self.cutoff.hour} giờ" + (
                f" {self.cutoff.minute:02d}" if self.cutoff.minute else ""
            )
            return (
                f"{SAME_DAY_TEXT}; nếu nhận hồ sơ sau {hour} thì trả kết quả trong ngày làm "
                "việc tiếp theo"
            )
        if self.unit == TimeUnit.NONE:
            # An event the record names ("Trước khi tàu cập cảng") is shown as written: it is
            # the law's answer, though no due moment follows from it. "Không ..." reads as none.
            if self.text and not fold(self.text).startswith(("khong", "none", "no time")):
                return self.text
            return NONE_TEXT
        # To be completed: what the record wrote (a bare number), so that a re-import reads it
        # the same way; "Chưa xác định" when it wrote nothing.
        return self.text or TO_COMPLETE_TEXT

    def __str__(self) -> str:
        return self.portal_text()


# ---------------------------------------------------------------------------------------------
# Reading a time from what records write

_NUMBER = r"\d+(?:[.,]\d+)?"
# Unit words after an amount, longest first (folded: lower case, no diacritics).
_UNITS = (
    (r"ngay lam viec|ngay lv|working days?", TimeUnit.DAYS),
    (r"gio lam viec|gio|tieng|working hours?|hours?", TimeUnit.HOURS),
    (r"ngay(?: (?:le|theo lich|lich))?|calendar days?|days?", TimeUnit.CALENDAR_DAYS),
    (r"tuan|weeks?", "weeks"),
    (r"thang|months?", TimeUnit.MONTHS),
    (r"nam|years?", "years"),
)
_UNIT_RE = "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _unit) in enumerate(_UNITS))
_AMOUNT_RE = re.compile(
    rf"(?P<first>{_NUMBER})(?:\s*(?:-|–|den|toi)\s*(?P<last>{_NUMBER}))?\s*"
    rf"(?P<half>(?:ruoi)\s*)?(?:{_UNIT_RE})(?P<tail>\s*ruoi)?\b"
)
_HALF_RE = re.compile(rf"\b(?:nua|1/2)\s*(?:{_UNIT_RE})\b")
_CUTOFF_RE = re.compile(
    r"(?:\bneu\b[^;.]{0,40}?)?\bsau\s+(?P<hour>\d{1,2})\s*"
    r"(?:gio|h|:)\s*(?P<minute>\d{1,2})?(?:\s*phut)?[^;.]*?"
    r"\bngay(?: lam viec)? (?:tiep theo|ke tiep|sau)"
)
_SAME_DAY_RE = re.compile(
    r"^(?:ngay\s+)?trong\s+(?:ngay|ngay lam viec|buoi|ngay lam viec do)\b|"
    r"\bgiai quyet ngay\b|\btra (?:ket qua )?ngay\b|^ngay$|\bngay sau khi nhan\b|\bsame day\b"
)
_NO_TIME = {
    "khong quy dinh",
    "khong co thong tin",
    "khong co",
    "khong",
    "khong xac dinh thoi han",
    "khong thoi han",
    fold(NONE_TEXT),
    "none",
    "no time",
}
_TO_COMPLETE = {fold(TO_COMPLETE_TEXT), "can bo sung", "to be completed"}
_BARE_NUMBER_RE = re.compile(rf"^(?:{_NUMBER}|\d{{1,3}}(?:[.,]\d{{3}})+)$")
# "10-25", "10 - 25", "10 đến 25": a range with no unit (the portal's list exports write them).
_BARE_RANGE_RE = re.compile(rf"^(?:tu\s+)?{_NUMBER}\s*(?:-|–|den|toi)\s*{_NUMBER}$")
# Words that make a range's upper bound the limit: "tối đa", "không quá", "chậm nhất".
_UPPER_BOUND_RE = re.compile(r"\b(?:toi da|khong qua|cham nhat|nhieu nhat|khong vuot qua)\b")


def _refuse(text: str, why: str) -> ProcessingTimeError:
    return ProcessingTimeError(
        _("Cannot read a processing time from “%(value)s”: %(why)s") % {"value": text, "why": why}
    )


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _unit_of(match: re.Match) -> str:
    for i, (_pattern, unit) in enumerate(_UNITS):
        if match.group(f"u{i}"):
            return unit
    raise AssertionError("a unit group always matches")


def parse_processing_time(text: str) -> ProcessingTime:
    """The reading of ``text``; raises ``ProcessingTimeError`` (its message in Vietnamese)."""
    original = " ".join(str(text or "").split())
    folded = fold(original).strip(" .;:")
    if not folded:
        raise _refuse(original, _("the cell is empty."))
    if folded in _NO_TIME or folded.startswith("khong quy dinh"):
        return ProcessingTime.none(text=original)
    if folded in _TO_COMPLETE:
        return ProcessingTime.to_complete(text=original)
    # Signs and exponents are refused rather than dropped: "-5 ngày" is not 5 days, nor "1e9" 9.
    if re.search(r"(?:^|[^\d\s])\s*[-+−]\s*\d", folded) or re.search(r"\d\s*e\s*[-+]?\d", folded):
        raise _refuse(
            original,
            _("a time is a number of days, hours or months, without a sign or an exponent."),
        )
    if _BARE_NUMBER_RE.fullmatch(folded) or _BARE_RANGE_RE.fullmatch(folded):
        # The portal writes bare numbers (and runs them into fees): the unit is unknown.
        return ProcessingTime.to_complete(text=original)
    # Parenthesised words repeat the number ("05 (năm)") or add conditions; they hold no time.
    folded = re.sub(r"\([^)]*\)", " ", folded)
    folded = " ".join(folded.split())

    cutoff = None
    clause = _CUTOFF_RE.search(folded)
    if clause:
        hour, minute = int(clause.group("hour")), int(clause.group("minute") or 0)
        if hour > 23 or minute > 59:
            raise _refuse(original, _("the cut-off hour is not an hour of the day."))
        cutoff = time(hour, minute)
        folded = (folded[: clause.start()] + " " + folded[clause.end() :]).strip(" ,;.")

    readings = []
    ranged = False
    for match in _AMOUNT_RE.finditer(folded):
        ranged = ranged or bool(match.group("last"))
        amount = _number(match.group("last") or match.group("first"))
        if match.group("half") or match.group("tail"):
            amount += Decimal("0.5")
        readings.append((amount, _unit_of(match)))
    for match in _HALF_RE.finditer(folded):
        readings.append((Decimal("0.5"), _unit_of(match)))

    if not readings:
        if _SAME_DAY_RE.search(folded) or (cutoff and re.search(r"\btrong ngay\b", folded)):
            return ProcessingTime.same_day(cutoff=cutoff, text=original)
        raise _refuse(
            original,
            _(
                "write it as “15 Ngày làm việc”, “15 Ngày”, “8 Giờ làm việc”, “3 Tháng” or "
                "“Trong ngày”."
            ),
        )
    if cutoff is not None:
        raise _refuse(original, _("a cut-off hour belongs to a same-day time only."))

    normalised = []
    for amount, unit in readings:
        if unit == "weeks":
            amount, unit = amount * 7, TimeUnit.CALENDAR_DAYS
        elif unit == "years":
            amount, unit = amount * 12, TimeUnit.MONTHS
        normalised.append((amount, unit))
    units = {unit for _amount, unit in normalised}
    if len(units) > 1:
        raise _refuse(
            original,
            _("it gives times in different units; write the one that applies."),
        )
    # Several times in one unit ("10-25 ngày", "không quá 5 ngày; trường hợp ... 10 ngày"): the
    # longest is the time the procedure may take.
    amount = max(amount for amount, _unit in normalised)
    (unit,) = units
    if amount == 0:
        # "0 Giờ", "0 ngày": the portal's way of saying the result is given at once.
        return ProcessingTime.same_day(text=original)
    if ranged and not _UPPER_BOUND_RE.search(folded):
        # "10-25 ngày": the upper end only when the text makes it the limit, never a guess.
        return ProcessingTime.to_complete(text=original)
    try:
        return ProcessingTime(amount, unit, text=original)
    except ProcessingTimeError as error:
        if amount <= 0:
            raise _refuse(original, _("a processing time must be more than zero.")) from None
        if unit == TimeUnit.MONTHS:
            raise _refuse(original, _("a time in months is a whole number of months.")) from None
        raise _refuse(original, str(error)) from None
