"""Writes of the working calendar (lịch làm việc): the province's overrides and sessions, and the
recomputation of open dossiers' due moments after each change.

Every change records a ``CalendarChange`` and, once committed, queues a Celery task that moves
the due moments of the open dossiers whose clock runs (all but those waiting for a supplement).
"""

from __future__ import annotations

import logging
import time as clock
from datetime import date, time, timedelta

import numpy as np
import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.calendar import WorkingCalendar
from procedures.calendar import clock as rules
from procedures.calendar.processing_time import (
    ProcessingTime,
    clock_work_many,
    processing_times_due_at_many,
)
from procedures.choices import SupplementMode
from procedures.dossier_flow import CLOCK_ACTIONS, RECEIVE, RUNNING_STATUSES
from procedures.models import (
    CalendarChange,
    CalendarOverride,
    CalendarSettings,
    ClockRuleSet,
    Dossier,
    DossierEvent,
    ProcedureVersion,
)
from procedures.selectors.calendar import clock_rule_book_get, working_calendar_get
from procedures.services.dossiers.clock import version_time
from procedures.services.outbox import outbox_enqueue
from procedures.services.rollups import rollups_refresh_on_commit

logger = logging.getLogger(__name__)

RECOMPUTE_CHUNK = 5_000
# A change whose recomputation is still not recorded this long after it was made lost its
# message (the worker's main process killed with the task in hand, a broker restarted without
# its data): the periodic check queues it again. Long enough for a large recomputation to end.
RECOMPUTE_LOST_AFTER = timedelta(minutes=30)
# Dossiers waiting for the applicant (papers, fees) have their clock stopped: their due moment
# is set again when the clock resumes, so only running clocks move with the calendar.
CLOCK_RUNNING_STATUSES = RUNNING_STATUSES


def _queue_recompute(change: CalendarChange) -> None:
    # Through the outbox: the recomputation is not lost when the broker is down.
    outbox_enqueue("procedures.tasks.calendar.recompute_due_moments", change.pk)


def _record(*, description: str, user) -> CalendarChange:
    change = CalendarChange.objects.create(
        description=description,
        changed_by=user if user is not None and user.is_authenticated else None,
    )
    _queue_recompute(change)
    return change


def _override_errors(*, override: CalendarOverride) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    override.name = " ".join((override.name or "").split())
    if not override.name:
        errors["name"] = [_("Give the reason, e.g. the decision that sets the day.")]
    if override.kind not in CalendarOverride.Kind.values:
        errors["kind"] = [_("Choose an extra day off or a make-up working day.")]
    if override.day is None:
        errors["day"] = [_("The date is required.")]
        return errors
    clash = CalendarOverride.objects.filter(day=override.day).exclude(pk=override.pk).first()
    if clash is not None:
        errors["day"] = [
            _("%(day)s already has an override: %(override)s.")
            % {"day": f"{override.day:%d/%m/%Y}", "override": clash}
        ]
        return errors
    if "kind" not in errors:
        # Compare with the calendar without this override: an override that changes nothing is
        # a mistake (a day off on a Sunday, a working day on a Tuesday).
        base = working_calendar_get()
        base = WorkingCalendar(
            sessions=base.sessions,
            extra_days_off=base.extra_days_off - {override.day},
            extra_working_days=base.extra_working_days - {override.day},
        )
        working = base.is_working_day(override.day)
        if override.kind == CalendarOverride.Kind.WORKING_DAY and working:
            errors["day"] = [
                _("%(day)s is a working day already.") % {"day": f"{override.day:%d/%m/%Y}"}
            ]
        if override.kind == CalendarOverride.Kind.DAY_OFF and not working:
            errors["day"] = [
                _("%(day)s is not a working day already.") % {"day": f"{override.day:%d/%m/%Y}"}
            ]
    return errors


def calendar_override_errors(*, override: CalendarOverride) -> dict[str, list[str]]:
    """Problems with an override as it would be saved, by field (used by the admin form too)."""
    return _override_errors(override=override)


