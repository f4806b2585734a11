"""Phí, lệ phí: the one amount a national record's fees text gives, when it gives one.

The text is kept as written; the amount is the intake's default fee. Only an unambiguous text
gives one: "Không", "Miễn phí" → 0; "8.000 đồng/bản" → 8000; two different amounts (by case,
by channel, a fee and a charge) or a rate ("0,5% giá trị") → None, for the desk to type."""

from __future__ import annotations

import re

from procedures.search import fold

# 8.000 / 8 000 / 8000 / 1.200.000, followed by the currency: đồng, đ, VNĐ.
_AMOUNT = re.compile(r"(\d{1,3}(?:[.\s]\d{3})+|\d+)\s*(?:dong|d|vnd)\b")
_NOTHING = re.compile(r"^(khong|mien phi|mien|khong thu|khong co|khong quy dinh)\b")
_RATE = re.compile(r"\d\s*%")


def fee_amount_of(text: str) -> int | None:
    """The single amount of ``text`` in đồng, 0 for "no fee", None when not unambiguous."""
    folded = fold(text or "").replace("đ", "d")
    if not folded:
        return None
    if _RATE.search(folded):
        return None
    amounts = {int(re.sub(r"\D", "", m.group(1))) for m in _AMOUNT.finditer(folded)}
    if not amounts:
        return 0 if _NOTHING.match(folded.strip(" -:.")) else None
    return amounts.pop() if len(amounts) == 1 else None
