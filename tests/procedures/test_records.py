from datetime import date
from decimal import Decimal

import pytest

from procedures.record_papers import format_papers, parse_papers
from procedures.records import (
    CellError,
    format_time,
    parse_channels,
    parse_date,
    parse_level,
    parse_online_level,
    parse_time,
)


def _reading(fields: dict) -> tuple:
    value = fields["processing_time_value"]
    return (
        Decimal(value) if value is not None else None,
        fields["processing_time_unit"],
        fields["processing_time_cutoff"],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 ngày làm việc", (Decimal("15"), "days", None)),
        ("8 giờ làm việc", (Decimal("8"), "hours", None)),
        ("Không quá 05 ngày làm việc kể từ ngày nhận đủ hồ sơ", (Decimal("5"), "days", None)),
        ("0,5 ngày làm việc", (Decimal("0.5"), "days", None)),
        # The portal tells "Ngày" (calendar days) from "Ngày làm việc" (working days).
        ("1.5 ngày", (Decimal("1.5"), "calendar_days", None)),
        ("15 Ngày", (Decimal("15"), "calendar_days", None)),
        ("Trong ngày", (None, "same_day", "15:00")),
        ("40 GIỜ LÀM VIỆC", (Decimal("40"), "hours", None)),
        ("15", (None, "to_complete", None)),
        ("Không có thông tin", (None, "none", None)),
    ],
)
def test_processing_times_are_read_as_the_national_records_write_them(text, expected):
    fields = parse_time(text)
    assert _reading(fields) == expected
    assert fields["processing_time_text"] == text


def test_a_cell_gives_the_channels_whose_time_differs():
    fields = parse_time("Trực tiếp: 15 Ngày | Dịch vụ bưu chính: 15 Ngày | Trực tuyến: 10 Ngày")
    assert _reading(fields) == (Decimal(15), "calendar_days", None)
    assert fields["channel_times"] == {
        "online": {"amount": "10", "unit": "calendar_days", "cutoff": None}
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mười lăm ngày", "Ngày làm việc"),
        ("theo quy định", "Ngày làm việc"),
        ("-5 ngày làm việc", "dấu"),
        ("1e9 ngày", "số mũ"),
    ],
)
def test_unreadable_processing_times_say_how_to_write_them(text, message):
    with pytest.raises(CellError) as error:
        parse_time(text)
    assert message in str(error.value) and text in str(error.value)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("15.00"), "days", "15 Ngày làm việc"),
        (Decimal("15.00"), "calendar_days", "15 Ngày"),
        (Decimal("1.50"), "hours", "1,5 Giờ làm việc"),
        (Decimal("3"), "months", "3 Tháng"),
    ],
)
def test_times_are_written_so_that_they_read_back(value, unit, text):
    assert format_time(value, unit) == text
    assert _reading(parse_time(text)) == (value.normalize(), unit, None)


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("Cấp Tỉnh", [1]),
        ("cấp huyện", [2]),
        ("Cấp Xã", [3]),
        ("Cấp Bộ", [0]),
        ("3", [3]),
        ("1.0", [1]),
        ("Cấp tỉnh, Cấp xã", [1, 3]),
        ("Cấp bộ, Cấp tỉnh, Cấp xã", [0, 1, 3]),
        ("Cơ quan khác", [4]),
        ("Cấp xã, Cơ quan khác", [3, 4]),
    ],
)
def test_levels(text, levels):
    assert parse_level(text) == levels


def test_an_unknown_level_is_refused_naming_it():
    with pytest.raises(CellError, match="Cấp phường đặc biệt"):
        parse_level("Cấp phường đặc biệt")


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


def _paper(name, originals=None, copies=None):
    return {"name": name, "originals": originals, "copies": copies}


@pytest.mark.parametrize(
    ("text", "papers"),
    [
        # The portal's detail pages: a ";" or a "." before the counts (issue 18).
        (
            "Công văn đề nghị cấp phép; (1 bản chính, 0 bản sao)",
            [_paper("Công văn đề nghị cấp phép", 1, 0)],
        ),
        (
            "Công văn đề nghị cấp phép. (1 bản chính, 0 bản sao)",
            [_paper("Công văn đề nghị cấp phép", 1, 0)],
        ),
        # A name over several sentences, with a ";" inside it.
        (
            "Văn bản đề nghị. Trường hợp ủy quyền; kèm giấy ủy quyền. (1 bản chính, 0 bản sao)\n"
            "Bản sao giấy chứng nhận (0 bản chính, 1 bản sao)",
            [
                _paper("Văn bản đề nghị. Trường hợp ủy quyền; kèm giấy ủy quyền", 1, 0),
                _paper("Bản sao giấy chứng nhận", 0, 1),
            ],
        ),
        # Several papers on one line, each closed by its counts; a paper without counts.
        (
            "Tờ khai (1 bản chính, 0 bản sao); Ảnh 4x6 (02 bản chính)\nGiấy tờ khác",
            [_paper("Tờ khai", 1, 0), _paper("Ảnh 4x6", 2), _paper("Giấy tờ khác")],
        ),
        # Counts on a line of their own belong to the paper above; "Bản chính: 1" too.
        ("Đơn đề nghị\n(Bản chính: 1, Bản sao: 0)", [_paper("Đơn đề nghị", 1, 0)]),
        # Parentheses without counts are part of the name.
        (
            "Bản khai hàng hóa nguy hiểm (nếu có); (1 bản chính, 0 bản sao)",
            [_paper("Bản khai hàng hóa nguy hiểm (nếu có)", 1, 0)],
        ),
        ("Tờ khai; Giấy chứng sinh", [_paper("Tờ khai"), _paper("Giấy chứng sinh")]),
    ],
)
def test_papers_keep_their_counts_as_the_portal_writes_them(text, papers):
    assert parse_papers(text) == papers
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
