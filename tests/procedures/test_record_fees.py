"""Phí, lệ phí: the intake's default fee is taken only from an unambiguous text."""

import pytest

from procedures.record_fees import fee_amount_of


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("8.000 đồng/bản", 8000),
        ("Lệ phí: 50.000 đồng", 50000),
        ("1.200.000 VNĐ", 1200000),
        ("100000 đ", 100000),
        ("Không", 0),
        ("Miễn phí", 0),
        ("Không thu phí, lệ phí", 0),
        ("Lệ phí: 8.000 đồng; Phí: 5.000 đồng", None),  # two amounts: which one?
        ("Trực tiếp: 10.000 đồng; Trực tuyến: 5.000 đồng", None),
        ("0,5% giá trị hợp đồng", None),
        ("Theo quy định", None),
        ("", None),
        ("50.000 đồng (nộp trực tiếp); 50.000 đồng (trực tuyến)", 50000),  # one amount, twice
    ],
)
def test_the_fee_amount_is_the_single_amount_of_the_text(text, amount):
    assert fee_amount_of(text) == amount
