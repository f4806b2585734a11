"""Nguy cơ trễ hạn of open dossiers, read from the history of the same procedure at the same
agency: the processing agency a dossier was handed to, or the unit of the desk that received it
while it is not handed over (the statistics' own ``unit`` grouping, so the ranking and the risk
speak of the same agency). A department that is slow on one procedure is then seen whichever
counter received the dossiers. The estimate itself is :mod:`procedures.reports.lateness_risk`,
pure; this module reads the history and writes the reason as a reform officer reads it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures.calendar import WorkingCalendar
from procedures.calendar.clock import TIME_ZONE
from procedures.calendar.time_left import working_time_text
from procedures.calendar.vectorised import working_time_between_many
from procedures.choices import Outcome
from procedures.models import Desk, Dossier
from procedures.reports import lateness_risk as model
from procedures.selectors.calendar import clock_rule_book_get

# How far back the history reaches: a year of the same procedure at the same agency follows
# the agency's current way of working more than older years would; and at most its last
# HISTORY_LIMIT dossiers, plenty for a share and cheap to read on every page.
HISTORY_SPAN = timedelta(days=365)
HISTORY_LIMIT = 400
HISTORY_FIELDS = (
    "procedure_id",
    "desk_id",
    "current_agency_id",
    "received_at",
    "resolved_at",
    "due_at",
    "outcome",
    "waiting_work",
)

LEVEL_LABELS = {
    model.LEVEL_HIGH: gettext_lazy("high"),
    model.LEVEL_MEDIUM: gettext_lazy("medium"),
    model.LEVEL_LOW: gettext_lazy("low"),
    model.LEVEL_UNKNOWN: gettext_lazy("not enough history"),
}


def history_frame_margins(frame: pd.DataFrame, calendar: WorkingCalendar) -> pd.DataFrame:
    """Add ``margin`` (working time left at resolution, seconds, negative when after the due
    moment), ``taken`` (working time from receipt to resolution, waiting excluded, seconds) and
    ``late`` to rows of ``received_at``, ``resolved_at``, ``due_at``, ``outcome`` and
    ``waiting_work``: the calendar's vectorised arithmetic, the same as one moment at a time."""
    frame = frame.copy()
    if frame.empty:
        return frame.assign(margin=[], taken=[], late=[])
    for column in ("received_at", "resolved_at", "due_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    # A column of None only (no dossier waited) is not read as durations unless told.
    frame["waiting_work"] = pd.to_timedelta(frame["waiting_work"])
    resolved, due = frame["resolved_at"], frame["due_at"]
    ahead = working_time_between_many(calendar, resolved, due)
    behind = working_time_between_many(calendar, due, resolved)
    frame["margin"] = (ahead - behind) / 1_000_000
    waiting = frame["waiting_work"].fillna(pd.Timedelta(0)).dt.total_seconds().to_numpy()
    took = working_time_between_many(calendar, frame["received_at"], resolved) / 1_000_000
    frame["taken"] = np.maximum(took - waiting, 0)
    frame["late"] = (frame["outcome"] == Outcome.LATE).to_numpy()
    return frame


def agencies_desks(dossiers: Iterable[Dossier]) -> dict[int, int]:
    """Desk → unit of every desk the risk of ``dossiers`` needs: the desks of their desks' units
    (for those not handed over) and of the agencies holding the others. One query on the desk
    table, whatever the rows have loaded."""
    dossiers = list(dossiers)
    row_desks = {d.desk_id for d in dossiers}
    holders = {d.current_agency_id for d in dossiers if d.current_agency_id}
    return dict(
        Desk.objects.filter(
            Q(pk__in=row_desks) | Q(unit__desks__in=row_desks) | Q(unit_id__in=holders)
        )
        .distinct()
        .values_list("pk", "unit_id")
    )


def lateness_histories(
    *,
    keys: Iterable[tuple[int, int]],
    before: datetime,
    span: timedelta = HISTORY_SPAN,
    calendar: WorkingCalendar | None = None,
    unit_of_desk: dict[int, int] | None = None,
) -> dict[tuple[int, int], model.History]:
    """The history of each (procedure, agency) in ``keys``: its last :data:`HISTORY_LIMIT`
    dossiers resolved in the ``span`` before ``before`` by that agency (handed to it, or
    received at one of its desks and never handed over). The agencies' desks are read first
    (a few rows of the desk table) unless ``unit_of_desk`` holds them already (desk → unit, as
    :func:`agencies_desks` reads them); then one query on the dossiers, a part per key and arm,
    each a backward range of a (agency or desk, procedure, resolved_at) index stopping at the
    limit: a page's risks cost the same however many dossiers an agency resolved."""
    keys = set(keys)
    if not keys:
        return {}
    if unit_of_desk is None:
        unit_of_desk = dict(
            Desk.objects.filter(unit_id__in={agency for _p, agency in keys}).values_list(
                "pk", "unit_id"
            )
        )
    desks_of: dict[int, list[int]] = {}
    for desk_id, unit_id in sorted(unit_of_desk.items()):
        desks_of.setdefault(unit_id, []).append(desk_id)
    parts = []
    for procedure_id, agency_id in sorted(keys):
        resolved = Dossier.objects.filter(
            procedure_id=procedure_id,
            resolved_at__gte=before - span,
            resolved_at__lt=before,
            due_at__isnull=False,
            outcome__isnull=False,
        ).order_by("-resolved_at")
        parts.append(resolved.filter(current_agency_id=agency_id))
        parts.extend(
            resolved.filter(current_agency__isnull=True, desk_id=desk_id)
            for desk_id in desks_of.get(agency_id, [])
        )
    if len(parts) == 1 or connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: UNION ALL of the limited parts, each its own index range.
        first, *others = (part.values(*HISTORY_FIELDS)[:HISTORY_LIMIT] for part in parts)
        rows = list(first.union(*others, all=True) if others else first)
    else:
        # SQLite (the embedded demo) refuses LIMIT inside UNION, not inside IN.
        last = Q()
        for part in parts:
            last |= Q(pk__in=part.values("pk")[:HISTORY_LIMIT])
        rows = list(Dossier.objects.filter(last).values(*HISTORY_FIELDS))
    if not rows:
        return {}
    if calendar is None:
        calendar = clock_rule_book_get().calendar_on(before.astimezone(TIME_ZONE).date())
    frame = pd.DataFrame(rows)
    frame["agency_id"] = frame["current_agency_id"].fillna(frame["desk_id"].map(unit_of_desk))
    # An agency with several desks: its last HISTORY_LIMIT of all its arms together.
    frame = (
        frame.sort_values("resolved_at", ascending=False)
        .groupby(["procedure_id", "agency_id"], sort=False)
        .head(HISTORY_LIMIT)
    )
    frame = history_frame_margins(frame.reset_index(drop=True), calendar)
    return {
        (int(procedure_id), int(agency_id)): model.History.of(
            group["margin"], group["late"], group["taken"]
        )
        for (procedure_id, agency_id), group in frame.groupby(["procedure_id", "agency_id"])
    }


def _to_hours(work: timedelta) -> timedelta:
    return timedelta(hours=max(round(work.total_seconds() / 3600), 1))


def risk_reason(risk: model.Risk, calendar: WorkingCalendar) -> str:
    """Why: what the estimate rests on, in words ("7 of 10 such dossiers with this little time
    left ended late; 12% of 250 resolved here in the past year were late; usually takes 4
    working days")."""
    if not risk.history:
        return _("No dossier of this procedure was resolved at this agency in the past year.")
    parts = []
    if risk.likelihood is not None:
        parts.append(
            _(
                "%(late)s of %(count)s dossiers of this procedure here "
                "with this little time left ended late"
            )
            % {"late": risk.comparable_late, "count": risk.comparable}
        )
    else:
        parts.append(
            _("too few dossiers of this procedure here ever had this little time left (%(count)s)")
            % {"count": risk.comparable}
        )
    parts.append(
        _("%(rate)s%% of the %(count)s resolved here in the past year were late")
        % {
            "rate": formats.number_format(
                100 * risk.history_late_rate, decimal_pos=1, use_l10n=True
            ),
            "count": formats.number_format(risk.history, use_l10n=True, force_grouping=True),
        }
    )
    if risk.median_taken is not None:
        parts.append(
            _("usually takes %(time)s")
            # To the hour: minutes of a median are noise.
            % {"time": working_time_text(_to_hours(risk.median_taken), calendar)}
        )
    return "; ".join(parts) + "."


def dossiers_risk_mark(dossiers: Iterable[Dossier], *, at: datetime, book=None) -> None:
    """Give each dossier already marked with its time left
    (:func:`procedures.selectors.warnings.dossiers_time_left_mark`) ``risk``
    (:class:`~procedures.reports.lateness_risk.Risk`, or ``None`` without a due moment or while
    waiting for the applicant), ``risk_label`` and ``risk_reason``. Needs ``procedure_id``,
    ``desk_id`` and ``current_agency_id`` on each row; the histories in one query on the
    dossiers, and one on the agencies' desks."""
    dossiers = [d for d in dossiers if getattr(d, "time_left", None) is not None]
    for dossier in dossiers:
        dossier.risk = None
    open_rows = [d for d in dossiers if not d.time_left.waiting]
    if not open_rows:
        return
    book = book or clock_rule_book_get()
    calendar = book.calendar_on(at.astimezone(TIME_ZONE).date())
    unit_of_desk = agencies_desks(open_rows)
    agency_of = {d.pk: d.current_agency_id or unit_of_desk.get(d.desk_id) for d in open_rows}
    histories = lateness_histories(
        keys={(d.procedure_id, agency_of[d.pk]) for d in open_rows},
        before=at,
        calendar=calendar,
        unit_of_desk=unit_of_desk,
    )
    empty = model.History.of([], [])
    for dossier in open_rows:
        history = histories.get((dossier.procedure_id, agency_of[dossier.pk]), empty)
        risk = model.risk_of(history, dossier.time_left.work)
        dossier.risk = risk
        dossier.risk_label = LEVEL_LABELS[risk.level]
        dossier.risk_percent = (
            ""
            if risk.likelihood is None
            else formats.number_format(100 * risk.likelihood, decimal_pos=0, use_l10n=True) + "%"
        )
        dossier.risk_reason = risk_reason(risk, calendar)


def lateness_evaluation_frames(
    *, split: datetime | None = None
) -> tuple[pd.DataFrame, WorkingCalendar, datetime | None]:
    """The dossiers resolved with a due moment, for an honest evaluation
    (:func:`procedures.reports.lateness_risk_evaluation.evaluate_rolling`), and the ``split``
    from which they are evaluated: by default the moment three quarters of them had been
    received. Rows carry ``key`` (procedure and agency, as the screens read it), ``margin``,
    ``late`` and ``taken``."""
    rows = list(
        Dossier.objects.filter(due_at__isnull=False, outcome__isnull=False)
        .values(*HISTORY_FIELDS, "desk__unit_id")
        .order_by("received_at")
    )
    calendar = clock_rule_book_get().calendar
    if not rows:
        return pd.DataFrame(), calendar, split
    frame = history_frame_margins(pd.DataFrame(rows), calendar)
    agency = frame["current_agency_id"].fillna(frame["desk__unit_id"]).astype(int)
    frame["key"] = frame["procedure_id"].astype(str) + ":" + agency.astype(str)
    if split is None:
        split = frame["received_at"].quantile(0.75).to_pydatetime()
    return frame, calendar, split
