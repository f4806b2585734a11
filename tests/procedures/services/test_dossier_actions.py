"""The dossier state machine: each action, wrong states, permissions, the clock, concurrency."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from procedures.choices import DossierStatus, Outcome, SupplementMode
from procedures.dossier_flow import TRANSITIONS
from procedures.models import CalendarSettings, Dossier, DossierEvent
from procedures.selectors.calendar import working_calendar_get
from procedures.services.dossiers import (
    DossierActionNotAllowed,
    dossier_act,
    dossier_apologize_reschedule,
    dossier_request_supplement,
    dossier_resolve,
    dossier_resume,
    dossier_return_result,
    dossier_transfer,
)
from tests.factories import DeskFactory, UnitFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db
S = DossierStatus


def assert_clock_invariant(dossier):
    calendar = working_calendar_get()
    assert calendar.add_working_time(dossier.clock_started_at, dossier.clock_work) == dossier.due_at


def last_event(dossier):
    return DossierEvent.objects.filter(dossier=dossier).order_by("-at", "-id").first()


def test_a_hand_over_records_giver_receiver_and_time(receive, reception_user, agency, commune):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier = dossier_transfer(
        dossier=dossier, actor=reception_user, receiver=agency, at=vn(2025, 3, 3, 10, 0)
    )

    assert dossier.status == S.IN_PROCESS
    assert dossier.current_agency == agency
    event = last_event(dossier)
    assert (event.action, event.from_status, event.to_status) == ("transfer", 2, 4)
    assert (event.giver, event.receiver, event.at) == (commune, agency, vn(2025, 3, 3, 10, 0))


def test_agency_to_agency_only_for_interconnected_procedures(
    receive, reception_user, agency, birth_registration
):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier_transfer(dossier=dossier, actor=reception_user, receiver=agency)
    tax = UnitFactory(code="CT", name="Chi cục Thuế")
    with pytest.raises(ValidationError):
        dossier_transfer(dossier=dossier, actor=reception_user, receiver=tax)

    birth_registration.is_interconnected = True
    birth_registration.save()
    dossier = dossier_transfer(dossier=dossier, actor=reception_user, receiver=tax)
    assert last_event(dossier).giver == agency
    assert dossier.current_agency == tax
    assert DossierEvent.objects.filter(dossier=dossier, action="transfer").count() == 2


def test_staff_of_the_agency_it_was_handed_to_may_act(
    receive, reception_user, agency, agency_staff
):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    with pytest.raises(PermissionDenied):
        dossier_resolve(dossier=dossier, actor=agency_staff, at=vn(2025, 3, 3, 9, 30))
    dossier_transfer(
        dossier=dossier, actor=reception_user, receiver=agency, at=vn(2025, 3, 3, 10, 0)
    )

    dossier = dossier_resolve(dossier=dossier, actor=agency_staff, at=vn(2025, 3, 4, 9, 0))
    assert dossier.status == S.RESOLVED
    assert last_event(dossier).actor == agency_staff


@pytest.mark.parametrize("who", ["leader", "reform_officer", "stranger"])
def test_others_may_not_act(receive, who, request):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    if who == "stranger":
        from procedures.roles import Role
        from tests.conftest import _user_with_role

        actor = _user_with_role(Role.RECEPTION, username="othercommune")
        DeskFactory(code="000.00.32.H56", staff=[actor])
    else:
        actor = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        dossier_resolve(dossier=dossier, actor=actor)
    assert Dossier.objects.get(pk=dossier.pk).status == S.RECEIVED
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1


def test_an_administrator_may_act(receive, administrator):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    assert dossier_resolve(dossier=dossier, actor=administrator).status == S.RESOLVED


@pytest.mark.parametrize(
    ("resolved_at", "outcome"),
    [
        (vn(2025, 3, 5, 16, 0), Outcome.EARLY),  # before the due date
        (vn(2025, 3, 6, 16, 0), Outcome.ON_TIME),  # on the due date, even after 09:00
        (vn(2025, 3, 7, 8, 0), Outcome.LATE),
    ],
)
def test_the_outcome_compares_dates(receive, reception_user, resolved_at, outcome):
    dossier = receive(vn(2025, 3, 3, 9, 0))  # due Thursday 06/03 09:00
    dossier = dossier_resolve(dossier=dossier, actor=reception_user, at=resolved_at)

    assert (dossier.outcome, dossier.resolved_at) == (outcome, resolved_at)
    returned = dossier_return_result(dossier=dossier, actor=reception_user, at=resolved_at)
    assert returned.status == S.RESULT_RETURNED
    assert returned.returned_at == resolved_at
    assert [e.action for e in returned.events.order_by("at", "id")] == [
        "receive",
        "resolve",
        "return_result",
    ]


def _cases():
    for action, transition in TRANSITIONS.items():
        for status in S:
            if status not in transition.from_statuses:
                yield action, status


@pytest.mark.parametrize(("action", "status"), list(_cases()))
def test_an_action_from_a_wrong_state_is_refused_naming_the_state(
    receive, reception_user, agency, action, status
):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    Dossier.objects.filter(pk=dossier.pk).update(status=status)

    with translation.override("vi"), pytest.raises(DossierActionNotAllowed) as error:
        dossier_act(
            dossier=dossier,
            actor=reception_user,
            action=action,
            note="lý do",
            receiver=agency,
            new_due_at=vn(2025, 3, 20, 9, 0),
        )
    with translation.override("vi"):
        assert str(S(status).label) in error.value.message
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1


def test_rejection_needs_a_reason(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    with pytest.raises(ValidationError):
        dossier_act(dossier=dossier, actor=reception_user, action="reject", note="  ")
    dossier = dossier_act(
        dossier=dossier, actor=reception_user, action="reject", note="Không thuộc thẩm quyền"
    )
    assert (dossier.status, dossier.rejection_reason) == (S.REJECTED, "Không thuộc thẩm quyền")


@pytest.mark.parametrize(
    ("action", "to_status"),
    [("withdraw", S.WITHDRAWN), ("stop", S.STOPPED)],
)
def test_withdraw_and_stop_close_the_dossier(receive, reception_user, action, to_status):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier = dossier_act(dossier=dossier, actor=reception_user, action=action, note="đơn")
    assert dossier.status == to_status
    assert last_event(dossier).note == "đơn"


# Received Monday 03/03/2025 09:00 with 3 working days: due Thursday 06/03 09:00.
# 2025: Sat 26/04 is worked, 30/04-02/05 are off.
@pytest.mark.parametrize(
    ("mode", "received", "requested", "resumed", "expected_due"),
    [
        # One day worked, two left; back on Monday 10/03 09:00.
        ("pause", vn(2025, 3, 3, 9), vn(2025, 3, 4, 9), vn(2025, 3, 10, 9), vn(2025, 3, 12, 9)),
        ("restart", vn(2025, 3, 3, 9), vn(2025, 3, 4, 9), vn(2025, 3, 10, 9), vn(2025, 3, 13, 9)),
        # Back on Friday 14:00: 3 h that day, 8 h Monday, 5 h Tuesday.
        ("pause", vn(2025, 3, 3, 9), vn(2025, 3, 4, 9), vn(2025, 3, 7, 14), vn(2025, 3, 11, 14)),
        ("restart", vn(2025, 3, 3, 9), vn(2025, 3, 4, 9), vn(2025, 3, 7, 14), vn(2025, 3, 12, 14)),
        # Across the 30/04-01/05 holidays and the swapped Friday 02/05.
        ("pause", vn(2025, 4, 24, 9), vn(2025, 4, 25, 9), vn(2025, 4, 29, 9), vn(2025, 5, 6, 9)),
        ("restart", vn(2025, 4, 24, 9), vn(2025, 4, 25, 9), vn(2025, 4, 29, 9), vn(2025, 5, 7, 9)),
        # Requested when already overdue: time that has run out cannot be restarted, so the
        # passed due moment stays in both modes (issue 8).
        ("pause", vn(2025, 3, 3, 9), vn(2025, 3, 7, 9), vn(2025, 3, 10, 9), vn(2025, 3, 6, 9)),
        ("restart", vn(2025, 3, 3, 9), vn(2025, 3, 7, 9), vn(2025, 3, 10, 9), vn(2025, 3, 6, 9)),
    ],
)
def test_the_due_moment_after_a_supplement_follows_the_provinces_mode(
    receive, reception_user, mode, received, requested, resumed, expected_due
):
    CalendarSettings.objects.create(supplement_mode=mode)
    dossier = receive(received)
    due_before = dossier.due_at

    dossier = dossier_request_supplement(
        dossier=dossier, actor=reception_user, note="Thiếu giấy chứng sinh", at=requested
    )
    assert dossier.status == S.SUPPLEMENT_REQUESTED
    assert (dossier.supplement_count, dossier.supplement_requested_at) == (1, requested)
    assert dossier.due_at == due_before  # waiting; nothing moved yet
    assert_clock_invariant(dossier)

    dossier = dossier_resume(dossier=dossier, actor=reception_user, at=resumed)

    assert dossier.status == S.RECEIVED
    assert dossier.due_at == expected_due
    assert_clock_invariant(dossier)
    assert last_event(dossier).due_at == expected_due


def test_a_supplement_after_a_hand_over_resumes_in_process(receive, reception_user, agency):
    CalendarSettings.objects.create(supplement_mode=SupplementMode.PAUSE)
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier_transfer(dossier=dossier, actor=reception_user, receiver=agency)
    dossier_request_supplement(dossier=dossier, actor=reception_user, note="Thiếu")
    dossier = dossier_resume(dossier=dossier, actor=reception_user)
    assert dossier.status == S.IN_PROCESS


def test_a_financial_obligation_stops_the_clock_and_resumes_with_the_time_left(
    receive, reception_user
):
    CalendarSettings.objects.create(supplement_mode=SupplementMode.RESTART)
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier = dossier_act(
        dossier=dossier,
        actor=reception_user,
        action="request_financial_obligation",
        at=vn(2025, 3, 4, 9, 0),
    )
    assert dossier.status == S.FINANCIAL_OBLIGATION_REQUESTED
    dossier = dossier_act(
        dossier=dossier,
        actor=reception_user,
        action="fulfil_financial_obligation",
        at=vn(2025, 3, 10, 9, 0),
    )
    # Always the time left (two days), whatever the supplement mode.
    assert (dossier.status, dossier.due_at) == (S.RECEIVED, vn(2025, 3, 12, 9, 0))
    assert_clock_invariant(dossier)


def test_an_apology_once_when_lateness_is_foreseen_and_it_stays_late(receive, reception_user):
    early = receive(vn(2025, 3, 3, 9, 0))
    early = dossier_resolve(dossier=early, actor=reception_user, at=vn(2025, 3, 4, 9, 0))
    with pytest.raises(DossierActionNotAllowed, match="không trễ hạn cũng không quá hạn"):
        dossier_apologize_reschedule(
            dossier=early,
            actor=reception_user,
            new_due_at=vn(2025, 3, 14, 9, 0),
            at=vn(2025, 3, 5, 9, 0),
        )

    dossier = receive(vn(2025, 3, 3, 9, 0))  # due 06/03 09:00
    new_date = vn(2025, 3, 14, 9, 0)
    dossier = dossier_apologize_reschedule(
        dossier=dossier,
        actor=reception_user,
        new_due_at=new_date,
        note="Chờ xác minh",
        at=vn(2025, 3, 5, 9, 0),  # one working day ahead: in time
    )
    assert dossier.apology_due_at == new_date
    assert dossier.apology_in_time is True
    assert dossier.status == S.RECEIVED
    assert dossier.due_at == vn(2025, 3, 6, 9, 0)
    event = last_event(dossier)
    # The event keeps the legal due moment; the promised date is its own field.
    assert (event.action, event.from_status, event.to_status) == ("apologize_reschedule", 2, 2)
    assert (event.due_at, event.new_due_at) == (vn(2025, 3, 6, 9, 0), new_date)

    with pytest.raises(DossierActionNotAllowed, match="đã có phiếu xin lỗi"):
        dossier_apologize_reschedule(
            dossier=dossier, actor=reception_user, new_due_at=vn(2025, 3, 20, 9, 0)
        )
    dossier = dossier_resolve(dossier=dossier, actor=reception_user, at=vn(2025, 3, 13, 9, 0))
    assert dossier.outcome == Outcome.LATE


def test_an_apology_for_a_dossier_resolved_late(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier = dossier_resolve(dossier=dossier, actor=reception_user, at=vn(2025, 3, 7, 9, 0))
    dossier = dossier_apologize_reschedule(
        dossier=dossier,
        actor=reception_user,
        new_due_at=vn(2025, 3, 10, 9, 0),
        at=vn(2025, 3, 7, 10, 0),
    )
    assert (dossier.status, dossier.outcome) == (S.RESOLVED, Outcome.LATE)


def test_events_are_immutable(receive):
    event = DossierEvent.objects.get(dossier=receive(vn(2025, 3, 3, 9, 0)))
    event.note = "sửa"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
# Follow-up work (roll-ups) runs in the acting thread: the real worker would still be reading
# these rows while the test database is truncated at teardown, and the two deadlock.
@pytest.mark.usefixtures("celery_eager")
def test_two_staff_acting_at_once_one_wins_the_other_is_refused(
    receive, reception_user, administrator
):
    from django.db import connections

    dossier = receive(vn(2025, 3, 3, 9, 0))
    results, barrier = [], threading.Barrier(2)

    def act(actor, action):
        try:
            barrier.wait()
            dossier_act(dossier=dossier, actor=actor, action=action, note="x", at=vn(2025, 3, 4, 9))
            results.append(("ok", action))
        except DossierActionNotAllowed as error:
            results.append(("409", error.message))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(reception_user, "resolve")),
        threading.Thread(target=act, args=(administrator, "request_supplement")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(kind for kind, _ in results) == ["409", "ok"]
    dossier.refresh_from_db()
    winner = next(action for kind, action in results if kind == "ok")
    assert last_event(dossier).action == winner
    # The receipt and the winner's action: no event lost, none doubled.
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("reject", S.REJECTED),
        ("withdraw", S.WITHDRAWN),
        ("stop", S.STOPPED),
        ("resolve", S.RESOLVED),
    ],
)
def test_closing_actions_record_the_closing_moment(receive, reception_user, action, status):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier = dossier_act(
        dossier=dossier, actor=reception_user, action=action, note="lý do", at=vn(2025, 3, 4, 9)
    )
    assert (dossier.status, dossier.closed_at) == (status, vn(2025, 3, 4, 9, 0))
    assert Dossier.objects.get(pk=dossier.pk).closed_at == vn(2025, 3, 4, 9, 0)


def test_returning_the_result_keeps_the_closing_moment_of_the_resolution(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier_resolve(dossier=dossier, actor=reception_user, at=vn(2025, 3, 4, 9, 0))
    dossier = dossier_return_result(dossier=dossier, actor=reception_user, at=vn(2025, 3, 5, 9))
    assert (dossier.closed_at, dossier.returned_at) == (vn(2025, 3, 4, 9), vn(2025, 3, 5, 9))


@pytest.mark.parametrize(
    ("mode", "requested", "overdue_while_waiting", "overdue_after"),
    [
        # Asked in time: not overdue while waiting, nor after (the due moment moved).
        ("pause", vn(2025, 3, 4, 9), False, False),
        # Asked when its time had run out: overdue while waiting and after, in both modes (time
        # that has run out cannot be restarted).
        ("pause", vn(2025, 3, 7, 9), True, True),
        ("restart", vn(2025, 3, 7, 9), True, True),
    ],
)
def test_a_dossier_overdue_when_its_clock_stops_stays_overdue_while_waiting(
    receive, reception_user, mode, requested, overdue_while_waiting, overdue_after
):
    CalendarSettings.objects.create(supplement_mode=mode)
    dossier = receive(vn(2025, 3, 3, 9, 0))  # due 06/03 09:00
    dossier = dossier_request_supplement(
        dossier=dossier, actor=reception_user, note="Thiếu", at=requested
    )
    assert Dossier.objects.get(pk=dossier.pk).is_overdue is overdue_while_waiting

    dossier = dossier_resume(dossier=dossier, actor=reception_user, at=vn(2025, 3, 10, 9))
    assert Dossier.objects.get(pk=dossier.pk).is_overdue is overdue_after
    assert_clock_invariant(dossier)


def test_a_dossier_registered_online_starts_its_clock_when_the_desk_receives_it(
    receive, reception_user
):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    Dossier.objects.filter(pk=dossier.pk).update(status=S.REGISTERED_ONLINE)

    dossier = dossier_act(
        dossier=dossier, actor=reception_user, action="receive_online", at=vn(2025, 3, 5, 14)
    )

    # The full three days from Wednesday 14:00: Monday 14:00.
    assert (dossier.status, dossier.due_at) == (S.RECEIVED, vn(2025, 3, 10, 14, 0))
    assert_clock_invariant(dossier)
    event = last_event(dossier)
    assert (event.action, event.from_status, event.to_status) == ("receive_online", 1, 2)
