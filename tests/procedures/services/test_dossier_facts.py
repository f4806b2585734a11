"""The national portal's confirmations and the citizen's rating (issue 19)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from procedures.choices import SATISFIED_MIN, RatingChannel
from procedures.models import DossierRating, NationalSyncConfirmation
from procedures.selectors.dossiers import dossiers_national_sync_pending
from procedures.services.dossier_facts import (
    AlreadyRated,
    dossier_national_sync_confirm,
    dossier_rate,
)
from procedures.services.dossiers import dossier_resolve
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


def test_a_confirmation_is_kept_once_per_status(receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    first, created = dossier_national_sync_confirm(
        dossier=dossier, status=2, confirmed_at=vn(2025, 3, 3, 9, 5)
    )
    again, created_again = dossier_national_sync_confirm(
        dossier=dossier, status=2, confirmed_at=vn(2025, 3, 3, 9, 30)
    )

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.confirmed_at == vn(2025, 3, 3, 9, 5)
    assert NationalSyncConfirmation.objects.count() == 1
    dossier.refresh_from_db()
    assert (dossier.national_synced_status, dossier.national_synced_at) == (2, vn(2025, 3, 3, 9, 5))


def test_a_status_the_dossier_never_had_is_refused_by_name(receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    with pytest.raises(ValidationError) as error:
        dossier_national_sync_confirm(dossier=dossier, status=9, confirmed_at=vn(2025, 3, 3, 10))
    message = " ".join(error.value.message_dict["status"])
    assert dossier.code in message and "9" in message
    assert not NationalSyncConfirmation.objects.exists()


def test_the_dossier_keeps_the_latest_confirmation_whatever_the_order(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier_resolve(dossier=dossier, actor=reception_user, at=vn(2025, 3, 4, 9, 0))
    dossier_national_sync_confirm(dossier=dossier, status=9, confirmed_at=vn(2025, 3, 4, 9, 5))
    dossier_national_sync_confirm(dossier=dossier, status=2, confirmed_at=vn(2025, 3, 3, 9, 5))

    dossier.refresh_from_db()
    assert (dossier.national_synced_status, dossier.national_synced_at) == (9, vn(2025, 3, 4, 9, 5))


def test_pending_are_the_dossiers_whose_current_status_is_not_confirmed(receive, reception_user):
    synced = receive(vn(2025, 3, 3, 9, 0))
    dossier_national_sync_confirm(dossier=synced, status=2, confirmed_at=vn(2025, 3, 3, 9, 1))
    moved_on = receive(vn(2025, 3, 3, 9, 10))
    dossier_national_sync_confirm(dossier=moved_on, status=2, confirmed_at=vn(2025, 3, 3, 9, 11))
    dossier_resolve(dossier=moved_on, actor=reception_user, at=vn(2025, 3, 4, 9, 0))
    never = receive(vn(2025, 3, 3, 9, 20))

    pending = set(dossiers_national_sync_pending().values_list("code", flat=True))
    assert pending == {moved_on.code, never.code}


def _resolved(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    return dossier_resolve(dossier=dossier, actor=reception_user, at=vn(2025, 3, 4, 9, 0))


def test_a_resolved_dossier_is_rated_once(receive, reception_user):
    dossier = _resolved(receive, reception_user)
    answers = {"overall": 5, "on_time": 4, "attitude": 5, "returns_count": 0}
    rating = dossier_rate(dossier=dossier, channel=RatingChannel.LOOKUP, **answers)

    assert rating.overall >= SATISFIED_MIN
    with pytest.raises(AlreadyRated):
        dossier_rate(dossier=dossier, channel=RatingChannel.TABLET, **answers | {"overall": 1})
    assert DossierRating.objects.get().overall == 5


def test_no_rating_before_the_result(receive):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    with pytest.raises(ValidationError):
        dossier_rate(
            dossier=dossier,
            channel=RatingChannel.LOOKUP,
            overall=5,
            on_time=5,
            attitude=5,
            returns_count=0,
        )


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"overall": 6}, "overall"),
        ({"on_time": 0}, "on_time"),
        ({"attitude": None}, "attitude"),
        ({"returns_count": 3}, "returns_count"),
    ],
)
def test_answers_off_the_scale_are_refused_by_field(receive, reception_user, answers, field):
    dossier = _resolved(receive, reception_user)
    valid = {"overall": 5, "on_time": 4, "attitude": 5, "returns_count": 0}
    with pytest.raises(ValidationError) as error:
        dossier_rate(dossier=dossier, channel=RatingChannel.LOOKUP, **valid | answers)
    assert list(error.value.message_dict) == [field]


@pytest.mark.parametrize(
    ("electronic", "digitised", "stored"),
    [(True, None, (True, True)), (False, True, (False, True)), (None, None, (None, None))],
)
def test_the_resolution_records_the_electronic_result(
    receive, reception_user, electronic, digitised, stored
):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier_resolve(
        dossier=dossier,
        actor=reception_user,
        at=vn(2025, 3, 3, 9, 0) + timedelta(days=1),
        electronic_result=electronic,
        result_digitised=digitised,
    )
    dossier.refresh_from_db()
    assert (dossier.electronic_result, dossier.result_digitised) == stored
