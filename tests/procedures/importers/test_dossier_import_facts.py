"""History import, issue 19: the optional columns of Decision 766's facts."""

import pytest
from django.db import connection

from procedures.models import Dossier
from procedures.services.dossier_import import DossierImportError, dossiers_import
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db
NOW = vn(2025, 6, 1, 9, 0)
METHODS = ["copy", "insert"] if connection.vendor == "postgresql" else ["insert"]
BASE = "code,procedure_code,desk_code,channel,received_at,resolved_at,returned_at,status"
ROW = "{code},1.001193,000.00.31.H56,online,2025-03-03 09:00,2025-03-05 10:00,,9"


def write(tmp_path, lines):
    path = tmp_path / "dossiers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("method", METHODS)
def test_the_facts_are_read_in_every_spelling(tmp_path, intake_desk, birth_registration, method):
    # "Phí, lệ phí phải nộp" holds a comma: quoted in CSV, as a spreadsheet writes it.
    header = f'{BASE},Số hóa thành phần hồ sơ,Tái sử dụng dữ liệu số hoá,"Phí, lệ phí phải nộp",'
    header += "Thanh toán trực tuyến,KẾT QUẢ ĐIỆN TỬ"
    path = write(
        tmp_path,
        [
            header,
            ROW.format(code="F-1") + ',Có,Không,"25.000",1,x',
            ROW.format(code="F-2") + ",không,có,0,0,",
            ROW.format(code="F-3") + ",X,1,8000 đồng,,0",
            ROW.format(code="F-4") + ",,,,,",
        ],
    )
    dossiers_import(path=path, now=NOW, method=method)

    facts = {
        d["code"]: tuple(
            d[f]
            for f in (
                "papers_digitised",
                "data_reused",
                "fee_amount",
                "paid_online",
                "electronic_result",
            )
        )
        for d in Dossier.objects.values()
    }
    assert facts == {
        "F-1": (True, False, 25000, True, True),
        "F-2": (False, True, 0, False, False),
        "F-3": (True, True, 8000, False, False),
        "F-4": (False, False, None, False, False),
    }


def test_without_the_columns_the_facts_stay_unknown(tmp_path, intake_desk, birth_registration):
    dossiers_import(path=write(tmp_path, [BASE, ROW.format(code="U-1")]), now=NOW)
    dossier = Dossier.objects.get()
    assert (dossier.papers_digitised, dossier.fee_amount, dossier.electronic_result) == (
        None,
        None,
        None,
    )


def test_a_bad_cell_names_row_column_and_value_and_nothing_is_written(
    tmp_path, intake_desk, birth_registration
):
    header = f'{BASE},Số hóa thành phần hồ sơ,"Phí, lệ phí phải nộp"'
    path = write(
        tmp_path,
        [
            header,
            ROW.format(code="B-1") + ",Có,1000",
            ROW.format(code="B-2") + ",có lẽ,1000",
            ROW.format(code="B-3") + ",Có,khoảng 5 nghìn",
        ],
    )
    with pytest.raises(DossierImportError) as error:
        dossiers_import(path=path, now=NOW)

    found = {(e.row, e.column, e.message) for e in error.value.errors}
    assert any(r == 3 and c == "Số hóa thành phần hồ sơ" and "có lẽ" in m for r, c, m in found)
    assert any(
        r == 4 and c == "Phí, lệ phí phải nộp" and "khoảng 5 nghìn" in m for r, c, m in found
    )
    assert len(found) == 2
    assert not Dossier.objects.exists()
