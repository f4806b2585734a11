"""Open and overdue at any moment, exactly: by the dossier's state and clock at that moment."""

import pytest

from procedures.choices import DossierStatus, SupplementMode
from procedures.models import CalendarOverride, CalendarSettings, Dossier
from procedures.selectors.dossiers import (
    dossier_is_overdue_now,
    dossiers_open_at,
    dossiers_overdue,
    dossiers_overdue_at,
)
from procedures.services.calendar import calendar_override_create, dossier_due_moments_recompute
from procedures.services.dossiers import dossier_act, dossiers_mark_overdue
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db

# Every dossier is received on Monday 03/03/2025 09:00 with 3 working days: due Thursday 06/03
# 09:00, overdue once that date has passed (from Friday 07/03 00:00: date level, as the outcome).
# Each scenario lists its actions (action, moment) and the moments to look at.
SCENARIOS = {
    "open": (
        [],
        [
            (vn(2025, 3, 6, 8, 59), False),
            (vn(2025, 3, 6, 9, 1), False),  # past the moment, not the date
            (vn(2025, 3, 7, 0, 0), True),
        ],
    ),
    "resolved late": (
        [("resolve", vn(2025, 3, 7, 9, 0))],
        [(vn(2025, 3, 7, 8, 0), True), (vn(2025, 3, 7, 10, 0), False)],
    ),
    "rejected before its due moment": (
        [("reject", vn(2025, 3, 5, 9, 0))],
        [(vn(2025, 3, 4, 9, 0), False), (vn(2025, 3, 6, 10, 0), False)],
    ),
    # Still open on 07/03 08:00: overdue then, though rejected since.
    "rejected after its due moment": (
        [("reject", vn(2025, 3, 7, 9, 0))],
        [(vn(2025, 3, 7, 8, 0), True), (vn(2025, 3, 7, 10, 0), False)],
    ),
    "withdrawn after its due moment": (
        [("withdraw", vn(2025, 3, 7, 9, 0))],
        [(vn(2025, 3, 7, 8, 0), True), (vn(2025, 3, 8, 10, 0), False)],
    ),
    # Restart: the full three days again from Monday 10/03 09:00: due Thursday 13/03 09:00.
    "supplement in time, restarted": (
        [("request_supplement", vn(2025, 3, 4, 9, 0)), ("resume", vn(2025, 3, 10, 9, 0))],
        [
            (vn(2025, 3, 7, 9, 0), False),  # waiting: the clock is stopped
            (vn(2025, 3, 13, 10, 0), False),
            (vn(2025, 3, 14, 8, 0), True),
        ],
    ),
    "still waiting": (
        [("request_supplement", vn(2025, 3, 4, 9, 0))],
        [(vn(2025, 3, 20, 9, 0), False)],
    ),
    # Its time had run out when it was asked for a supplement: time that has run out cannot be
    # restarted, so it stays overdue while waiting and after the supplement, whatever the mode.
    "supplement when already overdue, restarted": (
        [("request_supplement", vn(2025, 3, 7, 9, 0)), ("resume", vn(2025, 3, 10, 9, 0))],
        [
            (vn(2025, 3, 6, 10, 0), False),
            (vn(2025, 3, 7, 8, 0), True),
            (vn(2025, 3, 8, 10, 0), True),
            (vn(2025, 3, 11, 9, 0), True),
            (vn(2025, 3, 13, 10, 0), True),
        ],
    ),
    # Closed while waiting with time left: its clock never ran out, it was never overdue,
    # though the moment its time left would have given has long passed.
    "withdrawn while waiting with time left": (
        [("request_supplement", vn(2025, 3, 4, 9, 0)), ("withdraw", vn(2025, 3, 20, 9, 0))],
        [(vn(2025, 3, 7, 10, 0), False), (vn(2025, 3, 15, 10, 0), False)],
    ),
    "rejected while waiting with time left": (
        [("request_supplement", vn(2025, 3, 4, 9, 0)), ("reject", vn(2025, 3, 20, 9, 0))],
        [(vn(2025, 3, 19, 10, 0), False), (vn(2025, 3, 21, 10, 0), False)],
    ),
    "stopped while waiting after the time ran out": (
        [("request_supplement", vn(2025, 3, 7, 9, 0)), ("stop", vn(2025, 3, 20, 9, 0))],
        [
            (vn(2025, 3, 7, 8, 0), True),
            (vn(2025, 3, 19, 10, 0), True),
            (vn(2025, 3, 21, 10, 0), False),
        ],
    ),
    "financial obligation when already overdue, still waiting": (
        [("request_financial_obligation", vn(2025, 3, 7, 9, 0))],
        [(vn(2025, 3, 7, 8, 0), True), (vn(2025, 3, 20, 10, 0), True)],
    ),
}


def _cases():
    for name, (actions, looks) in SCENARIOS.items():
        for at, expected in looks:
            yield pytest.param(actions, at, expected, id=f"{name}@{at:%d/%m %H:%M}")


@pytest.mark.parametrize(("actions", "at", "expected"), list(_cases()))
def test_overdue_at_a_moment(receive, reception_user, actions, at, expected):
    CalendarSettings.objects.create(supplement_mode=SupplementMode.RESTART)
    dossier = receive(vn(2025, 3, 3, 9, 0))
    receive(vn(2025, 3, 20, 9, 0))  # received later: never open before then
    for action, moment in actions:
        dossier = dossier_act(
            dossier=dossier, actor=reception_user, action=action, note="lý do", at=moment
        )

    found = set(dossiers_overdue_at(at=at).values_list("pk", flat=True))

    assert found == ({dossier.pk} if expected else set())


