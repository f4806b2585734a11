"""The facts of Decision 766's index in the demo's histories since the reform (issue 19):
digitised papers, reused data, fees paid online, electronic results, at each desk's own shares,
so that a few agencies are clearly behind. The 2017 histories have none (the index dates
from 2022): their rows carry no such column."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

FACT_FILE_COLUMNS = (
    "papers_digitised",
    "data_reused",
    "fee_amount",
    "paid_online",
    "electronic_result",
)
# Fees as the catalogue's records write them, in đồng; most procedures cost nothing.
FEES = np.array([8_000, 15_000, 25_000, 50_000, 100_000])


@dataclass(frozen=True)
class FactShares:
    """The share of a desk's dossiers with each fact (of those it can apply to)."""

    digitised: float
    reused: float
    fee: float  # dossiers with a fee or charge to pay
    paid_online: float  # of those
    electronic: float  # results issued electronically


def fact_columns(desk_code: str, frame: pd.DataFrame, shares: FactShares) -> pd.DataFrame:
    """The fact columns for ``frame``'s dossiers, as the history import reads them (1/0,
    amounts in đồng). Drawn from the desk's own seed, so that adding them changes no other
    random draw of the demo."""
    rng = np.random.default_rng(zlib.crc32(desk_code.encode()))
    count = len(frame)
    online = (frame["channel"] == "online").to_numpy()
    digitised = rng.random(count) < shares.digitised
    # Reuse needs stored digitised data: the papers must be digitised first.
    reused = digitised & (rng.random(count) < shares.reused)
    has_fee = rng.random(count) < shares.fee
    fee = np.where(has_fee, rng.choice(FEES, size=count), 0)
    # Online applicants pay online far more often than those at the counter.
    paid = has_fee & (
        rng.random(count)
        < np.where(online, min(1.0, shares.paid_online * 1.3), shares.paid_online * 0.6)
    )
    resolved = frame["resolved_at"].notna().to_numpy()
    electronic = resolved & (rng.random(count) < shares.electronic)
    return pd.DataFrame(
        {
            "papers_digitised": digitised.astype(int),
            "data_reused": reused.astype(int),
            "fee_amount": fee,
            "paid_online": paid.astype(int),
            "electronic_result": electronic.astype(int),
        },
        index=frame.index,
    )