def _describe(override: CalendarOverride) -> str:
    return f"{override.day:%d/%m/%Y} {override.get_kind_display()} ({override.name})"


@transaction.atomic
def calendar_override_create(*, day: date, kind: str, name: str, user=None) -> CalendarOverride:
    """Add an extra day off (ngày nghỉ) or a make-up working day (ngày làm bù) to the province's
    calendar; records the change and recomputes open dossiers' due moments after commit."""
    override = CalendarOverride(day=day, kind=kind, name=name)
    errors = _override_errors(override=override)
    if errors:
        raise ValidationError(errors)
    override.created_by = user if user is not None and user.is_authenticated else None
    override.full_clean(validate_unique=False)
    override.save()
    _record(description=_("Added: %(day)s") % {"day": _describe(override)}, user=user)
    return override


@transaction.atomic
def calendar_override_update(
    *, override: CalendarOverride, day: date, kind: str, name: str, user=None
) -> CalendarOverride:
    """Change an override's date, kind or name; recorded, and due moments recomputed."""
    before = CalendarOverride.objects.get(pk=override.pk)
    override.day, override.kind, override.name = day, kind, name
    errors = _override_errors(override=override)
    if errors:
        raise ValidationError(errors)
    override.full_clean(validate_unique=False)
    override.save(update_fields=["day", "kind", "name"])
    if (before.day, before.kind) != (override.day, override.kind):
        _record(
            description=_("Changed: %(before)s → %(after)s")
            % {"before": _describe(before), "after": _describe(override)},
            user=user,
        )
    return override


@transaction.atomic
def calendar_override_delete(*, override: CalendarOverride, user=None) -> None:
    """Remove an override; recorded, and due moments recomputed."""
    description = _("Removed: %(day)s") % {"day": _describe(override)}
    override.delete()
    _record(description=description, user=user)


@transaction.atomic
def calendar_settings_update(
    *,
    morning_start: time,
    morning_end: time,
    afternoon_start: time,
    afternoon_end: time,
    supplement_mode: str,
    user=None,
) -> CalendarSettings:
    """Set the province's working sessions (giờ làm việc) and supplement-request clock mode.
    A change of sessions moves due moments, so it is recorded and recomputed like an override."""
    settings = CalendarSettings.objects.select_for_update().order_by("pk").first()
    settings = settings or CalendarSettings()
    before = str(settings)
    settings.morning_start, settings.morning_end = morning_start, morning_end
    settings.afternoon_start, settings.afternoon_end = afternoon_start, afternoon_end
    settings.supplement_mode = supplement_mode
    if not (morning_start < morning_end <= afternoon_start < afternoon_end):
        raise ValidationError(
            {
                "afternoon_end": [
                    _(
                        "The sessions must follow each other: morning start < morning end ≤ "
                        "afternoon start < afternoon end."
                    )
                ]
            }
        )
    if supplement_mode not in SupplementMode.values:
        raise ValidationError({"supplement_mode": [_("Choose pause or restart.")]})
    settings.full_clean()
    settings.save()
    after = str(settings)
    if after != before:
        _record(
            description=_("Working sessions: %(before)s → %(after)s")
            % {"before": before, "after": after},
            user=user,
        )
    return settings


