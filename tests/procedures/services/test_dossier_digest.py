"""Bản tin nhắc hạn: each desk and each leader gets, each working morning, the dossiers that
concern them, in Vietnamese, with links; nothing when nothing is due."""

import pytest
from django.core import mail
from django.test import override_settings

from procedures.models import DossierDigest
from procedures.services.dossiers import dossier_act, dossier_digests_send
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(reception_user, leader, agency_staff):
    for user, address in (
        (reception_user, "tiepnhan@longduc.gov.vn"),
        (leader, "lanhdao@travinh.gov.vn"),
        (agency_staff, "motcua@sotuphap.gov.vn"),
    ):
        user.email = address
        user.save()


def _mail_to(address):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


@override_settings(SITE_URL="https://motcua.travinh.gov.vn", LANGUAGE_CODE="vi")
def test_desk_agency_and_leader_each_get_their_list_with_links(
    receive, reception_user, agency, emails
):
    due_soon = receive(vn(2025, 3, 3, 10, 0))  # due Thu 06/03 10:00
    handed = receive(vn(2025, 3, 3, 11, 0))  # due Thu 06/03 11:00, handed to the department
    dossier_act(
        dossier=handed, actor=reception_user, action="transfer", receiver=agency,
        at=vn(2025, 3, 4, 8, 0),
    )  # fmt: skip

    sent = dossier_digests_send(at=vn(2025, 3, 5, 14, 0))
    assert sorted(m.to[0] for m in mail.outbox) == [
        "lanhdao@travinh.gov.vn",
        "motcua@sotuphap.gov.vn",
        "tiepnhan@longduc.gov.vn",
    ]
    assert sent == 3  # the two desks, the leader

    desk = _mail_to("tiepnhan@longduc.gov.vn")
    desk_subject = "Hồ sơ sắp đến hạn và quá hạn tại Bộ phận Một cửa xã Long Đức, ngày 05/03/2025"
    assert desk.subject == desk_subject
    assert "Đến hạn trong một ngày làm việc: 2" in desk.body
    assert f"https://motcua.travinh.gov.vn/dossiers/{due_soon.code}/" in desk.body
    assert "còn 6 giờ làm việc" in desk.body
    # The department's desk sees only what was handed to it.
    department = _mail_to("motcua@sotuphap.gov.vn")
    assert handed.code in department.body and due_soon.code not in department.body
    # The leader sees every one.
    leader = _mail_to("lanhdao@travinh.gov.vn")
    assert leader.subject == "Hồ sơ sắp đến hạn và quá hạn, ngày 05/03/2025"
    assert handed.code in leader.body and due_soon.code in leader.body
    assert DossierDigest.objects.filter(user__isnull=False).count() == 1

    # Once a day.
    assert dossier_digests_send(at=vn(2025, 3, 5, 15, 0)) == 0


def test_nothing_is_sent_when_nothing_is_due(receive, emails):
    receive(vn(2025, 3, 5, 9, 0))  # due Mon 10/03 09:00
    assert dossier_digests_send(at=vn(2025, 3, 5, 9, 30)) == 0
    assert mail.outbox == []
    assert not DossierDigest.objects.exists()


def test_nothing_is_sent_on_a_day_off(receive, emails):
    receive(vn(2025, 2, 28, 9, 0))  # overdue since Wed 05/03
    assert dossier_digests_send(at=vn(2025, 3, 8, 6, 30)) == 0  # Saturday
    assert dossier_digests_send(at=vn(2025, 4, 30, 6, 30)) == 0  # 30/4
    # Monday: the desk and the leader (the department has nothing).
    assert dossier_digests_send(at=vn(2025, 3, 10, 6, 30)) == 2
