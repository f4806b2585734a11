from datetime import date
from decimal import Decimal

import pytest

from procedures.records import (
    CellError,
    format_papers,
    format_time,
    parse_channels,
    parse_date,
    parse_level,
    parse_online_level,
    parse_papers,
    parse_time,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 ngày làm việc", (Decimal("15"), "days")),
        ("8 giờ làm việc", (Decimal("8"), "hours")),
        ("Không quá 05 ngày làm việc kể từ ngày nhận đủ hồ sơ", (Decimal("5"), "days")),
        ("0,5 ngày làm việc", (Decimal("0.5"), "days")),
        ("1.5 ngày", (Decimal("1.5"), "days")),
        ("Trong ngày", (Decimal("1"), "days")),
        ("40 GIỜ LÀM VIỆC", (Decimal("40"), "hours")),
    ],
)
def test_processing_times_are_read_as_the_national_records_write_them(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["mười lăm ngày", "15", "0 ngày làm việc", "theo quy định"])
def test_unreadable_processing_times_say_how_to_write_them(text):
    with pytest.raises(CellError) as error:
        parse_time(text)
    assert "ngày làm việc" in str(error.value) or "lớn hơn 0" in str(error.value)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("15.00"), "days", "15 ngày làm việc"),
        (Decimal("1.50"), "hours", "1,5 giờ làm việc"),
    ],
)
def test_times_are_written_so_that_they_read_back(value, unit, text):
    assert format_time(value, unit) == text
    assert parse_time(text) == (value.normalize(), unit)


@pytest.mark.parametrize(
    ("text", "level"),
    [("Cấp Tỉnh", 1), ("cấp huyện", 2), ("Cấp Xã", 3), ("Cấp Bộ", 0), ("3", 3), ("1.0", 1)],
)
def test_levels(text, level):
    assert parse_level(text) == level


def test_a_row_naming_several_levels_is_refused():
    with pytest.raises(CellError, match="nhiều cấp"):
        parse_level("Cấp Huyện, Cấp Xã")


@pytest.mark.parametrize(
    ("text", "level"), [("3", 3), ("Mức độ 4", 4), ("Toàn trình", 4), ("Một phần", 3), ("2.0", 2)]
)
def test_online_levels(text, level):
    assert parse_online_level(text) == level


def test_channels_and_papers():
    assert parse_channels("Trực tiếp; Trực tuyến, Dịch vụ bưu chính") == [
        "direct",
        "online",
        "postal",
    ]
    papers = parse_papers("- Tờ khai (1 bản chính, 0 bản sao)\nGiấy chứng sinh")
    assert papers == [
        {"name": "Tờ khai", "originals": 1, "copies": 0},
        {"name": "Giấy chứng sinh", "originals": None, "copies": None},
    ]
    assert parse_papers(format_papers(papers)) == papers


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("15/03/2017", date(2017, 3, 15)),
        ("2017-03-15", date(2017, 3, 15)),
        ("2017-03-15 00:00:00", date(2017, 3, 15)),
        ("5/3/2017", date(2017, 3, 5)),
    ],
)
def test_dates(text, day):
    assert parse_date(text) == day


def test_a_bad_date_says_how_to_write_it():
    with pytest.raises(CellError, match="dd/mm/yyyy"):
        parse_date("31/02/2017")
