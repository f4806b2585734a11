"""The free-text reader of processing times against 174 real strings: every distinct time of
the national sample (../shared/data/catalogue/national-records-2642.csv, its first channel's column
and the other channels' times in its notes) and the ways local decisions write them, each with
the reading a reform officer expects. A bare number is "to be completed", never guessed; a sign
or an exponent is refused, never dropped."""

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from django.conf import settings

from procedures.calendar.processing_time import ProcessingTime, ProcessingTimeError
from procedures.calendar.processing_time_text import parse_published_time

# (text as written, amount, unit, same-day cut-off)
REAL_TIMES = [
    ("60 Ngày làm việc", "60", "days", None),
    ("Không có thông tin", None, "none", None),
    ("3 Ngày làm việc", "3", "days", None),
    ("7 Ngày", "7", "calendar_days", None),
    ("7 Ngày làm việc", "7", "days", None),
    ("5 Ngày làm việc", "5", "days", None),
    ("5 Ngày", "5", "calendar_days", None),
    ("21 Ngày", "21", "calendar_days", None),
    ("6 Tháng", "6", "months", None),
    ("1 Ngày làm việc", "1", "days", None),
    ("10 Ngày làm việc", "10", "days", None),
    ("8 Ngày làm việc", "8", "days", None),
    ("3 Ngày", "3", "calendar_days", None),
    ("10 Ngày", "10", "calendar_days", None),
    ("4 Ngày làm việc", "4", "days", None),
    ("90 Ngày", "90", "calendar_days", None),
    ("60 Ngày", "60", "calendar_days", None),
    ("3 Tháng", "3", "months", None),
    ("2 Ngày làm việc", "2", "days", None),
    ("1 Giờ", "1", "hours", None),
    ("30 Ngày", "30", "calendar_days", None),
    ("15 Ngày làm việc", "15", "days", None),
    ("2 Ngày", "2", "calendar_days", None),
    ("8 Giờ", "8", "hours", None),
    ("15 Ngày", "15", "calendar_days", None),
    ("20 Ngày làm việc", "20", "days", None),
    ("25 Ngày làm việc", "25", "days", None),
    ("30 Ngày làm việc", "30", "days", None),
    ("20 Ngày", "20", "calendar_days", None),
    ("12 Tháng", "12", "months", None),
    ("1 Ngày", "1", "calendar_days", None),
    ("12 Ngày", "12", "calendar_days", None),
    ("12 Ngày làm việc", "12", "days", None),
    ("1", None, "to_complete", None),
    ("6 Ngày làm việc", "6", "days", None),
    ("24 Ngày làm việc", "24", "days", None),
    ("40 Ngày làm việc", "40", "days", None),
    ("25 Ngày", "25", "calendar_days", None),
    ("11 Ngày làm việc", "11", "days", None),
    ("107 Ngày", "107", "calendar_days", None),
    ("115 Ngày", "115", "calendar_days", None),
    ("250 Ngày làm việc", "250", "days", None),
    ("35 Ngày làm việc", "35", "days", None),
    ("35 Ngày", "35", "calendar_days", None),
    ("14 Ngày làm việc", "14", "days", None),
    ("13 Ngày làm việc", "13", "days", None),
    ("92 Ngày", "92", "calendar_days", None),
    ("4 Tháng", "4", "months", None),
    ("28 Ngày làm việc", "28", "days", None),
    ("2", None, "to_complete", None),
    ("18 Ngày làm việc", "18", "days", None),
    ("17 Ngày", "17", "calendar_days", None),
    ("20", None, "to_complete", None),
    ("3", None, "to_complete", None),
    ("7", None, "to_complete", None),
    ("24 Giờ", "24", "hours", None),
    ("5", None, "to_complete", None),
    ("45 Ngày làm việc", "45", "days", None),
    ("6", None, "to_complete", None),
    ("55 Ngày làm việc", "55", "days", None),
    ("26 Ngày làm việc", "26", "days", None),
    ("29 Ngày", "29", "calendar_days", None),
    ("9 Ngày", "9", "calendar_days", None),
    ("9", None, "to_complete", None),
    ("27 Ngày làm việc", "27", "days", None),
    ("19 Ngày làm việc", "19", "days", None),
    ("32 Ngày", "32", "calendar_days", None),
    ("45 Ngày", "45", "calendar_days", None),
    ("14 Ngày", "14", "calendar_days", None),
    ("28 Giờ", "28", "hours", None),
    ("32 Ngày làm việc", "32", "days", None),
    ("153 Ngày", "153", "calendar_days", None),
    ("125 Ngày", "125", "calendar_days", None),
    ("48", None, "to_complete", None),
    ("8 Ngày", "8", "calendar_days", None),
    ("80 Ngày làm việc", "80", "days", None),
    ("17 Ngày làm việc", "17", "days", None),
    ("50 Ngày", "50", "calendar_days", None),
    ("33 Ngày làm việc", "33", "days", None),
    ("40 Ngày", "40", "calendar_days", None),
    ("92 Ngày làm việc", "92", "days", None),
    ("23 Ngày làm việc", "23", "days", None),
    ("22 Ngày làm việc", "22", "days", None),
    ("16 Ngày làm việc", "16", "days", None),
    ("29 Ngày làm việc", "29", "days", None),
    ("34 Ngày làm việc", "34", "days", None),
    ("39 Ngày làm việc", "39", "days", None),
    ("44 Ngày làm việc", "44", "days", None),
    ("9 Ngày làm việc", "9", "days", None),
    ("21 Ngày làm việc", "21", "days", None),
    ("75 Ngày làm việc", "75", "days", None),
    ("10", None, "to_complete", None),
    ("18 Ngày", "18", "calendar_days", None),
    ("4", None, "to_complete", None),
    ("115 Ngày làm việc", "115", "days", None),
    ("120,000", None, "to_complete", None),
    ("120", None, "to_complete", None),
    ("12", None, "to_complete", None),
    ("67 Ngày làm việc", "67", "days", None),
    ("1200", None, "to_complete", None),
    ("2 Giờ", "2", "hours", None),
    ("220", None, "to_complete", None),
    ("275 Ngày", "275", "calendar_days", None),
    ("15", None, "to_complete", None),
    ("17", None, "to_complete", None),
    ("75 Ngày", "75", "calendar_days", None),
    ("0", None, "to_complete", None),
    ("1100", None, "to_complete", None),
    ("58 Ngày", "58", "calendar_days", None),
    ("5 Giờ", "5", "hours", None),
    ("3 Giờ", "3", "hours", None),
    ("44 Ngày", "44", "calendar_days", None),
    ("67 Ngày", "67", "calendar_days", None),
    ("87 Ngày làm việc", "87", "days", None),
    ("4 Ngày", "4", "calendar_days", None),
    ("75", None, "to_complete", None),
    ("85", None, "to_complete", None),
    ("105", None, "to_complete", None),
    ("1250", None, "to_complete", None),
    ("11 Ngày", "11", "calendar_days", None),
    ("27 Ngày", "27", "calendar_days", None),
    ("6 Ngày", "6", "calendar_days", None),
    ("4 Giờ", "4", "hours", None),
    ("25", None, "to_complete", None),
    ("13 Ngày", "13", "calendar_days", None),
    ("140,000", None, "to_complete", None),
    ("123", None, "to_complete", None),
    ("1.5 Ngày làm việc", "1.5", "days", None),
    ("22 Ngày", "22", "calendar_days", None),
    ("42 Ngày", "42", "calendar_days", None),
    ("37 Ngày", "37", "calendar_days", None),
    ("52 Ngày", "52", "calendar_days", None),
    ("69 Ngày", "69", "calendar_days", None),
    ("50 Ngày làm việc", "50", "days", None),
    ("28 Ngày", "28", "calendar_days", None),
    ("62 Ngày làm việc", "62", "days", None),
    ("300 Ngày", "300", "calendar_days", None),
    ("90 Ngày làm việc", "90", "days", None),
    ("12 Giờ", "12", "hours", None),
    ("39 Ngày", "39", "calendar_days", None),
    ("02 Ngày làm việc", "2", "days", None),
    ("77 Ngày", "77", "calendar_days", None),
    ("43 Ngày làm việc", "43", "days", None),
    ("42 Ngày làm việc", "42", "days", None),
    ("87 Ngày", "87", "calendar_days", None),
    ("37 Ngày làm việc", "37", "days", None),
    ("1500", None, "to_complete", None),
    ("125", None, "to_complete", None),
    ("1100,000", None, "to_complete", None),
    ("30", None, "to_complete", None),
    ("140", None, "to_complete", None),
    ("05 (năm) ngày làm việc", "5", "days", None),
    ("01 ngày rưỡi", "1.5", "calendar_days", None),
    ("Không quá 05 ngày làm việc", "5", "days", None),
    # A range is to be completed unless the text makes its upper end the limit (issue 18).
    ("10-25 ngày", None, "to_complete", None),
    ("10-25", None, "to_complete", None),
    ("Tối đa 10-25 ngày làm việc", "25", "days", None),
    ("Không quá 25 Ngày; từ 10-25 Ngày tùy quy mô luồng", "25", "calendar_days", None),
    # "0 Giờ": the result is given at once, the same day.
    ("0 Giờ", None, "same_day", "15:00"),
    ("0 ngày làm việc", None, "same_day", "15:00"),
    ("03 tháng", "3", "months", None),
    ("Trong thời hạn 04 tháng", "4", "months", None),
    ("Không quy định", None, "none", None),
    ("Trong ngày", None, "same_day", "15:00"),
    ("Ngay trong ngày", None, "same_day", "15:00"),
    ("giải quyết ngay", None, "same_day", "15:00"),
    (
        "Trong ngày; nếu nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo",
        None,
        "same_day",
        "15:00",
    ),
    (
        "Trả kết quả trong ngày làm việc; trường hợp tiếp nhận sau 15 giờ 30 thì trả kết quả "
        "trong ngày làm việc tiếp theo",
        None,
        "same_day",
        "15:30",
    ),
    ("Không quá 20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "20", "days", None),
    ("07 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ", "7", "days", None),
    ("30 ngày kể từ ngày nhận đủ hồ sơ", "30", "calendar_days", None),
    ("Tối đa 45 ngày", "45", "calendar_days", None),
    # Events, not lengths: refused here; an import of a national file takes them in as "no
    # computable time" (test_published_times_are_always_taken_in).
    ("Từ 10 đến 15 ngày làm việc", None, "to_complete", None),
    ("nửa ngày làm việc", "0.5", "days", None),
    ("0,5 ngày làm việc", "0.5", "days", None),
    ("04 giờ làm việc", "4", "hours", None),
    ("Không quá 08 giờ làm việc", "8", "hours", None),
    ("02 tuần", "14", "calendar_days", None),
    ("01 năm", "12", "months", None),
]


def test_the_table_holds_at_least_a_hundred_real_strings():
    assert len({text for text, *_reading in REAL_TIMES}) >= 100


@pytest.mark.parametrize(("text", "amount", "unit", "cutoff"), REAL_TIMES)
def test_each_real_string_reads_as_expected(text, amount, unit, cutoff):
    reading = ProcessingTime.parse(text)
    assert reading.amount == (None if amount is None else Decimal(amount))
    assert reading.unit == unit
    assert (reading.cutoff.strftime("%H:%M") if reading.cutoff else None) == cutoff
    assert reading.text == text  # the original is kept beside the reading


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("-5 ngày làm việc", "dấu"),
        ("Không quá -5 ngày làm việc", "dấu"),
        ("1e9 ngày", "số mũ"),
        ("2E3 ngày làm việc", "số mũ"),
        ("+5 ngày", "dấu"),
        ("1,5 tháng", "số tháng nguyên"),
        ("5 ngày làm việc hoặc 3 tháng", "đơn vị khác nhau"),
        ("theo quy định", "Ngày làm việc"),
        ("mười lăm ngày", "Ngày làm việc"),
        (
            "Trong ngày; nếu nhận hồ sơ sau 25 giờ thì trả kết quả trong ngày làm việc tiếp theo",
            "giờ chốt",
        ),
        ("", "trống"),
    ],
)
def test_what_cannot_be_read_is_refused_with_the_text_shown(text, shown):
    with pytest.raises(ProcessingTimeError) as error:
        ProcessingTime.parse(text)
    assert shown in str(error.value)
    assert text in str(error.value)


