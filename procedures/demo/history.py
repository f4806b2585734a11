"""The demo province's dossier history (hồ sơ đã giải quyết), generated as the two files the
dossier import service reads: dossiers and their events (hand-overs, supplement requests,
apologies).

The importer computes each dossier's due moment and outcome itself and never reads the file's
opinion on them. So that the figures come out exactly as wanted (20.985 dossiers at the Trà Vinh
city centre, 85 of them late), the generator computes the due moment the same way first: the
catalogue version in force on the day of receipt, its processing time (the applied one when
reduced), the vectorised working calendar (``due_at_many``). It then places the resolution before
or on the due date (early, on time) or on a later date (late). Supplement requests only move a due
moment later, so they go to dossiers resolved in time; hand-overs do not touch the clock.

Pure: reads nothing from the database and writes nothing (the caller passes the versions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from procedures.calendar import WorkingCalendar
from procedures.calendar.vectorised import due_at_many, working_day_table
from procedures.choices import Channel, DossierStatus, TimeUnit
from procedures.demo.applicants import applicant_names
from procedures.demo.facts import FACT_FILE_COLUMNS, FactShares, fact_columns

DOSSIER_FILE_COLUMNS = (
    "code",
    "procedure_code",
    "desk_code",
    "channel",
    "received_at",
    "resolved_at",
    "returned_at",
    "status",
    "applicant_name",
)
EVENT_FILE_COLUMNS = (
    "dossier_code",
    "action",
    "at",
    "note",
    "giver_code",
    "receiver_code",
    "new_due_at",
)
MOMENT_FORMAT = "%Y-%m-%d %H:%M:%S"

SUPPLEMENT_NOTES = (
    "Bổ sung bản sao giấy tờ tùy thân còn thời hạn sử dụng",
    "Bổ sung bản chính giấy tờ làm căn cứ giải quyết",
    "Tờ khai chưa đủ chữ ký, đề nghị hoàn thiện",
    "Bổ sung sơ đồ vị trí thửa đất",
)


@dataclass(frozen=True)
class HistorySpec:
    """What one desk received over a period, and how it was resolved."""

    desk_code: str
    unit_code: str  # the desk's unit: the giver of hand-overs
    level: int  # the level of the desk's unit: only procedures of that level are received
    first_day: date
    last_day: date
    received: int
    late: int
    weights: Mapping[str, float]  # procedure code -> share, among those in force on the day
    resolve_by: datetime  # every dossier but the carried ones is resolved by then
    carried: int = 0  # still in progress within time at ``last_day``, resolved after it
    return_by: datetime | None = None  # results returned by then (None: whenever)
    handovers: Mapping[str, str] = field(default_factory=dict)  # procedure code -> unit code
    handover_note: str = ""
    handover_share: float = 1.0  # of those dossiers, how many carry their hand-over event
    online_share: float = 0.05
    postal_share: float = 0.08
    supplement_share: float = 0.02
    apology_share: float = 0.3
    # A slow agency on one procedure (procedure code -> share of its dossiers resolved late, on
    # top of ``late``): what real histories show and the risk of lateness learns from. Empty:
    # no random draw at all, so the other specs' dossiers stay exactly as they were.
    slow: Mapping[str, float] = field(default_factory=dict)
    # Decision 766's facts (procedures.demo.facts); None: none recorded (before the index).
    facts: FactShares | None = None


def scaled_count(count: int, scale: float) -> int:
    """A spec's dossier count at the load's ``scale`` (at least one, unless there are none)."""
    return max(1, round(count * scale)) if count else 0


def _seconds(moment) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _due(calendar: WorkingCalendar, starts: pd.Series, amounts, units) -> pd.Series:
    # Whole seconds, as the file writes them (floored: never past the exact moment).
    return due_at_many(calendar, starts, amounts, units).dt.floor("s")


def _local_text(moments: pd.Series, tz: str) -> pd.Series:
    text = moments.dt.tz_convert(tz).dt.strftime(MOMENT_FORMAT)
    return text.where(moments.notna(), "")


class HistoryGenerator:
    """Generates the history of several desks from the catalogue's version timeline.

    ``versions`` has one row per version in force (abolished ones left out): ``code``,
    ``valid_from``, ``superseded_on`` (dates, None when current), ``level``, ``amount`` (the
    effective processing time), ``unit`` (days or hours) and ``channels`` (list), as
    :func:`procedures.selectors.demo.procedure_version_timeline` reads them.
    """

    def __init__(self, *, calendar: WorkingCalendar, versions: pd.DataFrame, seed: int = 2017):
        self.calendar = calendar
        self.tz = calendar.tz.key
        self.versions = versions
        self.rng = np.random.default_rng(seed)

    # -- the catalogue on a day ----------------------------------------------------------------

    def _in_force(self, day: date, codes, level: int) -> pd.DataFrame:
        v = self.versions
        on = (
            v["code"].isin(list(codes))
            & (v["level"] == level)
            & (v["valid_from"] <= day)
            & (v["superseded_on"].isna() | (v["superseded_on"] > day))
        )
        return v[on]

    def _pick_procedures(
        self, days: np.ndarray, weights: Mapping[str, float], level: int
    ) -> pd.DataFrame:
        """A version for each receipt day, drawn by ``weights`` among those in force then at
        ``level``."""
        relevant = self.versions[self.versions["code"].isin(list(weights))]
        bounds = sorted(set(relevant["valid_from"]) | set(relevant["superseded_on"].dropna()))
        bound_days = np.array(bounds, dtype="datetime64[D]")
        era = np.searchsorted(bound_days, days, side="right")
        picked = pd.DataFrame(
            index=np.arange(len(days)), columns=["procedure_code", "amount", "unit"]
        )
        picked["channels"] = None
        for index in np.unique(era):
            rows = np.flatnonzero(era == index)
            day = days[rows[0]].astype(date)
            table = self._in_force(day, weights, level).reset_index(drop=True)
            if table.empty:
                raise ValueError(f"No procedure of the demo desk is in force on {day}.")
            share = table["code"].map(weights).to_numpy(dtype=float)
            choice = self.rng.choice(len(table), size=len(rows), p=share / share.sum())
            chosen = table.iloc[choice]
            picked.loc[rows, "procedure_code"] = chosen["code"].to_numpy()
            picked.loc[rows, "amount"] = chosen["amount"].to_numpy()
            picked.loc[rows, "unit"] = chosen["unit"].to_numpy()
            picked.loc[rows, "channels"] = pd.Series(list(chosen["channels"]), index=rows)
        picked["amount"] = picked["amount"].astype(float)
        return picked

    # -- moments ---------------------------------------------------------------------------------

    def _times_of_day(self, count: int) -> np.ndarray:
        """Seconds after midnight, spread over the working sessions."""
        sessions = [(_seconds(s), _seconds(e)) for s, e in self.calendar.sessions]
        worked = self.rng.integers(0, sum(e - s for s, e in sessions), count)
        clock = np.zeros(count, dtype=np.int64)
        consumed = 0
        for start, end in sessions:
            inside = (worked >= consumed) & (worked < consumed + end - start)
            clock[inside] = start + worked[inside] - consumed
            consumed += end - start
        return clock

    def _moments(self, days: np.ndarray, seconds: np.ndarray) -> pd.Series:
        naive = days.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
        return pd.Series(naive).dt.tz_localize(self.tz)

    def _receipts(self, spec: HistorySpec, days: np.ndarray) -> pd.DataFrame:
        frame = self._pick_procedures(days, spec.weights, spec.level)
        count = len(frame)
        has_online = frame["channels"].map(lambda c: Channel.ONLINE in c).to_numpy(dtype=bool)
        has_postal = frame["channels"].map(lambda c: Channel.POSTAL in c).to_numpy(dtype=bool)
        draw = self.rng.random(count)
        online = has_online & (draw < spec.online_share)
        postal = ~online & has_postal & (draw >= 1 - spec.postal_share)
        frame["channel"] = np.where(
            online, Channel.ONLINE.value, np.where(postal, Channel.POSTAL.value, Channel.DIRECT)
        )
        seconds = self._times_of_day(count)
        # A quarter of online applications arrive in the evening: their clock starts next morning.
        evening = online & (self.rng.random(count) < 0.25)
        seconds[evening] = self.rng.integers(18 * 3600, 23 * 3600, int(evening.sum()))
        frame["received_at"] = self._moments(days, seconds)
        frame["due_at"] = _due(
            self.calendar, frame["received_at"], frame["amount"], frame["unit"].to_numpy()
        )
        return frame

    # -- one desk --------------------------------------------------------------------------------

    def desk_history(self, spec: HistorySpec) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The dossiers of one desk (the import's columns, moments as local text) and their
        events."""
        rng = self.rng
        days = working_day_table(self.calendar, spec.first_day, spec.last_day)
        main_count = spec.received - spec.carried
        frame = self._receipts(spec, np.sort(rng.choice(days, size=main_count)))
        received, due = frame["received_at"], frame["due_at"]
        amounts, units = frame["amount"].to_numpy(), frame["unit"].to_numpy()

        # Late dossiers: received early enough for a late resolution to fall within the period.
        cutoff = pd.Timestamp(spec.last_day - timedelta(days=45), tz=self.tz)
        eligible = np.flatnonzero((received < cutoff).to_numpy())
        if len(eligible) < spec.late:
            raise ValueError(f"{spec.desk_code}: too few dossiers to make {spec.late} late.")
        late = np.zeros(main_count, dtype=bool)
        late[rng.choice(eligible, size=spec.late, replace=False)] = True

        # In time: a share of the processing time; about one in eight exactly on the due moment.
        share = np.minimum(rng.uniform(0.15, 1.15, main_count), 1.0)
        resolved = _due(self.calendar, received, amounts * share, units)
        # Late: one to six working days after the due moment, always on a later date.
        after = _due(self.calendar, due, rng.uniform(1.0, 6.0, main_count), TimeUnit.DAYS)
        resolve_by = pd.Timestamp(spec.resolve_by)
        if spec.slow:
            share_late = frame["procedure_code"].map(dict(spec.slow)).fillna(0).to_numpy()
            can_be_late = (after <= resolve_by).to_numpy() & (received < cutoff).to_numpy()
            late |= can_be_late & (rng.random(main_count) < share_late)
        resolved = resolved.where(~late, after)
        if (resolved[late] > resolve_by).any():
            raise ValueError(f"{spec.desk_code}: a late dossier would be resolved too late.")
        # Everything in time is resolved by the end of the period: earlier, when it must be.
        for _halving in range(10):
            capped = ~late & (resolved > resolve_by).to_numpy()
            if not capped.any():
                break
            share[capped] /= 2
            resolved.loc[capped] = _due(
                self.calendar, received[capped], amounts[capped] * share[capped], units[capped]
            )
        # Left: received after the end itself (an evening online application), resolved at once.
        capped = ~late & (resolved > resolve_by).to_numpy()
        resolved = resolved.where(~capped, received + pd.Timedelta(minutes=10))

        supplement = self._supplement_rows(spec, frame, late)
        resolved, supplements = self._supplements(frame[supplement], resolved)
        events = [
            self._handovers(spec, frame, resolved),
            supplements,
            self._apologies(spec, frame[late], resolved),
        ]
        frame["resolved_at"] = resolved

        if spec.carried:
            carried = self._carried(spec, days)
            carried.index = carried.index + len(frame)
            frame = pd.concat([frame, carried])
        frame["source_row"] = frame.index
        frame = frame.sort_values("received_at", kind="stable").reset_index(drop=True)
        frame["returned_at"] = self._returns(spec, frame["resolved_at"])
        frame["status"] = int(DossierStatus.RESULT_RETURNED)
        frame["code"] = self._codes(spec.desk_code, frame["received_at"])
        frame["desk_code"] = spec.desk_code
        frame["applicant_name"] = applicant_names(rng, len(frame))
        if spec.facts is not None:
            frame = frame.join(fact_columns(spec.desk_code, frame, spec.facts))

        events = [e for e in events if not e.empty]
        event_frame = (
            pd.concat(events, ignore_index=True) if events else pd.DataFrame(columns=["row"])
        )
        code_by_row = dict(zip(frame["source_row"], frame["code"], strict=True))
        event_frame["dossier_code"] = event_frame["row"].map(code_by_row)
        return self._dossier_file(frame), self._event_file(event_frame)

    def _dossier_file(self, frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        for column in ("received_at", "resolved_at", "returned_at"):
            out[column] = _local_text(out[column], self.tz)
        facts = [c for c in FACT_FILE_COLUMNS if c in out.columns]
        return out[[*DOSSIER_FILE_COLUMNS, *facts]]

    def _event_file(self, events: pd.DataFrame) -> pd.DataFrame:
        out = events.copy()
        for column in EVENT_FILE_COLUMNS:
            if column not in out.columns:
                out[column] = ""
        for column in ("at", "new_due_at"):
            moments = pd.to_datetime(out[column].replace("", pd.NaT), utc=True)
            out[column] = _local_text(moments, self.tz)
        out = out.fillna("")
        return out.sort_values(["dossier_code", "at"])[list(EVENT_FILE_COLUMNS)]

    def _supplement_rows(self, spec: HistorySpec, frame: pd.DataFrame, late) -> np.ndarray:
        long_enough = (frame["unit"] == TimeUnit.DAYS).to_numpy() & (frame["amount"] >= 2)
        limit = pd.Timestamp(spec.last_day - timedelta(days=60), tz=self.tz)
        candidates = long_enough.to_numpy() & (frame["received_at"] < limit).to_numpy() & ~late
        return candidates & (self.rng.random(len(frame)) < spec.supplement_share)

    def _supplements(
        self, picked: pd.DataFrame, resolved: pd.Series
    ) -> tuple[pd.Series, pd.DataFrame]:
        """Request a supplement early in the processing time, receive it one to four working days
        later and resolve within the time left: the due moment moves later, the outcome stays."""
        if picked.empty:
            return resolved, pd.DataFrame()
        rng = self.rng
        amounts, units = picked["amount"].to_numpy(), picked["unit"].to_numpy()
        requested = _due(self.calendar, picked["received_at"], amounts * 0.15, units)
        resumed = _due(self.calendar, requested, rng.uniform(1.0, 4.0, len(picked)), "days")
        left = amounts * 0.85 * rng.uniform(0.2, 1.0, len(picked))
        resolved = resolved.copy()
        resolved.loc[picked.index] = _due(self.calendar, resumed, left, units)
        rows = picked.index.to_numpy()
        events = pd.concat(
            [
                pd.DataFrame(
                    {
                        "row": rows,
                        "action": "request_supplement",
                        "at": requested.to_numpy(),
                        "note": rng.choice(SUPPLEMENT_NOTES, len(picked)),
                    }
                ),
                pd.DataFrame(
                    {
                        "row": rows,
                        "action": "resume",
                        "at": resumed.to_numpy(),
                        "note": "Đã nhận hồ sơ bổ sung đầy đủ",
                    }
                ),
            ],
            ignore_index=True,
        )
        return resolved, events

    def _handovers(
        self, spec: HistorySpec, frame: pd.DataFrame, resolved: pd.Series
    ) -> pd.DataFrame:
        """Chuyển xử lý: procedures of another agency go to it within hours of receipt."""
        receivers = frame["procedure_code"].map(dict(spec.handovers))
        sampled = self.rng.random(len(frame)) < spec.handover_share
        picked = frame[receivers.notna().to_numpy() & sampled]
        if picked.empty:
            return pd.DataFrame()
        hours = self.rng.uniform(0.5, 3.0, len(picked))
        at = _due(self.calendar, picked["received_at"], hours, TimeUnit.HOURS)
        before = (at < resolved.loc[picked.index]).to_numpy()
        return pd.DataFrame(
            {
                "row": picked.index.to_numpy()[before],
                "action": "transfer",
                "at": at.to_numpy()[before],
                "note": spec.handover_note,
                "giver_code": spec.unit_code,
                "receiver_code": receivers.loc[picked.index].to_numpy()[before],
            }
        )

    def _apologies(
        self, spec: HistorySpec, late: pd.DataFrame, resolved: pd.Series
    ) -> pd.DataFrame:
        """Phiếu xin lỗi: issued once the due moment has passed (an apology is only for an
        overdue dossier), with the new date the result came."""
        picked = late[self.rng.random(len(late)) < spec.apology_share]
        if picked.empty:
            return pd.DataFrame()
        at = _due(
            self.calendar,
            picked["received_at"],
            picked["amount"].to_numpy(),
            picked["unit"].to_numpy(),
        ) + pd.Timedelta(minutes=5)
        return pd.DataFrame(
            {
                "row": picked.index.to_numpy(),
                "action": "apologize_reschedule",
                "at": at.to_numpy(),
                "note": "Hồ sơ cần xác minh thêm; xin lỗi và hẹn lại ngày trả kết quả",
                "new_due_at": resolved.loc[picked.index].dt.ceil("h").to_numpy(),
            }
        )

    def _carried(self, spec: HistorySpec, days: np.ndarray) -> pd.DataFrame:
        """Dossiers received in the last weeks of the period whose due moment falls after it:
        in progress within time at its end, resolved in time after it."""
        end = pd.Timestamp(spec.last_day + timedelta(days=1), tz=self.tz)
        long_codes = {
            code: weight
            for code, weight in spec.weights.items()
            if (self.versions.loc[self.versions["code"] == code, "unit"] == TimeUnit.DAYS).all()
            and (self.versions.loc[self.versions["code"] == code, "amount"] >= 10).all()
        }
        late_days = days[-15:]
        found: list[pd.DataFrame] = []
        needed = spec.carried
        for _attempt in range(50):
            batch = self._receipts(
                replace(spec, weights=long_codes, online_share=0),
                np.sort(self.rng.choice(late_days, size=needed * 3)),
            )
            batch = batch[batch["due_at"] >= end]
            found.append(batch.iloc[:needed])
            needed -= len(found[-1])
            if needed == 0:
                break
        else:
            raise ValueError(f"{spec.desk_code}: cannot place the carried-over dossiers.")
        carried = pd.concat(found, ignore_index=True)
        start = self.calendar.working_moment(end.to_pydatetime())
        resolved = []
        for due, share in zip(
            carried["due_at"], self.rng.uniform(0.2, 1.0, len(carried)), strict=True
        ):
            window = self.calendar.working_time_between(start, due.to_pydatetime())
            resolved.append(self.calendar.add_working_time(start, window * share))
        carried["resolved_at"] = pd.Series(resolved).dt.tz_convert(self.tz).dt.floor("s")
        return carried

    def _returns(self, spec, resolved: pd.Series) -> pd.Series:
        hours = self.rng.uniform(0.25, 16.0, len(resolved))
        returned = _due(self.calendar, resolved, hours, TimeUnit.HOURS)
        if spec.return_by is not None:
            limit = pd.Timestamp(spec.return_by)
            late_return = returned > limit
            returned = returned.where(~late_return, resolved.where(resolved > limit, limit))
        return returned

    def _codes(self, desk_code: str, received: pd.Series) -> pd.Series:
        """``{desk}-{yyMMdd}-{NNNN}``, numbered per local day in order of receipt."""
        day = received.dt.tz_convert(self.tz).dt.strftime("%y%m%d")
        number = day.groupby(day).cumcount() + 1
        return desk_code + "-" + day + "-" + number.map("{:04d}".format)
