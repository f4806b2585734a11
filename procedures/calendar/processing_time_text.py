"""Reading a processing time as a national publication writes it (thời hạn giải quyết as free text).

Real records write "5 Ngày làm việc", "15 Ngày" (calendar days: the portal tells them apart),
"05 (năm) ngày làm việc", "01 ngày rưỡi", "Không quá 05 ngày làm việc", "Trong thời hạn 04
tháng", "Trong ngày" with or without "nếu nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm
việc tiếp theo" (a cut-off, never a time of 15 hours), "0 Giờ" (done at once: the same day),
"Không quy định" and "Không có thông tin" (no time), and bare numbers with no unit (to be
completed: never guessed). A range ("10-25 ngày") is to be completed too, unless the text says the
upper bound is the limit ("tối đa 10-25 ngày", "không quá"): which end applies is the law's to say.
Whatever cannot be read raises ``ProcessingTimeError`` with a message that shows the text
(``ProcessingTime.parse``, whose reader lives beside the value in
:mod:`procedures.calendar.processing_time`); an importer of national publications takes such a
text in anyway (``parse_published_time``, here).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from procedures.calendar.processing_time import (
    ProcessingTime,
    ProcessingTimeError,
    parse_processing_time,
)
from procedures.choices import TimeUnit
from procedures.search import fold

__all__ = ["is_event_bound", "parse_processing_time", "parse_published_time"]

# A time tied to an event rather than a length: "Chậm nhất là ngay trước khi tàu rời cảng",
# "Trước khi tàu cập cảng", "... được coi là kết thúc kể từ khi người làm thủ tục nộp đủ ...".
_EVENT_RE = re.compile(
    r"\b(?:truoc khi|sau khi|ke tu khi|ngay khi|khi tau|duoc coi la ket thuc|ket thuc khi)\b"
)


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
