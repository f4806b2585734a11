"""Parsing a row's values, column-wise over a chunk: moments (ISO 8601 or dd/mm/yyyy, in the
province's time zone unless an offset is given), status codes by number or name, and the control
characters no cell may hold."""

from __future__ import annotations

import pandas as pd

from procedures.choices import DossierStatus
from procedures.importers.dossiers.errors import _Errors
from procedures.importers.files import control_character_mask, control_character_message

_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"


def parse_moments(values: pd.Series, tz: str) -> tuple[pd.Series, pd.Series]:
    """Aware moments from text: ISO 8601 (with or without an offset; without one the province's
    time zone) or dd/mm/yyyy [HH:MM[:SS]]. Returns the moments (NaT when empty) and the mask
    of values that could not be read."""
    text = values.fillna("").astype(str).str.strip()
    empty = text == ""
    has_offset = text.str.contains(_OFFSET, regex=True)
    result = pd.Series(pd.NaT, index=text.index, dtype=f"datetime64[us, {tz}]")

    local_text = text[~empty & ~has_offset]
    if len(local_text):
        parsed = pd.to_datetime(local_text, format="ISO8601", errors="coerce")
        for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
            missing = parsed.isna()
            if not missing.any():
                break
            parsed = parsed.where(
                ~missing, pd.to_datetime(local_text[missing], format=fmt, errors="coerce")
            )
        parsed = pd.to_datetime(parsed).astype("datetime64[us]")
        result.loc[local_text.index] = parsed.dt.tz_localize(tz)
    aware_text = text[has_offset]
    if len(aware_text):
        parsed = pd.to_datetime(aware_text, format="ISO8601", utc=True, errors="coerce")
        result.loc[aware_text.index] = parsed.astype("datetime64[us, UTC]").dt.tz_convert(tz)
    return result, ~empty & result.isna()


def _control_characters(frame: pd.DataFrame, errors: _Errors) -> None:
    """A NUL (or another control character) in any cell, named by row and column before it
    reaches the database, which cannot store it."""
    for column in frame.columns:
        if column != "row" and not pd.api.types.is_numeric_dtype(frame[column]):
            errors.add(
                frame, control_character_mask(frame[column]), column, control_character_message()
            )


def _status_codes(values: pd.Series) -> pd.Series:
    names = {s.name.lower(): int(s.value) for s in DossierStatus}
    text = values.fillna("").astype(str).str.strip().str.lower()
    numbers = pd.to_numeric(text, errors="coerce")
    by_name = text.map(names)
    status = numbers.where(numbers.isin(list(range(1, 11))), by_name)
    return status
