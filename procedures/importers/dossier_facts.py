"""The optional columns of a dossier history that Decision 766's index counts: digitised
papers, reused data, the fee, online payment and an electronic result (issue 19).

A file may name them as the portal's reports do ("Số hóa thành phần hồ sơ", with or without
tone marks, "hoá" or "hóa") or by the field (``papers_digitised``). Yes/no cells read "Có"/"Không",
1/0 or x/blank; a fee is a whole number of đồng ("25000", "25.000", "25.000 đồng"). Without the
column the fact stays unknown (null), never "no"."""

from __future__ import annotations

import re

import pandas as pd
from django.utils.translation import gettext_lazy as _

from procedures.search import fold

# (field, the header as the portal writes it, kind)
FACT_COLUMNS = (
    ("papers_digitised", "Số hóa thành phần hồ sơ", "yes_no"),
    ("data_reused", "Tái sử dụng dữ liệu số hóa", "yes_no"),
    ("fee_amount", "Phí, lệ phí phải nộp", "amount"),
    ("paid_online", "Thanh toán trực tuyến", "yes_no"),
    ("electronic_result", "Kết quả điện tử", "yes_no"),
)
FACT_FIELDS = tuple(field for field, _header, _kind in FACT_COLUMNS)
_HEADERS = {field: header for field, header, _kind in FACT_COLUMNS}
_BY_KEY = {
    key: field
    for field, header, _kind in FACT_COLUMNS
    for key in (fold(header).replace(",", ""), field)
}
_YES = {"co", "1", "x"}
_NO = {"khong", "0", ""}
_AMOUNT = re.compile(r"^(\d{1,3}(?:[.\s]\d{3})+|\d+)(?:\s*(?:d|dong|vnd))?$")


def fact_columns_rename(frame: pd.DataFrame) -> pd.DataFrame:
    """The fact columns under their field names, however the file wrote the header."""
    renames = {}
    for column in frame.columns:
        key = fold(str(column)).replace(",", "")
        key = " ".join(key.split())
        if key in _BY_KEY:
            renames[column] = _BY_KEY[key]
    return frame.rename(columns=renames)


def _yes_no(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    folded = values.fillna("").astype(str).map(fold)
    parsed = pd.Series(
        [True if v in _YES else False if v in _NO else None for v in folded],
        index=values.index,
        dtype="boolean",
    )
    return parsed, ~folded.isin(_YES | _NO)


def _amount(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    folded = values.fillna("").astype(str).map(fold)
    amounts, bad = [], []
    for text in folded:
        match = _AMOUNT.match(text)
        if text == "":
            amounts.append(None)
            bad.append(False)
        elif match:
            amounts.append(int(re.sub(r"\D", "", match.group(1))))
            bad.append(False)
        else:
            amounts.append(None)
            bad.append(True)
    return pd.Series(amounts, index=values.index, dtype="Int64"), pd.Series(bad, index=values.index)


def fact_columns_read(frame: pd.DataFrame, add_error) -> pd.DataFrame:
    """Every fact column parsed in place (absent: all null); ``add_error(mask, column,
    message_of_value)`` reports each bad cell by its row, its header and its value."""
    for field, _header, kind in FACT_COLUMNS:
        if field not in frame.columns:
            frame[field] = pd.Series(
                pd.NA, index=frame.index, dtype="Int64" if kind == "amount" else "boolean"
            )
            continue
        raw = frame[field].fillna("").astype(str).str.strip()
        parsed, bad = (_amount if kind == "amount" else _yes_no)(raw)
        for value in sorted(set(raw[bad])):
            message = (
                _("“%(value)s” is not a whole number of đồng (e.g. 25000 or 25.000)")
                if kind == "amount"
                else _("“%(value)s” is not yes or no: write Có/Không, 1/0, or x/blank")
            ) % {"value": value}
            add_error(bad & (raw == value), _HEADERS[field], message)
        frame[field] = parsed
    return frame
