"""GET /api/v1/stats/dossiers/ once the roll-ups exist: the dashboard says what the direct
computation says on the due day itself (PostgreSQL: the roll-ups are PostgreSQL's)."""

import pytest
from django.db import connection

from procedures.services.dossiers import dossier_act
from procedures.services.rollups import rollups_rebuild
from tests.fixtures_dossiers import vn

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the roll-ups are PostgreSQL's (scripts/test.sh)"
    ),
]
URL = "/api/v1/stats/dossiers/"
KEYS = ("in_progress_within_time", "in_progress_overdue", "progress_rate_766")


def _open_due_thursday_10(receive, reception_user):
    # Mon 03/03/2025 10:00, 3 working days: due Thu 06/03 10:00.
    receive(vn(2025, 3, 3, 10, 0))


def _supplement_on_the_due_day_after_the_due_moment(receive, reception_user):
    # Due Thu 06/03 09:00; the applicant is asked for papers at 14:00 that day.
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier_act(
        dossier=dossier,
        actor=reception_user,
        action="request_supplement",
        note="Thiếu giấy chứng sinh",
        at=vn(2025, 3, 6, 14, 0),
    )


@pytest.mark.parametrize(
    "story", [_open_due_thursday_10, _supplement_on_the_due_day_after_the_due_moment]
)
@pytest.mark.parametrize(
    ("to", "expected"),
    [
        ("2025-03-05", (1, 0, 1.0)),
        # The due day itself: within time at its end, as the outcome would be "on time".
        ("2025-03-06", (1, 0, 1.0)),
    ],
)
def test_on_the_due_day_the_rollups_say_within_time_like_the_direct_path(
    api_client, leader, receive, reception_user, story, to, expected
):
    story(receive, reception_user)
    api_client.force_authenticate(leader)
    direct = api_client.get(URL, {"from": "2025-03-01", "to": to}).json()
    rollups_rebuild()

    body = api_client.get(URL, {"from": "2025-03-01", "to": to}).json()

    assert tuple(body["totals"][k] for k in KEYS) == expected
    assert tuple(direct["totals"][k] for k in KEYS) == expected
    assert body["totals"] == direct["totals"] and body["checks"] == []


@pytest.mark.parametrize(
    "story", [_open_due_thursday_10, _supplement_on_the_due_day_after_the_due_moment]
)
def test_the_day_after_the_due_date_both_paths_agree(
    api_client, leader, receive, reception_user, story
):
    story(receive, reception_user)
    api_client.force_authenticate(leader)
    period = {"from": "2025-03-01", "to": "2025-03-07", "group_by": "desk"}
    direct = api_client.get(URL, period).json()
    rollups_rebuild()

    body = api_client.get(URL, period).json()

    assert (body["rows"], body["totals"]) == (direct["rows"], direct["totals"])
    if story is _open_due_thursday_10:
        assert tuple(body["totals"][k] for k in KEYS) == (0, 1, 0.0)