def _recompute_chunk(rows: list[dict], book) -> dict[int, tuple]:
    """{pk: (clock_started_at, clock_work, due_at)} of ``rows`` on the calendar as it is now.

    Each dossier counts again from its receipt with its own processing time (the version in
    force at receipt, its channel's time), through the same ``ProcessingTime`` arithmetic as
    intake: vectorised for the dossiers whose clock never stopped, and by replaying the clock's
    history (supplement or fee requests, resumptions, online receipt) for the others. Re-adding
    the stored working time instead would be wrong for calendar days and months, where only
    the last day's shift matters (Civil Code 2015, Art. 147–148)."""
    versions = ProcedureVersion.objects.in_bulk({row["procedure_version_id"] for row in rows})
    times: dict[tuple[int, str], ProcessingTime] = {}
    for row in rows:
        key = (row["procedure_version_id"], row["channel"])
        if key not in times:
            times[key] = version_time(versions[key[0]], key[1])
        row["time"] = times[key]
    pks = [row["pk"] for row in rows]
    with_history = set(
        DossierEvent.objects.filter(dossier_id__in=pks, action__in=CLOCK_ACTIONS)
        .order_by()
        .values_list("dossier_id", flat=True)
        .distinct()
    )
    result: dict[int, tuple] = {}

    # Clocks that never stopped: one vectorised pass per rule set (its sessions).
    plain = [row for row in rows if row["pk"] not in with_history]
    if plain:
        frame = pd.DataFrame(plain)
        starts = pd.to_datetime(frame["received_at"], utc=True)
        received_days = starts.dt.tz_convert(book.calendar.tz).dt.date
        period_of = received_days.map(lambda day: book.rule_set(day).valid_from or date.min)
        for _period, part in frame.groupby(period_of):
            calendar = book.calendar_on(received_days[part.index[0]])
            part_starts = starts[part.index]
            amounts = [t.amount if t.amount is not None else np.nan for t in part["time"]]
            units = [t.unit for t in part["time"]]
            due = processing_times_due_at_many(calendar, part_starts, list(part["time"]))
            work = clock_work_many(calendar, part_starts, due, amounts, units)
            for pk, start, due_at, work_us in zip(
                part["pk"], part["received_at"], due, work, strict=True
            ):
                result[int(pk)] = (
                    start,
                    timedelta(microseconds=int(work_us)),
                    due_at.to_pydatetime(),
                )

    # Clocks stopped or restarted: their history replayed, as the actions ran it.
    if with_history:
        events: dict[int, list[rules.Event]] = {pk: [] for pk in with_history}
        for dossier_id, action, at, receiver in (
            DossierEvent.objects.filter(dossier_id__in=with_history)
            .exclude(action=RECEIVE)
            .order_by("dossier_id", "at", "id")
            .values_list("dossier_id", "action", "at", "receiver_id")
        ):
            events[dossier_id].append(rules.Event(action, at, receiver))
        for row in rows:
            if row["pk"] not in with_history:
                continue
            calendar, mode = book.for_moment(row["received_at"])
            clock = rules.run(
                events[row["pk"]],
                time_value=row["time"],
                calendar=calendar,
                mode=mode,
                received_at=row["received_at"],
            ).clock
            result[row["pk"]] = (clock.started_at, clock.work, clock.due_at)
    return result


def dossier_due_moments_recompute(
    *, change: CalendarChange | None = None, chunk_size: int = RECOMPUTE_CHUNK
) -> tuple[int, int]:
    """Recompute hạn giải quyết of every open dossier whose clock runs (and that has a time
    limit), with the calendar as it is now: from its receipt, with its own processing time and
    its clock's history (:func:`_recompute_chunk`), chunk by chunk, written with
    ``bulk_update`` only where the clock moved. The clock invariant ``due_at ==
    add_working_time(clock_started_at, clock_work)`` holds again afterwards. Idempotent.

    Returns (dossiers recomputed, dossiers whose due moment moved) and records them on
    ``change``.
    """
    started = clock.perf_counter()
    book = clock_rule_book_get()
    recomputed = moved = 0
    last_pk = 0
    while True:
        # Each chunk locks its rows: a dossier acted on meanwhile keeps the due moment its own
        # service gave it, and is read again by the next recomputation if any.
        with transaction.atomic():
            rows = list(
                Dossier.objects.select_for_update()
                .filter(status__in=CLOCK_RUNNING_STATUSES, due_at__isnull=False, pk__gt=last_pk)
                .order_by("pk")
                .values(
                    "pk",
                    "received_at",
                    "clock_started_at",
                    "clock_work",
                    "due_at",
                    "channel",
                    "procedure_version_id",
                )[:chunk_size]
            )
            if not rows:
                break
            last_pk = rows[-1]["pk"]
            clocks = _recompute_chunk(rows, book)
            updates = []
            for row in rows:
                new = clocks[row["pk"]]
                if new != (row["clock_started_at"], row["clock_work"], row["due_at"]):
                    updates.append(
                        Dossier(
                            pk=row["pk"], clock_started_at=new[0], clock_work=new[1], due_at=new[2]
                        )
                    )
            Dossier.objects.bulk_update(
                updates, ["clock_started_at", "clock_work", "due_at"], batch_size=1_000
            )
            rollups_refresh_on_commit(
                cells=Dossier.objects.filter(pk__in=[u.pk for u in updates])
                .values_list("desk_id", "procedure_id", "channel")
                .distinct()
            )
            recomputed += len(rows)
            moved += sum(1 for row in rows if clocks[row["pk"]][2] != row["due_at"])
    elapsed = clock.perf_counter() - started
    logger.info(
        "Due moments recomputed: %d open dossiers, %d moved, in %.2f s", recomputed, moved, elapsed
    )
    if change is not None:
        # Earlier changes still waiting are covered too: this pass used the calendar as it is.
        CalendarChange.objects.filter(
            recomputed_at__isnull=True, changed_at__lte=change.changed_at
        ).update(recomputed_at=timezone.now(), recomputed_dossiers=recomputed)
    return recomputed, moved


