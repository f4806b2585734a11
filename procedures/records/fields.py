"""The national TTHC record's fields (trường của hồ sơ TTHC trên Cơ sở dữ liệu quốc gia): which
fields a record holds, which a version copies, and a read row of a procedure file.
"""

from dataclasses import dataclass, field
from datetime import date

from procedures.choices import Channel, Level, OnlineLevel, TimeUnit

# Enumerations' values, computed once (TextChoices.values builds a new list on every call).
_ONLINELEVEL_VALUES = frozenset(OnlineLevel.values)
_LEVEL_VALUES = frozenset(Level.values)
_TIMEUNIT_VALUES = frozenset(TimeUnit.values)
_CHANNEL_VALUES = tuple(Channel.values)

# Fields copied one to one between a record and a ProcedureVersion.
VERSION_FIELDS = (
    "name",
    "kind",
    "agency_name",
    "level",
    "levels",
    "channels",
    "processing_time_value",
    "processing_time_unit",
    "processing_time_cutoff",
    "processing_time_text",
    "channel_times",
    "applied_time_value",
    "fees",
    "papers",
    "result_documents",
    "legal_basis",
    "online_level",
    "is_one_stop",
    "is_interconnected",
    "interconnected_agencies",
)
# Fields of a version's national record, as kept in a decision line's ``record`` (JSON) and
# copied into ProcedureVersion (sector_code/sector_name become the ``sector`` foreign key).
# ``interconnected_steps`` is the steps' text as decisions write it ("UBND cấp xã 3 ngày làm
# việc → Công an cấp huyện 5 ngày làm việc"): it becomes InterconnectedStep rows, not a column.
RECORD_FIELDS = (
    "name",
    "sector_code",
    "sector_name",
    *VERSION_FIELDS[1:],
    "interconnected_steps",
    # Thanh toán trực tuyến: read when the file has the column, kept by later versions
    # (services.catalogue.version_values); not among the fields compared with a version.
    "online_payment",
)
# Fields a newly announced procedure cannot go without.
REQUIRED_FOR_NEW = ("name", "level", "processing_time_unit")


class CellError(ValueError):
    """A cell that cannot be read; the message says why and how to write it."""


@dataclass
class RecordRow:
    """One row of a procedure file, read: where it was, and its values."""

    row: int
    code: str
    valid_from: date | None  # None: the file gives none (the import's date applies)
    record: dict
    columns: set[str]  # record fields the file states (compared on a second import)
    decision_number: str = ""
    published_on: date | None = None
    sheet: str | None = None
    headers: dict = field(default_factory=dict)  # field -> header as written in the file
    # Standard headers of the columns the file lacks, whose defaults a new procedure takes.
    defaulted: list[str] = field(default_factory=list)
    # Cells taken in as written without a value read from them (ProcedureVersion.to_check).
    to_check: list[dict] = field(default_factory=list)
