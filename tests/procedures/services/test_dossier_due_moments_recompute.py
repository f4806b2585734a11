"""After a calendar change, open dossiers' due moments follow the new calendar."""

import random
from datetime import date, datetime, timedelta

import pytest

from procedures.calendar import TIME_ZONE
from procedures.choices import DossierStatus
from procedures.models import CalendarChange, CalendarOverride, Dossier
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


def test_chunks_cover_every_dossier_and_match_the_scalar_calendar_exactly(
    django_capture_on_commit_callbacks,
):
    rng = random.Random(7)
    dossiers = [
        dossier_with_clock(
            start=FRIDAY_10
            + timedelta(
                seconds=rng.randrange(-30 * 86400, 30 * 86400), microseconds=rng.randrange(10**6)
            ),
            work=timedelta(microseconds=rng.randrange(1, 40 * 8 * 3600 * 10**6)),
        )
        for _ in range(25)
    ]
    make_up_saturday(django_capture_on_commit_callbacks)
    recomputed, _moved = dossier_due_moments_recompute(chunk_size=4)
    assert recomputed == 25
    calendar = working_calendar_get()
    for dossier in dossiers:
        dossier.refresh_from_db()
        assert dossier.due_at == calendar.add_working_time(
            dossier.clock_started_at, dossier.clock_work
        )


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
