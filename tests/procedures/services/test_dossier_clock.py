"""Issue 8 on the live path and in the import's replay: each correction with its exact dates, in
both supplement modes; rule sets by period; the replay giving the live outcomes."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache

from procedures.choices import Outcome, SupplementMode, TimeUnit
from procedures.models import (
    CalendarOverride,
    CalendarSettings,
    ClockRuleSet,
    Dossier,
    DossierDigest,
    DossierEvent,
    DossierSequence,
    InterconnectedStep,
)
from procedures.public_lookup import check_value
from procedures.selectors.dossiers import dossiers_overdue
from procedures.services.dossier_import import dossiers_import
from procedures.services.dossiers import (
    DossierActionNotAllowed,
    dossier_act,
    dossier_digests_send,
    dossiers_mark_overdue,
)
from tests.factories import UnitFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db
MODES = [SupplementMode.PAUSE, SupplementMode.RESTART]
H = timedelta(hours=1)


def act(dossier, user, action, at, **kwargs):
    return dossier_act(dossier=dossier, actor=user, action=action, at=at, **kwargs)


@pytest.mark.parametrize("mode", MODES)
def test_restart_mode_does_not_erase_lateness(receive, reception_user, mode):
    CalendarSettings.objects.create(supplement_mode=mode)
    dossier = receive(vn(2025, 3, 3, 9, 0))
    assert dossier.due_at == vn(2025, 3, 6, 9, 0)

    act(dossier, reception_user, "request_supplement", vn(2025, 3, 7, 10, 0), note="Thiếu giấy")
    act(dossier, reception_user, "resume", vn(2025, 3, 10, 9, 0))
    dossier = act(dossier, reception_user, "resolve", vn(2025, 3, 10, 10, 0))

    assert dossier.outcome == Outcome.LATE
    assert dossier.due_at == vn(2025, 3, 6, 9, 0)
    assert dossier.clock_ran_out is True


@pytest.mark.parametrize(
    ("mode", "request_at", "due_after_resume", "outcome"),
    [
        # Zero time left is time left: due at the resumption, resolved within the hour.
        (SupplementMode.PAUSE, vn(2025, 3, 5, 17, 0), vn(2025, 3, 10, 9, 0), Outcome.ON_TIME),
        (SupplementMode.RESTART, vn(2025, 3, 5, 17, 0), vn(2025, 3, 13, 9, 0), Outcome.EARLY),
        (SupplementMode.PAUSE, vn(2025, 3, 5, 16, 59), vn(2025, 3, 10, 9, 1), Outcome.ON_TIME),
        (SupplementMode.RESTART, vn(2025, 3, 5, 16, 59), vn(2025, 3, 13, 9, 0), Outcome.EARLY),
    ],
)
def test_a_request_at_the_exact_due_moment_stops_the_clock(
    receive, reception_user, mode, request_at, due_after_resume, outcome
):
    CalendarSettings.objects.create(supplement_mode=mode)
    dossier = receive(vn(2025, 3, 3, 7, 0))
    assert dossier.due_at == vn(2025, 3, 5, 17, 0)

    dossier = act(dossier, reception_user, "request_supplement", request_at, note="Thiếu")
    assert dossier.clock_ran_out is False
    dossier = act(dossier, reception_user, "resume", vn(2025, 3, 10, 9, 0))
    assert dossier.due_at == due_after_resume
    dossier = act(dossier, reception_user, "resolve", vn(2025, 3, 10, 10, 0))
    assert dossier.outcome == outcome


def test_overdue_then_on_time_is_one_rule_everywhere(
    receive, reception_user, api_client, client, intake_desk
):
    dossier = receive(vn(2025, 3, 3, 10, 0))  # due Thu 06/03 10:00
    assert dossiers_mark_overdue(at=vn(2025, 3, 6, 12, 0)) == 0
    assert not dossiers_overdue(at=vn(2025, 3, 6, 12, 0)).exists()
    dossier.refresh_from_db()
    assert dossier.is_overdue is False

    dossier = act(dossier, reception_user, "resolve", vn(2025, 3, 6, 16, 0))
    assert (dossier.outcome, dossier.is_overdue) == (Outcome.ON_TIME, False)
    cache.clear()
    data = api_client.get(
        f"/api/v1/public/dossiers/{dossier.code}/", {"check": check_value(dossier.code)}
    ).data
    assert (data["is_overdue"], data["outcome"]) == (False, Outcome.ON_TIME)
    page = client.get("/tra-cuu/", {"code": dossier.code}).content.decode()
    assert "Quá hạn" not in page


def test_an_open_dossier_is_overdue_from_the_day_after_its_due_date(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 10, 0))
    assert dossiers_mark_overdue(at=vn(2025, 3, 6, 23, 59)) == 0
    assert dossiers_mark_overdue(at=vn(2025, 3, 7, 0, 0)) == 1
    assert list(dossiers_overdue(at=vn(2025, 3, 7, 8, 0))) == [dossier]


def test_the_digest_lists_a_dossier_due_earlier_today_as_due_not_overdue(
    receive, reception_user, mailoutbox
):
    reception_user.email = "tn@longduc.vn"
    reception_user.save()
    receive(vn(2025, 3, 3, 10, 0))

    assert dossier_digests_send(at=vn(2025, 3, 6, 12, 0)) == 1
    digest = DossierDigest.objects.get()
    assert (digest.due_soon_count, digest.overdue_count) == (1, 0)
    assert len(mailoutbox) == 1


def test_an_apology_while_waiting_is_refused_with_time_left_and_late_once_it_ran_out(
    receive, reception_user
):
    # Issue 18: with time left the due date is not known until the dossier comes back.
    waiting = receive(vn(2025, 3, 3, 9, 0))  # due Thu 06/03 09:00
    act(waiting, reception_user, "request_supplement", vn(2025, 3, 4, 9, 0), note="Thiếu")
    with pytest.raises(DossierActionNotAllowed):
        act(
            waiting, reception_user, "apologize_reschedule", vn(2025, 3, 5, 9, 0),
            new_due_at=vn(2025, 3, 20, 9, 0), note="Xin lỗi",
        )  # fmt: skip

    ran_out = receive(vn(2025, 3, 3, 9, 0))
    act(ran_out, reception_user, "request_supplement", vn(2025, 3, 7, 9, 0), note="Thiếu")
    ran_out = act(
        ran_out, reception_user, "apologize_reschedule", vn(2025, 3, 7, 10, 0),
        new_due_at=vn(2025, 3, 20, 9, 0), note="Xin lỗi",
    )  # fmt: skip
    assert ran_out.apology_in_time is False
    act(ran_out, reception_user, "resume", vn(2025, 3, 10, 9, 0))
    ran_out = act(ran_out, reception_user, "resolve", vn(2025, 3, 19, 9, 0))
    assert ran_out.outcome == Outcome.LATE  # resolved after its legal due date


def test_an_apology_before_any_lateness_is_allowed_once(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier = act(
        dossier, reception_user, "apologize_reschedule", vn(2025, 3, 4, 9, 0),
        new_due_at=vn(2025, 3, 12, 9, 0),
    )  # fmt: skip
    assert dossier.apology_in_time is True
    with pytest.raises(DossierActionNotAllowed):
        act(
            dossier, reception_user, "apologize_reschedule", vn(2025, 3, 5, 9, 0),
            new_due_at=vn(2025, 3, 13, 9, 0),
        )  # fmt: skip


def test_decision_766_lateness_and_waiting_time_are_stored(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    act(dossier, reception_user, "request_supplement", vn(2025, 3, 3, 10, 0), note="Thiếu 1")
    act(dossier, reception_user, "resume", vn(2025, 3, 4, 10, 0))
    act(dossier, reception_user, "request_supplement", vn(2025, 3, 4, 11, 0), note="Thiếu 2")
    act(dossier, reception_user, "resume", vn(2025, 3, 4, 14, 0))
    dossier = act(dossier, reception_user, "resolve", vn(2025, 3, 5, 9, 0))

    assert dossier.outcome == Outcome.EARLY
    assert dossier.late_766 is True
    assert dossier.waiting_work == 8 * H + 1 * H


def test_intake_continues_after_codes_imported_for_the_same_day(
    tmp_path, receive, intake_desk, birth_registration
):
    path = tmp_path / "d.csv"
    path.write_text(
        "code,procedure_code,desk_code,channel,received_at,resolved_at,returned_at,status\n"
        "000.00.31.H56-250303-0007,1.001193,000.00.31.H56,direct,2025-03-03 08:00,,,2\n",
        encoding="utf-8",
    )
    dossiers_import(path=path, now=vn(2025, 3, 3, 8, 30))

    first = receive(vn(2025, 3, 3, 9, 0))
    second = receive(vn(2025, 3, 3, 9, 5))
    assert (first.code, second.code) == ("000.00.31.H56-250303-0008", "000.00.31.H56-250303-0009")
    assert DossierSequence.objects.get(desk=intake_desk, day=date(2025, 3, 3)).last_number == 9


# -- rule sets by period -----------------------------------------------------------------------


@pytest.fixture
def two_decrees(db):
    ClockRuleSet.objects.create(
        name="Nghị định 61/2018/NĐ-CP",
        valid_from=date(2017, 1, 1),
        supplement_mode=SupplementMode.RESTART,
    )
    return ClockRuleSet.objects.create(
        name="Nghị định 118/2025/NĐ-CP",
        valid_from=date(2025, 7, 1),
        supplement_mode=SupplementMode.PAUSE,
        morning_start=time(7, 30),
        morning_end=time(11, 30),
        afternoon_start=time(13, 0),
        afternoon_end=time(17, 0),
    )


def _same_history(receive, user, received):
    dossier = receive(received)
    act(dossier, user, "request_supplement", received + timedelta(days=1), note="Thiếu")
    return act(dossier, user, "resume", received + timedelta(days=7))


def test_a_2017_and_a_2026_dossier_follow_their_own_periods_rules(
    receive, reception_user, two_decrees
):
    old = _same_history(receive, reception_user, vn(2017, 3, 6, 9, 0))
    new = _same_history(receive, reception_user, vn(2026, 3, 2, 9, 0))

    assert old.due_at == vn(2017, 3, 16, 9, 0)  # restart: three days again from 13/03
    assert new.due_at == vn(2026, 3, 11, 9, 0)  # pause: two days left from 09/03
    # The 2026 dossier's receipt counted along 07:30–11:30, 13:00–17:00.
    late_afternoon = receive(vn(2026, 3, 2, 16, 0))
    assert late_afternoon.due_at == vn(2026, 3, 5, 16, 0)


def test_the_import_replays_each_dossier_by_its_own_period(
    tmp_path, intake_desk, birth_registration, two_decrees
):
    dossiers = tmp_path / "d.csv"
    dossiers.write_text(
        "code,procedure_code,desk_code,channel,received_at,resolved_at,returned_at,status\n"
        "R-2017,1.001193,000.00.31.H56,direct,2017-03-06 09:00,,,2\n"
        "R-2026,1.001193,000.00.31.H56,direct,2026-03-02 09:00,,,2\n",
        encoding="utf-8",
    )
    events = tmp_path / "e.csv"
    events.write_text(
        "dossier_code,action,at,note,giver_code,receiver_code,new_due_at\n"
        "R-2017,request_supplement,2017-03-07 09:00,Thiếu,,,\n"
        "R-2017,resume,2017-03-13 09:00,,,,\n"
        "R-2026,request_supplement,2026-03-03 09:00,Thiếu,,,\n"
        "R-2026,resume,2026-03-09 09:00,,,,\n",
        encoding="utf-8",
    )
    dossiers_import(path=dossiers, events_path=events, now=vn(2026, 3, 9, 10, 0))

    assert Dossier.objects.get(code="R-2017").due_at == vn(2017, 3, 16, 9, 0)
    assert Dossier.objects.get(code="R-2026").due_at == vn(2026, 3, 11, 9, 0)


def test_the_recomputation_keeps_each_dossiers_period_sessions(
    receive, reception_user, two_decrees
):
    from procedures.services.calendar import dossier_due_moments_recompute

    old = receive(vn(2017, 3, 6, 16, 0))
    new = receive(vn(2026, 3, 2, 16, 0))
    before = (old.due_at, new.due_at)
    assert dossier_due_moments_recompute() == (2, 0)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.due_at, new.due_at) == before


# -- the import's replay gives the live outcomes --------------------------------------------------

HISTORIES = [
    # (events after receipt on Mon 03/03/2025 at the given hour)
    (9, [("request_supplement", (7, 10, 0)), ("resume", (10, 9, 0)), ("resolve", (10, 10, 0))]),
    (7, [("request_supplement", (5, 17, 0)), ("resume", (10, 9, 0)), ("resolve", (10, 10, 0))]),
    (7, [("request_supplement", (5, 16, 59)), ("resume", (10, 9, 0)), ("resolve", (10, 10, 0))]),
    (10, [("resolve", (6, 16, 0))]),
    (
        9,
        [
            ("request_supplement", (4, 9, 0)),
            ("resume", (10, 9, 0)),
            ("apologize_reschedule", (10, 9, 30)),  # not while waiting (issue 18)
            ("request_supplement", (10, 10, 0)),
            ("resume", (11, 9, 0)),
            ("resolve", (12, 10, 0)),
        ],
    ),
    (9, [("request_financial_obligation", (4, 9, 0)), ("fulfil_financial_obligation", (6, 9, 0))]),
]
FIELDS = (
    "due_at",
    "outcome",
    "is_overdue",
    "clock_ran_out",
    "late_766",
    "waiting_work",
    "apology_in_time",
    "supplement_count",
    "status",
)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("hour", "steps"), HISTORIES)
def test_a_replayed_import_gives_the_live_outcomes(
    tmp_path, receive, reception_user, mode, hour, steps
):
    CalendarSettings.objects.create(supplement_mode=mode)
    now = vn(2025, 3, 20, 9, 0)
    live = receive(vn(2025, 3, 3, hour, 0))
    lines = []
    for action, (day, h, m) in steps:
        extra = {"note": "Thiếu"} if action == "request_supplement" else {}
        if action == "apologize_reschedule":
            extra = {"new_due_at": vn(2025, 3, 25, 9, 0)}
        live = act(live, reception_user, action, vn(2025, 3, day, h, m), **extra)
        new_due = "2025-03-25 09:00" if action == "apologize_reschedule" else ""
        lines.append(f"I-1,{action},2025-03-{day:02d} {h:02d}:{m:02d},Thiếu,,,{new_due}")
    dossiers_mark_overdue(at=now)
    live.refresh_from_db()

    resolved = next(
        (f"2025-03-{d:02d} {h:02d}:{m:02d}" for a, (d, h, m) in steps if a == "resolve"), ""
    )
    status = live.status
    dossiers = tmp_path / "d.csv"
    dossiers.write_text(
        "code,procedure_code,desk_code,channel,received_at,resolved_at,returned_at,status\n"
        f"I-1,1.001193,000.00.31.H56,direct,2025-03-03 {hour:02d}:00,{resolved},,{status}\n",
        encoding="utf-8",
    )
    events = tmp_path / "e.csv"
    events.write_text(
        "dossier_code,action,at,note,giver_code,receiver_code,new_due_at\n"
        + "\n".join(line for line in lines if ",resolve," not in line)
        + "\n",
        encoding="utf-8",
    )
    dossiers_import(path=dossiers, events_path=events, now=now)
    imported = Dossier.objects.get(code="I-1")

    assert {f: getattr(imported, f) for f in FIELDS} == {f: getattr(live, f) for f in FIELDS}


# -- interconnected procedures ---------------------------------------------------------------------


@pytest.fixture
def interconnected(birth_registration, commune):
    """Khai sinh – thường trú – BHYT: commune 1 day, police 1 day, insurance 1 day (of 3)."""
    police = UnitFactory(code="CA-H", name="Công an huyện Long Thành")
    insurance = UnitFactory(code="BHXH-H", name="Bảo hiểm xã hội huyện Long Thành")
    birth_registration.is_interconnected = True
    birth_registration.save()
    for position, unit in enumerate((commune, police, insurance), start=1):
        InterconnectedStep.objects.create(
            version=birth_registration,
            position=position,
            agency=unit,
            share_value=Decimal("1"),
            share_unit=TimeUnit.DAYS,
        )
    return police, insurance


def test_a_hand_over_out_of_order_is_refused_naming_the_expected_unit(
    receive, reception_user, interconnected, administrator
):
    police, insurance = interconnected
    dossier = receive(vn(2025, 3, 3, 7, 0))
    with pytest.raises(DossierActionNotAllowed) as refused:
        act(dossier, reception_user, "transfer", vn(2025, 3, 3, 9, 0), receiver=insurance)
    assert police.name in refused.value.message
    with pytest.raises(DossierActionNotAllowed):  # staff cannot override, even with a reason
        act(
            dossier, reception_user, "transfer", vn(2025, 3, 3, 9, 0), receiver=insurance,
            out_of_order_reason="Công an đã xác nhận qua hệ thống",
        )  # fmt: skip
    dossier = act(
        dossier, administrator, "transfer", vn(2025, 3, 3, 9, 0), receiver=insurance,
        out_of_order_reason="Công an đã xác nhận qua hệ thống",
    )  # fmt: skip
    event = DossierEvent.objects.get(dossier=dossier, action="transfer")
    assert event.out_of_order_reason == "Công an đã xác nhận qua hệ thống"


def test_the_api_answers_409_naming_the_expected_unit(
    api_client, receive, reception_user, interconnected
):
    police, insurance = interconnected
    dossier = receive(vn(2025, 3, 3, 7, 0))
    api_client.force_authenticate(reception_user)
    response = api_client.post(
        f"/api/v1/dossiers/{dossier.code}/transfer/",
        {"receiver": insurance.code},
        format="json",
    )
    assert response.status_code == 409
    assert police.name in response.data["detail"]


def test_a_dossier_late_at_its_second_agency_is_attributed_to_it(
    receive, reception_user, interconnected, commune, api_client, leader
):
    police, insurance = interconnected
    dossier = receive(vn(2025, 3, 3, 7, 0))  # due Wed 05/03 17:00
    act(dossier, reception_user, "transfer", vn(2025, 3, 3, 15, 0), receiver=police)  # 6 h
    act(dossier, reception_user, "transfer", vn(2025, 3, 5, 9, 0), receiver=insurance)  # 12 h
    dossier = act(dossier, reception_user, "resolve", vn(2025, 3, 6, 9, 0))  # 8 h

    assert dossier.outcome == Outcome.LATE
    assert dossier.late_agency == police
    slip = list(
        DossierEvent.objects.filter(dossier=dossier, action__in=["transfer", "resolve"])
        .order_by("at")
        .values_list("giver__code", "held_work", "share_work", "late_work")
    )
    assert slip == [
        (commune.code, 6 * H, 8 * H, timedelta(0)),
        (police.code, 12 * H, 8 * H, 4 * H),
        (insurance.code, 8 * H, 8 * H, timedelta(0)),
    ]
    api_client.force_authenticate(leader)
    data = api_client.get(f"/api/v1/dossiers/{dossier.code}/").data
    assert (data["late_agency"], data["late_agency_name"]) == (police.code, police.name)
    cache.clear()
    api_client.force_authenticate(None)
    public = api_client.get(
        f"/api/v1/public/dossiers/{dossier.code}/", {"check": check_value(dossier.code)}
    ).data
    assert public["late_step"] == police.name


# -- a dossier keeps the rule set of its receipt for its whole life -----------------------------

# Received under Decree 61/2018 (restart, 07:00–11:30 and 13:30–17:00), still open after
# 1/7/2025 when Decree 118/2025 (pause, 07:30–11:30 and 13:00–17:00) begins: its clock runs by
# Decree 61's rules to the end, live, in the import's replay and in the recomputation after a
# calendar change (here Fri 04/07/2025 made a day off). 3 working days each.
ACROSS_1_JULY = [
    # Received Sat 28/06: the clock starts Mon 30/06 07:00.
    ("A", (6, 28, 10, 0), [], (7, 2, 17, 0), (7, 2, 17, 0)),
    # Stopped Tue 01/07 09:00, resumed Thu 03/07 09:00: restarted (Decree 118 would pause and
    # count 14 h left along its sessions: Fri 04/07 16:30).
    (
        "B",
        (6, 28, 10, 0),
        [("request_supplement", (7, 1, 9, 0)), ("resume", (7, 3, 9, 0))],
        (7, 8, 9, 0),
        (7, 9, 9, 0),
    ),
    # Stopped Mon 30/06 10:00, resumed Wed 02/07 14:00: restarted from 14:00 along Decree 61's
    # sessions (Decree 118's pause would give Mon 07/07 09:30).
    (
        "C",
        (6, 28, 10, 0),
        [("request_supplement", (6, 30, 10, 0)), ("resume", (7, 2, 14, 0))],
        (7, 7, 14, 0),
        (7, 8, 14, 0),
    ),
    # Received Mon 30/06 09:00: due Thu 03/07 09:00 by Decree 61's morning (07:30 + 2 h = 09:30
    # by Decree 118's).
    ("D", (6, 30, 9, 0), [], (7, 3, 9, 0), (7, 3, 9, 0)),
]


def _at(parts):
    return vn(2025, *parts)


@pytest.mark.parametrize(("name", "received", "steps", "due", "due_after_day_off"), ACROSS_1_JULY)
def test_a_dossier_received_under_decree_61_keeps_its_rules_after_1_july_2025(
    tmp_path,
    receive,
    reception_user,
    intake_desk,
    two_decrees,
    name,
    received,
    steps,
    due,
    due_after_day_off,
):
    live = receive(_at(received))
    for action, moment in steps:
        live = act(live, reception_user, action, _at(moment), note="Thiếu")
    assert live.due_at == _at(due), "live"

    # The import's replay of the same history.
    dossiers = tmp_path / "d.csv"
    dossiers.write_text(
        "code,procedure_code,desk_code,channel,received_at,resolved_at,returned_at,status\n"
        f"R-{name},1.001193,{intake_desk.code},direct,"
        f"{_at(received):%Y-%m-%d %H:%M},,,2\n",
        encoding="utf-8",
    )
    events = tmp_path / "e.csv"
    events.write_text(
        "dossier_code,action,at,note,giver_code,receiver_code,new_due_at\n"
        + "".join(f"R-{name},{a},{_at(m):%Y-%m-%d %H:%M},Thiếu,,,\n" for a, m in steps),
        encoding="utf-8",
    )
    dossiers_import(path=dossiers, events_path=events, now=vn(2025, 7, 3, 10, 0))
    replayed = Dossier.objects.get(code=f"R-{name}")
    assert replayed.due_at == _at(due), "replay"
    assert (replayed.clock_started_at, replayed.clock_work) == (
        live.clock_started_at,
        live.clock_work,
    )

    # The recomputation after a calendar change: still Decree 61's sessions.
    from procedures.services.calendar import calendar_override_create, dossier_due_moments_recompute

    calendar_override_create(
        day=date(2025, 7, 4),
        kind=CalendarOverride.Kind.DAY_OFF,
        name="Nghỉ theo quyết định của tỉnh",
    )
    dossier_due_moments_recompute()
    live.refresh_from_db()
    replayed.refresh_from_db()
    assert (live.due_at, replayed.due_at) == (_at(due_after_day_off), _at(due_after_day_off))