def test_the_cut_off_hour_is_never_read_as_a_time_of_hours():
    reading = ProcessingTime.parse(
        "Trong ngày, nếu nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo"
    )
    assert (reading.unit, reading.amount) == ("same_day", None)


SAMPLE = next(
    (
        path / "data" / "catalogue" / "national-records-2642.csv"
        for path in (
            Path(settings.BASE_DIR).parent / "shared",
            Path(settings.BASE_DIR).parent.parent / "shared",
        )
        if path.is_dir()
    ),
    Path("/nonexistent"),
)


@pytest.mark.skipif(not SAMPLE.is_file(), reason="the real sample is not beside the repository")
def test_the_portals_hours_are_read_as_working_hours_and_written_so():
    """The portal writes "N Giờ" and never "N Giờ làm việc" (unlike "15 Ngày" / "15 Ngày làm
    việc"): its text does not tell calendar hours apart, so "8 Giờ" reads as working hours (the
    README says why) and is exported as "8 Giờ làm việc", which reads back the same."""
    times = pd.read_csv(SAMPLE, dtype=str)["Thời hạn giải quyết"].dropna()
    hours = times[times.str.fullmatch(r"\d+ Giờ")]
    assert len(hours) == 75
    assert not times.str.contains("Giờ làm việc").any()
    for text in hours:
        reading = ProcessingTime.parse(text)
        assert reading.unit == "hours" and reading.is_working_time
        assert reading.portal_text() == text.replace("Giờ", "Giờ làm việc")
        assert ProcessingTime.parse(reading.portal_text()).same_reading(reading)


