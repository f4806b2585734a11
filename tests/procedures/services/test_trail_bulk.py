"""Bulk writes leave a trail (issue 22, "who changed what"): a catalogue import, a decision's
import and application, a publication and a units import write one trail row per row they
create or change, with the job's user and a reason naming the import job, in the same
transaction; a re-import that changes nothing writes none."""

from datetime import date

import pytest
from django.utils import translation

from procedures.choices import ChangeKind, ImportKind, ImportStatus
from procedures.models import (
    CatalogueImport,
    DecisionLine,
    Procedure,
    ProcedureVersion,
    Unit,
)
from procedures.services.catalogue import procedure_versions_publish
from procedures.services.catalogue_imports import catalogue_import_run
from procedures.services.decisions import decision_apply, decision_create
from procedures.services.units import units_import
from tests.catalogue_data import (
    PROCEDURE_HEADERS,
    csv_bytes,
    decision_kwargs,
    line,
    new_record,
    procedure_row,
)
from tests.factories import ProcedureFactory, ProcedureVersionFactory

pytestmark = pytest.mark.django_db
CODES = ["1.000001", "1.000002", "1.000003"]
PUBLISHED = "Ngày công khai CSDLQG"


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def run_import(user, rows) -> CatalogueImport:
    job = CatalogueImport.objects.create(
        kind=ImportKind.PROCEDURES,
        file_name="tthc.csv",
        content=csv_bytes(rows, [*PROCEDURE_HEADERS, PUBLISHED]),
        created_by=user,
    )
    return catalogue_import_run(import_id=job.pk, language="vi")


def trail(model, **filters) -> list[tuple]:
    return list(
        model.history.filter(**filters)
        .order_by("history_id")
        .values_list("history_type", "history_user", "history_change_reason")
    )


def test_a_catalogue_import_leaves_a_row_per_procedure_naming_its_job(reform_officer):
    rows = [procedure_row(code, f"Thủ tục {code}") for code in CODES]
    job = run_import(reform_officer, rows)

    assert job.status == ImportStatus.DONE, job.problems
    reason = f"Lượt nhập danh mục số {job.pk} (tthc.csv)"
    assert trail(Procedure) == [("+", reform_officer.pk, reason)] * 3
    assert trail(ProcedureVersion) == [("+", reform_officer.pk, reason)] * 3
    recorded = ProcedureVersion.history.order_by("history_id").values_list("name", flat=True)
    assert list(recorded) == [f"Thủ tục {code}" for code in CODES]

    # The same file again changes nothing: no trail row either.
    again = run_import(reform_officer, rows)
    assert again.status == ImportStatus.DONE and again.summary["unchanged"] == 3
    assert Procedure.history.count() == 3 and ProcedureVersion.history.count() == 3


def test_a_reimport_adding_a_publication_date_leaves_one_change_row(reform_officer):
    rows = [procedure_row(code, f"Thủ tục {code}") for code in CODES]
    run_import(reform_officer, rows)
    rows[1][PUBLISHED] = "03/04/2017"
    job = run_import(reform_officer, rows)

    assert job.status == ImportStatus.DONE, job.problems
    changes = ProcedureVersion.history.filter(history_type="~")
    assert [(c.procedure.code, c.published_on) for c in changes] == [("1.000002", date(2017, 4, 3))]
    assert changes.get().history_change_reason == f"Lượt nhập danh mục số {job.pk} (tthc.csv)"


def test_a_publication_leaves_a_row_per_version_with_its_date_and_user(reform_officer):
    first, second = ProcedureVersionFactory(), ProcedureVersionFactory()
    before = ProcedureVersion.history.count()

    procedure_versions_publish(
        version_ids=[first.pk, second.pk], published_on=date(2017, 4, 3), user=reform_officer
    )

    changes = ProcedureVersion.history.filter(history_type="~").order_by("id")
    assert ProcedureVersion.history.count() == before + 2
    assert [(c.id, c.published_on) for c in changes] == [
        (first.pk, date(2017, 4, 3)),
        (second.pk, date(2017, 4, 3)),
    ]
    assert {(c.history_user_id, c.history_change_reason) for c in changes} == {
        (reform_officer.pk, "Công khai trên Cơ sở dữ liệu quốc gia ngày 03/04/2017")
    }


def test_a_decision_applied_leaves_its_lines_the_closed_and_the_new_versions(reform_officer):
    old = ProcedureVersionFactory(procedure=ProcedureFactory(code="1.000001"))
    before = ProcedureVersion.history.count()
    decision = decision_create(
        **decision_kwargs(),
        lines=[
            line("new", "1.013871", new_record("Đăng ký khai sinh")),
            line("amended", "1.000001", {"processing_time_value": "3"}),
        ],
        user=reform_officer,
    )
    assert trail(DecisionLine) == [("+", reform_officer.pk, None)] * 2

    decision_apply(decision=decision, user=reform_officer)

    rows = ProcedureVersion.history.order_by("history_id")[before:]
    assert [(r.history_type, r.id == old.pk, r.change_kind, r.superseded_on) for r in rows] == [
        ("~", True, old.change_kind, decision.effective_on),
        ("+", False, ChangeKind.NEW, None),
        ("+", False, ChangeKind.AMENDED, None),
    ]
    assert {r.history_user_id for r in rows} == {reform_officer.pk}
    assert trail(Procedure, code="1.013871") == [("+", reform_officer.pk, None)]


UNITS = """code,name,kind,parent_code,valid_from,valid_to,successor_codes
84,Tỉnh Trà Vinh,province,,1992-05-01,2025-06-30,86
842,Huyện Càng Long,huyện,84,1992-05-01,2025-06-30,
86,Tỉnh Vĩnh Long,province,,2025-07-01,,
"""


def successors_in(row) -> list[str]:
    return sorted(row.successors.values_list("to_unit__code", flat=True))


def test_a_units_import_leaves_one_row_per_new_or_changed_unit(tmp_path):
    path = tmp_path / "don-vi.csv"
    path.write_text(UNITS, encoding="utf-8")
    units_import(path=path)

    # A new unit: one row, as it was created (its parent and successors included).
    added = list(Unit.history.order_by("history_id"))
    assert [(r.history_type, r.code, r.parent_id) for r in added] == [
        ("+", "84", None),
        ("+", "842", Unit.objects.get(code="84").pk),
        ("+", "86", None),
    ]
    assert [successors_in(r) for r in added] == [["86"], [], []]
    assert {r.history_change_reason for r in added} == {"Nhập tệp don-vi.csv"}

    units_import(path=path)  # the same file: nothing changes, no row
    assert Unit.history.count() == 3

    changed = UNITS.replace("Huyện Càng Long,", "Huyện Càng Long mới,").replace(
        "2025-06-30,86", "2025-06-30,"
    )
    path.write_text(changed, encoding="utf-8")
    units_import(path=path)
    changes = Unit.history.filter(history_type="~").order_by("code")
    assert [(c.code, c.name, successors_in(c)) for c in changes] == [
        ("84", "Tỉnh Trà Vinh", []),  # its successor taken off
        ("842", "Huyện Càng Long mới", []),
    ]
