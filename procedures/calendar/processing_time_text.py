"""Reading a processing time from what records write (thời hạn giải quyết as free text).

Real records write "5 Ngày làm việc", "15 Ngày" (calendar days: the portal tells them apart),
"05 (năm) ngày làm việc", "01 ngày rưỡi", "Không quá 05 ngày làm việc", "10-25 ngày" (the longest
counts), "Trong thời hạn 04 tháng", "Trong ngày" with or without "nếu nhận hồ sơ sau 15 giờ thì
trả kết quả trong ngày làm việc tiếp theo" (a cut-off, never a time of 15 hours), "Không quy định"
and "Không có thông tin" (no time), and bare numbers with no unit (to be completed: never guessed).
Whatever cannot be read raises ``ProcessingTimeError`` with a message that shows the text.
"""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal

from django.utils.translation import gettext as _

from procedures.calendar.processing_time import (
    NONE_TEXT,
    TO_COMPLETE_TEXT,
    ProcessingTime,
    ProcessingTimeError,
)
from procedures.choices import TimeUnit
from procedures.search import fold

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
    if _BARE_NUMBER_RE.fullmatch(folded):
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
    for match in _AMOUNT_RE.finditer(folded):
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
    try:
        return ProcessingTime(amount, unit, text=original)
    except ProcessingTimeError as error:
        if amount <= 0:
            raise _refuse(original, _("a processing time must be more than zero.")) from None
        if unit == TimeUnit.MONTHS:
            raise _refuse(original, _("a time in months is a whole number of months.")) from None
        raise _refuse(original, str(error)) from None
