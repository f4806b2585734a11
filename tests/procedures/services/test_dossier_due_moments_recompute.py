"""After a calendar change, open dossiers' due moments follow the new calendar."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from procedures.calendar import TIME_ZONE
from procedures.calendar.processing_time import ProcessingTime
from procedures.choices import DossierStatus, TimeUnit
from procedures.models import CalendarChange, CalendarOverride, Dossier, DossierEvent
from procedures.selectors.calendar import working_calendar_get
from procedures.services.calendar import (
    calendar_override_create,
    dossier_due_moments_recompute,
)
from procedures.tasks.calendar import recompute_due_moments
from tests.procedures.calendar.dossiers import dossier_with_clock

pytestmark = pytest.mark.django_db

FRIDAY_10 = datetime(2026, 3, 6, 10, tzinfo=TIME_ZONE)
MONDAY_10 = datetime(2026, 3, 9, 10, tzinfo=TIME_ZONE)
SATURDAY_10 = datetime(2026, 3, 7, 10, tzinfo=TIME_ZONE)
ONE_DAY = timedelta(hours=8)


def make_up_saturday(django_capture_on_commit_callbacks) -> CalendarChange:
    # The callbacks are captured, not run: the test runs the recomputation itself.
    with django_capture_on_commit_callbacks(execute=False):
        calendar_override_create(
            day=date(2026, 3, 7), kind=CalendarOverride.Kind.WORKING_DAY, name="Làm bù"
        )
    return CalendarChange.objects.get()


@pytest.mark.parametrize(
    "waiting_status",
    [DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.FINANCIAL_OBLIGATION_REQUESTED],
)
def test_open_dossiers_move_and_stopped_or_closed_ones_do_not(
    django_capture_on_commit_callbacks, waiting_status
):
    received = dossier_with_clock(start=FRIDAY_10, work=ONE_DAY, status=DossierStatus.RECEIVED)
    in_process = dossier_with_clock(start=FRIDAY_10, work=ONE_DAY)
    waiting = dossier_with_clock(start=FRIDAY_10, work=ONE_DAY, status=waiting_status)
    resolved = dossier_with_clock(start=FRIDAY_10, work=ONE_DAY, status=DossierStatus.RESOLVED)
    assert received.due_at == MONDAY_10

    change = make_up_saturday(django_capture_on_commit_callbacks)
    assert dossier_due_moments_recompute(change=change) == (2, 2)

    due = dict(Dossier.objects.values_list("pk", "due_at"))
    assert due[received.pk] == SATURDAY_10
    assert due[in_process.pk] == SATURDAY_10
    assert due[waiting.pk] == MONDAY_10  # the clock is stopped while the applicant acts
    assert due[resolved.pk] == MONDAY_10
    change.refresh_from_db()
    assert change.recomputed_dossiers == 2
    assert change.recomputed_at is not None


def test_recomputing_twice_moves_nothing_the_second_time(django_capture_on_commit_callbacks):
    dossier_with_clock(start=FRIDAY_10, work=ONE_DAY)
    make_up_saturday(django_capture_on_commit_callbacks)
    assert dossier_due_moments_recompute() == (1, 1)
    assert dossier_due_moments_recompute() == (1, 0)


def test_chunks_cover_every_dossier_and_match_intake_on_the_new_calendar(
    django_capture_on_commit_callbacks,
):
    """Every unit, random receipts: after the change each due moment is what intake would give
    on the new calendar (ProcessingTime.due_at), and the clock invariant holds."""
    rng = random.Random(7)
    times = [
        ProcessingTime(rng.randrange(1, 4000) / Decimal(100), TimeUnit.HOURS),
        ProcessingTime(rng.randrange(1, 30), TimeUnit.DAYS),
        ProcessingTime(rng.randrange(1, 40), TimeUnit.CALENDAR_DAYS),
        ProcessingTime(rng.randrange(1, 4), TimeUnit.MONTHS),
        ProcessingTime.same_day(),
    ]
    dossiers = [
        dossier_with_clock(
            start=FRIDAY_10
            + timedelta(
                seconds=rng.randrange(-30 * 86400, 30 * 86400), microseconds=rng.randrange(10**6)
            ),
            time=times[i % len(times)],
        )
        for i in range(25)
    ]
    make_up_saturday(django_capture_on_commit_callbacks)
    recomputed, _moved = dossier_due_moments_recompute(chunk_size=4)
    assert recomputed == 25
    calendar = working_calendar_get()
    for dossier, time in zip(dossiers, (times[i % len(times)] for i in range(25)), strict=True):
        dossier.refresh_from_db()
        assert dossier.due_at == time.due_at(dossier.received_at, calendar)
        assert dossier.due_at == calendar.add_working_time(
            dossier.clock_started_at, dossier.clock_work
        )


MONDAY_2_MARCH_10 = datetime(2026, 3, 2, 10, tzinfo=TIME_ZONE)


def _end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 17, tzinfo=TIME_ZONE)


@pytest.mark.parametrize(
    ("time", "day_off", "due_before", "due_after"),
    [
        # 15 calendar days from Monday 2/3: the period ends on Tuesday 17/3 (the day of
        # receipt not counted). A day off inside the period changes nothing (Civil Code
        # Art. 147–148: only the last day matters)...
        (
            ProcessingTime(15, TimeUnit.CALENDAR_DAYS),
            date(2026, 3, 11),
            _end_of(date(2026, 3, 17)),
            _end_of(date(2026, 3, 17)),
        ),
        # ... a day off on the last day moves it to the end of the next working day.
        (
            ProcessingTime(15, TimeUnit.CALENDAR_DAYS),
            date(2026, 3, 17),
            _end_of(date(2026, 3, 17)),
            _end_of(date(2026, 3, 18)),
        ),
        # A month: the same day number, 2/4; a day off then moves it to Friday 3/4.
        (
            ProcessingTime(1, TimeUnit.MONTHS),
            date(2026, 4, 2),
            _end_of(date(2026, 4, 2)),
            _end_of(date(2026, 4, 3)),
        ),
        # Working days do count every day: a day off inside the period moves the due moment.
        (
            ProcessingTime(5, TimeUnit.DAYS),
            date(2026, 3, 4),
            datetime(2026, 3, 9, 10, tzinfo=TIME_ZONE),
            datetime(2026, 3, 10, 10, tzinfo=TIME_ZONE),
        ),
    ],
)
def test_a_day_off_moves_a_due_moment_as_the_unit_counts(
    django_capture_on_commit_callbacks, time, day_off, due_before, due_after
):
    dossier = dossier_with_clock(start=MONDAY_2_MARCH_10, time=time)
    assert dossier.due_at == due_before
    with django_capture_on_commit_callbacks(execute=False):
        calendar_override_create(day=day_off, kind=CalendarOverride.Kind.DAY_OFF, name="Nghỉ")
    dossier_due_moments_recompute()
    dossier.refresh_from_db()
    assert dossier.due_at == due_after
    # The receipt's date, the dossier page and the overdue watch read this one column.
    assert timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M") == due_after.strftime(
        "%d/%m/%Y %H:%M"
    )


def test_a_clock_stopped_for_a_supplement_is_replayed_from_its_history(
    django_capture_on_commit_callbacks,
):
    """Paused 2 working days for papers (Wed 4/3 10:00 to Fri 6/3 10:00): 5 working days from
    Mon 2/3 10:00 end on Wed 11/3 10:00; a day off on Tue 10/3 gives Thu 12/3 10:00."""
    dossier = dossier_with_clock(start=MONDAY_2_MARCH_10, time=ProcessingTime(5, TimeUnit.DAYS))
    stopped, resumed = (
        datetime(2026, 3, 4, 10, tzinfo=TIME_ZONE),
        datetime(2026, 3, 6, 10, tzinfo=TIME_ZONE),
    )
    for action, at, before, after in (
        ("request_supplement", stopped, DossierStatus.IN_PROCESS, 5),
        ("resume", resumed, 5, DossierStatus.IN_PROCESS),
    ):
        DossierEvent.objects.create(
            dossier=dossier, action=action, at=at, from_status=before, to_status=after
        )
    Dossier.objects.filter(pk=dossier.pk).update(
        clock_started_at=resumed,
        clock_work=timedelta(hours=24),
        due_at=datetime(2026, 3, 11, 10, tzinfo=TIME_ZONE),
    )
    with django_capture_on_commit_callbacks(execute=False):
        calendar_override_create(
            day=date(2026, 3, 10), kind=CalendarOverride.Kind.DAY_OFF, name="Nghỉ"
        )
    assert dossier_due_moments_recompute() == (1, 1)
    dossier.refresh_from_db()
    assert dossier.due_at == datetime(2026, 3, 12, 10, tzinfo=TIME_ZONE)
    assert dossier.clock_started_at == resumed


def test_a_dossier_without_a_time_limit_keeps_no_due_moment(django_capture_on_commit_callbacks):
    dossier = dossier_with_clock(start=FRIDAY_10, time=ProcessingTime.none())
    assert dossier.due_at is None
    make_up_saturday(django_capture_on_commit_callbacks)
    assert dossier_due_moments_recompute() == (0, 0)
    dossier.refresh_from_db()
    assert dossier.due_at is None


def test_the_task_records_the_recomputation_on_the_change(django_capture_on_commit_callbacks):
    dossier = dossier_with_clock(start=FRIDAY_10, work=ONE_DAY)
    change = make_up_saturday(django_capture_on_commit_callbacks)
    result = recompute_due_moments.apply(args=[change.pk]).get()
    assert result == {"change": change.pk, "recomputed": 1, "moved": 1}
    dossier.refresh_from_db()
    assert dossier.due_at == SATURDAY_10
    assert CalendarChange.objects.get().recomputed_dossiers == 1


def test_a_recomputation_whose_message_was_lost_is_queued_again_by_the_periodic_check(
    django_capture_on_commit_callbacks, celery_eager
):
    from django.utils import timezone

    from procedures.tasks.calendar import resume_lost_recomputations

    dossier = dossier_with_clock(start=FRIDAY_10, work=ONE_DAY)
    change = make_up_saturday(django_capture_on_commit_callbacks)  # its message never sent
    assert resume_lost_recomputations() is None  # a recent change may still be on its way

    CalendarChange.objects.filter(pk=change.pk).update(
        changed_at=timezone.now() - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert resume_lost_recomputations() == change.pk

    change.refresh_from_db()
    dossier.refresh_from_db()
    assert (change.recomputed_dossiers, dossier.due_at) == (1, SATURDAY_10)
    assert change.recomputed_at is not None
    assert resume_lost_recomputations() is None  # recorded: nothing more to do
