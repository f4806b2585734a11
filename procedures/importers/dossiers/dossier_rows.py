"""Validating and completing a dossiers file's rows (hồ sơ): codes against the catalogue and the
desks, dates against each other and the status, the procedure's version in force on the day of
receipt; the valid rows get the project's own due moment (the vectorised calendar,
``due_at_many``), clock and outcome, never the file's opinion on those."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.calendar import WorkingCalendar
from procedures.calendar.processing_time import clock_work_many, due_at_many
from procedures.choices import Channel, DossierStatus, Outcome, ProcedureStatus, TimeUnit
from procedures.dossier_flow import RUNNING_STATUSES
from procedures.importers.dossier_facts import fact_columns_read, fact_columns_rename
from procedures.importers.dossiers.columns import (
    APPLICANT_NAME_LENGTH,
    CODE_LENGTH,
    DOSSIER_COLUMNS,
    ENDED_STATUSES,
    OPEN_STATUSES,
    RESOLVED_STATUSES,
)
from procedures.importers.dossiers.errors import RowError, _Errors
from procedures.importers.dossiers.values import _control_characters, _status_codes, parse_moments
from procedures.models import Desk, Procedure, ProcedureVersion
from procedures.validators import is_visible_text


class DossierRowValidator:
    """Validates and completes dossier chunks against the catalogue, the desks and the calendar
    (loaded once: their size, not the file's, bounds the memory)."""

    def __init__(
        self,
        *,
        calendar: WorkingCalendar,
        now: datetime | None = None,
        file: str = "",
        book=None,
    ):
        self.file = file
        self.calendar = calendar
        # The rule sets by period (procedures.calendar.clock.RuleBook): each dossier is counted
        # along the sessions in force on its day of receipt.
        self.book = book
        self.tz = calendar.tz.key
        self.now = pd.Timestamp(now or timezone.now()).tz_convert(self.tz)
        self.desks = dict(Desk.objects.values_list("code", "id"))
        self.procedures = dict(Procedure.objects.values_list("code", "id"))
        versions = pd.DataFrame.from_records(
            ProcedureVersion.objects.filter(status=ProcedureStatus.IN_FORCE).values(
                "id",
                "procedure_id",
                "valid_from",
                "superseded_on",
                "sector_id",
                "processing_time_value",
                "processing_time_unit",
                "processing_time_cutoff",
                "channel_times",
                "applied_time_value",
            ),
            columns=[
                "id",
                "procedure_id",
                "valid_from",
                "superseded_on",
                "sector_id",
                "processing_time_value",
                "processing_time_unit",
                "processing_time_cutoff",
                "channel_times",
                "applied_time_value",
            ],
        )
        versions["amount"] = (
            versions["applied_time_value"]
            .where(versions["applied_time_value"].notna(), versions["processing_time_value"])
            .astype(float)
        )
        versions["valid_from"] = pd.to_datetime(versions["valid_from"]).astype("datetime64[us]")
        versions["superseded_on"] = pd.to_datetime(versions["superseded_on"]).astype(
            "datetime64[us]"
        )
        self.versions = versions.rename(columns={"id": "procedure_version_id"}).sort_values(
            "valid_from"
        )

    def validate(self, chunk: pd.DataFrame) -> tuple[pd.DataFrame, list[RowError]]:
        """The chunk's valid rows, completed with ids, due moment, clock and outcome, and the
        errors of the others (every reason of every bad row)."""
        errors = _Errors(self.file)
        frame = chunk.copy()
        for column in DOSSIER_COLUMNS:
            frame[column] = frame[column].fillna("").astype(str).str.strip()

        _control_characters(frame, errors)
        frame = fact_columns_read(
            fact_columns_rename(frame),
            lambda mask, column, message: errors.add(frame, mask, column, message),
        )
        errors.add(frame, frame["code"] == "", "code", _("the dossier code is empty"))
        errors.add(
            frame,
            frame["code"].str.len() > CODE_LENGTH,
            "code",
            _("the dossier code is longer than %(limit)s characters") % {"limit": CODE_LENGTH},
        )
        frame["desk_id"] = frame["desk_code"].map(self.desks)
        errors.add(frame, frame["desk_id"].isna(), "desk_code", _("unknown desk code"))
        frame["procedure_id"] = frame["procedure_code"].map(self.procedures)
        errors.add(
            frame, frame["procedure_id"].isna(), "procedure_code", _("unknown procedure code")
        )
        frame["channel"] = frame["channel"].str.lower()
        errors.add(
            frame,
            ~frame["channel"].isin(Channel.values),
            "channel",
            _("the channel must be direct, postal or online"),
        )
        frame["status_code"] = _status_codes(frame["status"])
        errors.add(
            frame,
            frame["status_code"].isna(),
            "status",
            _("the status must be a number from 1 to 10 or its name"),
        )

        if "closed_at" not in frame.columns:
            frame["closed_at"] = ""
        for column in ("received_at", "resolved_at", "returned_at", "closed_at"):
            frame[column], bad = parse_moments(frame[column], self.tz)
            errors.add(
                frame, bad, column, _("not a date: use 2025-03-03 09:00 or 03/03/2025 09:00")
            )
        # A history holds what has happened: nothing after now (beyond a little clock skew).
        latest = self.now + pd.Timedelta(minutes=settings.IMPORT_FUTURE_TOLERANCE_MINUTES)
        future = _("in the future (after %(now)s): a history holds only what has happened") % {
            "now": self.now.strftime("%d/%m/%Y %H:%M")
        }
        for column in ("received_at", "resolved_at", "returned_at", "closed_at"):
            errors.add(frame, frame[column].notna() & (frame[column] > latest), column, future)
        if "applicant_name" in frame.columns:
            names = frame["applicant_name"].fillna("").astype(str)
            errors.add(
                frame,
                (names != "") & ~names.map(is_visible_text),
                "applicant_name",
                _("write a name with visible letters (not only spaces, marks or invisible ones)"),
            )
            errors.add(
                frame,
                frame["applicant_name"].fillna("").astype(str).str.len() > APPLICANT_NAME_LENGTH,
                "applicant_name",
                _("longer than %(limit)s characters") % {"limit": APPLICANT_NAME_LENGTH},
            )
        received, resolved, returned, closed = (
            frame["received_at"],
            frame["resolved_at"],
            frame["returned_at"],
            frame["closed_at"],
        )
        status = frame["status_code"]
        open_, ended = status.isin(list(OPEN_STATUSES)), status.isin(list(ENDED_STATUSES))
        errors.add(
            frame,
            chunk["received_at"].fillna("").astype(str).str.strip() == "",
            "received_at",
            _("the moment of receipt is required"),
        )
        errors.add(
            frame,
            resolved.notna() & received.notna() & (resolved < received),
            "resolved_at",
            _("resolved before it was received"),
        )
        errors.add(
            frame,
            returned.notna() & resolved.notna() & (returned < resolved),
            "returned_at",
            _("the result was returned before the dossier was resolved"),
        )
        errors.add(
            frame,
            returned.notna() & resolved.isna() & ~ended,
            "returned_at",
            _("a returned result needs the moment of resolution"),
        )
        errors.add(
            frame,
            status.isin(list(RESOLVED_STATUSES)) & resolved.isna(),
            "resolved_at",
            _("a resolved dossier needs the moment of resolution"),
        )
        errors.add(
            frame,
            (status == DossierStatus.RESULT_RETURNED) & returned.isna(),
            "returned_at",
            _("a returned dossier needs the moment the result was returned"),
        )
        errors.add(
            frame,
            returned.notna() & status.notna() & (status != DossierStatus.RESULT_RETURNED),
            "returned_at",
            _("only a dossier whose result was returned (status 10) has this moment"),
        )
        errors.add(
            frame,
            open_ & resolved.notna(),
            "status",
            _("an open dossier cannot have a moment of resolution"),
        )
        errors.add(
            frame,
            open_ & closed.notna(),
            "closed_at",
            _("an open dossier cannot have a closing moment"),
        )
        # A resolved dossier closes when it is resolved; one that ended without a result
        # (rejected, withdrawn, stopped) when closed_at says, or resolved_at for files that
        # keep the end of every dossier there.
        errors.add(
            frame,
            status.isin(list(RESOLVED_STATUSES))
            & closed.notna()
            & resolved.notna()
            & (closed != resolved),
            "closed_at",
            _("a resolved dossier closes when it is resolved: leave closed_at empty"),
        )
        frame["closed_at"] = closed.where(~ended | closed.notna(), resolved)
        closed = frame["closed_at"]
        errors.add(
            frame,
            ended & closed.isna(),
            "closed_at",
            _(
                "a rejected, withdrawn or stopped dossier needs the moment it ended "
                "(closed_at, or resolved_at)"
            ),
        )
        errors.add(
            frame,
            ended & closed.notna() & received.notna() & (closed < received),
            "closed_at",
            _("closed before it was received"),
        )
        frame["resolved_at"] = resolved.where(~ended)
        frame["closed_at"] = closed.where(~status.isin(list(RESOLVED_STATUSES)), resolved)

        bad_rows = {e.row for e in errors.items}
        frame = frame[~frame["row"].isin(bad_rows)]
        frame, version_errors = self._with_versions(frame)
        errors.items.extend(version_errors)
        if frame.empty:
            return self._complete(frame), errors.items
        frame = self._channel_times(frame)
        # A procedure with no time limit (or a time to be completed) is imported too: its
        # dossiers get no due moment and no outcome (``_complete``), as intake gives them.
        return self._complete(frame), errors.items

    def _channel_times(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A dossier takes its channel's time where the record gives the channel its own."""
        own = {
            (version_id, channel): time
            for version_id, times in zip(
                self.versions["procedure_version_id"], self.versions["channel_times"], strict=True
            )
            if times
            for channel, time in times.items()
        }
        if frame.empty or not own:
            return frame
        keys = list(zip(frame["procedure_version_id"], frame["channel"], strict=True))
        taken = pd.Series([own.get(key) for key in keys], index=frame.index)
        has = taken.notna()
        if has.any():
            frame = frame.copy()
            frame.loc[has, "amount"] = [
                float(t["amount"]) if t["amount"] is not None else np.nan for t in taken[has]
            ]
            frame.loc[has, "processing_time_unit"] = [t["unit"] for t in taken[has]]
            frame.loc[has, "processing_time_cutoff"] = [t["cutoff"] for t in taken[has]]
        return frame

    def _with_versions(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[RowError]]:
        if frame.empty:
            return frame.assign(procedure_version_id=pd.Series(dtype="Int64")), []
        frame = frame.assign(
            procedure_id=frame["procedure_id"].astype("int64"),
            received_day=frame["received_at"]
            .dt.tz_localize(None)
            .dt.normalize()
            .astype("datetime64[us]"),
        ).sort_values("received_day")
        merged = pd.merge_asof(
            frame,
            self.versions,
            left_on="received_day",
            right_on="valid_from",
            by="procedure_id",
            direction="backward",
        )
        in_force = merged["procedure_version_id"].notna() & (
            merged["superseded_on"].isna() | (merged["superseded_on"] > merged["received_day"])
        )
        errors = [
            RowError(
                int(row.row),
                "procedure_code",
                _("procedure %(code)s was not in force on %(day)s")
                % {"code": row.procedure_code, "day": row.received_day.strftime("%d/%m/%Y")},
                self.file,
            )
            for row in merged.loc[~in_force, ["row", "procedure_code", "received_day"]].itertuples()
        ]
        return merged[in_force].sort_values("row"), errors

    def _complete(self, frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty:
            return frame
        units = frame["processing_time_unit"].fillna(TimeUnit.DAYS).to_numpy()
        amounts = frame["amount"].to_numpy(dtype=float)
        cutoffs = frame["processing_time_cutoff"].to_numpy(dtype=object)
        due = np.empty(len(frame), dtype="datetime64[us]")
        # Nullable: no working time without a time limit (and no due moment: NaT).
        work = pd.array(np.zeros(len(frame), dtype=np.int64), dtype="Int64")
        days = frame["received_at"].dt.tz_convert(self.tz).dt.date.to_numpy()
        calendars = (
            [self.book.calendar_on(day) for day in days]
            if self.book is not None
            else [self.calendar] * len(frame)
        )
        for sessions in {c.sessions for c in calendars}:
            mask = np.array([c.sessions == sessions for c in calendars])
            calendar = next(c for c in calendars if c.sessions == sessions)
            starts = frame["received_at"][mask]
            # Every unit through ProcessingTime's columns: calendar days, months, same day too.
            part = due_at_many(calendar, starts, amounts[mask], units[mask], cutoffs[mask])
            due[mask] = (
                part.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
            )
            work[mask] = clock_work_many(calendar, starts, part, amounts[mask], units[mask]).array
        due_series = pd.Series(due, index=frame.index).dt.tz_localize("UTC").dt.tz_convert(self.tz)
        frame = frame.assign(due_at=due_series)
        frame["clock_work_us"] = work
        frame["clock_started_at"] = frame["received_at"]
        resolved_day = frame["resolved_at"].dt.tz_localize(None).dt.normalize()
        due_day = frame["due_at"].dt.tz_localize(None).dt.normalize()
        outcome = np.select(
            [resolved_day < due_day, resolved_day == due_day, resolved_day > due_day],
            [Outcome.EARLY.value, Outcome.ON_TIME.value, Outcome.LATE.value],
            default="",
        )
        # No outcome without a due date: neither early, on time nor late.
        frame["outcome"] = pd.Series(outcome, index=frame.index).where(
            frame["resolved_at"].notna() & frame["due_at"].notna(), None
        )
        frame["status"] = frame["status_code"].astype("int64")
        # Overdue once the due date has passed (procedures.calendar.clock.is_overdue).
        today = self.now.normalize()
        frame["is_overdue"] = frame["status"].isin([int(s) for s in RUNNING_STATUSES]) & (
            frame["due_at"] < today
        )
        if "applicant_name" not in frame.columns:
            frame["applicant_name"] = ""
        frame["applicant_name"] = frame["applicant_name"].fillna("").astype(str)
        return frame
