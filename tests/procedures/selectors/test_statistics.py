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


@pytest.fixture
def reorganised(reception_user, birth_registration):
    """Xã Long Đức (in Cầu Ngang district's centre) ends on 30/06/2025; from 01/07/2025 the
    merged commune and its own centre take over (Decree 118/2025)."""
    from procedures.choices import Level, UnitKind
    from tests.factories import CentreFactory, DeskFactory, UnitFactory

    district = UnitFactory(
        code="846", name="Huyện Cầu Ngang", kind=UnitKind.DISTRICT, valid_to=date(2025, 6, 30)
    )
    old_commune = UnitFactory(code="29710", name="Xã Long Đức", valid_to=date(2025, 6, 30))
    new_commune = UnitFactory(code="29711", name="Xã Long Đức (mới)", valid_from=date(2025, 7, 1))
    old_commune.successors.add(new_commune)
    district.successors.add(new_commune)
    old_centre = CentreFactory(
        code="TTHCC-CN", name="TTHCC huyện Cầu Ngang", unit=district, valid_to=date(2025, 6, 30)
    )
    new_centre = CentreFactory(
        code="TTPVHCC-LD",
        name="Trung tâm phục vụ hành chính công xã Long Đức",
        level=Level.COMMUNE,
        unit=new_commune,
        valid_from=date(2025, 7, 1),
    )
    old_desk = DeskFactory(
        code="000.00.33.H56",
        name="Bộ phận Một cửa xã Long Đức",
        unit=old_commune,
        centre=old_centre,
        valid_to=date(2025, 6, 30),
        staff=[reception_user],
    )
    new_desk = DeskFactory(
        code="000.00.32.H56",
        name="Bộ phận Một cửa xã Long Đức (mới)",
        unit=new_commune,
        centre=new_centre,
        valid_from=date(2025, 7, 1),
        staff=[reception_user],
    )
    return old_desk, new_desk


def test_a_range_across_1_july_2025_shows_ended_units_and_successors(
    receive, reception_user, reorganised
):
    old_desk, new_desk = reorganised
    u = reception_user
    june = receive(vn(2025, 6, 23, 9, 0), desk=old_desk)  # due 26/06 09:00
    act(june, u, "resolve", vn(2025, 6, 25, 9, 0))  # early
    carried = receive(vn(2025, 6, 30, 9, 0), desk=old_desk)  # due 03/07 09:00
    act(carried, u, "resolve", vn(2025, 7, 4, 9, 0))  # late, in July, by the ended desk
    receive(vn(2025, 7, 29, 9, 0), desk=new_desk)  # due 01/08: within time on 31/07

    by_desk = dossier_statistics(
        date_from=date(2025, 6, 1), date_to=date(2025, 7, 31), group_by=["desk"]
    )
    old, new = by_desk.rows
    assert old["key"] == {"desk": "000.00.33.H56"}
    assert old["name"] == {"desk": "Bộ phận Một cửa xã Long Đức"}
    assert old["entities"]["desk"]["valid_to"] == date(2025, 6, 30)
    assert old["entities"]["desk"]["successors"] == [
        {"key": "000.00.32.H56", "name": "Bộ phận Một cửa xã Long Đức (mới)"}
    ]
    assert (old["received_new"], old["resolved_early"], old["resolved_late"]) == (2, 1, 1)
    assert old["in_progress_total"] == 0
    assert (new["received_new"], new["in_progress_within_time"]) == (1, 1)
    assert new["entities"]["desk"]["successors"] == []
    assert by_desk.checks == []

    by_unit = dossier_statistics(
        date_from=date(2025, 6, 1), date_to=date(2025, 7, 31), group_by=["unit"]
    )
    assert [r["key"]["unit"] for r in by_unit.rows] == ["29710", "29711"]
    assert by_unit.rows[0]["entities"]["unit"]["successors"] == [
        {"key": "29711", "name": "Xã Long Đức (mới)"}
    ]

    trend = dossier_statistics(
        date_from=date(2025, 6, 1), date_to=date(2025, 7, 31), group_by=["centre", "month"]
    )
    table = {
        (r["key"]["centre"], r["key"]["month"]): (
            r["received_carried_over"],
            r["received_new"],
            r["resolved_total"],
            r["in_progress_total"],
        )
        for r in trend.rows
    }
    assert table == {
        ("TTHCC-CN", "2025-06"): (0, 2, 1, 1),
        ("TTHCC-CN", "2025-07"): (1, 0, 1, 0),
        ("TTPVHCC-LD", "2025-07"): (0, 1, 0, 1),
    }
    old_centre = next(r for r in trend.rows if r["key"]["centre"] == "TTHCC-CN")
    assert old_centre["entities"]["centre"]["successors"] == [
        {"key": "TTPVHCC-LD", "name": "Trung tâm phục vụ hành chính công xã Long Đức"}
    ]
    assert trend.totals["received_total"] == 3 and trend.checks == []

    # Only the 2024-style view: June alone shows the district's centre only.
    june_only = dossier_statistics(
        date_from=date(2025, 6, 1), date_to=date(2025, 6, 30), group_by=["centre"]
    )
    assert [r["key"]["centre"] for r in june_only.rows] == ["TTHCC-CN"]

    filtered = dossier_statistics(
        date_from=date(2025, 6, 1), date_to=date(2025, 7, 31), filters={"desk": "000.00.32.H56"}
    )
    assert filtered.totals["received_total"] == 1