@transaction.atomic
def calendar_recomputations_resume(*, now=None) -> int | None:
    """The periodic check: when a calendar change's recomputation is still not recorded
    ``RECOMPUTE_LOST_AFTER`` after the change, queue it again (idempotent, so a recomputation
    that was only slow runs once more to the same moments). One recomputation covers every
    change before it. Returns the change queued again, if any."""
    now = now or timezone.now()
    lost = (
        CalendarChange.objects.filter(
            recomputed_at__isnull=True, changed_at__lt=now - RECOMPUTE_LOST_AFTER
        )
        .order_by("-changed_at")
        .first()
    )
    if lost is None:
        return None
    logger.warning("calendar change %s: recomputation not recorded; queued again", lost.pk)
    _queue_recompute(lost)
    return lost.pk


@transaction.atomic
def clock_rule_set_save(
    *,
    rule_set: ClockRuleSet | None = None,
    name: str,
    valid_from: date,
    supplement_mode: str,
    morning_start: time,
    morning_end: time,
    afternoon_start: time,
    afternoon_end: time,
    user=None,
) -> ClockRuleSet:
    """Quy định theo thời kỳ: create or change the rule set in force from ``valid_from`` (its
    supplement mode and working sessions). Dossiers received from that day are counted by it;
    the change is recorded and the due moments of open dossiers are recomputed."""
    rule_set = rule_set or ClockRuleSet()
    before = str(rule_set) if rule_set.pk else ""
    rule_set.name, rule_set.valid_from = (name or "").strip(), valid_from
    rule_set.supplement_mode = supplement_mode
    rule_set.morning_start, rule_set.morning_end = morning_start, morning_end
    rule_set.afternoon_start, rule_set.afternoon_end = afternoon_start, afternoon_end
    errors = {}
    if not rule_set.name:
        errors["name"] = [_("Name the decree or decision that sets these rules.")]
    if supplement_mode not in SupplementMode.values:
        errors["supplement_mode"] = [_("Choose pause or restart.")]
    if not (morning_start < morning_end <= afternoon_start < afternoon_end):
        errors["afternoon_end"] = [
            _(
                "The sessions must follow each other: morning start < morning end ≤ "
                "afternoon start < afternoon end."
            )
        ]
    if errors:
        raise ValidationError(errors)
    rule_set.full_clean()
    rule_set.save()
    _record(
        description=_("Rule set by period: %(before)s → %(after)s")
        % {"before": before or "—", "after": str(rule_set)},
        user=user,
    )
    return rule_set


@transaction.atomic
def clock_rule_set_delete(*, rule_set: ClockRuleSet, user=None) -> None:
    """Remove a rule set: its dossiers are counted by the period before it again."""
    description = _("Rule set by period removed: %(rule_set)s") % {"rule_set": str(rule_set)}
    rule_set.delete()
    _record(description=description, user=user)
