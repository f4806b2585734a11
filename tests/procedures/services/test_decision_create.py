from datetime import date

import pytest

from procedures.models import AnnouncementDecision, DecisionLine
from procedures.problems import Refused
from procedures.services.decisions import decision_apply, decision_create, decision_delete
from tests.catalogue_data import decision_kwargs, line, new_record

pytestmark = pytest.mark.django_db


def test_a_decision_is_entered_with_its_lines_in_canonical_form(reform_officer):
    decision = decision_create(
        **decision_kwargs(),
        lines=[
            line("new", " 1.013871 ", new_record(processing_time_value="3.50")),
            line("amended", "2.000635", {"fees": "50.000 đồng"}, name="Cấp giấy phép"),
            line("replaced", "1.012508.h05", new_record(), replaced_code="1.000001"),
            line("abolished", "1.000002", legal_basis="Thông tư 04/2020/TT-BTP"),
        ],
        user=reform_officer,
    )
    lines = list(decision.lines.order_by("position"))
    assert [(x.position, x.change_kind, x.procedure_code) for x in lines] == [
        (1, "new", "1.013871"),
        (2, "amended", "2.000635"),
        (3, "replaced", "1.012508.H05"),
        (4, "abolished", "1.000002"),
    ]
    assert lines[0].record["processing_time_value"] == "3.5"
    assert lines[1].record == {"fees": "50.000 đồng", "name": "Cấp giấy phép"}
    assert lines[3].legal_basis == "Thông tư 04/2020/TT-BTP"
    assert decision.created_by == reform_officer
    assert decision.applied_at is None


def test_every_bad_line_is_named_and_nothing_is_written():
    with pytest.raises(Refused) as refused:
        decision_create(
            **decision_kwargs(number=""),
            lines=[
                line("new", "1.13871", new_record()),
                line("new", "1.013872", {"name": "Thiếu lĩnh vực"}),
                line("amended", "2.000635", {}),
                line("replaced", "2.000636", new_record()),
                line("abolished", "1.000002"),
                line("abolished", "1.000002"),
                line("moved", "1.000003"),
            ],
        )
    found = {(p.line, p.column) for p in refused.value.problems}
    assert (None, "number") in found
    assert (1, "procedure_code") in found
    assert {(2, "level"), (2, "processing_time_value"), (2, "sector_name")} <= found
    assert (3, "record") in found
    assert (4, "replaced_code") in found
    assert {(5, "procedure_code"), (6, "procedure_code")} <= found
    assert (7, "change_kind") in found
    assert not refused.value.conflict
    assert not AnnouncementDecision.objects.exists()
    assert not DecisionLine.objects.exists()


def test_a_decision_number_is_entered_once():
    decision_create(**decision_kwargs(), lines=[line("abolished", "1.000002")])
    with pytest.raises(Refused, match="đã được nhập"):
        decision_create(**decision_kwargs(), lines=[line("abolished", "1.000003")])


def test_a_decision_cannot_take_effect_before_it_is_signed():
    with pytest.raises(Refused, match="trước ngày ký"):
        decision_create(
            **decision_kwargs(signed_on=date(2017, 3, 2), effective_on=date(2017, 3, 1)),
            lines=[line("abolished", "1.000002")],
        )


def test_only_an_unapplied_decision_can_be_deleted():
    from tests.factories import ProcedureFactory, ProcedureVersionFactory

    ProcedureVersionFactory(procedure=ProcedureFactory(code="1.000002"))
    draft = decision_create(**decision_kwargs(), lines=[line("abolished", "1.000002")])
    applied = decision_create(
        **decision_kwargs(number="2/QĐ-UBND"), lines=[line("abolished", "1.000002")]
    )
    decision_apply(decision=applied)
    decision_delete(decision=draft)
    with pytest.raises(Refused, match="lịch sử"):
        decision_delete(decision=applied)
    assert list(AnnouncementDecision.objects.values_list("number", flat=True)) == ["2/QĐ-UBND"]
