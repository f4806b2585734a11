"""Kết quả đánh giá hồ sơ: the stored verdicts of existing dossiers brought to the clock's rules
as they are now (issue 18 changed four of them: a request on the due day, an apology while
waiting, the agencies' shares, the wait of a calendar-day time). Each dossier whose history the
rules read (stops, resumptions, hand-overs, apologies, online receipt) is replayed through
:func:`procedures.calendar.clock.run`, the same walk the live actions and the import's replay
take, and only the rows that differ are written."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from procedures.calendar import clock as rules
from procedures.choices import Outcome
from procedures.dossier_flow import CLOCK_ACTIONS, RECEIVE, RUNNING_STATUSES, WAITING_STATUSES
from procedures.models import Dossier, DossierEvent
from procedures.selectors.calendar import clock_rule_book_get
from procedures.services.dossiers.clock import dossier_history, version_shares
from procedures.services.rollups import rollups_refresh_on_commit

VERDICT_CHUNK = 2_000
# Actions whose reading the rules decide; a history of none of them keeps its verdicts.
READ_ACTIONS = frozenset({*CLOCK_ACTIONS, "transfer", "apologize_reschedule"})
VERDICT_FIELDS = (
    "clock_started_at",
    "clock_work",
    "due_at",
    "clock_ran_out",
    "is_overdue",
    "outcome",
    "late_766",
    "late_agency_id",
    "apology_in_time",
)


def _verdicts(dossier: Dossier, events, book, shares_cache: dict, now: datetime) -> dict:
    calendar, mode = book.for_moment(dossier.received_at)
    key = (dossier.procedure_version_id, calendar.sessions)
    if key not in shares_cache:
        shares_cache[key] = version_shares(dossier.procedure_version_id, calendar)
    history = dossier_history(dossier, calendar, mode, events=events, shares=shares_cache[key])
    clock = history.clock
    waiting = dossier.status in WAITING_STATUSES
    clock = replace(clock, stopped_at=clock.started_at if waiting else None)
    new = {
        "clock_started_at": clock.started_at,
        "clock_work": clock.work,
        "due_at": clock.due_at,
        "clock_ran_out": clock.ran_out,
        "is_overdue": (dossier.status in RUNNING_STATUSES or waiting)
        and rules.is_overdue(clock, calendar, now),
        "apology_in_time": history.apology_in_time if dossier.apology_due_at else None,
    }
    if dossier.resolved_at is not None:
        outcome = rules.outcome(calendar, dossier.resolved_at, clock.due_at)
        late = rules.agencies_over_share(history.holdings) if outcome == Outcome.LATE else []
        new |= {
            "outcome": outcome,
            "late_766": rules.late_for_766(outcome, dossier.supplement_count)
            if clock.due_at is not None
            else None,
            "late_agency_id": late[0] if late else None,
        }
    return new


def dossier_verdicts_recompute(
    *, chunk_size: int = VERDICT_CHUNK, now: datetime | None = None
) -> tuple[int, int]:
    """Replay every dossier whose history the clock reads and store what the rules give now:
    its clock (due moment, ran out), overdue flag, outcome, Decision 766 verdict, late agency
    and apology timing. Chunk by chunk, each chunk's rows locked; the roll-up cells of changed
    dossiers are refreshed after commit. Idempotent: a second run changes nothing.

    Returns (dossiers replayed, dossiers changed)."""
    now = now or timezone.now()
    book = clock_rule_book_get()
    shares_cache: dict = {}
    replayed = changed = 0
    last_pk = 0
    with_history = (
        DossierEvent.objects.filter(action__in=READ_ACTIONS).values("dossier_id").order_by()
    )
    while True:
        with transaction.atomic():
            dossiers = list(
                Dossier.objects.select_for_update(of=("self",))
                .select_related("procedure_version", "desk")
                .filter(pk__gt=last_pk, pk__in=with_history)
                .order_by("pk")[:chunk_size]
            )
            if not dossiers:
                break
            last_pk = dossiers[-1].pk
            # The chunk's histories in one query, not one per dossier.
            events: dict[int, list[rules.Event]] = {d.pk: [] for d in dossiers}
            for dossier_id, action, at, receiver in (
                DossierEvent.objects.filter(dossier_id__in=list(events))
                .exclude(action=RECEIVE)
                .order_by("dossier_id", "at", "id")
                .values_list("dossier_id", "action", "at", "receiver_id")
            ):
                events[dossier_id].append(rules.Event(action, at, receiver))
            updates = []
            for dossier in dossiers:
                new = _verdicts(dossier, events[dossier.pk], book, shares_cache, now)
                if any(getattr(dossier, name) != value for name, value in new.items()):
                    for name, value in new.items():
                        setattr(dossier, name, value)
                    updates.append(dossier)
            Dossier.objects.bulk_update(updates, VERDICT_FIELDS, batch_size=500)
            rollups_refresh_on_commit(
                cells=[(d.desk_id, d.procedure_id, d.channel) for d in updates]
            )
            replayed += len(dossiers)
            changed += len(updates)
    return replayed, changed
