"""Applying a time review: its applied times become the procedures' locally applied times from
an effective date, as new versions recorded as coming from the review; history stays exact."""

from datetime import date
from decimal import Decimal

import pytest

from procedures.choices import ChangeKind, ProcedureStatus
from procedures.models import ProcedureVersion, TimeReview
from procedures.problems import Refused
from procedures.selectors.catalogue import procedure_history, procedure_version_at
from procedures.services.decisions import decision_apply, decision_create
from procedures.services.reviews import time_review_apply, time_review_create, time_review_delete
from tests.catalogue_data import decision_kwargs, line
from tests.factories import ProcedureFactory, ProcedureVersionFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db

REVIEWED = date(2017, 6, 1)
EFFECTIVE = date(2017, 7, 1)


@pytest.fixture
def procedures():
    """1.000001: 10 days; 1.000002: 6 days; 1.000003: 8 days (already cut to 6 locally)."""
    versions = {}
    for code, days, applied in (
        ("1.000001", 10, None),
        ("1.000002", 6, None),
        ("1.000003", 8, Decimal("6")),
    ):
        versions[code] = ProcedureVersionFactory(
            procedure=ProcedureFactory(code=code),
            processing_time_value=Decimal(days),
            applied_time_value=applied,
            decision_number="100/QĐ-UBND",
        )
    return versions


def _review(items, reviewed_on=REVIEWED, **kwargs):
    return time_review_create(
        plan_number="22/KH-UBND",
        reviewed_on=reviewed_on,
        items=[{"procedure_code": code, "applied_time_value": value} for code, value in items],
        **kwargs,
    )


def _times_on(day: date) -> dict:
    return {
        version.procedure.code: (version.processing_time_value, version.effective_time_value)
        for version in ProcedureVersion.objects.filter(
            valid_from__lte=day, status=ProcedureStatus.IN_FORCE
        ).exclude(superseded_on__lte=day)
    }


def test_applied_times_become_the_catalogue_times_from_the_effective_date(
    procedures, reform_officer
):
    review = _review([("1.000001", "5"), ("1.000002", "6"), ("1.000003", "4")])

    applied = time_review_apply(review=review, effective_on=EFFECTIVE, user=reform_officer)

    # 1.000002 is not cut and was not reduced before: nothing to change there.
    assert (applied.changed, applied.unchanged, applied.effective_on) == (2, 1, EFFECTIVE)
    assert _times_on(date(2017, 6, 30)) == {
        "1.000001": (Decimal("10"), Decimal("10")),
        "1.000002": (Decimal("6"), Decimal("6")),
        "1.000003": (Decimal("8"), Decimal("6")),
    }
    assert _times_on(EFFECTIVE) == {
        "1.000001": (Decimal("10"), Decimal("5")),
        "1.000002": (Decimal("6"), Decimal("6")),
        "1.000003": (Decimal("8"), Decimal("4")),
    }
    review.refresh_from_db()
    assert review.effective_on == EFFECTIVE
    assert review.applied_by == reform_officer
    new = ProcedureVersion.objects.get(procedure__code="1.000001", valid_from=EFFECTIVE)
    assert new.change_kind == ChangeKind.REVIEW
    assert new.time_review_item.review == review
    assert new.decision_number == "100/QĐ-UBND"  # still the announcing decision's record
    assert new.published_on is None  # a change to publish in the national database


@pytest.mark.parametrize(
    ("received", "days"),
    [
        (vn(2017, 6, 30, 16, 59), Decimal("10")),
        (vn(2017, 7, 1, 0, 0), Decimal("5")),
        (vn(2017, 7, 3, 9, 0), Decimal("5")),
    ],
)
def test_the_time_that_applied_to_a_dossier_received_at_a_moment_stays_exact(
    procedures, received, days
):
    time_review_apply(review=_review([("1.000001", "5")]), effective_on=EFFECTIVE)

    version = procedure_version_at(procedure=procedures["1.000001"].procedure, at=received)

    assert version.effective_time_value == days


def test_a_dossier_received_after_the_review_is_due_sooner(receive, birth_registration):
    # Đăng ký khai sinh: 3 working days, cut to 1 from Monday 10/03/2025.
    review = time_review_create(
        plan_number="05/KH-UBND",
        reviewed_on=date(2025, 3, 1),
        items=[{"procedure_code": "1.001193", "applied_time_value": "1"}],
    )
    time_review_apply(review=review, effective_on=date(2025, 3, 10))

    before = receive(vn(2025, 3, 7, 9, 0))
    after = receive(vn(2025, 3, 10, 9, 0))

    assert before.due_at == vn(2025, 3, 12, 9, 0)
    assert after.due_at == vn(2025, 3, 11, 9, 0)


def test_the_history_shows_the_review_version_and_its_applied_time(procedures):
    review = _review([("1.000001", "3")])
    time_review_apply(review=review)  # from the review's own date

    history = procedure_history(procedure=procedures["1.000001"].procedure)

    assert [(v.valid_from, v.change_kind) for v in history] == [
        (date(2016, 1, 1), ChangeKind.NEW),
        (REVIEWED, ChangeKind.REVIEW),
    ]
    assert [(c["field"], c["before"], c["after"]) for c in history[1].changed_fields] == [
        ("applied_time_value", None, Decimal("3.00"))
    ]


