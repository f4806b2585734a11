"""Reading a processing time from what records write (thời hạn giải quyết as free text).

Real records write "5 Ngày làm việc", "15 Ngày" (calendar days: the portal tells them apart),
"05 (năm) ngày làm việc", "01 ngày rưỡi", "Không quá 05 ngày làm việc", "Trong thời hạn 04
tháng", "Trong ngày" with or without "nếu nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm
việc tiếp theo" (a cut-off, never a time of 15 hours), "0 Giờ" (done at once: the same day),
"Không quy định" and "Không có thông tin" (no time), and bare numbers with no unit (to be
completed: never guessed). A range ("10-25 ngày") is to be completed too, unless the text says the
upper bound is the limit ("tối đa 10-25 ngày", "không quá"): which end applies is the law's to say.
Whatever cannot be read raises ``ProcessingTimeError`` with a message that shows the text; an
importer of national publications takes such a text in anyway (``parse_published_time``).
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
# "10-25", "10 - 25", "10 đến 25": a range with no unit (the portal's list exports write them).
_BARE_RANGE_RE = re.compile(rf"^(?:tu\s+)?{_NUMBER}\s*(?:-|–|den|toi)\s*{_NUMBER}$")
# Words that make a range's upper bound the limit: "tối đa", "không quá", "chậm nhất".
_UPPER_BOUND_RE = re.compile(r"\b(?:toi da|khong qua|cham nhat|nhieu nhat|khong vuot qua)\b")
# A time tied to an event rather than a length: "Chậm nhất là ngay trước khi tàu rời cảng",
# "Trước khi tàu cập cảng", "... được coi là kết thúc kể từ khi người làm thủ tục nộp đủ ...".
_EVENT_RE = re.compile(
    r"\b(?:truoc khi|sau khi|ke tu khi|ngay khi|khi tau|duoc coi la ket thuc|ket thuc khi)\b"
)


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


def is_event_bound(text: str) -> bool:
    """A time written as an event ("trước khi tàu rời cảng"), not a length."""
    folded = fold(" ".join(str(text or "").split()))
    return not re.search(r"\d", folded) and bool(_EVENT_RE.search(folded))


def parse_published_time(text: str) -> tuple[ProcessingTime, str | None]:
    """A time as a national publication writes it, always taken in: the reading, and why it
    needs checking (``None`` when it does not). A text that cannot be read, or that names an
    event rather than a length, becomes "no computable time" with the text kept verbatim; a
    bare number or a range without a stated limit is "to be completed"."""
    original = " ".join(str(text or "").split())
    try:
        reading = parse_processing_time(original)
    except ProcessingTimeError as error:
        if is_event_bound(original):
            why = _("it names an event, not a length of time: no due moment can be computed.")
        else:
            why = str(error)
        return ProcessingTime.none(text=original), why
    if reading.unit == TimeUnit.TO_COMPLETE and original:
        return reading, _("it gives no unit or no single length: the time is to be completed.")
    return reading, None
