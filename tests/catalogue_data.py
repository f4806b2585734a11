"""Building blocks for catalogue tests: records and decision lines as the services take them."""

from datetime import date


def new_record(name: str = "Đăng ký khai sinh", **fields) -> dict:
    record = {
        "name": name,
        "sector_code": "HT",
        "sector_name": "Hộ tịch",
        "level": 3,
        "agency_name": "Ủy ban nhân dân cấp xã",
        "processing_time_value": "3",
        "processing_time_unit": "days",
        "fees": "Miễn lệ phí",
        "online_level": 3,
    }
    record.update(fields)
    return record


def line(kind: str, code: str, record: dict | None = None, **extra) -> dict:
    result = {"change_kind": kind, "procedure_code": code, "record": record or {}}
    result.update(extra)
    return result


def decision_kwargs(number: str = "2061/QĐ-UBND", effective_on: date = date(2017, 3, 1), **extra):
    kwargs = {
        "number": number,
        "signed_on": effective_on,
        "effective_on": effective_on,
        "signer": "Đồng Văn Lâm",
        "title": "Công bố danh mục TTHC lĩnh vực hộ tịch",
    }
    kwargs.update(extra)
    return kwargs


# Files as the national records and the decisions' annexes write them.
PROCEDURE_HEADERS = [
    "STT",
    "Mã TTHC",
    "Tên TTHC",
    "Mã lĩnh vực",
    "Lĩnh vực",
    "Cơ quan thực hiện",
    "Cấp thực hiện",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Căn cứ pháp lý",
    "Mức độ DVC",
    "Cách thức thực hiện",
    "Thành phần hồ sơ",
    "Một cửa liên thông",
    "Quyết định công bố",
    "Ngày hiệu lực",
]


def procedure_row(code: str, name: str, **overrides) -> dict:
    row = {
        "STT": "1",
        "Mã TTHC": code,
        "Tên TTHC": name,
        "Mã lĩnh vực": "HT",
        "Lĩnh vực": "Hộ tịch",
        "Cơ quan thực hiện": "Ủy ban nhân dân cấp xã",
        "Cấp thực hiện": "Cấp Xã",
        "Thời hạn giải quyết": "3 ngày làm việc",
        "Phí, lệ phí": "Miễn lệ phí",
        "Căn cứ pháp lý": "Luật Hộ tịch năm 2014",
        "Mức độ DVC": "3",
        "Cách thức thực hiện": "Trực tiếp; Trực tuyến",
        "Thành phần hồ sơ": "Tờ khai (1 bản chính, 0 bản sao)\nGiấy chứng sinh (1 bản chính)",
        "Một cửa liên thông": "Không",
        "Quyết định công bố": "100/QĐ-UBND",
        "Ngày hiệu lực": "01/01/2016",
    }
    row.update(overrides)
    return row


def csv_bytes(rows: list[dict], headers: list[str] | None = None) -> bytes:
    import pandas as pd

    columns = headers or list(dict.fromkeys(key for row in rows for key in row))
    frame = pd.DataFrame(rows, columns=columns)
    return frame.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A workbook from rows of cells per sheet (the first row of a table is its header)."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def decision_workbook(
    number: str = "2061/QĐ-UBND",
    effective_on: str = "01/03/2017",
    new: list[list] | None = None,
    amended: list[list] | None = None,
    abolished: list[list] | None = None,
) -> bytes:
    """A decision's annexes as an Excel workbook with one sheet per kind of change."""
    sheets = {
        "Quyết định": [
            ["Số quyết định", number],
            ["Ngày ký", "20/02/2017"],
            ["Người ký", "Đồng Văn Lâm"],
            ["Ngày hiệu lực", effective_on],
            ["Trích yếu", "Công bố danh mục TTHC lĩnh vực hộ tịch"],
        ]
    }
    if new is not None:
        sheets["Công bố mới"] = [
            ["DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH"],
            [
                "STT",
                "Mã TTHC",
                "Tên TTHC",
                "Lĩnh vực",
                "Cơ quan thực hiện",
                "Cấp thực hiện",
                "Thời hạn giải quyết",
                "Phí, lệ phí",
                "Căn cứ pháp lý",
            ],
            *new,
        ]
    if amended is not None:
        sheets["Sửa đổi, bổ sung"] = [
            [
                "TT",
                "Mã TTHC",
                "Tên TTHC",
                "Cách thức thực hiện",
                "Địa điểm thực hiện",
                "Thời hạn giải quyết",
                "Phí, lệ phí",
                "Căn cứ pháp lý",
            ],
            *amended,
        ]
    if abolished is not None:
        sheets["Bãi bỏ"] = [
            [
                "STT",
                "Mã TTHC",
                "Tên TTHC bị bãi bỏ",
                "Tên VBQPPL quy định việc bãi bỏ",
                "Lĩnh vực",
                "Cơ quan thực hiện",
            ],
            *abolished,
        ]
    return xlsx_bytes(sheets)


def new_sheet_row(code: str, name: str, time: str = "5 ngày làm việc") -> list:
    return [
        "1",
        code,
        name,
        "Hộ tịch",
        "UBND cấp xã",
        "Cấp Xã",
        time,
        "Miễn lệ phí",
        "Luật Hộ tịch 2014",
    ]
