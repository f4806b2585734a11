"""The processing times and levels of a national record, read from and written to its cells.

A "Thời hạn giải quyết" cell holds the procedure's time, optionally followed by the channels whose
time differs: "5 Ngày làm việc | Trực tuyến: 3 Ngày làm việc". The national portal's detail
pages give a time per channel ("Trực tiếp: 15 Ngày | Dịch vụ bưu chính: 15 Ngày | Trực tuyến:
10 Ngày"); with no unprefixed part, the first channel's time is the procedure's. A channel listed
twice (two cases) takes its longest time. The export writes the same form back.

In a record (JSON), a time is ``processing_time_value`` (decimal string or None),
``processing_time_unit``, ``processing_time_cutoff`` ("HH:MM" or None), ``processing_time_text``
and ``channel_times`` ({channel: {"amount", "unit", "cutoff"}}); levels are ``levels`` (a list,
the first one also in ``level``).
"""

import re
from collections.abc import Callable
from datetime import time

from django.utils.translation import gettext as _

from procedures.calendar.processing_time import ProcessingTime, ProcessingTimeError
from procedures.calendar.processing_time_text import parse_published_time
from procedures.choices import Channel, Level
from procedures.search import fold

CHANNEL_TEXT = {
    Channel.DIRECT: "Trực tiếp",
    Channel.POSTAL: "Dịch vụ bưu chính",
    Channel.ONLINE: "Trực tuyến",
}
_CHANNEL_LABELS = (
    ("truc tiep", Channel.DIRECT),
    ("dich vu buu chinh", Channel.POSTAL),
    ("buu chinh", Channel.POSTAL),
    ("truc tuyen", Channel.ONLINE),
    ("direct", Channel.DIRECT),
    ("postal", Channel.POSTAL),
    ("online", Channel.ONLINE),
)
_LABEL_RE = re.compile(
    r"^\s*(?P<label>" + "|".join(label for label, _c in _CHANNEL_LABELS) + r")\s*:\s*(?P<rest>.*)$"
)
# Where the sample files keep the other channels' times: "times per channel: Trực tuyến: ...".
_NOTE_RE = re.compile(r"(?i)(?:times per channel|thời hạn theo cách thức)\s*:")

TIME_FIELDS = (
    "processing_time_value",
    "processing_time_unit",
    "processing_time_cutoff",
    "processing_time_text",
)

LEVEL_TEXT = {
    Level.MINISTRY: "Cấp Bộ",
    Level.PROVINCE: "Cấp Tỉnh",
    Level.DISTRICT: "Cấp Huyện",
    Level.COMMUNE: "Cấp Xã",
    Level.OTHER: "Cơ quan khác",
}
LEVEL_WORDS = (
    ("co quan khac", Level.OTHER),
    ("cap bo", Level.MINISTRY),
    ("trung uong", Level.MINISTRY),
    ("cap tinh", Level.PROVINCE),
    ("cap huyen", Level.DISTRICT),
    ("cap xa", Level.COMMUNE),
    ("bo", Level.MINISTRY),
    ("tinh", Level.PROVINCE),
    ("huyen", Level.DISTRICT),
    ("xa", Level.COMMUNE),
    ("other", Level.OTHER),
)


class TimeCellError(ValueError):
    """A time or level cell that cannot be read (the message names the value)."""


# -- times ----------------------------------------------------------------------------------------


def _parse(text: str) -> ProcessingTime:
    try:
        return ProcessingTime.parse(text)
    except ProcessingTimeError as error:
        raise TimeCellError(str(error)) from None


def _longest(first: ProcessingTime, second: ProcessingTime) -> ProcessingTime | None:
    """The longer of two cases of one channel; ``None`` when their units do not compare."""
    if first.same_reading(second):
        return first
    if not first.has_due_moment:
        return second
    if not second.has_due_moment:
        return first
    if first.comparable(second) and second.amount is not None:
        return first if first.amount >= second.amount else second
    return None


def parse_channel_times(
    text: str, parse: Callable[[str], ProcessingTime] = _parse
) -> tuple[dict[str, ProcessingTime], list[str]]:
    """Times per channel from "Trực tiếp: 15 Ngày | Trực tuyến: 10 Ngày" (parts without a
    channel label are left out), and the channels whose cases give times in units that do not
    compare ("Trực tiếp: 7 Ngày làm việc | Trực tiếp: 1 Giờ"): those take the procedure's time,
    never a guess between the cases, and the caller lists them."""
    times: dict[str, ProcessingTime] = {}
    ambiguous: list[str] = []
    for part in re.split(r"\s*\|\s*|\n", text):
        match = _LABEL_RE.match(fold(part))
        if not match:
            continue
        channel = next(c for label, c in _CHANNEL_LABELS if label == match.group("label"))
        reading = parse(part.split(":", 1)[1].strip())
        if channel in ambiguous:
            continue
        if channel in times:
            reading = _longest(times[channel], reading)
            if reading is None:
                ambiguous.append(channel)
                del times[channel]
                continue
        times[channel] = reading
    return times, ambiguous


