"""``units_import``: all-or-nothing, every problem reported, idempotent."""

from datetime import date, datetime

import pandas as pd
import pytest
from django.utils import translation

from procedures.choices import UnitKind
from procedures.models import Unit
from procedures.services.units import UnitImportError, units_import
from tests.factories import ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; the Vietnamese ones are checked at the API."""
    with translation.override("en"):
        yield


HEADER = "code,name,kind,parent_code,valid_from,valid_to,successor_codes"
# Parents and successors appear after the rows that name them.
GOOD = f"""{HEADER}
842,Huyện Càng Long,huyện,84,1992-05-01,2025-06-30,X1;X2
28756,Thị trấn Càng Long,thị trấn,842,,30/06/2025,X1
84,Tỉnh Trà Vinh,province,,1992-05-01,2025-06-30,86
X1,Xã Càng Long,xã,86,2025-07-01,,
X2,Xã An Trường,commune,86,01/07/2025,,
86,Tỉnh Vĩnh Long,province,,2025-07-01,,
"""


def write(tmp_path, text, name="units.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_with_forward_references_is_imported(tmp_path):
    result = units_import(path=write(tmp_path, GOOD))
    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)
    district = Unit.objects.get(code="842")
    assert district.kind == UnitKind.DISTRICT
    assert district.parent.code == "84"
    assert district.valid_to == date(2025, 6, 30)
    assert sorted(district.successors.values_list("code", flat=True)) == ["X1", "X2"]
    assert Unit.objects.get(code="28756").valid_from == date(1900, 1, 1)
    assert Unit.objects.get(code="X2").valid_from == date(2025, 7, 1)


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    path = write(tmp_path, GOOD)
    units_import(path=path)
    before = list(Unit.objects.order_by("code").values())
    result = units_import(path=path)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert list(Unit.objects.order_by("code").values()) == before


def test_a_changed_file_updates_only_what_changed(tmp_path):
    units_import(path=write(tmp_path, GOOD))
    changed = GOOD.replace("Xã An Trường,commune", "Xã An Trường mới,commune").replace(
        "X1;X2", "X1"
    )
    result = units_import(path=write(tmp_path, changed, "changed.csv"))
    assert (result.created, result.updated, result.unchanged) == (0, 2, 4)
    assert Unit.objects.get(code="X2").name == "Xã An Trường mới"
    assert list(Unit.objects.get(code="842").successors.values_list("code", flat=True)) == ["X1"]


def test_parents_and_successors_may_be_in_the_database_already(tmp_path):
    ProvinceFactory(code="84", valid_from=date(1992, 5, 1))
    result = units_import(path=write(tmp_path, f"{HEADER}\n842,Huyện Càng Long,district,84,,,\n"))
    assert result.created == 1
    assert Unit.objects.get(code="842").parent.code == "84"


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path):
    bad = f"""{HEADER}
84,,provinc,,1992-05-01,2025-06-30,
842,Huyện Càng Long,district,84,,2025-06-31,X9
842,Trùng mã,commune,842,,,
C1,Xã tự làm cha,commune,C1,,,
C2,Xã,commune,,2025-07-01,2025-01-01,
D1,Huyện kế thừa sai,district,,,2020-12-31,C3
C3,Xã mới,commune,,2025-07-01,,
"""
    with pytest.raises(UnitImportError) as caught:
        units_import(path=write(tmp_path, bad))
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (2, "name"),
        (2, "kind"),
        (3, "valid_to"),
        (3, "successor_codes"),
        (4, "code"),
        (5, "parent_code"),
        (6, "valid_to"),
        (7, "successor_codes"),
    }
    messages = [str(p) for p in caught.value.problems]
    assert "Row 3, column successor_codes: Unknown unit X9" in " ".join(messages)
    assert Unit.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("code,name,kind,parent\n1,A,xa,\n", "parent", "Unknown column"),
        ("code,name\n1,A\n", "kind", "missing"),
        (f"{HEADER}\n", "code", "no rows"),
    ],
)
def test_a_bad_header_is_reported_by_column(tmp_path, text, column, message):
    with pytest.raises(UnitImportError) as caught:
        units_import(path=write(tmp_path, text))
    assert [(p.row, p.column) for p in caught.value.problems] == [(None, column)]
    assert message in caught.value.problems[0].message


def test_an_unsupported_file_is_reported(tmp_path):
    with pytest.raises(UnitImportError, match="1 problems"):
        units_import(path=write(tmp_path, "x", "units.txt"))


def test_a_semicolon_csv_from_excel_is_read(tmp_path):
    text = "code;name;kind\n84;Tỉnh Trà Vinh;tỉnh\n"
    assert units_import(path=write(tmp_path, text)).created == 1
    assert Unit.objects.get(code="84").kind == UnitKind.PROVINCE


def test_an_xlsx_sheet_with_date_cells_and_numeric_codes_is_read(tmp_path):
    path = tmp_path / "units.xlsx"
    pd.DataFrame(
        [
            {
                "code": 84,
                "name": "Tỉnh Trà Vinh",
                "kind": "province",
                "parent_code": None,
                "valid_from": datetime(1992, 5, 1),
                "valid_to": datetime(2025, 6, 30),
                "successor_codes": None,
            },
            {
                "code": 842,
                "name": "Huyện Càng Long",
                "kind": "Huyện",
                "parent_code": 84,
                "valid_from": None,
                "valid_to": "30/06/2025",
                "successor_codes": None,
            },
        ]
    ).to_excel(path, index=False)
    result = units_import(path=path)
    assert result.created == 2
    district = Unit.objects.get(code="842")
    assert (district.parent.code, district.valid_to) == ("84", date(2025, 6, 30))
    assert Unit.objects.get(code="84").valid_from == date(1992, 5, 1)
