"""Sắp đến hạn on the screens: the desk's home and the due-soon page list the dossiers due
within one working day with their working time left and risk of lateness; every list row and
the dossier page say how much working time is left, or by how much it is overdue."""

import pytest
from django.urls import reverse
from django.utils import timezone

from procedures.models import Dossier
from tests.fixtures_dossiers import vn
from tests.procedures.selectors.test_warnings import interconnected  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_wednesday(monkeypatch):
    """Now is Wed 05/03/2025 14:00 in Trà Vinh."""
    now = vn(2025, 3, 5, 14, 0)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


def test_the_due_soon_page_lists_rows_with_the_time_left(
    client, receive, reception_user, at_wednesday
):
    soon = receive(vn(2025, 3, 3, 10, 0))  # due Thu 06/03 10:00
    later = receive(vn(2025, 3, 5, 9, 0))  # due Mon 10/03 09:00
    client.force_login(reception_user)
    page = client.get(reverse("dossier-due-soon"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Sắp đến hạn" in page
    assert soon.code in page and later.code not in page
    row = page.split(f'data-dossier="{soon.code}"', 1)[1].split("</tr>", 1)[0]
    assert "còn 6 giờ làm việc" in row
    assert "Nguy cơ trễ hạn" in page and "chưa đủ số liệu" in row


def test_the_desk_home_shows_the_warnings(client, receive, reception_user, at_wednesday):
    soon = receive(vn(2025, 3, 3, 10, 0))
    client.force_login(reception_user)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    warnings = page.split('id="warnings"', 1)[1].split("</section>", 1)[0]
    assert soon.code in warnings and "còn 6 giờ làm việc" in warnings


def test_the_queue_and_the_dossier_page_say_overdue_by_how_much(
    client, receive, reception_user, at_wednesday
):
    overdue = receive(vn(2025, 2, 25, 9, 0))  # due Fri 28/02 09:00
    client.force_login(reception_user)
    queue = client.get(reverse("dossier-overdue"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    # Fri 09:00 to Wed 14:00: 6 + 8 + 8 + 5 working hours.
    assert "quá hạn 3 ngày làm việc và 3 giờ làm việc" in queue
    detail = client.get(
        reverse("dossier-detail", args=[overdue.code]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert 'id="dossier-time-left"' in detail
    assert "quá hạn 3 ngày làm việc và 3 giờ làm việc" in detail


def test_the_risk_rests_on_the_history_of_the_same_procedure_here(
    client, receive, reception_user, at_wednesday
):
    # Five dossiers of the procedure resolved late, each after its due moment.
    for day in (3, 4, 5, 6, 7):
        dossier = receive(vn(2025, 2, day, 9, 0))
        Dossier.objects.filter(pk=dossier.pk).update(
            status=9,
            resolved_at=vn(2025, 2, day + 7, 9, 0),
            outcome="late",
            closed_at=vn(2025, 2, day + 7, 9, 0),
        )
    soon = receive(vn(2025, 3, 3, 10, 0))
    client.force_login(reception_user)
    detail = client.get(
        reverse("dossier-detail", args=[soon.code]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    risk = detail.split('id="dossier-risk"', 1)[1].split("</td>", 1)[0]
    assert "cao · 100%" in risk
    assert "5/5 hồ sơ của thủ tục này tại đơn vị khi còn chừng này thời gian đã trễ hạn" in risk


def test_the_rows_past_their_share_show_the_risk_too(
    client,
    receive,
    reception_user,
    interconnected,  # noqa: F811
    monkeypatch,
):
    from procedures.services.dossiers import dossier_act

    dossier = receive(vn(2025, 3, 3, 7, 0))
    dossier_act(
        dossier=dossier, actor=reception_user, action="transfer", receiver=interconnected,
        at=vn(2025, 3, 3, 15, 0),
    )  # fmt: skip
    monkeypatch.setattr(timezone, "now", lambda: vn(2025, 3, 4, 17, 0))
    client.force_login(reception_user)
    page = client.get(reverse("dossier-due-soon"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    past_share = page.split("Cơ quan đã dùng quá", 1)[1]
    row = past_share.split(f'data-dossier="{dossier.code}"', 1)[1].split("</tr>", 1)[0]
    assert "Nguy cơ trễ hạn" in past_share.split("</thead>", 1)[0]
    assert "chưa đủ số liệu" in row
