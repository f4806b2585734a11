"""The statistics (form 06/VPCP/KSTT) against hand counts of dossiers built here."""

from datetime import date
from fractions import Fraction

import pytest

from procedures.choices import Channel
from procedures.selectors.statistics import STAT_KEYS, dossier_statistics
from procedures.services.dossiers import dossier_act
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


def act(dossier, user, action, at, **kw):
    return dossier_act(dossier=dossier, actor=user, action=action, note="lý do", at=at, **kw)


def test_march_by_hand(receive, reception_user):
    """Every dossier is 3 working days. March 2025 is the period."""
    u = reception_user
    # Received in February, open on 1/3: carried over, then resolved early in March.
    carried = receive(vn(2025, 2, 27, 9, 0))  # due Mon 03/03 09:00
    act(carried, u, "resolve", vn(2025, 2, 28, 16, 0))  # closed before March: not counted
    carried2 = receive(vn(2025, 2, 28, 9, 0))  # due Wed 05/03 09:00
    act(carried2, u, "resolve", vn(2025, 3, 4, 9, 0))  # early
    # Received in March: online, resolved on time; direct, resolved late.
    online = receive(vn(2025, 3, 3, 9, 0), channel=Channel.ONLINE)  # due 06/03 09:00
    act(online, u, "resolve", vn(2025, 3, 6, 15, 0))
    late = receive(vn(2025, 3, 3, 9, 0), channel=Channel.POSTAL)
    act(late, u, "resolve", vn(2025, 3, 7, 9, 0))
    # Received in March, resolved in April: in progress at the end of March (overdue).
    later = receive(vn(2025, 3, 24, 9, 0))  # due 27/03 09:00
    act(later, u, "resolve", vn(2025, 4, 2, 9, 0))
    # Received 31/03 10:00: in progress within time.
    receive(vn(2025, 3, 31, 10, 0))
    rejected = receive(vn(2025, 3, 10, 9, 0))
    act(rejected, u, "reject", vn(2025, 3, 10, 10, 0))
    withdrawn = receive(vn(2025, 3, 11, 9, 0))
    act(withdrawn, u, "withdraw", vn(2025, 3, 12, 10, 0))
    stopped = receive(vn(2025, 3, 12, 9, 0))
    act(stopped, u, "stop", vn(2025, 3, 12, 10, 0))
    # Two supplement requests: on time by its outcome, late for Decision 766.
    twice = receive(vn(2025, 3, 17, 9, 0))
    for at, action in (
        (vn(2025, 3, 17, 10, 0), "request_supplement"),
        (vn(2025, 3, 18, 9, 0), "resume"),
        (vn(2025, 3, 18, 10, 0), "request_supplement"),
        (vn(2025, 3, 19, 9, 0), "resume"),
    ):
        twice = act(twice, u, action, at)
    twice = act(twice, u, "resolve", vn(2025, 3, 19, 10, 0))
    assert twice.outcome == "early"
    receive(vn(2025, 4, 1, 9, 0))  # after the period: nowhere

    stats = dossier_statistics(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    t = stats.totals
    assert stats.checks == []
    assert set(t) == set(STAT_KEYS)
    assert t["received_carried_over"] == 1
    assert t["received_new"] == 8
    assert t["received_online"] == 1
    assert t["received_direct_postal"] == 7
    assert t["received_total"] == 9
    assert (t["resolved_early"], t["resolved_on_time"], t["resolved_late"]) == (2, 1, 1)
    assert t["resolved_total"] == 4
    assert t["resolved_in_time"] == 3
    assert (t["in_progress_total"], t["in_progress_within_time"], t["in_progress_overdue"]) == (
        2,
        1,
        1,
    )
    assert (t["rejected"], t["withdrawn"], t["stopped"]) == (1, 1, 1)
    assert t["on_time_rate"] == Fraction(3, 4)
    assert t["late_rate"] == Fraction(1, 4)
    assert t["online_rate"] == Fraction(1, 8)
    # 766: resolved in time without >1 supplements: carried2 and online (twice is late);
    # in progress within time: 1. Over 4 resolved + 2 in progress.
    assert t["resolved_in_time_766"] == 2
    assert t["in_progress_within_time_766"] == 1
    assert t["progress_rate_766"] == Fraction(3, 6)
    assert stats.rows == [{"key": {}, "name": {}, **t}]

    april = dossier_statistics(date_from=date(2025, 4, 1), date_to=date(2025, 4, 30)).totals
    assert april["received_carried_over"] == 2
    assert april["resolved_late"] == 1  # resolved in April, received in March


def test_by_month_each_row_is_its_own_period(receive, reception_user):
    d = receive(vn(2025, 3, 28, 9, 0))  # due Wed 02/04 09:00
    act(d, reception_user, "resolve", vn(2025, 4, 3, 9, 0))  # late, in April

    stats = dossier_statistics(
        date_from=date(2025, 3, 15), date_to=date(2025, 4, 30), group_by=["month"]
    )

    march, april = stats.rows
    assert march["key"] == {"month": "2025-03"} and march["name"] == {"month": "03/2025"}
    assert (march["received_new"], march["in_progress_total"], march["resolved_total"]) == (1, 1, 0)
    assert (april["received_carried_over"], april["resolved_late"]) == (1, 1)
    assert stats.totals["received_total"] == 1 and stats.totals["resolved_late"] == 1
    assert stats.checks == []
