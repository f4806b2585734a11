"""Numbers, shares and cells the way reports write them."""

import pytest
from django.utils import translation

from procedures.reports.formats import percent, percent_value, safe_cell, whole


@pytest.mark.parametrize(
    ("part", "of", "vi", "en"),
    [
        (85, 20985, "0,41%", "0.41%"),  # the seed printed 0,04%: 85/20.985 is 0,41%
        (1565, 1738, "90,05%", "90.05%"),
        (1, 8, "12,50%", "12.50%"),  # half up, not to even
        (2, 7, "28,57%", "28.57%"),
        (20985, 20985, "100,00%", "100.00%"),
        (0, 5, "0,00%", "0.00%"),
        (3, 0, "", ""),
    ],
)
def test_a_share_has_two_decimals_in_the_language_of_the_report(part, of, vi, en):
    with translation.override("vi"):
        assert percent(part, of) == vi
    with translation.override("en"):
        assert percent(part, of) == en


def test_a_share_rounds_half_up():
    assert str(percent_value(1, 200)) == "0.50"
    assert str(percent_value(1, 800)) == "0.13"  # 0.125 -> 0.13


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [(20985, "20.985", "20,985"), (1738, "1.738", "1,738"), (97, "97", "97"), (0, "0", "0")],
)
def test_whole_numbers_group_thousands(value, vi, en):
    with translation.override("vi"):
        assert whole(value) == vi
    with translation.override("en"):
        assert whole(value) == en


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Hộ tịch", "Hộ tịch"),
        (-5, -5),
        (None, None),
    ],
)
def test_cells_that_a_spreadsheet_would_evaluate_are_kept_as_text(value, expected):
    assert safe_cell(value) == expected
