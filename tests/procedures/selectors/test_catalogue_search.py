"""Search that ignores Vietnamese diacritics and case, on SQLite (make run) and PostgreSQL
(make test, production) alike: the same cases run on both."""

import os
import subprocess
import sys
from datetime import date

import pytest
from django.db import connection

from procedures.filters.catalogue import ProcedureVersionFilterSet
from procedures.models import ProcedureVersion
from procedures.selectors.catalogue import procedure_versions_in_force, procedure_versions_search
from tests.factories import ProcedureFactory, ProcedureVersionFactory

RERUN = "ONESTOP_SEARCH_RERUN"


@pytest.fixture
def catalogue(db):
    for code, name, agency in (
        ("1.001193", "Đăng ký khai sinh", "Ủy ban nhân dân cấp xã"),
        ("1.000894", "ĐĂNG KÝ KẾT HÔN", "Ủy ban nhân dân cấp xã"),
        ("1.012508.H05", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Phòng Kinh tế và Hạ tầng"),
        ("2.000635", "Cấp lại Giấy chứng nhận quyền sử dụng đất", "Sở Tài nguyên và Môi trường"),
    ):
        ProcedureVersionFactory(
            procedure=ProcedureFactory(code=code), name=name, agency_name=agency
        )


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("dang ky khai sinh", ["1.001193"]),
        ("Đăng ký khai sinh", ["1.001193"]),
        ("ĐĂNG KÝ", ["1.000894", "1.001193"]),
        ("dang ky ket hon", ["1.000894"]),
        ("  khai   SINH ", ["1.001193"]),
        ("giay phep xay dung", ["1.012508.H05"]),
        ("quyen su dung dat", ["2.000635"]),
        ("1.012508.h05", ["1.012508.H05"]),
        ("2.0006", ["2.000635"]),
        ("Đăng ký khai tử", []),
        ("100%_", []),  # LIKE wildcards are searched for, not used
    ],
)
def test_search_ignores_diacritics_and_case(catalogue, query, codes):
    found = procedure_versions_search(procedure_versions_in_force(as_of=date(2026, 1, 1)), query)
    assert sorted(v.procedure.code for v in found) == codes


@pytest.mark.parametrize(
    ("agency", "codes"),
    [
        ("uy ban nhan dan", ["1.000894", "1.001193"]),
        ("ỦY BAN", ["1.000894", "1.001193"]),
        ("kinh te ha tang", ["1.012508.H05"]),
        ("Sở Tài nguyên", ["2.000635"]),
        ("Bộ Tư pháp", []),
    ],
)
def test_the_agency_filter_ignores_diacritics_and_case(catalogue, agency, codes):
    filterset = ProcedureVersionFilterSet(
        {"agency_name": agency}, queryset=ProcedureVersion.objects.all()
    )
    assert sorted(v.procedure.code for v in filterset.qs) == codes


def test_the_same_search_passes_on_sqlite_when_the_suite_runs_on_postgresql(tmp_path):
    if os.environ.get(RERUN):
        pytest.skip("this is the re-run")
    if connection.vendor != "postgresql":
        pytest.skip("the suite runs on SQLite here; make test runs it on PostgreSQL")
    env = {
        **os.environ,
        RERUN: "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'search.sqlite3'}",
        "CELERY_BROKER_URL": "",
    }
    result = subprocess.run(  # noqa: S603 - this interpreter running pytest on this file
        [sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:cacheprovider"],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "16 passed" in result.stdout
