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
