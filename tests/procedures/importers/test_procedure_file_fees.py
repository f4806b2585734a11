"""Catalogue import, issue 19: the optional online-payment column and the default fee parsed
from the fees text (kept as written)."""

import pytest

from procedures.models import ProcedureVersion
from procedures.services.catalogue_imports import procedure_file_import
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row

pytestmark = pytest.mark.django_db


def test_online_payment_and_the_single_fee_reach_the_version():
    rows = [
        procedure_row(
            "2.000635",
            "Cấp giấy phép xây dựng",
            **{"Phí, lệ phí": "100.000 đồng", "Thanh toán trực tuyến": "Có"},
        ),
        procedure_row(
            "1.001193",
            "Đăng ký khai sinh",
            **{"Phí, lệ phí": "Trực tiếp: 8.000 đồng; Trực tuyến: 4.000 đồng"},
        ),
    ]
    headers = [*PROCEDURE_HEADERS, "Thanh toán trực tuyến"]
    for row in rows:
        row.setdefault("Thanh toán trực tuyến", "")
    procedure_file_import(content=csv_bytes(rows, headers), file_name="tthc.csv")

    permit = ProcedureVersion.objects.get(procedure__code="2.000635")
    birth = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert (permit.fees, permit.fee_amount, permit.online_payment) == ("100.000 đồng", 100000, True)
    # Two amounts: the text is kept, the desk types the fee.
    assert (birth.fee_amount, birth.online_payment) == (None, False)
    assert birth.fees == "Trực tiếp: 8.000 đồng; Trực tuyến: 4.000 đồng"


def test_without_the_column_nothing_is_paid_online():
    rows = [procedure_row("2.000635", "Cấp giấy phép xây dựng", **{"Phí, lệ phí": "Không"})]
    procedure_file_import(content=csv_bytes(rows, PROCEDURE_HEADERS), file_name="tthc.csv")
    version = ProcedureVersion.objects.get()
    assert (version.fee_amount, version.online_payment) == (0, False)
