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

from procedures.choices import ChangeKind, Channel, Level, OnlineLevel, TimeUnit
from procedures.problems import Problem
from procedures.search import fold
from procedures.validators import normalize_procedure_code, procedure_code_problem

# Fields copied one to one between a record and a ProcedureVersion.
VERSION_FIELDS = (
    "name",
    "kind",
    "agency_name",
    "level",
    "channels",
    "processing_time_value",
    "processing_time_unit",
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
RECORD_FIELDS = ("name", "sector_code", "sector_name", *VERSION_FIELDS[1:])
# Fields a newly announced procedure cannot go without.
REQUIRED_FOR_NEW = ("name", "level", "processing_time_value")


class CellError(ValueError):
    """A cell that cannot be read; the message says why and how to write it."""


@dataclass
class RecordRow:
    """One row of a procedure file, read: where it was, and its values."""

    row: int
    code: str
    valid_from: date
    record: dict
    columns: set[str]  # record fields the file states (compared on a second import)
    decision_number: str = ""
    published_on: date | None = None
    sheet: str | None = None
    headers: dict = field(default_factory=dict)  # field -> header as written in the file


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()


# The procedure file (and the export), in the order the export writes them.
PROCEDURE_COLUMNS = (
    Column("code", "Mã TTHC", ("Mã thủ tục", "Mã số TTHC", "Mã thủ tục hành chính", "Mã số")),
    Column("name", "Tên TTHC", ("Tên thủ tục", "Tên thủ tục hành chính")),
    Column("sector_code", "Mã lĩnh vực"),
    Column("sector_name", "Lĩnh vực", ("Tên lĩnh vực",)),
    Column("kind", "Loại TTHC", ("Loại thủ tục",)),
    Column("agency_name", "Cơ quan thực hiện", ("Cơ quan giải quyết",)),
    Column("level", "Cấp thực hiện"),
    Column("channels", "Cách thức thực hiện"),
    Column("processing_time", "Thời hạn giải quyết", ("Thời gian giải quyết",)),
    Column(
        "applied_time",
        "Thời hạn áp dụng",
        ("Thời hạn giải quyết sau cắt giảm", "Thời gian áp dụng", "Thời hạn sau cắt giảm"),
    ),
    Column("fees", "Phí, lệ phí", ("Phí", "Lệ phí", "Phí, lệ phí (nếu có)")),
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
    Column("decision_number", "Quyết định công bố", ("Số quyết định công bố",)),
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
IGNORED_HEADERS = ("STT", "TT", "Số thứ tự", "Địa điểm thực hiện", "Ghi chú")

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

LEVEL_TEXT = {
    Level.MINISTRY: "Cấp Bộ",
    Level.PROVINCE: "Cấp Tỉnh",
    Level.DISTRICT: "Cấp Huyện",
    Level.COMMUNE: "Cấp Xã",
}
LEVEL_WORDS = {"bo": Level.MINISTRY, "trung": Level.MINISTRY, "tinh": Level.PROVINCE}
LEVEL_WORDS |= {"huyen": Level.DISTRICT, "xa": Level.COMMUNE}

CHANNEL_TEXT = {
    Channel.DIRECT: "Trực tiếp",
    Channel.POSTAL: "Dịch vụ bưu chính",
    Channel.ONLINE: "Trực tuyến",
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

TIME_UNIT_TEXT = {TimeUnit.DAYS: "ngày làm việc", TimeUnit.HOURS: "giờ làm việc"}


def header_key(text: str) -> str:
    """Compare headers without case, diacritics or punctuation: "PHÍ/LỆ PHÍ" == "Phí, lệ phí"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text))).split())


def header_map(columns) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for column in columns:
        for header in (column.header, *column.aliases):
            mapping.setdefault(header_key(header), column.key)
    return mapping


def procedure_header_map() -> dict[str, str]:
    return header_map(PROCEDURE_COLUMNS)


def decision_header_map() -> dict[str, str]:
    """Headers of a decision's tables. There, "Ngày hiệu lực" and "Quyết định công bố" are the
    decision's own (repeated on CSV rows), not a record's."""
    mapping = header_map(DECISION_FIELDS)
    mapping |= {k: v for k, v in header_map(DECISION_LINE_COLUMNS).items() if k not in mapping}
    procedure = header_map(PROCEDURE_COLUMNS)
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


_TIME_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(ngay|gio|day|hour)")


def parse_time(text: str, *, bare_number_unit: str | None = None) -> tuple[Decimal, str]:
    """Read a processing time: "15 ngày làm việc", "Không quá 08 giờ làm việc", "0,5 ngày",
    "Trong ngày" (the same working day: one day). With ``bare_number_unit`` a plain number is
    read in that unit."""
    folded = fold(text)
    match = _TIME_RE.search(folded)
    if match:
        value = parse_decimal(match.group(1))
        unit = TimeUnit.HOURS if match.group(2) in {"gio", "hour"} else TimeUnit.DAYS
    elif bare_number_unit and re.fullmatch(r"\d+(?:[.,]\d+)?", folded):
        value, unit = parse_decimal(folded), bare_number_unit
    elif re.fullmatch(r"trong (?:ngay|ngay lam viec)", folded):
        value, unit = Decimal(1), TimeUnit.DAYS
    else:
        raise CellError(
            _(
                "Cannot read a processing time from “%(value)s”: write it as “15 ngày làm việc” "
                "or “8 giờ làm việc”."
            )
            % {"value": text}
        )
    if value <= 0:
        raise CellError(_("A processing time must be more than zero."))
    if value >= Decimal("1000000"):
        raise CellError(_("“%(value)s” is too long for a processing time.") % {"value": text})
    return value.quantize(Decimal("0.01")).normalize(), unit


def parse_level(text: str) -> int:
    folded = fold(text)
    if re.fullmatch(r"[0-3](?:\.0)?", folded):
        return int(float(folded))
    found = {LEVEL_WORDS[word] for word in re.findall(r"[a-z]+", folded) if word in LEVEL_WORDS}
    if len(found) == 1:
        return found.pop()
    if len(found) > 1:
        raise CellError(
            _("“%(value)s” names several levels: give one level per row (one record per level).")
            % {"value": text}
        )
    raise CellError(
        _("Unknown level “%(value)s”: write Cấp Tỉnh, Cấp Huyện, Cấp Xã or Cấp Bộ.")
        % {"value": text}
    )


def parse_online_level(text: str) -> int:
    folded = fold(text)
    digits = re.findall(r"\d+(?:\.0)?", folded)
    if digits:
        value = int(float(digits[0]))
        if value in OnlineLevel.values:
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


def _split(text: str, separators: str) -> list[str]:
    parts = re.split(separators, text)
    return [re.sub(r"^[\s\-–•+*]+", "", part).strip() for part in parts if part.strip(" -–•+*")]


def parse_channels(text: str) -> list[str]:
    channels: list[str] = []
    for part in _split(text, r"[;,\n]"):
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


_COUNTS_RE = re.compile(r"\(([^()]*)\)\s*$")


def parse_papers(text: str) -> list[dict]:
    """One paper per line (or separated by ";"), each optionally ending with its counts:
    "Tờ khai đăng ký khai sinh (1 bản chính, 0 bản sao)"."""
    papers = []
    for part in _split(text, r"[;\n]"):
        name, originals, copies = part, None, None
        match = _COUNTS_RE.search(part)
        if match:
            inner = fold(match.group(1))
            original = re.search(r"(\d+)\s*ban chinh", inner)
            copy = re.search(r"(\d+)\s*ban sao", inner)
            if original or copy:
                name = part[: match.start()].strip()
                originals = int(original.group(1)) if original else None
                copies = int(copy.group(1)) if copy else None
        papers.append({"name": name, "originals": originals, "copies": copies})
    return papers


def parse_bool(text: str) -> bool:
    folded = fold(text)
    if folded in {"co", "x", "yes", "true", "1", "1.0", "c", "dung"}:
        return True
    if folded in {"khong", "no", "false", "0", "0.0", "k", ""}:
        return False
    raise CellError(_("Write Có or Không, not “%(value)s”.") % {"value": text})


def parse_agencies(text: str) -> list[str]:
    return _split(text, r"→|->|>|;|\n")


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


def parse_cell(key: str, text: str, *, from_spreadsheet: bool = False) -> dict:
    """Read one non-empty cell of column ``key``; return the record fields it sets."""
    if key in {"code", "replaced_code"}:
        return {key: parse_code(text, from_spreadsheet=from_spreadsheet)}
    if key in {"valid_from", "published_on", "signed_on", "effective_on"}:
        return {key: parse_date(text)}
    if key == "level":
        return {"level": parse_level(text)}
    if key == "processing_time":
        value, unit = parse_time(text)
        return {"processing_time_value": value, "processing_time_unit": unit}
    if key == "applied_time":
        value, unit = parse_time(text, bare_number_unit="?")
        return {"applied_time_value": value, "applied_time_unit": unit}
    if key == "online_level":
        return {"online_level": parse_online_level(text)}
    if key == "channels":
        return {"channels": parse_channels(text)}
    if key == "papers":
        return {"papers": parse_papers(text)}
    if key in {"is_one_stop", "is_interconnected"}:
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
    if key in {"is_interconnected"}:
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
    if value is None or value == "":
        return ""
    return f"{format_number(value)} {TIME_UNIT_TEXT.get(unit, unit)}"


def format_date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_papers(papers: list[dict]) -> str:
    lines = []
    for paper in papers or []:
        counts = []
        if paper.get("originals") is not None:
            counts.append(f"{paper['originals']} bản chính")
        if paper.get("copies") is not None:
            counts.append(f"{paper['copies']} bản sao")
        name = paper.get("name", "")
        lines.append(f"{name} ({', '.join(counts)})" if counts else name)
    return "\n".join(lines)


def format_channels(channels: list[str]) -> str:
    return "; ".join(CHANNEL_TEXT.get(channel, channel) for channel in channels or [])


def format_bool(value: bool) -> str:
    return "Có" if value else "Không"


def format_level(value: int) -> str:
    return LEVEL_TEXT.get(value, str(value))


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

    version = ProcedureVersion._meta
    return {
        "kind": version.get_field("kind").max_length,
        "agency_name": version.get_field("agency_name").max_length,
        "sector_name": Sector._meta.get_field("name").max_length,
    }


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
    if "level" in raw:
        try:
            record["level"] = int(raw["level"])
        except (TypeError, ValueError):
            record["level"] = None
        if record["level"] not in Level.values:
            bad("level", _("Unknown level: 0 ministry, 1 province, 2 district or 3 commune."))
    if "online_level" in raw:
        try:
            record["online_level"] = int(raw["online_level"])
        except (TypeError, ValueError):
            record["online_level"] = None
        if record["online_level"] not in OnlineLevel.values:
            bad("online_level", _("Unknown online service level: 2, 3 or 4."))
    for key in ("processing_time_value", "applied_time_value"):
        if key not in raw:
            continue
        if raw[key] in (None, "") and key == "applied_time_value":
            record[key] = None
            continue
        try:
            value = to_decimal(raw[key])
        except (InvalidOperation, ValueError, TypeError):
            bad(key, _("“%(value)s” is not a number.") % {"value": raw[key]})
            continue
        if value <= 0 or value >= Decimal("1000000"):
            bad(key, _("A processing time must be more than zero."))
            continue
        record[key] = canonical_decimal(value)
    if "processing_time_unit" in raw:
        record["processing_time_unit"] = clean_text(raw["processing_time_unit"])
        if record["processing_time_unit"] not in TimeUnit.values:
            bad("processing_time_unit", _("Unknown unit: working days or working hours."))
    elif "processing_time_value" in record:
        record["processing_time_unit"] = TimeUnit.DAYS
    applied, legal = record.get("applied_time_value"), record.get("processing_time_value")
    if applied and legal and Decimal(applied) > Decimal(legal):
        bad("applied_time_value", _("The applied time is longer than the legal time."))
    if "channels" in raw:
        channels = raw["channels"] if isinstance(raw["channels"], list | tuple) else None
        if channels is None or any(c not in Channel.values for c in channels):
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
    for key in ("is_one_stop", "is_interconnected"):
        if key in raw:
            if not isinstance(raw[key], bool):
                bad(key, _("Write true or false."))
            else:
                record[key] = raw[key]
    if "interconnected_agencies" in raw:
        agencies = raw["interconnected_agencies"]
        if not isinstance(agencies, list | tuple) or not all(isinstance(a, str) for a in agencies):
            bad("interconnected_agencies", _("Interconnected agencies are a list of names."))
        else:
            record["interconnected_agencies"] = [a.strip() for a in agencies if a.strip()]
    if full:
        for key in ("name", "level", "processing_time_value"):
            if key not in record and not any(p.column == key for p in problems):
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
