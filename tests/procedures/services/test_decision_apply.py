from datetime import date
from decimal import Decimal

import pytest

from procedures.choices import ChangeKind, ProcedureStatus
from procedures.models import AnnouncementDecision, Procedure, ProcedureVersion
from procedures.problems import Refused
from procedures.selectors.catalogue import (
    procedure_history,
    procedure_version_at,
    procedure_versions_in_force,
)
from procedures.services.decisions import decision_apply, decision_create
from tests.catalogue_data import decision_kwargs, line, new_record
from tests.factories import ProcedureFactory, ProcedureVersionFactory, SectorFactory

pytestmark = pytest.mark.django_db

DAY = date(2017, 3, 1)


@pytest.fixture
def catalogue():
    """Two procedures in force since 2016: 1.000001 (amendable) and 1.000002 (to abolish)."""
    sector = SectorFactory(code="HT", name="Hộ tịch")
    first = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.000001"),
        name="Đăng ký kết hôn",
        sector=sector,
        processing_time_value=Decimal("5"),
        fees="Miễn lệ phí",
        legal_basis="Luật Hộ tịch 2014",
        decision_number="100/QĐ-UBND",
    )
    second = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.000002"), name="Cấp bản sao trích lục", sector=sector
    )
    return first, second


def test_a_decision_with_new_amended_and_abolished_lines_moves_the_catalogue_exactly(
    catalogue, reform_officer
):
    decision = decision_create(
        **decision_kwargs(),
        lines=[
            line("new", "1.013871", new_record("Đăng ký khai sinh")),
            line("amended", "1.000001", {"processing_time_value": "3"}, legal_basis="NĐ 123"),
            line("abolished", "1.000002", legal_basis="Thông tư 04/2020/TT-BTP"),
        ],
        user=reform_officer,
    )

    counts = decision_apply(decision=decision, user=reform_officer)

    assert counts == {"new": 1, "amended": 1, "replaced": 0, "abolished": 1}
    before = {v.procedure.code for v in procedure_versions_in_force(as_of=date(2017, 2, 28))}
    after = {v.procedure.code for v in procedure_versions_in_force(as_of=DAY)}
    assert before == {"1.000001", "1.000002"}
    assert after == {"1.000001", "1.013871"}
    amended = Procedure.objects.get(code="1.000001")
    old = procedure_version_at(procedure=amended, at=date(2017, 2, 28))
    new = procedure_version_at(procedure=amended, at=DAY)
    assert (old.processing_time_value, new.processing_time_value) == (5, 3)
    # Unannounced fields are kept from the previous version; announced ones replaced.
    assert (new.name, new.fees, new.sector.code) == ("Đăng ký kết hôn", "Miễn lệ phí", "HT")
    assert new.legal_basis == "NĐ 123"
    assert old.superseded_on == DAY
    assert new.change_kind == ChangeKind.AMENDED
    assert new.decision_line.decision == decision
    assert new.decision_number == "2061/QĐ-UBND"
    decision.refresh_from_db()
    assert decision.applied_at is not None
    assert decision.applied_by == reform_officer
    abolished = Procedure.objects.get(code="1.000002").versions.get(superseded_on__isnull=True)
    assert (abolished.status, abolished.change_kind) == (ProcedureStatus.ABOLISHED, "abolished")
    born = Procedure.objects.get(code="1.013871").versions.get()
    assert (born.name, born.sector.name, born.valid_from) == ("Đăng ký khai sinh", "Hộ tịch", DAY)


def test_the_history_of_an_amended_procedure_shows_both_versions_and_what_changed(catalogue):
    decision = decision_create(
        **decision_kwargs(), lines=[line("amended", "1.000001", {"processing_time_value": "3"})]
    )
    decision_apply(decision=decision)

    history = procedure_history(procedure=Procedure.objects.get(code="1.000001"))

    assert [(v.valid_from, v.superseded_on) for v in history] == [
        (date(2016, 1, 1), DAY),
        (DAY, None),
    ]
    changed = {c["field"]: (c["before"], c["after"]) for c in history[1].changed_fields}
    assert changed == {"processing_time_value": (Decimal("5.00"), Decimal("3.00"))}