def parse_time_cell(
    text: str, parse: Callable[[str], ProcessingTime] = _parse
) -> tuple[ProcessingTime, dict[str, ProcessingTime], list[str]]:
    """The procedure's time, the times of the channels that differ from it, and the channels
    whose cases do not compare (see ``parse_channel_times``)."""
    parts = [p for p in re.split(r"\s*\|\s*|\n", text) if p.strip()]
    plain = [p for p in parts if not _LABEL_RE.match(fold(p))]
    channels, ambiguous = parse_channel_times(text, parse)
    if len(plain) > 1:
        raise TimeCellError(
            _("“%(value)s” gives several times: name each one's channel (“Trực tuyến: …”).")
            % {"value": text}
        )
    if plain:
        main = parse(plain[0])
    elif channels or ambiguous:
        first = _LABEL_RE.match(fold(parts[0]))
        main = parse(parts[0].split(":", 1)[1].strip()) if first else parse(text)
    else:
        main = parse(text)
    return main, {c: t for c, t in channels.items() if not t.same_reading(main)}, ambiguous


def parse_published_time_cell(
    text: str,
) -> tuple[ProcessingTime, dict[str, ProcessingTime], list[str], list[tuple[str, str]]]:
    """``parse_time_cell`` for a national publication, which is taken in whatever it writes:
    each part that cannot be read becomes "no computable time" with its text kept (see
    ``parse_published_time``). Also returns (text, why) for each part that needs checking.
    Several unlabelled times in one cell are kept whole, as one text to check."""
    unread: list[tuple[str, str]] = []

    def lenient(part: str) -> ProcessingTime:
        reading, why = parse_published_time(part)
        if why and (part, why) not in unread:
            unread.append((" ".join(part.split()), why))
        return reading

    try:
        main, channels, ambiguous = parse_time_cell(text, lenient)
    except TimeCellError as error:
        whole = " ".join(text.split())
        return ProcessingTime.none(text=whole), {}, [], [(whole, str(error))]
    return main, channels, ambiguous, unread


def note_channel_times(note: str) -> str | None:
    """The per-channel part of a note ("times per channel: Trực tuyến: 21 Ngày | ..."), if any."""
    match = _NOTE_RE.search(note)
    if not match:
        return None
    rest = re.split(r";|\bsource\b", note[match.end() :])[0].strip()
    return rest or None


def channel_time_dict(processing_time: ProcessingTime) -> dict:
    data = processing_time.to_dict()
    data.pop("text")
    return data


def time_fields(processing_time: ProcessingTime, channel_times: dict | None = None) -> dict:
    """A time as record fields (canonical JSON)."""
    data = processing_time.to_dict()
    return {
        "processing_time_value": data["amount"],
        "processing_time_unit": data["unit"],
        "processing_time_cutoff": data["cutoff"],
        "processing_time_text": data["text"],
        "channel_times": {
            channel: channel_time_dict(t) for channel, t in (channel_times or {}).items()
        },
    }


def record_time(record: dict) -> ProcessingTime:
    """The time of a record (raises ``ProcessingTimeError`` when it cannot be one)."""
    return ProcessingTime(
        record.get("processing_time_value"),
        record.get("processing_time_unit") or "days",
        record.get("processing_time_cutoff"),
        record.get("processing_time_text", ""),
    )


def format_time_cell(processing_time: ProcessingTime, channel_times: dict | None) -> str:
    """ "5 Ngày làm việc | Trực tuyến: 3 Ngày làm việc": read back by ``parse_time_cell``."""
    parts = [processing_time.portal_text()]
    for channel in Channel.values:
        if channel in (channel_times or {}):
            other = ProcessingTime.from_dict(channel_times[channel])
            parts.append(f"{CHANNEL_TEXT[channel]}: {other.portal_text()}")
    return " | ".join(parts)


def cutoff_text(value: time | str | None) -> str | None:
    if value in (None, ""):
        return None
    return value.strftime("%H:%M") if isinstance(value, time) else str(value)[:5]


# -- levels ---------------------------------------------------------------------------------------


def parse_levels(text: str) -> list[int]:
    """ "Cấp tỉnh, Cấp xã" -> [1, 3]; "Cơ quan khác" is a level of its own; digits 0–4 too."""
    levels: list[int] = []
    for part in re.split(r"[,;/\n]|\bva\b", fold(text)):
        part = part.strip(" .-")
        if not part:
            continue
        if re.fullmatch(r"[0-4](?:\.0)?", part):
            level = int(float(part))
        else:
            level = next((lv for word, lv in LEVEL_WORDS if re.search(rf"\b{word}\b", part)), None)
        if level is None:
            raise TimeCellError(
                _(
                    "Unknown level “%(value)s”: write Cấp Bộ, Cấp Tỉnh, Cấp Huyện, Cấp Xã or "
                    "Cơ quan khác (several separated by commas)."
                )
                % {"value": text}
            )
        if level not in levels:
            levels.append(level)
    if not levels:
        raise TimeCellError(_("The level is empty."))
    return levels


def format_levels(levels: list[int]) -> str:
    return ", ".join(LEVEL_TEXT.get(level, str(level)) for level in levels)
