"""The national TTHC record (hồ sơ TTHC trên Cơ sở dữ liệu quốc gia): its fields, the Vietnamese
column headers of the national files, and how each cell is read and written.

The importers, the export and the decision form all go through this module, so that a file the
export writes is a file the import reads (the round trip is tested).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from procedures.calendar.processing_time import ProcessingTime, ProcessingTimeError
from procedures.choices import ChangeKind, Channel, Level, OnlineLevel, TimeUnit
from procedures.problems import Problem
from procedures.record_papers import parse_papers, split_parts
from procedures.record_times import (
    CHANNEL_TEXT,
    TIME_FIELDS,
    TimeCellError,
    channel_time_dict,
    format_levels,
    note_channel_times,
    parse_channel_times,
    parse_levels,
    parse_published_time_cell,
    parse_time_cell,
    record_time,
    time_fields,
)
from procedures.search import fold
from procedures.validators import normalize_procedure_code, procedure_code_problem

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


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()


# The procedure file (and the export), in the order the export writes them.
PROCEDURE_COLUMNS = (
    Column("code", "Mã TTHC", ("Mã thủ tục", "Mã số TTHC", "Mã thủ tục hành chính", "Mã số")),
    Column("name", "Tên TTHC", ("Tên thủ tục", "Tên thủ tục hành chính", "Tên")),
    Column("sector_code", "Mã lĩnh vực"),
    Column("sector_name", "Lĩnh vực", ("Tên lĩnh vực",)),
    Column("kind", "Loại TTHC", ("Loại thủ tục", "Loại thủ tục hành chính")),
    Column("agency_name", "Cơ quan thực hiện", ("Cơ quan giải quyết",)),
    Column("level", "Cấp thực hiện", ("Cấp", "Cấp thực hiện TTHC")),
    Column("channels", "Cách thức thực hiện"),
    Column(
        "processing_time",
        "Thời hạn giải quyết",
        ("Thời gian giải quyết", "Thời hạn", "Thời hạn giải quyết TTHC"),
    ),
    Column(
        "applied_time",
        "Thời hạn áp dụng",
        ("Thời hạn giải quyết sau cắt giảm", "Thời gian áp dụng", "Thời hạn sau cắt giảm"),
    ),
    Column("fees", "Phí, lệ phí", ("Phí", "Lệ phí", "Phí, lệ phí (nếu có)")),
    Column(
        "online_payment",
        "Thanh toán trực tuyến",
        ("Thanh toán trực tuyến (có/không)", "Có thanh toán trực tuyến"),
    ),
    Column("papers", "Thành phần hồ sơ"),
    Column("result_documents", "Kết quả thực hiện", ("Kết quả thực hiện TTHC", "Kết quả")),
    Column("legal_basis", "Căn cứ pháp lý"),
    Column(
        "online_level",
        "Mức độ DVC",
        ("Mức độ DVCTT", "Mức độ dịch vụ công trực tuyến", "Mức độ dịch vụ công", "Mức độ"),
    ),
    Column("is_one_stop", "Một cửa", ("Cơ chế một cửa",)),
    Column("is_interconnected", "Một cửa liên thông", ("Liên thông",)),
    Column(
        "interconnected_agencies",
        "Cơ quan liên thông",
        ("Cơ quan phối hợp liên thông", "Cơ quan phối hợp"),
    ),
    # Each agency with its share of the time, in order (read by services.interconnected).
    Column(
        "interconnected_steps",
        "Các bước liên thông",
        (
            "Các bước thực hiện liên thông",
            "Quy trình liên thông",
            "Thời gian giải quyết của từng cơ quan",
            "Thời hạn giải quyết của từng cơ quan",
            "Phân định thời gian liên thông",
        ),
    ),
    Column(
        "decision_number",
        "Quyết định công bố",
        ("Số quyết định công bố", "Số quyết định", "Quyết định công bố TTHC"),
    ),
    Column("valid_from", "Ngày hiệu lực", ("Ngày công bố", "Ngày có hiệu lực", "Ngày áp dụng")),
    Column(
        "published_on",
        "Ngày công khai CSDLQG",
        ("Ngày đăng tải CSDLQG", "Ngày công bố trên CSDLQG", "Ngày cập nhật CSDLQG"),
    ),
)

# Extra columns of a decision's tables.
DECISION_LINE_COLUMNS = (
    Column("change_kind", "Loại thay đổi", ("Hình thức công bố",)),
    Column(
        "replaced_code",
        "Mã TTHC được thay thế",
        ("Mã TTHC bị thay thế", "Thay thế TTHC", "Thay thế cho mã TTHC"),
    ),
    Column(
        "line_legal_basis",
        "Tên VBQPPL quy định việc bãi bỏ",
        ("Văn bản quy định việc bãi bỏ", "VBQPPL quy định việc bãi bỏ"),
    ),
)
# Decision header fields: rows of the "Quyết định" sheet, or columns repeated on every CSV row.
DECISION_FIELDS = (
    Column("number", "Số quyết định", ("Số hiệu", "Quyết định công bố", "Quyết định")),
    Column("signed_on", "Ngày ký", ("Ngày ban hành",)),
    Column("signer", "Người ký"),
    Column("effective_on", "Ngày hiệu lực", ("Ngày có hiệu lực", "Ngày áp dụng")),
    Column("title", "Trích yếu", ("Tên quyết định",)),
)
# Read and ignored: numbering, and the place of submission (no field of the record holds it).
IGNORED_HEADERS = (
    "STT",
    "TT",
    "Số thứ tự",
    "Địa điểm thực hiện",
    # The national portal's list and detail exports: read and ignored (no field holds them).
    "Cơ quan ban hành",
    "Trình tự thực hiện",
    "Đối tượng thực hiện",
    "Yêu cầu, điều kiện thực hiện",
    "Cơ quan có thẩm quyền",
    "Địa chỉ tiếp nhận hồ sơ",
    "Cơ quan được ủy quyền",
    "Từ khóa",
    "Mô tả",
)

# Name aliases used by the tables of a decision ("Tên TTHC bị bãi bỏ", ...).
NAME_ALIASES = ("Tên TTHC bị bãi bỏ", "Tên TTHC được sửa đổi, bổ sung", "Tên TTHC được thay thế")

# Sheet names of a decision workbook (folded prefixes) -> kind of change.
SHEET_KINDS = (
    ("quyet dinh", None),
    ("cong bo moi", ChangeKind.NEW),
    ("moi", ChangeKind.NEW),
    ("sua doi", ChangeKind.AMENDED),
    ("thay the", ChangeKind.REPLACED),
    ("bai bo", ChangeKind.ABOLISHED),
)

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


def header_key(text: str) -> str:
    """Compare headers without case, diacritics or punctuation: "PHÍ/LỆ PHÍ" == "Phí, lệ phí"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text))).split())


