"""Validating an events file's rows (diễn biến hồ sơ: hand-overs, supplement requests,
apologies): known actions and units, readable moments, nothing in the future. Which dossiers
exist is checked by the import service against the database."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.importers.dossiers.columns import (
    EVENT_COLUMNS,
    EVENT_OPTIONAL_COLUMNS,
    IMPORTED_ACTIONS,
)
from procedures.importers.dossiers.errors import RowError, _Errors
from procedures.importers.dossiers.values import _control_characters, parse_moments
from procedures.models import Unit


class EventRowValidator:
    """Validates event chunks: known actions and units, readable moments; which dossiers exist
    is checked by the service against the database."""

    def __init__(self, *, tz: str, file: str = "", now: datetime | None = None):
        self.tz = tz
        self.file = file
        self.latest = pd.Timestamp(now or timezone.now()).tz_convert(tz) + pd.Timedelta(
            minutes=settings.IMPORT_FUTURE_TOLERANCE_MINUTES
        )
        self.units = dict(Unit.objects.values_list("code", "id"))

    def validate(self, chunk: pd.DataFrame) -> tuple[pd.DataFrame, list[RowError]]:
        errors = _Errors(self.file)
        frame = chunk.copy()
        for column in (*EVENT_COLUMNS, *EVENT_OPTIONAL_COLUMNS):
            if column not in frame.columns:
                frame[column] = ""
            frame[column] = frame[column].fillna("").astype(str).str.strip()
        _control_characters(frame, errors)
        errors.add(frame, frame["dossier_code"] == "", "dossier_code", _("the code is empty"))
        errors.add(
            frame,
            ~frame["action"].isin(IMPORTED_ACTIONS),
            "action",
            _("the action must be one of: %(actions)s") % {"actions": ", ".join(IMPORTED_ACTIONS)},
        )
        frame["at"], bad_at = parse_moments(frame["at"], self.tz)
        errors.add(frame, bad_at | frame["at"].isna(), "at", _("not a date"))
        errors.add(
            frame,
            frame["at"].notna() & (frame["at"] > self.latest),
            "at",
            _("in the future: a history holds only what has happened"),
        )
        frame["new_due_at"], bad_new = parse_moments(frame["new_due_at"], self.tz)
        errors.add(frame, bad_new, "new_due_at", _("not a date"))
        errors.add(
            frame,
            (frame["action"] == "apologize_reschedule") & frame["new_due_at"].isna(),
            "new_due_at",
            _("an apology needs the new date"),
        )
        frame["giver_id"] = frame["giver_code"].map(self.units)
        frame["receiver_id"] = frame["receiver_code"].map(self.units)
        errors.add(
            frame,
            (frame["giver_code"] != "") & frame["giver_id"].isna(),
            "giver_code",
            _("unknown unit code"),
        )
        errors.add(
            frame,
            (frame["action"] == "transfer") & frame["receiver_id"].isna(),
            "receiver_code",
            _("a hand-over needs a known receiving unit"),
        )
        bad_rows = {e.row for e in errors.items}
        return frame[~frame["row"].isin(bad_rows)], errors.items
