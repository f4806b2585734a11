"""Calendar overrides: created, changed and removed through the services, each recorded and
followed by a recomputation of open dossiers' due moments after commit."""

from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from procedures.calendar import TIME_ZONE
from procedures.choices import SupplementMode
from procedures.models import CalendarChange, CalendarOverride, CalendarSettings
from procedures.selectors.calendar import working_calendar_get
from procedures.services.calendar import (
    calendar_override_create,
    calendar_override_delete,
    calendar_override_update,
    calendar_settings_update,
)
from procedures.tasks import calendar as calendar_tasks

pytestmark = pytest.mark.django_db

MAKE_UP = CalendarOverride.Kind.WORKING_DAY
DAY_OFF = CalendarOverride.Kind.DAY_OFF
FRIDAY_10 = datetime(2026, 3, 6, 10, tzinfo=TIME_ZONE)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def queued(monkeypatch):
    """The ids of the changes whose recomputation was queued (the task is not run)."""
    calls = []
    monkeypatch.setattr(calendar_tasks.recompute_due_moments, "delay", calls.append)
    return calls


def test_a_make_up_saturday_is_recorded_and_queued_after_commit(
    administrator, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        override = calendar_override_create(
            day=date(2026, 3, 7),
            kind=MAKE_UP,
            name="Làm bù theo Quyết định 12/QĐ-UBND",
            user=administrator,
        )
        assert queued == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    change = CalendarChange.objects.get()
    assert queued == [change.pk]
    assert change.changed_by == administrator
    assert "07/03/2026" in change.description
    assert override.created_by == administrator
    assert working_calendar_get().due_at(FRIDAY_10, 1, "days") == datetime(
        2026, 3, 7, 10, tzinfo=TIME_ZONE
    )


def test_removing_an_override_is_recorded_and_restores_the_calendar(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        override = calendar_override_create(day=date(2026, 3, 9), kind=DAY_OFF, name="Bão")
    assert working_calendar_get().due_at(FRIDAY_10, 1, "days").date() == date(2026, 3, 10)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_delete(override=override)
    assert working_calendar_get().due_at(FRIDAY_10, 1, "days").date() == date(2026, 3, 9)
    assert CalendarChange.objects.count() == 2
    assert "Removed" in CalendarChange.objects.order_by("pk").last().description
    assert len(queued) == 2


def test_changing_the_date_is_recorded_but_renaming_moves_nothing(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        override = calendar_override_create(day=date(2026, 3, 9), kind=DAY_OFF, name="Bão")
        calendar_override_update(
            override=override, day=date(2026, 3, 9), kind=DAY_OFF, name="Bão số 3"
        )
        calendar_override_update(
            override=override, day=date(2026, 3, 10), kind=DAY_OFF, name="Bão số 3"
        )
    assert CalendarChange.objects.count() == 2
    assert len(queued) == 2


@pytest.mark.parametrize(
    ("day", "kind", "name", "field", "message"),
    [
        (date(2026, 3, 10), MAKE_UP, "Thứ ba", "day", "is a working day already"),
        (date(2026, 3, 8), DAY_OFF, "Chủ nhật", "day", "is not a working day already"),
        (date(2026, 2, 17), DAY_OFF, "Tết", "day", "is not a working day already"),
        (date(2026, 3, 7), MAKE_UP, "  ", "name", "reason"),
        (date(2026, 3, 7), "holiday", "x", "kind", "Choose"),
    ],
)
def test_an_override_that_changes_nothing_or_lacks_a_reason_is_refused(
    day, kind, name, field, message, queued
):
    with pytest.raises(ValidationError) as caught:
        calendar_override_create(day=day, kind=kind, name=name)
    assert message in " ".join(caught.value.message_dict[field])
    assert not CalendarChange.objects.exists()


def test_one_override_per_day(queued):
    calendar_override_create(day=date(2026, 3, 7), kind=MAKE_UP, name="Làm bù")
    with pytest.raises(ValidationError, match="already has an override"):
        calendar_override_create(day=date(2026, 3, 7), kind=MAKE_UP, name="Làm bù lần hai")


def test_working_a_national_holiday_is_accepted(queued):
    calendar_override_create(day=date(2026, 4, 27), kind=MAKE_UP, name="Tỉnh làm việc")
    assert working_calendar_get().is_working_day(date(2026, 4, 27))


def test_new_sessions_are_recorded_and_queued(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        calendar_settings_update(
            morning_start=time(7, 30),
            morning_end=time(11, 30),
            afternoon_start=time(13, 0),
            afternoon_end=time(17, 0),
            supplement_mode=SupplementMode.RESTART,
        )
    settings = CalendarSettings.objects.get()
    assert settings.supplement_mode == SupplementMode.RESTART
    assert "07:30" in CalendarChange.objects.get().description
    assert working_calendar_get().day_seconds == 8 * 3600
    assert len(queued) == 1


def test_only_the_supplement_mode_changing_recomputes_nothing(queued):
    with mock.patch("procedures.services.calendar._queue_recompute") as queue:
        calendar_settings_update(
            morning_start=time(7),
            morning_end=time(11, 30),
            afternoon_start=time(13, 30),
            afternoon_end=time(17),
            supplement_mode=SupplementMode.RESTART,
        )
    queue.assert_not_called()
    assert not CalendarChange.objects.exists()


def test_sessions_out_of_order_are_refused(queued):
    with pytest.raises(ValidationError, match="follow each other"):
        calendar_settings_update(
            morning_start=time(11),
            morning_end=time(7),
            afternoon_start=time(13, 30),
            afternoon_end=time(17),
            supplement_mode=SupplementMode.PAUSE,
        )


def test_sessions_and_work_of_one_day(queued):
    calendar_settings_update(
        morning_start=time(7, 30),
        morning_end=time(11, 30),
        afternoon_start=time(13, 0),
        afternoon_end=time(16, 30),
        supplement_mode=SupplementMode.PAUSE,
    )
    calendar = working_calendar_get()
    assert calendar.day_seconds == int(timedelta(hours=7, minutes=30).total_seconds())
    assert calendar.due_at(datetime(2026, 3, 10, 7, 30, tzinfo=TIME_ZONE), 1, "days") == (
        datetime(2026, 3, 10, 16, 30, tzinfo=TIME_ZONE)
    )
