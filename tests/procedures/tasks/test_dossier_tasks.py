"""The clock watch: overdue marking and the daily digest, each idempotent."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail

from procedures.models import Dossier, DossierDigest
from procedures.services.dossiers import (
    dossier_digests_send,
    dossier_request_supplement,
    dossiers_mark_overdue,
)
from procedures.tasks.dossiers import mark_overdue_dossiers, send_dossier_digests
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


def test_marking_overdue_touches_only_running_dossiers_past_due_and_only_once(
    receive, reception_user
):
    late = receive(vn(2025, 3, 3, 9, 0))  # due 06/03 09:00
    waiting = receive(vn(2025, 3, 3, 9, 30))
    dossier_request_supplement(
        dossier=waiting, actor=reception_user, note="Thiếu", at=vn(2025, 3, 4, 9, 0)
    )
    timely = receive(vn(2025, 3, 6, 8, 0))

    assert dossiers_mark_overdue(at=vn(2025, 3, 7, 9, 0)) == 1
    assert dossiers_mark_overdue(at=vn(2025, 3, 7, 9, 0)) == 0
    flags = dict(Dossier.objects.values_list("code", "is_overdue"))
    assert flags == {late.code: True, waiting.code: False, timely.code: False}


def test_marking_clears_a_flag_a_calendar_change_made_untrue(receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossiers_mark_overdue(at=vn(2025, 3, 6, 10, 0))
    # As a recomputation after a new day off would: the due moment moves a day later.
    Dossier.objects.filter(pk=dossier.pk).update(due_at=vn(2025, 3, 7, 9, 0))

    assert dossiers_mark_overdue(at=vn(2025, 3, 6, 10, 0)) == 0
    assert Dossier.objects.get(pk=dossier.pk).is_overdue is False


def test_the_task_marks_overdue_now(receive):
    receive(vn(2025, 3, 3, 9, 0))
    assert mark_overdue_dossiers.apply().get() == 1
    assert mark_overdue_dossiers.apply().get() == 0


def test_the_digest_lists_due_soon_and_overdue_once_per_desk_and_day(
    receive, reception_user, intake_desk
):
    reception_user.email = "tiepnhan@longduc.gov.vn"
    reception_user.save()
    overdue = receive(vn(2025, 2, 28, 9, 0))  # due Wed 05/03 09:00: that date has passed
    due_soon = receive(vn(2025, 3, 4, 14, 0))  # due Fri 07/03 14:00
    far = receive(vn(2025, 3, 6, 9, 0))  # due Tue 11/03 09:00
    at = vn(2025, 3, 6, 16, 0)  # one working day ahead: Fri 07/03 16:00

    assert dossier_digests_send(at=at) == 1
    assert dossier_digests_send(at=at + timedelta(hours=1)) == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["tiepnhan@longduc.gov.vn"]
    assert "06/03/2025" in message.subject
    assert overdue.code in message.body and due_soon.code in message.body
    assert far.code not in message.body
    digest = DossierDigest.objects.get(desk=intake_desk)
    assert (digest.due_soon_count, digest.overdue_count) == (1, 1)

    # The next day is a new digest.
    assert dossier_digests_send(at=vn(2025, 3, 7, 7, 0)) == 1
    assert len(mail.outbox) == 2


def test_a_desk_with_nothing_to_report_or_nobody_to_tell_gets_no_email_and_no_record(
    receive, reception_user, intake_desk
):
    receive(vn(2025, 3, 10, 9, 0))  # due 13/03: not within one working day of 06/03 07:00
    at = vn(2025, 3, 6, 7, 0)
    assert dossier_digests_send(at=at) == 0  # nobody has an e-mail address
    reception_user.email = "tiepnhan@longduc.gov.vn"
    reception_user.save()
    assert dossier_digests_send(at=at) == 0  # nothing due soon, nothing overdue
    assert not DossierDigest.objects.exists()
    assert mail.outbox == []

    # Later the same day a dossier is overdue (due 05/03): the desk gets that day's digest, once.
    receive(vn(2025, 2, 28, 9, 0))
    assert dossier_digests_send(at=vn(2025, 3, 6, 10, 0)) == 1
    assert dossier_digests_send(at=vn(2025, 3, 6, 11, 0)) == 0
    assert len(mail.outbox) == 1
    digest = DossierDigest.objects.get()
    assert (digest.recipients, digest.overdue_count) == (["tiepnhan@longduc.gov.vn"], 1)


def test_inactive_staff_get_no_digest(receive, reception_user):
    reception_user.email = "tiepnhan@longduc.gov.vn"
    reception_user.is_active = False
    reception_user.save()
    receive(vn(2025, 3, 3, 9, 0))
    assert dossier_digests_send(at=vn(2025, 3, 7, 9, 0)) == 0
    assert mail.outbox == []


def test_the_digest_task_runs(receive, reception_user):
    reception_user.email = "tiepnhan@longduc.gov.vn"
    reception_user.save()
    receive(vn(2025, 3, 3, 9, 0))
    assert send_dossier_digests.apply().get() == 1
    assert send_dossier_digests.apply().get() == 0


def test_both_tasks_are_on_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "procedures.tasks.dossiers.mark_overdue_dossiers",
        "procedures.tasks.dossiers.send_dossier_digests",
    } <= tasks
