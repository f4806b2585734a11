"""Các bước liên thông wherever a version is made: entering and applying a decision (all or
nothing, errors naming the line and the step), an administrator's correction and a time review
(the steps of the version before are copied)."""

from datetime import date
from decimal import Decimal

import pytest

from procedures.choices import TimeUnit
from procedures.models import InterconnectedStep, Procedure, ProcedureVersion
from procedures.problems import Refused
from procedures.selectors.catalogue import procedure_history, version_steps_text
from procedures.services.catalogue import procedure_version_correct
from procedures.services.decisions import decision_apply, decision_create
from procedures.services.reviews import time_review_apply, time_review_create
from tests.catalogue_data import decision_kwargs, line, new_record
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

DAY = date(2017, 3, 1)
STEPS = "UBND xã Long Đức 3 ngày làm việc → Công an huyện Long Thành 5 ngày làm việc"


@pytest.fixture
def agencies():
    return (
        UnitFactory(name="UBND xã Long Đức", code="X1"),
        UnitFactory(name="Công an huyện Long Thành", code="CA1"),
    )


def _land(**fields):
    fields = {"interconnected_steps": STEPS, **fields}
    return new_record(
        "Đăng ký đất đai lần đầu", processing_time_value="10", is_interconnected=True, **fields
    )


def _steps(code: str, day: date = DAY) -> list[tuple]:
    version = ProcedureVersion.objects.get(procedure__code=code, valid_from=day)
    return list(
        InterconnectedStep.objects.filter(version=version)
        .order_by("position")
        .values_list("agency__code", "share_value", "share_unit")
    )


def test_a_decision_line_gives_the_new_version_its_agencies_and_shares(agencies):
    decision = decision_create(**decision_kwargs(), lines=[line("new", "1.003003", _land())])
    decision_apply(decision=decision)

    assert _steps("1.003003") == [
        ("X1", Decimal("3"), TimeUnit.DAYS),
        ("CA1", Decimal("5"), TimeUnit.DAYS),
    ]
    version = ProcedureVersion.objects.get(procedure__code="1.003003")
    assert version_steps_text(version) == (
        "UBND xã Long Đức 3 Ngày làm việc → Công an huyện Long Thành 5 Ngày làm việc"
    )


@pytest.mark.parametrize(
    ("steps", "line_number", "words"),
    [
        # An agency no unit is named on the effective date: the step is named.
        ("UBND xã Không Có 3 ngày làm việc → Công an huyện Long Thành 5 ngày", 2, "Bước 1"),
        # A step without its time.
        ("UBND xã Long Đức 3 ngày làm việc → Công an huyện Long Thành", 2, "Bước 2"),
        # Shares adding up to more than the processing time (10 days).
        ("UBND xã Long Đức 6 ngày làm việc → Công an huyện Long Thành 5 ngày làm việc", 2, "10"),
    ],
)
def test_a_decision_with_bad_steps_is_refused_naming_line_and_step(
    agencies, steps, line_number, words
):
    with pytest.raises(Refused) as refused:
        decision_create(
            **decision_kwargs(),
            lines=[
                line("new", "1.001193", new_record()),
                line("new", "1.003003", _land(interconnected_steps=steps)),
            ],
        )
    problems = [p for p in refused.value.problems if p.column == "interconnected_steps"]
    assert problems and {p.line for p in problems} == {line_number}
    assert any(words in p.message for p in problems)
    assert not Procedure.objects.exists()  # all or nothing


def test_steps_on_a_procedure_not_announced_as_interconnected_are_refused_on_entry(agencies):
    record = new_record(
        "Đăng ký đất đai lần đầu", interconnected_steps="UBND xã Long Đức 1 ngày làm việc"
    )
    with pytest.raises(Refused) as refused:
        decision_create(**decision_kwargs(), lines=[line("new", "1.003003", record)])
    [problem] = refused.value.problems
    assert (problem.line, problem.column) == (1, "interconnected_steps")
    assert "không liên thông" in problem.message


def test_an_amendment_whose_steps_no_longer_fit_is_refused_on_applying(agencies):
    decision_apply(
        decision=decision_create(**decision_kwargs(), lines=[line("new", "1.003003", _land())])
    )
    # The amendment announces steps but not the time: checked against the catalogue's 10 days
    # cut to 6 by the same line's applied time.
    amendment = decision_create(
        **decision_kwargs(number="9/QĐ-UBND", effective_on=date(2018, 1, 1)),
        lines=[
            line(
                "amended",
                "1.003003",
                {
                    "interconnected_steps": (
                        "UBND xã Long Đức 4 ngày làm việc → "
                        "Công an huyện Long Thành 5 ngày làm việc"
                    ),
                    "applied_time_value": "6",
                },
            )
        ],
    )
    with pytest.raises(Refused) as refused:
        decision_apply(decision=amendment)
    assert [(p.line, p.column) for p in refused.value.problems] == [(1, "interconnected_steps")]
    assert ProcedureVersion.objects.filter(procedure__code="1.003003").count() == 1


def test_an_amendment_that_does_not_restate_the_steps_keeps_them(agencies):
    decision_apply(
        decision=decision_create(**decision_kwargs(), lines=[line("new", "1.003003", _land())])
    )
    decision_apply(
        decision=decision_create(
            **decision_kwargs(number="9/QĐ-UBND", effective_on=date(2018, 1, 1)),
            lines=[line("amended", "1.003003", {"fees": "100.000 đồng"})],
        )
    )
    assert _steps("1.003003", date(2018, 1, 1)) == _steps("1.003003")


def test_a_time_review_copies_the_steps_with_their_announced_shares(agencies):
    decision_apply(
        decision=decision_create(**decision_kwargs(), lines=[line("new", "1.003003", _land())])
    )
    review = time_review_create(
        plan_number="22/KH-UBND",
        reviewed_on=date(2017, 10, 31),
        items=[{"procedure_code": "1.003003", "applied_time_value": "8"}],
    )
    time_review_apply(review=review)

    reviewed = ProcedureVersion.objects.get(
        procedure__code="1.003003", valid_from=date(2017, 10, 31)
    )
    assert reviewed.effective_time_value == Decimal("8")
    assert _steps("1.003003", date(2017, 10, 31)) == _steps("1.003003")


def test_a_correction_copies_the_steps_or_sets_the_corrected_ones(agencies):
    decision_apply(
        decision=decision_create(**decision_kwargs(), lines=[line("new", "1.003003", _land())])
    )
    procedure = Procedure.objects.get(code="1.003003")
    procedure_version_correct(
        procedure=procedure, changes={"fees": "Miễn"}, note="Sửa phí", valid_from=date(2018, 1, 1)
    )
    assert _steps("1.003003", date(2018, 1, 1)) == _steps("1.003003")

    procedure_version_correct(
        procedure=procedure,
        changes={
            "interconnected_steps": (
                "Công an huyện Long Thành 2 ngày làm việc → UBND xã Long Đức 2 ngày làm việc"
            )
        },
        note="Đính chính thứ tự",
        valid_from=date(2018, 2, 1),
    )
    assert [code for code, *_ in _steps("1.003003", date(2018, 2, 1))] == ["CA1", "X1"]
    history = procedure_history(procedure=procedure)
    assert [c["field"] for c in history[-1].changed_fields] == ["interconnected_steps"]