@pytest.mark.parametrize(
    ("text", "unit", "why"),
    [
        ("Chậm nhất là ngay trước khi tàu rời cảng", "none", "sự kiện"),
        ("Trước khi tàu cập cảng hoặc vào vị trí neo đậu an toàn tại cảng.", "none", "sự kiện"),
        (
            "Thủ tục xuất cảnh được coi là kết thúc kể từ khi người làm thủ tục nộp đầy đủ các "
            "giấy tờ theo quy định",
            "none",
            "sự kiện",
        ),
        ("theo quy định", "none", "Ngày làm việc"),
        ("-5 ngày làm việc", "none", "dấu"),
        ("10-25", "to_complete", "bổ sung"),
        ("10-25 Ngày", "to_complete", "bổ sung"),
        ("15", "to_complete", "bổ sung"),
        ("0 Giờ", "same_day", None),
        ("15 Ngày", "calendar_days", None),
        ("Không quy định", "none", None),
    ],
)
def test_published_times_are_always_taken_in(text, unit, why):
    reading, reason = parse_published_time(text)

    assert reading.unit == unit
    assert reading.text == text  # verbatim, for the officer to check
    if why is None:
        assert reason is None
    else:
        assert why in reason
    if unit == "none" and why:
        assert str(reading) == text  # shown as written, never as a guessed length
