"""Issue 12: a procedure with no time limit ("Không quy định") or a time to be completed (a bare
number in the portal's record) is received; its dossier has no due date, is never overdue, has
no outcome, and stays out of the on-time statistics (counted apart)."""

from datetime import date

import pytest

from procedures.choices import Outcome, TimeUnit
from procedures.models import Dossier
from procedures.selectors.dossiers import (
    dossier_allowed_actions,
    dossier_due_text,
    dossiers_overdue,
)
from procedures.selectors.statistics import dossier_statistics
from procedures.services.catalogue import procedure_version_correct
from procedures.services.dossiers import (
    DossierActionNotAllowed,
    dossier_apologize_reschedule,
    dossier_request_supplement,
    dossier_resolve,
    dossier_resume,
    dossier_transfer,
    dossiers_mark_overdue,
)
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[(TimeUnit.NONE, ""), (TimeUnit.TO_COMPLETE, "120")])
def untimed(request, birth_registration):
    unit, text = request.param
    birth_registration.processing_time_value = None
    birth_registration.processing_time_unit = unit
    birth_registration.processing_time_text = text
    birth_registration.save()
    return unit


@pytest.mark.parametrize(
    ("unit", "printed"),
    [
        (TimeUnit.NONE, "Không quy định thời hạn"),
        (TimeUnit.TO_COMPLETE, "Thời hạn chưa được công bố đầy đủ"),
    ],
)
def test_intake_receives_it_without_a_due_date_and_says_why(
    receive, birth_registration, unit, printed
):
    birth_registration.processing_time_value = None
    birth_registration.processing_time_unit = unit
    birth_registration.save()
    dossier = receive(vn(2025, 3, 3, 9, 0))
    assert dossier.code == "000.00.31.H56-250303-0001"
    assert (dossier.due_at, dossier.clock_work) == (None, None)
    assert dossier_due_text(dossier) == printed


def test_it_is_never_overdue_and_resolves_with_no_outcome(untimed, receive, reception_user, agency):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    years_later = vn(2027, 3, 3, 9, 0)
    assert not dossiers_overdue(at=years_later).exists()
    assert dossiers_mark_overdue(at=years_later) == 0

    # Every action of the flow still works on it.
    dossier = dossier_transfer(
        dossier=dossier, actor=reception_user, receiver=agency, at=vn(2025, 3, 4, 9, 0)
    )
    dossier = dossier_request_supplement(
        dossier=dossier, actor=reception_user, note="Thiếu tờ khai", at=vn(2025, 3, 5, 9, 0)
    )
    dossier = dossier_resume(dossier=dossier, actor=reception_user, at=vn(2025, 3, 6, 9, 0))
    assert dossier.due_at is None
    # No date to be late against: no apology is offered, nor accepted.
    assert "apologize_reschedule" not in dossier_allowed_actions(
        dossier=dossier, user=reception_user, at=vn(2025, 3, 6, 10, 0)
    )
    with pytest.raises(DossierActionNotAllowed):
        dossier_apologize_reschedule(
            dossier=dossier,
            actor=reception_user,
            new_due_at=vn(2025, 4, 1, 9, 0),
            at=vn(2025, 3, 6, 10, 0),
        )
    dossier = dossier_resolve(dossier=dossier, actor=reception_user, at=vn(2026, 3, 3, 9, 0))
    dossier.refresh_from_db()
    assert dossier.outcome is None
    assert dossier.outcome not in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)
    assert dossier.is_overdue is False
    assert dossier.late_766 is None  # outside Decision 766's counts too


def test_statistics_count_it_apart_and_the_identity_holds(
    receive, birth_registration, reception_user
):
    """Two timed dossiers (one resolved late, one open) and two without a time limit (one
    resolved, one open), in March 2025: the form's columns count the first two only."""
    late = receive(vn(2025, 3, 3, 9, 0))
    receive(vn(2025, 3, 4, 9, 0))
    dossier_resolve(dossier=late, actor=reception_user, at=vn(2025, 3, 20, 9, 0))
    birth_registration.processing_time_value = None
    birth_registration.processing_time_unit = TimeUnit.NONE
    birth_registration.save()
    untimed = receive(vn(2025, 3, 5, 9, 0))
    receive(vn(2025, 3, 6, 9, 0))
    dossier_resolve(dossier=untimed, actor=reception_user, at=vn(2025, 3, 7, 9, 0))
    assert Dossier.objects.filter(due_at__isnull=True).count() == 2

    stats = dossier_statistics(
        date_from=date(2025, 3, 1), date_to=date(2025, 3, 31), group_by=["desk"], source="direct"
    )
    (row,) = stats.rows
    for figures in (row, stats.totals):
        assert figures["received_total"] == figures["received_new"] == 2
        assert figures["resolved_total"] == figures["resolved_late"] == 1
        assert figures["in_progress_total"] == figures["in_progress_overdue"] == 1
        assert figures["no_time_limit"] == 2
        assert figures["received_total"] == (
            figures["resolved_total"]
            + figures["in_progress_total"]
            + figures["rejected"]
            + figures["withdrawn"]
            + figures["stopped"]
        )
    assert stats.checks == []
    # The next month: the open one without a time limit is not carried over either.
    april = dossier_statistics(date_from=date(2025, 4, 1), date_to=date(2025, 4, 30))
    assert april.totals["received_carried_over"] == 1
    assert april.totals["no_time_limit"] == 0


def test_a_time_completed_later_gives_a_due_date_only_to_dossiers_received_after(
    receive, birth_registration, reception_user
):
    """The time that applied at receipt counts (the version in force then): a dossier received
    while the time was to be completed keeps none when a reform officer completes it, whatever
    happens to it later (a restart after a supplement included)."""
    birth_registration.processing_time_value = None
    birth_registration.processing_time_unit = TimeUnit.TO_COMPLETE
    birth_registration.processing_time_text = "3"
    birth_registration.valid_from = date(2025, 1, 1)
    birth_registration.save()
    before = receive(vn(2025, 3, 3, 9, 0))
    procedure_version_correct(
        procedure=birth_registration.procedure,
        changes={"processing_time_value": "3", "processing_time_unit": TimeUnit.DAYS},
        note="Bổ sung thời hạn theo Quyết định công bố",
        valid_from=date(2025, 3, 10),
    )
    after = receive(vn(2025, 3, 10, 9, 0))
    assert before.due_at is None
    assert after.due_at == vn(2025, 3, 13, 9, 0)
    dossier_request_supplement(
        dossier=before, actor=reception_user, note="Thiếu tờ khai", at=vn(2025, 3, 11, 9, 0)
    )
    before = dossier_resume(dossier=before, actor=reception_user, at=vn(2025, 3, 12, 9, 0))
    assert before.due_at is None