def test_a_review_contradicting_the_catalogue_is_refused_naming_every_procedure(procedures):
    # After the review, a decision changes 1.000001's legal time and abolishes 1.000002.
    review = _review([("1.000001", "5"), ("1.000002", "3"), ("1.000003", "4")])
    decision = decision_create(
        **decision_kwargs(effective_on=date(2017, 6, 15)),
        lines=[
            line("amended", "1.000001", {"processing_time_value": "12"}),
            line("abolished", "1.000002"),
        ],
    )
    decision_apply(decision=decision)
    count = ProcedureVersion.objects.count()

    with pytest.raises(Refused) as refused:
        time_review_apply(review=review, effective_on=EFFECTIVE)

    assert refused.value.conflict
    assert [(p.code, p.message) for p in refused.value.problems] == [
        (
            "1.000001",
            "Đợt rà soát lấy thời hạn theo quy định là 10 ngày làm việc nhưng danh mục ghi "
            "12 ngày làm việc vào ngày 01/07/2017 (quyết định 2061/QĐ-UBND): hãy ghi nhận lại "
            "kết quả rà soát theo thời hạn đó.",
        ),
        ("1.000002", "1.000002 đã bị bãi bỏ từ ngày 15/06/2017 (quyết định 2061/QĐ-UBND)."),
    ]
    assert ProcedureVersion.objects.count() == count
    review.refresh_from_db()
    assert review.applied_at is None


def test_a_procedure_changed_later_or_on_that_day_is_refused(procedures):
    review = _review([("1.000001", "5"), ("1.000003", "4")])
    decision = decision_create(
        **decision_kwargs(effective_on=EFFECTIVE),
        lines=[
            line("amended", "1.000001", {"fees": "10.000 đồng"}),
            line("amended", "1.000003", {"fees": "20.000 đồng"}),
        ],
    )
    decision_apply(decision=decision)

    with pytest.raises(Refused) as early:
        time_review_apply(review=review, effective_on=date(2017, 6, 20))
    with pytest.raises(Refused) as same_day:
        time_review_apply(review=review, effective_on=EFFECTIVE)

    assert [p.message for p in early.value.problems] == [
        f"{code} đã có phiên bản sau từ ngày 01/07/2017: hãy áp dụng kết quả rà soát từ ngày "
        "đó trở về sau."
        for code in ("1.000001", "1.000003")
    ]
    assert [p.code for p in same_day.value.problems] == ["1.000001", "1.000003"]
    # From the day after, the review applies on top of the amended record.
    time_review_apply(review=review, effective_on=date(2017, 7, 2))
    version = procedure_version_at(procedure=procedures["1.000001"].procedure, at=date(2017, 7, 2))
    assert (version.fees, version.effective_time_value) == ("10.000 đồng", Decimal("5"))


def test_a_review_applies_once_and_not_before_its_date(procedures):
    review = _review([("1.000001", "5")])

    with pytest.raises(Refused) as too_early:
        time_review_apply(review=review, effective_on=date(2017, 5, 31))
    time_review_apply(review=review)
    with pytest.raises(Refused) as twice:
        time_review_apply(review=review)

    assert too_early.value.problems[0].column == "effective_on"
    assert not too_early.value.conflict
    assert twice.value.conflict
    assert twice.value.problems[0].message == (
        "Kết quả rà soát 22/KH-UBND đã được áp dụng từ ngày 01/06/2017."
    )


def test_only_an_unapplied_review_can_be_deleted(procedures):
    kept, dropped = _review([("1.000001", "5")]), _review([("1.000002", "3")])
    time_review_apply(review=kept)

    time_review_delete(review=dropped)
    with pytest.raises(Refused):
        time_review_delete(review=kept)

    assert list(TimeReview.objects.all()) == [kept]


def test_a_review_in_another_unit_needs_its_legal_time(procedures):
    with pytest.raises(Refused) as refused:
        time_review_create(
            plan_number="22/KH-UBND",
            reviewed_on=REVIEWED,
            items=[{"procedure_code": "1.000001", "applied_time_value": "4", "time_unit": "hours"}],
        )
    assert [(p.line, p.column) for p in refused.value.problems] == [(1, "legal_time_value")]
    assert refused.value.problems[0].message == (
        "Danh mục tính thời hạn của thủ tục này bằng ngày làm việc: hãy ghi cả thời hạn theo "
        "quy định."
    )


def test_a_review_cannot_lengthen_a_time_already_cut(procedures):
    # 1.000003: 8 days by law, 6 applied locally since an earlier reduction.
    review = _review([("1.000003", "7"), ("1.000001", "5")])

    with pytest.raises(Refused) as refused:
        time_review_apply(review=review)

    assert [(p.code, p.message) for p in refused.value.problems] == [
        (
            "1.000003",
            "Thời hạn áp dụng theo kết quả rà soát (7 ngày làm việc) dài hơn thời hạn danh mục "
            "đang áp dụng (6 ngày làm việc): rà soát không thể kéo dài thời hạn.",
        )
    ]
    assert not ProcedureVersion.objects.filter(change_kind=ChangeKind.REVIEW).exists()
