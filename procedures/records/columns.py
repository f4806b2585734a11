"""The national files' columns (cột của tệp TTHC): the Vietnamese headers of the procedure file
and of a decision's tables, their aliases, and how a header is matched to a field.
"""

import re
from dataclasses import dataclass

from procedures.choices import ChangeKind
from procedures.search import fold


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