def header_map(columns) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for column in columns:
        for header in (column.header, *column.aliases):
            mapping.setdefault(header_key(header), column.key)
    return mapping


# Read, never written: a note is read only for the per-channel times it may give.
NOTE_COLUMN = Column("note", "Ghi chú", ("Ghi chú khác",))


def procedure_header_map() -> dict[str, str]:
    return header_map((*PROCEDURE_COLUMNS, NOTE_COLUMN))


def decision_header_map() -> dict[str, str]:
    """Headers of a decision's tables. There, "Ngày hiệu lực" and "Quyết định công bố" are the
    decision's own (repeated on CSV rows), not a record's."""
    mapping = header_map(DECISION_FIELDS)
    mapping |= {k: v for k, v in header_map(DECISION_LINE_COLUMNS).items() if k not in mapping}
    procedure = procedure_header_map()
    mapping |= {k: v for k, v in procedure.items() if k not in mapping}
    for alias in NAME_ALIASES:
        mapping[header_key(alias)] = "name"
    return mapping


COLUMN_HEADERS = {c.key: c.header for c in (*PROCEDURE_COLUMNS, *DECISION_LINE_COLUMNS)}
COLUMN_HEADERS |= {
    "procedure_code": "Mã TTHC",
    "processing_time_value": "Thời hạn giải quyết",
    "processing_time_unit": "Thời hạn giải quyết",
    "applied_time_value": "Thời hạn áp dụng",
    "change_kind": "Loại thay đổi",
    "legal_basis": "Căn cứ pháp lý",
    "sector": "Lĩnh vực",
}
DECISION_HEADERS = {c.key: c.header for c in DECISION_FIELDS}


def column_header(key: str) -> str:
    """The Vietnamese header that names a field in files and reports."""
    return COLUMN_HEADERS.get(key) or DECISION_HEADERS.get(key) or key


