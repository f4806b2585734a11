"""Writing a cell of a national file (ghi ô của tệp TTHC): numbers, times, dates, channels,
levels and agencies the way the portal writes them, so that the import reads them back unchanged.
"""

from decimal import Decimal

from procedures.calendar.processing_time import ProcessingTime
from procedures.record_times import CHANNEL_TEXT, format_levels
from procedures.records.reading import FORMULA_TRIGGERS


def neutralise_formula(text: str) -> str:
    """A value to write in an exported CSV or XLSX cell: one that a spreadsheet would run as a
    formula (``=HYPERLINK(...)``) gets a leading apostrophe, so it shows as the text it is.
    ``clean_text`` takes the apostrophe off again, so an export imports back unchanged."""
    return "'" + text if text and text.startswith(FORMULA_TRIGGERS) else text


def format_number(value) -> str:
    """15.00 -> "15", 1.50 -> "1,5": the way Vietnamese records write numbers."""
    if value is None or value == "":
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",")


def format_time(value, unit: str) -> str:
    """An amount in a unit as the portal writes it ("15 Ngày làm việc", "15 Ngày")."""
    if value is None or value == "":
        return ""
    return ProcessingTime(value, unit).portal_text()


def format_steps(steps) -> str:
    """Các bước liên thông as decisions write them, from ``(agency name, amount, unit)``:
    "UBND xã A 3 Ngày làm việc → Công an huyện B 5 Ngày làm việc" (read back unchanged)."""
    return " → ".join(f"{name} {format_time(value, unit)}" for name, value, unit in steps)


def format_date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_channels(channels: list[str]) -> str:
    return "; ".join(CHANNEL_TEXT.get(channel, channel) for channel in channels or [])


def format_bool(value: bool) -> str:
    return "Có" if value else "Không"


def format_level(value: int | list[int]) -> str:
    return format_levels(value if isinstance(value, list | tuple) else [value])


def format_agencies(agencies: list[str]) -> str:
    return " → ".join(agencies or [])