def test_paused_supplements_with_the_pause_mode(receive, reception_user):
    CalendarSettings.objects.create(supplement_mode=SupplementMode.PAUSE)
    timely = receive(vn(2025, 3, 3, 9, 0))
    dossier_act(
        dossier=timely,
        actor=reception_user,
        action="request_supplement",
        note="Thiếu",
        at=vn(2025, 3, 4, 9, 0),
    )
    dossier_act(dossier=timely, actor=reception_user, action="resume", at=vn(2025, 3, 10, 9))
    # One day worked, two left from Monday 10/03 09:00: due Wednesday 12/03 09:00.
    for at, expected in ((vn(2025, 3, 7, 9), False), (vn(2025, 3, 12, 10), False)):
        assert dossiers_overdue_at(at=at).filter(pk=timely.pk).exists() is expected
    assert dossiers_overdue_at(at=vn(2025, 3, 13, 10)).filter(pk=timely.pk).exists()

    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier_act(
        dossier=dossier,
        actor=reception_user,
        action="request_supplement",
        note="Thiếu",
        at=vn(2025, 3, 7, 9, 0),
    )
    dossier_act(dossier=dossier, actor=reception_user, action="resume", at=vn(2025, 3, 10, 9))

    # Already overdue when it stopped: the due moment stays, so it is overdue all along.
    for at in (vn(2025, 3, 7, 10), vn(2025, 3, 8, 10), vn(2025, 3, 11, 9)):
        assert dossiers_overdue_at(at=at).filter(pk=dossier.pk).exists()


@pytest.mark.parametrize(
    ("actions", "now"),
    [
        ([], vn(2025, 3, 7, 9, 0)),
        ([("request_supplement", vn(2025, 3, 4, 9, 0))], vn(2025, 3, 20, 9, 0)),
        ([("request_supplement", vn(2025, 3, 7, 9, 0))], vn(2025, 3, 20, 9, 0)),
        ([("resolve", vn(2025, 3, 7, 9, 0))], vn(2025, 3, 20, 9, 0)),
    ],
)
def test_overdue_now_agrees_with_overdue_at_now(receive, reception_user, actions, now):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    for action, moment in actions:
        dossier_act(dossier=dossier, actor=reception_user, action=action, note="x", at=moment)
    dossiers_mark_overdue(at=now)

    assert set(dossiers_overdue(at=now)) == set(dossiers_overdue_at(at=now))
    # The work queue marks its rows from the row in hand by the same rule.
    dossier.refresh_from_db()
    assert dossier_is_overdue_now(dossier, at=now) == (dossier in set(dossiers_overdue(at=now)))


def test_open_at_uses_the_closing_moment(receive, reception_user):
    stopped = receive(vn(2025, 3, 3, 9, 0))
    dossier_act(dossier=stopped, actor=reception_user, action="stop", at=vn(2025, 3, 4, 9))
    returned = receive(vn(2025, 3, 3, 9, 0))
    dossier_act(dossier=returned, actor=reception_user, action="resolve", at=vn(2025, 3, 5, 9))
    dossier_act(
        dossier=returned, actor=reception_user, action="return_result", at=vn(2025, 3, 6, 9)
    )

    def open_at(at):
        return set(dossiers_open_at(at=at).values_list("pk", flat=True))

    assert open_at(vn(2025, 3, 3, 8, 0)) == set()
    assert open_at(vn(2025, 3, 3, 10, 0)) == {stopped.pk, returned.pk}
    assert open_at(vn(2025, 3, 4, 10, 0)) == {returned.pk}
    # Returning the result does not reopen or prolong it: it closed when resolved.
    assert open_at(vn(2025, 3, 5, 10, 0)) == set()
    assert Dossier.objects.get(pk=returned.pk).closed_at == vn(2025, 3, 5, 9, 0)


def test_a_calendar_change_counts_for_the_current_clock(
    receive, reception_user, django_capture_on_commit_callbacks
):
    dossier = receive(vn(2025, 3, 3, 9, 0))  # due 06/03 09:00
    # The province closes on Wednesday 05/03 (a storm): the due moment moves to 07/03 09:00.
    with django_capture_on_commit_callbacks(execute=False):
        calendar_override_create(
            day=vn(2025, 3, 5).date(), kind=CalendarOverride.Kind.DAY_OFF, name="Bão"
        )
    dossier_due_moments_recompute()

    assert Dossier.objects.get(pk=dossier.pk).due_at == vn(2025, 3, 7, 9, 0)
    assert not dossiers_overdue_at(at=vn(2025, 3, 7, 10, 0)).filter(pk=dossier.pk).exists()
    assert dossiers_overdue_at(at=vn(2025, 3, 8, 10, 0)).filter(pk=dossier.pk).exists()


@pytest.mark.parametrize("clock_ran_out", [False, True])
@pytest.mark.parametrize("status", list(DossierStatus))
def test_overdue_now_is_the_rule_of_the_row_in_every_state(receive, status, clock_ran_out):
    """The overdue list's query (the partial indexes' condition) and the rule a queue page
    applies to its rows agree in every state, with the time run out or not."""
    dossier = receive(vn(2025, 3, 3, 9, 0))
    Dossier.objects.filter(pk=dossier.pk).update(status=status, clock_ran_out=clock_ran_out)
    dossier.refresh_from_db()
    now = vn(2025, 3, 10, 9, 0)
    listed = dossiers_overdue(at=now).filter(pk=dossier.pk).exists()
    assert listed == dossier_is_overdue_now(dossier, at=now)
    assert listed == (
        status in (DossierStatus.RECEIVED, DossierStatus.IN_PROCESS)
        or (
            status
            in (DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.FINANCIAL_OBLIGATION_REQUESTED)
            and clock_ran_out
        )
    )