# ---------------------------------------------------------------------------------------------
# Reading cells


# OWASP's CSV injection rule: a cell starting with one of these is a formula to a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """A value to write in an exported CSV or XLSX cell: one that a spreadsheet would run as a
    formula (``=HYPERLINK(...)``) gets a leading apostrophe, so it shows as the text it is.
    ``clean_text`` takes the apostrophe off again, so an export imports back unchanged."""
    return "'" + text if text and text.startswith(FORMULA_TRIGGERS) else text


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


# ---------------------------------------------------------------------------------------------
# Writing cells


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


# ---------------------------------------------------------------------------------------------
# Checking a record: the announced fields in canonical JSON form (decimals as strings).


def to_decimal(value) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    result = Decimal(str(value).strip().replace(",", "."))
    if not result.is_finite():
        raise InvalidOperation
    return result


def canonical_decimal(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")).normalize(), "f")


def _text_limits() -> dict[str, int]:
    """The record's texts held in sized columns: a longer one is a problem with its field named,
    never a database error when the decision is applied."""
    from procedures.models import ProcedureVersion, Sector

    fields = {
        "kind": ProcedureVersion._meta.get_field("kind"),
        "agency_name": ProcedureVersion._meta.get_field("agency_name"),
        "sector_name": Sector._meta.get_field("name"),
    }
    # A text column without a size (real agency names run to 1,346 characters) has no limit.
    return {key: field.max_length for key, field in fields.items() if field.max_length}


def clean_record(raw: dict, *, full: bool) -> tuple[dict, list[Problem]]:
    """Check the fields of a national record and return them in canonical JSON form (decimals as
    strings), with a problem per bad field (``column`` = the field). ``full``: a record that must
    stand alone (newly announced, replacing); otherwise only the announced fields (amended)."""
    record: dict = {}
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(message, column=key))

    unknown = sorted(set(raw) - set(RECORD_FIELDS))
    for key in unknown:
        bad(key, _("Unknown field of a procedure record."))
    for key in ("name", "sector_code", "sector_name", "kind", "agency_name", "fees"):
        if key in raw:
            record[key] = clean_text(raw[key])
    for key in ("result_documents", "legal_basis"):
        if key in raw:
            record[key] = clean_text(raw[key])
    if "name" in record and not record["name"]:
        bad("name", _("The procedure name is empty."))
    for key, limit in _text_limits().items():
        if len(record.get(key) or "") > limit:
            bad(
                key,
                _("At most %(limit)s characters (this has %(count)s).")
                % {"limit": limit, "count": len(record[key])},
            )
    if "sector_code" in record:
        record["sector_code"] = record["sector_code"].upper()
        if len(record["sector_code"]) > 40:
            bad("sector_code", _("A sector code has at most 40 characters."))
    if "level" in raw or "levels" in raw:
        levels = raw.get("levels")
        if levels in (None, []) and "level" in raw:
            levels = [raw["level"]]
        try:
            levels = [int(level) for level in levels]
        except (TypeError, ValueError):
            levels = None
        if not levels or any(level not in _LEVEL_VALUES for level in levels):
            bad(
                "level",
                _(
                    "Unknown level: 0 ministry, 1 province, 2 district, 3 commune or 4 other "
                    "agency."
                ),
            )
        else:
            levels = list(dict.fromkeys(levels))
            record["level"] = levels[0] if "level" not in raw else int(raw["level"])
            if record["level"] not in levels:
                levels.insert(0, record["level"])
            record["levels"] = levels
    if "online_level" in raw:
        try:
            record["online_level"] = int(raw["online_level"])
        except (TypeError, ValueError):
            record["online_level"] = None
        if record["online_level"] not in _ONLINELEVEL_VALUES:
            bad("online_level", _("Unknown online service level: 2, 3 or 4."))
    if set(TIME_FIELDS) & set(raw):
        time_raw = {key: raw.get(key) for key in TIME_FIELDS}
        if time_raw["processing_time_unit"] in (None, ""):
            time_raw["processing_time_unit"] = TimeUnit.DAYS
        if isinstance(time_raw["processing_time_value"], float):
            time_raw["processing_time_value"] = repr(time_raw["processing_time_value"])
        try:
            reading = record_time(time_raw)
        except ProcessingTimeError:
            unit = time_raw["processing_time_unit"]
            if unit not in _TIMEUNIT_VALUES:
                bad("processing_time_unit", _("Unknown unit of a processing time."))
            else:
                bad(
                    "processing_time_value",
                    _("“%(value)s” is not a processing time in %(unit)s.")
                    % {"value": time_raw["processing_time_value"], "unit": TimeUnit(unit).label},
                )
        else:
            fields = time_fields(reading)
            fields.pop("channel_times")
            record.update(fields)
    if "channel_times" in raw:
        times = raw["channel_times"] or {}
        try:
            if not isinstance(times, dict) or set(times) - set(_CHANNEL_VALUES):
                raise ProcessingTimeError
            record["channel_times"] = {
                channel: channel_time_dict(ProcessingTime.from_dict(times[channel]))
                for channel in _CHANNEL_VALUES
                if channel in times
            }
        except (ProcessingTimeError, KeyError, TypeError, ValueError):
            bad(
                "channel_times",
                _(
                    "Times per channel are {channel: {amount, unit, cutoff}} of direct, postal, "
                    "online."
                ),
            )
    if "applied_time_value" in raw:
        value = raw["applied_time_value"]
        if value in (None, ""):
            record["applied_time_value"] = None
        else:
            try:
                value = to_decimal(value)
            except (InvalidOperation, ValueError, TypeError):
                bad("applied_time_value", _("“%(value)s” is not a number.") % {"value": value})
            else:
                if value <= 0 or value >= Decimal("1000000"):
                    bad("applied_time_value", _("A processing time must be more than zero."))
                else:
                    record["applied_time_value"] = canonical_decimal(value)
    applied, legal = record.get("applied_time_value"), record.get("processing_time_value")
    if applied and legal and Decimal(applied) > Decimal(legal):
        bad("applied_time_value", _("The applied time is longer than the legal time."))
    if applied and "processing_time_unit" in record and not legal:
        bad("applied_time_value", _("A time with no amount cannot be reduced."))
    if "channels" in raw:
        channels = raw["channels"] if isinstance(raw["channels"], list | tuple) else None
        if channels is None or any(c not in _CHANNEL_VALUES for c in channels):
            bad("channels", _("Channels are a list of: direct, postal, online."))
        else:
            record["channels"] = list(dict.fromkeys(channels))
    if "papers" in raw:
        papers = _clean_papers(raw["papers"])
        if papers is None:
            bad(
                "papers",
                _("Required papers are a list of {name, originals, copies} with whole numbers."),
            )
        else:
            record["papers"] = papers
    for key in ("is_one_stop", "is_interconnected", "online_payment"):
        if key in raw:
            if not isinstance(raw[key], bool):
                bad(key, _("Write true or false."))
            else:
                record[key] = raw[key]
    if "interconnected_steps" in raw:
        if not isinstance(raw["interconnected_steps"], str | None):
            bad("interconnected_steps", _("The steps are a text: agency, time → agency, time."))
        else:
            record["interconnected_steps"] = clean_text(raw["interconnected_steps"])
    if "interconnected_agencies" in raw:
        agencies = raw["interconnected_agencies"]
        if not isinstance(agencies, list | tuple) or not all(isinstance(a, str) for a in agencies):
            bad("interconnected_agencies", _("Interconnected agencies are a list of names."))
        else:
            record["interconnected_agencies"] = [a.strip() for a in agencies if a.strip()]
    if full:
        for key in REQUIRED_FOR_NEW:
            column = "processing_time_value" if key == "processing_time_unit" else key
            if key not in record and not any(p.column in (key, column) for p in problems):
                key = column
                bad(key, _("Required for a newly announced procedure."))
        if not record.get("sector_code") and not record.get("sector_name"):
            bad("sector_name", _("Give the sector (its code, its name or both)."))
    return record, problems


def _clean_papers(raw) -> list[dict] | None:
    if not isinstance(raw, list | tuple):
        return None
    papers = []
    for item in raw:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not clean_text(item.get("name")):
            return None
        paper = {"name": clean_text(item["name"]), "originals": None, "copies": None}
        for key in ("originals", "copies"):
            value = item.get(key)
            if value in (None, ""):
                continue
            try:
                number = int(value)
            except (TypeError, ValueError):
                return None
            if number < 0:
                return None
            paper[key] = number
        papers.append(paper)
    return papers