def test_reception_staff_count_their_own_desks_only(receive, reception_user, reorganised):
    from procedures.roles import Role
    from tests.conftest import _user_with_role

    old_desk, new_desk = reorganised
    receive(vn(2025, 6, 23, 9, 0), desk=old_desk)
    receive(vn(2025, 7, 23, 9, 0), desk=new_desk)
    new_desk.staff.remove(reception_user)
    period = {"date_from": date(2025, 6, 1), "date_to": date(2025, 7, 31)}

    assert dossier_statistics(**period, user=reception_user).totals["received_total"] == 1
    leader = _user_with_role(Role.LEADER, username="lanhdao2")
    assert dossier_statistics(**period, user=leader).totals["received_total"] == 2
    nobody = _user_with_role("someone_else", username="khach")
    assert dossier_statistics(**period, user=nobody).totals["received_total"] == 0


def test_checks_name_a_row_whose_parts_do_not_add_up(receive, reception_user):
    """A resolved dossier without an outcome (bad imported data) is reported, not hidden."""
    from procedures.models import Dossier

    d = receive(vn(2025, 3, 3, 9, 0))
    act(d, reception_user, "resolve", vn(2025, 3, 4, 9, 0))
    Dossier.objects.filter(pk=d.pk).update(outcome=None)

    stats = dossier_statistics(
        date_from=date(2025, 3, 1), date_to=date(2025, 3, 31), group_by=["desk"]
    )

    assert stats.totals["resolved_total"] == 1
    rules = {(str(c["row"]), c["rule"]) for c in stats.checks}
    assert (
        str({"desk": "000.00.31.H56"}),
        "resolved_total = resolved_early + resolved_on_time + resolved_late",
    ) in rules
    assert ("totals", "resolved_total = resolved_early + resolved_on_time + resolved_late") in rules


def test_bad_questions_are_refused_with_the_field_named():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        dossier_statistics(date_from=date(2025, 3, 1), date_to=date(2025, 2, 1))
    assert "date_to" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        dossier_statistics(
            date_from=date(2025, 3, 1), date_to=date(2025, 3, 2), group_by=["month", "year"]
        )
    assert "group_by" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        dossier_statistics(
            date_from=date(2025, 3, 1), date_to=date(2025, 3, 2), group_by=["colour"]
        )
    assert "group_by" in error.value.message_dict


def test_apologies_in_time_and_late_are_counted_in_the_period_they_were_issued(
    receive, reception_user
):
    """Decree 61/2018 Art. 19: the apology must come at least one working day before the due
    date. Every dossier is 3 working days: received Mon 03/03 09:00, due Thu 06/03 09:00."""
    u = reception_user
    early_warning = receive(vn(2025, 3, 3, 9, 0))
    act(
        early_warning,
        u,
        "apologize_reschedule",
        vn(2025, 3, 4, 9, 0),
        new_due_at=vn(2025, 3, 12, 9),
    )
    last_minute = receive(vn(2025, 3, 3, 9, 0))  # apologised on the due date itself: late
    act(last_minute, u, "apologize_reschedule", vn(2025, 3, 6, 8, 0), new_due_at=vn(2025, 3, 12, 9))
    # Resolved late in March, its apology only in April: April counts it, though it closed.
    after = receive(vn(2025, 3, 3, 9, 0))
    act(after, u, "resolve", vn(2025, 3, 7, 9, 0))
    act(after, u, "apologize_reschedule", vn(2025, 4, 2, 9, 0), new_due_at=vn(2025, 4, 10, 9))
    receive(vn(2025, 3, 3, 9, 0))  # no apology: counts in neither

    march = dossier_statistics(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31)).totals
    assert (march["apologies_in_time"], march["apologies_late"]) == (1, 1)
    april = dossier_statistics(date_from=date(2025, 4, 1), date_to=date(2025, 4, 30))
    assert (april.totals["apologies_in_time"], april.totals["apologies_late"]) == (0, 1)
    assert april.totals["received_total"] == 3  # the three still open; the closed one is not
    assert april.checks == []

    by_month = dossier_statistics(
        date_from=date(2025, 3, 1), date_to=date(2025, 4, 30), group_by=["month", "desk"]
    )
    assert by_month.checks == []
    assert [
        (r["key"]["month"], r["apologies_in_time"], r["apologies_late"]) for r in by_month.rows
    ] == [
        ("2025-03", 1, 1),
        ("2025-04", 0, 1),
    ]