def test_a_replacement_abolishes_the_old_code_and_announces_the_new_one(catalogue):
    decision = decision_create(
        **decision_kwargs(),
        lines=[
            line(
                "replaced",
                "2.000635",
                new_record("Đăng ký kết hôn (mới)"),
                replaced_code="1.000001",
            )
        ],
    )
    decision_apply(decision=decision)

    in_force = {v.procedure.code: v for v in procedure_versions_in_force(as_of=DAY)}
    assert set(in_force) == {"1.000002", "2.000635"}
    assert in_force["2.000635"].change_kind == ChangeKind.REPLACED
    old = ProcedureVersion.objects.get(procedure__code="1.000001", superseded_on__isnull=True)
    assert (old.status, old.change_kind) == (ProcedureStatus.ABOLISHED, ChangeKind.REPLACED)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            [line("abolished", "1.999999")],
            [(1, "1.999999", "không có trong danh mục")],
            id="abolishing an unknown code",
        ),
        pytest.param(
            [line("amended", "1.999999", {"fees": "10.000 đồng"})],
            [(1, "1.999999", "không có trong danh mục")],
            id="amending an unknown code",
        ),
        pytest.param(
            [line("new", "1.000001", new_record())],
            [(1, "1.000001", "đã có hiệu lực")],
            id="announcing a code in force",
        ),
        pytest.param(
            [
                line("new", "1.013871", new_record()),
                line("abolished", "1.999998"),
                line("replaced", "2.000001", new_record(), replaced_code="1.999997"),
            ],
            [
                (2, "1.999998", "không có trong danh mục"),
                (3, "1.999997", "không có trong danh mục"),
            ],
            id="every offending line is named",
        ),
    ],
)
def test_a_decision_contradicting_the_catalogue_is_refused_and_nothing_changes(
    catalogue, lines, expected
):
    decision = decision_create(**decision_kwargs(), lines=lines)
    versions_before = ProcedureVersion.objects.count()

    with pytest.raises(Refused) as refused:
        decision_apply(decision=decision)

    assert refused.value.conflict
    found = [(p.line, p.code, p.message) for p in refused.value.problems]
    assert [(line_, code) for line_, code, _m in found] == [(n, c) for n, c, _t in expected]
    for (_n, _c, text), (_l, _code, message) in zip(expected, found, strict=True):
        assert text in message
    assert ProcedureVersion.objects.count() == versions_before
    assert not Procedure.objects.filter(code="1.013871").exists()
    decision.refresh_from_db()
    assert decision.applied_at is None


def test_abolishing_an_already_abolished_code_is_refused(catalogue):
    first = decision_create(**decision_kwargs(), lines=[line("abolished", "1.000002")])
    decision_apply(decision=first)
    second = decision_create(
        **decision_kwargs(number="15/QĐ-UBND", effective_on=date(2018, 1, 1)),
        lines=[line("abolished", "1.000002")],
    )
    with pytest.raises(Refused) as refused:
        decision_apply(decision=second)
    assert "đã bị bãi bỏ" in refused.value.problems[0].message
    assert "2061/QĐ-UBND" in refused.value.problems[0].message


def test_a_decision_cannot_be_applied_twice(catalogue):
    decision = decision_create(**decision_kwargs(), lines=[line("abolished", "1.000002")])
    decision_apply(decision=decision)
    with pytest.raises(Refused) as refused:
        decision_apply(decision=decision)
    assert refused.value.conflict
    assert "đã được áp dụng" in str(refused.value)
    assert ProcedureVersion.objects.filter(procedure__code="1.000002").count() == 2


def test_a_decision_older_than_the_latest_change_is_refused(catalogue):
    later = decision_create(
        **decision_kwargs(number="9/QĐ-UBND", effective_on=date(2018, 1, 1)),
        lines=[line("amended", "1.000001", {"fees": "5.000 đồng"})],
    )
    decision_apply(decision=later)
    earlier = decision_create(
        **decision_kwargs(), lines=[line("amended", "1.000001", {"fees": "1.000 đồng"})]
    )
    with pytest.raises(Refused) as refused:
        decision_apply(decision=earlier)
    assert "01/01/2018" in refused.value.problems[0].message


def test_a_procedure_re_announced_after_its_abolition_gets_a_new_version(catalogue):
    decision_apply(
        decision=decision_create(**decision_kwargs(), lines=[line("abolished", "1.000002")])
    )
    decision_apply(
        decision=decision_create(
            **decision_kwargs(number="3/QĐ-UBND", effective_on=date(2019, 5, 2)),
            lines=[line("new", "1.000002", new_record("Cấp bản sao trích lục hộ tịch"))],
        )
    )
    procedure = Procedure.objects.get(code="1.000002")
    assert procedure_version_at(procedure=procedure, at=date(2018, 1, 1)) is None
    assert procedure_version_at(procedure=procedure, at=date(2019, 5, 2)).name == (
        "Cấp bản sao trích lục hộ tịch"
    )


def test_an_amended_legal_time_drops_the_old_reduction(catalogue):
    first, _second = catalogue
    first.applied_time_value = Decimal("2")
    first.save()
    decision_apply(
        decision=decision_create(
            **decision_kwargs(), lines=[line("amended", "1.000001", {"processing_time_value": "4"})]
        )
    )
    current = ProcedureVersion.objects.get(procedure__code="1.000001", superseded_on=None)
    assert (current.processing_time_value, current.applied_time_value) == (4, None)
    assert current.effective_time_value == 4


def test_a_thousand_line_decision_applies_in_a_few_queries(django_assert_max_num_queries):
    SectorFactory(code="HT", name="Hộ tịch")
    lines = [line("new", f"1.{n:06d}", new_record(f"Thủ tục {n}")) for n in range(1000)]
    decision = decision_create(**decision_kwargs(), lines=lines)
    with django_assert_max_num_queries(60):
        decision_apply(decision=decision)
    assert procedure_versions_in_force(as_of=DAY).count() == 1000
    assert AnnouncementDecision.objects.get().applied_at
