"""Existing dossiers stored under the clock's earlier readings are brought to issue 18's rules by
the recomputation (``manage.py recompute_dossier_verdicts``): each history run live under the
rules of today, its row set back to what the earlier rules stored, then recomputed."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from procedures.choices import DossierStatus, Outcome, SupplementMode, TimeUnit
from procedures.models import CalendarSettings, Dossier, DossierEvent, InterconnectedStep
from procedures.services.dossiers import dossier_act
from procedures.services.dossiers.verdicts import dossier_verdicts_recompute
from tests.factories import UnitFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db
NOW = vn(2025, 9, 20, 9, 0)
FIELDS = (
    "due_at",
    "clock_ran_out",
    "is_overdue",
    "outcome",
    "late_766",
    "late_agency_id",
    "apology_in_time",
)


def act(dossier, user, action, at, **kwargs):
    if action == "request_supplement":
        kwargs.setdefault("note", "Thiếu giấy")
    return dossier_act(dossier=dossier, actor=user, action=action, at=at, **kwargs)


def stored(dossier):
    dossier.refresh_from_db()
    return {name: getattr(dossier, name) for name in FIELDS}


def due_day_request(receive, user, **_):
    """Point 1, pause mode: asked for papers at 14:00 on the due day (due 09:00)."""
    dossier = receive(vn(2025, 3, 3, 9, 0))
    act(dossier, user, "request_supplement", vn(2025, 3, 6, 14, 0))
    act(dossier, user, "resume", vn(2025, 3, 10, 9, 0))
    dossier = act(dossier, user, "resolve", vn(2025, 3, 10, 15, 0))
    assert dossier.outcome == Outcome.ON_TIME
    return dossier, {
        "clock_ran_out": True,
        "due_at": vn(2025, 3, 6, 9, 0),
        "outcome": Outcome.LATE,
        "late_766": True,
    }


def apology_while_waiting(receive, user, **_):
    """Point 2: an apology recorded while the clock waited with time left."""
    dossier = receive(vn(2025, 3, 3, 9, 0))
    act(dossier, user, "request_supplement", vn(2025, 3, 4, 9, 0))
    DossierEvent.objects.create(
        dossier=dossier,
        action="apologize_reschedule",
        from_status=DossierStatus.SUPPLEMENT_REQUESTED,
        to_status=DossierStatus.SUPPLEMENT_REQUESTED,
        at=vn(2025, 3, 4, 10, 0),
        new_due_at=vn(2025, 3, 7, 17, 0),
    )
    act(dossier, user, "resume", vn(2025, 3, 10, 9, 0))
    dossier = act(dossier, user, "resolve", vn(2025, 3, 11, 9, 0))
    Dossier.objects.filter(pk=dossier.pk).update(apology_due_at=vn(2025, 3, 7, 17, 0))
    return dossier, {"apology_in_time": True}


def held_twice(receive, user, commune, birth_registration, **_):
    """Point 4: the commune held the dossier twice, 6 days against its 4."""
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
    dossier = receive(vn(2025, 3, 3, 7, 0))
    for at, unit in (
        (vn(2025, 3, 6, 7, 0), police),
        (vn(2025, 3, 6, 11, 0), commune),
        (vn(2025, 3, 11, 11, 0), police),
        (vn(2025, 3, 17, 17, 0), commune),
    ):
        act(dossier, user, "transfer", at, receiver=unit)
    dossier = act(dossier, user, "resolve", vn(2025, 3, 18, 7, 0))
    assert dossier.late_agency == commune
    return dossier, {"late_agency_id": None}


def calendar_days_pause(receive, user, birth_registration, **_):
    """Point 5: 15 calendar days, five calendar days waited over the 1–2/9 holiday."""
    birth_registration.processing_time_value = Decimal("15")
    birth_registration.processing_time_unit = TimeUnit.CALENDAR_DAYS
    birth_registration.save()
    dossier = receive(vn(2025, 8, 25, 8, 0))
    act(dossier, user, "request_supplement", vn(2025, 8, 29, 17, 0))
    dossier = act(dossier, user, "resume", vn(2025, 9, 3, 7, 0))
    assert dossier.due_at == vn(2025, 9, 15, 17, 0)
    return dossier, {"due_at": vn(2025, 9, 9, 17, 0), "is_overdue": True}


@pytest.mark.parametrize(
    "history", [due_day_request, apology_while_waiting, held_twice, calendar_days_pause]
)
def test_the_recomputation_stores_what_the_rules_give_now(
    receive, reception_user, commune, birth_registration, history
):
    CalendarSettings.objects.create(supplement_mode=SupplementMode.PAUSE)
    dossier, earlier = history(
        receive, reception_user, commune=commune, birth_registration=birth_registration
    )
    Dossier.objects.filter(pk=dossier.pk).update(is_overdue=False)  # the watch's, at NOW
    expected = stored(dossier) | {"is_overdue": False}
    if dossier.is_open:
        expected["is_overdue"] = dossier.due_at < vn(2025, 9, 20, 0, 0)
    if history is apology_while_waiting:
        expected["apology_in_time"] = None  # no due date to judge it against while waiting
    Dossier.objects.filter(pk=dossier.pk).update(**earlier)

    assert dossier_verdicts_recompute(now=NOW) == (1, 1)
    assert stored(dossier) == expected
    assert dossier_verdicts_recompute(now=NOW) == (1, 0)  # idempotent


def test_a_dossier_without_a_history_the_rules_read_is_left_alone(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    act(dossier, reception_user, "resolve", vn(2025, 3, 4, 9, 0))
    out = StringIO()
    call_command("recompute_dossier_verdicts", stdout=out)
    assert out.getvalue().strip() == "0 hồ sơ được tính lại, 0 thay đổi."
    assert Dossier.objects.get(pk=dossier.pk).due_at - dossier.received_at == timedelta(days=3)
