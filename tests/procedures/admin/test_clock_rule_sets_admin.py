"""An administrator enters the rule sets by period in the admin; the change goes through the
service, is recorded, and a dossier received after it counts by its sessions."""

from datetime import date, time

import pytest

from procedures.choices import SupplementMode
from procedures.models import CalendarChange, ClockRuleSet

pytestmark = pytest.mark.django_db
ADD = "/admin/procedures/clockruleset/add/"


def test_a_rule_set_added_in_the_admin_counts_for_dossiers_received_from_its_date(
    client, administrator, receive, django_capture_on_commit_callbacks
):
    from tests.fixtures_dossiers import vn

    client.force_login(administrator)
    assert client.get(ADD).status_code == 200
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            ADD,
            {
                "name": "Nghị định 118/2025/NĐ-CP",
                "valid_from": "01/07/2025",
                "supplement_mode": SupplementMode.PAUSE,
                "morning_start": "07:30",
                "morning_end": "11:30",
                "afternoon_start": "13:00",
                "afternoon_end": "17:00",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule_set = ClockRuleSet.objects.get()
    assert (rule_set.valid_from, rule_set.morning_start) == (date(2025, 7, 1), time(7, 30))
    assert "Nghị định 118/2025/NĐ-CP" in CalendarChange.objects.get().description

    before = receive(vn(2025, 6, 30, 16, 0))  # Mon: 07:00–17:00 sessions, due Thu 16:00
    after = receive(vn(2025, 7, 7, 16, 0))  # Mon: 07:30 opening counts
    assert before.due_at == vn(2025, 7, 3, 16, 0)
    assert after.due_at == vn(2025, 7, 10, 16, 0)


def test_sessions_out_of_order_are_refused_naming_the_field(client, administrator):
    client.force_login(administrator)
    response = client.post(
        ADD,
        {
            "name": "Giờ mùa hè",
            "valid_from": "01/05/2026",
            "supplement_mode": SupplementMode.PAUSE,
            "morning_start": "11:30",
            "morning_end": "07:30",
            "afternoon_start": "13:00",
            "afternoon_end": "17:00",
        },
    )
    assert response.status_code == 200
    assert not ClockRuleSet.objects.exists()
