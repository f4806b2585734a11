"""Issue 18, the clock's six differences, on the live actions and in the history import's replay:
each history run live, then imported, and both must store the same verdicts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from procedures.choices import Outcome, SupplementMode, TimeUnit
from procedures.models import (
    CalendarOverride,
    CalendarSettings,
    Dossier,
    DossierEvent,
    InterconnectedStep,
)
from procedures.selectors.dossiers import dossier_allowed_actions
from procedures.services.dossier_import import DossierImportError, dossiers_import
from procedures.services.dossiers import (
    DossierActionNotAllowed,
    dossier_act,
    dossiers_mark_overdue,
)
from tests.factories import UnitFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db
PAUSE, RESTART = SupplementMode.PAUSE, SupplementMode.RESTART
H = timedelta(hours=1)
DAY = 8 * H
FIELDS = (
    "due_at",
    "clock_ran_out",
    "outcome",
    "is_overdue",
    "late_766",
    "apology_in_time",
    "late_agency_id",
    "status",
)


def act(dossier, user, action, at, **kwargs):
    if action == "request_supplement":
        kwargs.setdefault("note", "Thiếu giấy")
    return dossier_act(dossier=dossier, actor=user, action=action, at=at, **kwargs)


def run_live(receive, user, received, steps):
    """``steps``: (action, moment, receiver or None)."""
    dossier = receive(received)
    for action, at, receiver in steps:
        extra = {"receiver": receiver} if receiver else {}
        dossier = act(dossier, user, action, at, **extra)
    return dossier


def run_import(tmp_path, live, steps, desk_code, now):
    """The live dossier's history written as the import's two files and imported."""

    def moment(value):
        return f"{value.astimezone(vn(2025, 1, 1).tzinfo):%Y-%m-%d %H:%M}" if value else ""

    dossiers = tmp_path / "d.csv"
    dossiers.write_text(
        "code,procedure_code,desk_code,channel,received_at,resolved_at,returned_at,status\n"
        f"I-{live.pk},{live.procedure.code},{desk_code},direct,{moment(live.received_at)},"
        f"{moment(live.resolved_at)},{moment(live.returned_at)},{live.status}\n",
        encoding="utf-8",
    )
    events = tmp_path / "e.csv"
    lines = [
        f"I-{live.pk},{action},{moment(at)},Thiếu giấy,,{receiver.code if receiver else ''},"
        for action, at, receiver in steps
        if action not in ("resolve", "return_result")
    ]
    events.write_text(
        "dossier_code,action,at,note,giver_code,receiver_code,new_due_at\n"
        + "".join(line + "\n" for line in lines),
        encoding="utf-8",
    )
    dossiers_import(path=dossiers, events_path=events, now=now)
    return Dossier.objects.get(code=f"I-{live.pk}")


def verdicts(dossier):
    return {name: getattr(dossier, name) for name in FIELDS}


# -- 1. a supplement asked for after the due moment, on the due day ------------------------------

DUE_DAY = [
    # Received Mon 03/03/2025 09:00, due Thu 06/03 09:00; resumed Mon 10/03 09:00, resolved
    # 10/03 15:00. (mode, request, ran out, due after resume, outcome)
    (PAUSE, vn(2025, 3, 6, 14, 0), False, vn(2025, 3, 10, 9, 0), Outcome.ON_TIME),
    (RESTART, vn(2025, 3, 6, 14, 0), False, vn(2025, 3, 13, 9, 0), Outcome.EARLY),
    (PAUSE, vn(2025, 3, 6, 8, 59), False, vn(2025, 3, 10, 9, 1), Outcome.ON_TIME),
    (RESTART, vn(2025, 3, 7, 8, 0), True, vn(2025, 3, 6, 9, 0), Outcome.LATE),
]


@pytest.mark.parametrize(("mode", "request_at", "ran_out", "due", "outcome"), DUE_DAY)
def test_a_request_on_the_due_day_live_and_replayed(
    tmp_path, receive, reception_user, intake_desk, mode, request_at, ran_out, due, outcome
):
    CalendarSettings.objects.create(supplement_mode=mode)
    steps = [
        ("request_supplement", request_at, None),
        ("resume", vn(2025, 3, 10, 9, 0), None),
        ("resolve", vn(2025, 3, 10, 15, 0), None),
    ]
    live = run_live(receive, reception_user, vn(2025, 3, 3, 9, 0), steps)
    assert (live.clock_ran_out, live.due_at, live.outcome) == (ran_out, due, outcome)

    replayed = run_import(tmp_path, live, steps, intake_desk.code, vn(2025, 3, 20, 9, 0))
    assert verdicts(replayed) == verdicts(live)


def test_waiting_after_a_request_on_the_due_day_is_not_overdue(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    act(dossier, reception_user, "request_supplement", vn(2025, 3, 6, 14, 0))
    assert dossiers_mark_overdue(at=vn(2025, 3, 10, 8, 0)) == 0


# -- 2. no apology while the clock waits with time left -----------------------------------------


def test_an_apology_waits_for_the_clock_to_run_again(
    tmp_path, receive, reception_user, intake_desk
):
    CalendarSettings.objects.create(supplement_mode=RESTART)
    dossier = receive(vn(2025, 3, 3, 9, 0))  # due Thu 06/03 09:00
    dossier = act(dossier, reception_user, "request_supplement", vn(2025, 3, 4, 9, 0))
    assert "apologize_reschedule" not in dossier_allowed_actions(
        dossier=dossier, user=reception_user, at=vn(2025, 3, 4, 10, 0)
    )
    with pytest.raises(DossierActionNotAllowed) as refused:
        act(
            dossier, reception_user, "apologize_reschedule", vn(2025, 3, 4, 10, 0),
            new_due_at=vn(2025, 3, 7, 17, 0),
        )  # fmt: skip
    assert "đang chờ người nộp bổ sung" in refused.value.message

    # Resumed 17/03: the full time again, due Thu 20/03 09:00; the apology is judged on it.
    dossier = act(dossier, reception_user, "resume", vn(2025, 3, 17, 9, 0))
    assert dossier.due_at == vn(2025, 3, 20, 9, 0)
    dossier = act(
        dossier, reception_user, "apologize_reschedule", vn(2025, 3, 19, 9, 0),
        new_due_at=vn(2025, 3, 25, 9, 0),
    )  # fmt: skip
    assert dossier.apology_in_time is True


def test_the_import_refuses_an_apology_while_the_clock_waits(
    tmp_path, intake_desk, birth_registration
):
    dossiers = tmp_path / "d.csv"
    dossiers.write_text(
        "code,procedure_code,desk_code,channel,received_at,resolved_at,returned_at,status\n"
        f"A-1,1.001193,{intake_desk.code},direct,2025-03-03 09:00,,,2\n",
        encoding="utf-8",
    )
    events = tmp_path / "e.csv"
    events.write_text(
        "dossier_code,action,at,note,giver_code,receiver_code,new_due_at\n"
        "A-1,request_supplement,2025-03-04 09:00,Thiếu,,,\n"
        "A-1,apologize_reschedule,2025-03-04 10:00,Xin lỗi,,,2025-03-07 17:00\n"
        "A-1,resume,2025-03-17 09:00,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(DossierImportError) as refused:
        dossiers_import(path=dossiers, events_path=events, now=vn(2025, 3, 18, 9, 0))
    (error,) = refused.value.errors
    assert (error.row, error.column) == (3, "action")
    assert "đang chờ người nộp bổ sung" in error.message
    assert not Dossier.objects.filter(code="A-1").exists()


# -- 3. and 4. which agency made it late --------------------------------------------------------


@pytest.fixture
def ten_days_two_agencies(birth_registration, commune):
    """10 working days: the commune 4 (it holds the desk), the district police 6."""
    police = UnitFactory(code="CA-H", name="Công an huyện Long Thành")
    birth_registration.processing_time_value = Decimal("10")
    birth_registration.is_interconnected = True
    birth_registration.save()
    for position, (unit, share) in enumerate(((commune, 4), (police, 6)), start=1):
        InterconnectedStep.objects.create(
            version=birth_registration,
            position=position,
            agency=unit,
            share_value=Decimal(share),
            share_unit=TimeUnit.DAYS,
        )
    return police


def _slip(dossier):
    return list(
        DossierEvent.objects.filter(dossier=dossier, action__in=["transfer", "resolve"])
        .order_by("at", "id")
        .values_list("giver__code", "held_work", "share_work", "late_work")
    )


def test_after_a_restart_only_the_time_since_it_counts_live_and_replayed(
    tmp_path, receive, reception_user, intake_desk, commune, ten_days_two_agencies
):
    police = ten_days_two_agencies
    CalendarSettings.objects.create(supplement_mode=RESTART)
    # The commune holds 3 days, papers asked for, the complete dossier back (restart: due Fri
    # 21/03 17:00), the commune holds 2 more days, the police 9.
    steps = [
        ("request_supplement", vn(2025, 3, 6, 7, 0), None),
        ("resume", vn(2025, 3, 10, 7, 0), None),
        ("transfer", vn(2025, 3, 12, 7, 0), police),
        ("resolve", vn(2025, 3, 24, 17, 0), None),
    ]
    live = run_live(receive, reception_user, vn(2025, 3, 3, 7, 0), steps)
    assert live.outcome == Outcome.LATE
    assert live.late_agency == police
    assert _slip(live) == [
        (commune.code, 5 * DAY, 4 * DAY, timedelta(0)),
        (police.code, 9 * DAY, 6 * DAY, 3 * DAY),
    ]

    replayed = run_import(tmp_path, live, steps, intake_desk.code, vn(2025, 3, 25, 9, 0))
    assert verdicts(replayed) == verdicts(live)
    assert _slip(replayed) == _slip(live)


def test_an_agency_holding_twice_is_judged_on_the_sum_live_and_replayed(
    tmp_path, receive, reception_user, intake_desk, commune, ten_days_two_agencies
):
    police = ten_days_two_agencies
    # Commune 3 days, police half a day, commune 3 days, police 4½ days, back to the commune
    # which resolves at once: 11 days against 10 (due Fri 14/03 17:00); the commune held 6.
    steps = [
        ("transfer", vn(2025, 3, 6, 7, 0), police),
        ("transfer", vn(2025, 3, 6, 11, 0), commune),
        ("transfer", vn(2025, 3, 11, 11, 0), police),
        ("transfer", vn(2025, 3, 17, 17, 0), commune),
        ("resolve", vn(2025, 3, 18, 7, 0), None),
    ]
    live = run_live(receive, reception_user, vn(2025, 3, 3, 7, 0), steps)
    assert live.outcome == Outcome.LATE
    assert live.late_agency == commune
    assert [line[3] for line in _slip(live)] == [timedelta(0), timedelta(0), 2 * DAY] + [
        timedelta(0)
    ] * 2

    replayed = run_import(tmp_path, live, steps, intake_desk.code, vn(2025, 3, 25, 9, 0))
    assert verdicts(replayed) == verdicts(live)
    assert _slip(replayed) == _slip(live)


# -- 5. pause mode for a time in calendar days ------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "due"),
    [(PAUSE, vn(2025, 9, 15, 17, 0)), (RESTART, vn(2025, 9, 18, 17, 0))],
)
def test_calendar_days_wait_in_calendar_days_live_and_replayed(
    tmp_path, receive, reception_user, intake_desk, birth_registration, mode, due
):
    CalendarSettings.objects.create(supplement_mode=mode)
    birth_registration.processing_time_value = Decimal("15")
    birth_registration.processing_time_unit = TimeUnit.CALENDAR_DAYS
    birth_registration.save()
    steps = [
        ("request_supplement", vn(2025, 8, 29, 17, 0), None),  # Fri; 1–2/9 national holiday
        ("resume", vn(2025, 9, 3, 7, 0), None),
    ]
    live = run_live(receive, reception_user, vn(2025, 8, 25, 8, 0), steps)
    assert live.due_at == due  # 09/09 before the wait

    replayed = run_import(tmp_path, live, steps, intake_desk.code, vn(2025, 9, 4, 9, 0))
    assert verdicts(replayed) == verdicts(live)
    assert (replayed.clock_started_at, replayed.clock_work) == (
        live.clock_started_at,
        live.clock_work,
    )

    # The recomputation after a calendar change replays the same rule: 15/09 made a day off.
    from procedures.services.calendar import calendar_override_create, dossier_due_moments_recompute

    calendar_override_create(
        day=date(2025, 9, 15), kind=CalendarOverride.Kind.DAY_OFF, name="Nghỉ bù"
    )
    dossier_due_moments_recompute()
    live.refresh_from_db()
    replayed.refresh_from_db()
    moved = due + timedelta(days=1) if due.date() == date(2025, 9, 15) else due
    assert (live.due_at, replayed.due_at) == (moved, moved)


# -- 6. the outcome is judged on the day of resolution ------------------------------------------


def test_a_result_collected_a_week_later_stays_early_live_and_replayed(
    tmp_path, client, receive, reception_user, intake_desk
):
    steps = [
        ("resolve", vn(2025, 3, 5, 9, 0), None),  # due Thu 06/03 09:00
        ("return_result", vn(2025, 3, 12, 9, 0), None),
    ]
    live = run_live(receive, reception_user, vn(2025, 3, 3, 9, 0), steps)
    assert (live.outcome, live.returned_at) == (Outcome.EARLY, vn(2025, 3, 12, 9, 0))

    replayed = run_import(tmp_path, live, steps, intake_desk.code, vn(2025, 3, 20, 9, 0))
    assert verdicts(replayed) == verdicts(live)

    client.force_login(reception_user)
    page = client.get(f"/dossiers/{live.code}/").content.decode()
    assert 'id="dossier-outcome-rule"' in page
    assert "Đánh giá theo ngày giải quyết xong (05/03/2025), không theo ngày trả kết quả" in page
    assert "12/03/2025" in page
    receipt = client.get(f"/dossiers/{live.code}/receipt/").content.decode()
    assert 'id="receipt-outcome-rule"' in receipt
