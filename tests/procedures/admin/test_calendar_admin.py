"""An administrator edits the calendar in the admin, and due moments follow."""

from datetime import date, datetime, timedelta

import pytest

from procedures.calendar import TIME_ZONE
from procedures.models import CalendarChange, CalendarOverride, CalendarSettings
from procedures.tasks import calendar as calendar_tasks
from tests.procedures.calendar.dossiers import dossier_with_clock

pytestmark = pytest.mark.django_db

ADD = "/admin/procedures/calendaroverride/add/"
DUE = "/api/v1/calendar/due/?start=2026-03-06T10:00:00%2B07:00&amount=1&unit=days"


@pytest.fixture
def eager(monkeypatch):
    """Run the recomputation task in this process when it is queued."""
    task = calendar_tasks.recompute_due_moments
    monkeypatch.setattr(task, "delay", lambda *args: task.apply(args=args))


def test_a_make_up_saturday_added_in_the_admin_moves_due_moments(
    client, administrator, eager, django_capture_on_commit_callbacks
):
    dossier = dossier_with_clock(
        start=datetime(2026, 3, 6, 10, tzinfo=TIME_ZONE), work=timedelta(hours=8)
    )
    client.force_login(administrator)
    assert client.get(DUE).json()["due_at"] == "2026-03-09T10:00:00+07:00"
    assert client.get(ADD).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADD, {"day": "07/03/2026", "kind": "working_day", "name": "Làm bù theo QĐ 12/QĐ-UBND"}
        )
    assert response.status_code == 302, response.content.decode()[:2000]

    assert client.get(DUE).json()["due_at"] == "2026-03-07T10:00:00+07:00"
    dossier.refresh_from_db()
    assert dossier.due_at == datetime(2026, 3, 7, 10, tzinfo=TIME_ZONE)
    change = CalendarChange.objects.get()
    assert change.changed_by == administrator
    assert change.recomputed_dossiers == 1
    override = CalendarOverride.objects.get()
    assert override.created_by == administrator

    # Deleting it in the admin goes through the service too: recorded, due moments restored.
    url = f"/admin/procedures/calendaroverride/{override.pk}/delete/"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"post": "yes"}).status_code == 302
    assert not CalendarOverride.objects.exists()
    assert CalendarChange.objects.count() == 2
    dossier.refresh_from_db()
    assert dossier.due_at == datetime(2026, 3, 9, 10, tzinfo=TIME_ZONE)


def test_the_bulk_delete_action_goes_through_the_service(
    client, administrator, eager, django_capture_on_commit_callbacks
):
    days = [date(2026, 3, 7), date(2026, 3, 14)]
    for day in days:
        CalendarOverride.objects.create(day=day, kind="working_day", name="Làm bù")
    client.force_login(administrator)
    ids = [str(pk) for pk in CalendarOverride.objects.values_list("pk", flat=True)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/procedures/calendaroverride/",
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        )
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert CalendarChange.objects.count() == 2


def test_an_override_that_changes_nothing_is_refused_in_the_form(client, administrator):
    client.force_login(administrator)
    response = client.post(ADD, {"day": "10/03/2026", "kind": "working_day", "name": "Thứ ba"})
    assert response.status_code == 200
    assert "đã là ngày làm việc" in response.content.decode()
    assert not CalendarOverride.objects.exists()
    assert not CalendarChange.objects.exists()


def test_new_sessions_saved_in_the_admin_are_recorded(
    client, administrator, eager, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    data = {
        "morning_start": "07:30",
        "morning_end": "11:30",
        "afternoon_start": "13:00",
        "afternoon_end": "17:00",
        "supplement_mode": "pause",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/procedures/calendarsettings/add/", data)
    assert response.status_code == 302
    assert CalendarSettings.objects.get().morning_start.hour == 7
    assert "07:30" in CalendarChange.objects.get().description
    # One row only: no second "add".
    assert client.get("/admin/procedures/calendarsettings/add/").status_code == 403


def test_the_change_log_is_read_only(client, administrator):
    CalendarChange.objects.create(description="Thêm: 07/03/2026")
    client.force_login(administrator)
    assert client.get("/admin/procedures/calendarchange/").status_code == 200
    assert client.get("/admin/procedures/calendarchange/add/").status_code == 403


def test_reception_staff_do_not_reach_the_admin(client, reception_user):
    client.force_login(reception_user)
    response = client.get(ADD)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
