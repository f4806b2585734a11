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


RANKED = (
    ("1.004222", "Đăng ký thường trú"),
    ("1.004194", "Xóa đăng ký thường trú"),
    ("1.004206", "Đăng ký tạm trú"),
    ("1.000047", "Đăng ký lại thường trú cho người đã ra nước ngoài"),
    ("1.000894", "Đăng ký kết hôn"),
    ("1.001193", "Đăng ký khai sinh"),
    ("2.001263", "Cấp bản sao trích lục hộ tịch"),
    ("1.000656", "Thay đổi, cải chính, bổ sung thông tin hộ tịch"),
    ("1.001022", "Hộ tịch: ghi vào sổ việc đã đăng ký ở nước ngoài"),
    (
        "3.000150",
        "Phê duyệt phương án khai thác rừng phòng hộ thuộc thẩm quyền của Chủ tịch Ủy ban nhân "
        "dân cấp tỉnh",
    ),
    ("1.000778", "Thủ tục hồ sơ giải quyết tranh chấp"),
)


@pytest.fixture
def ranked_catalogue(db):
    for code, name in RANKED:
        ProcedureVersionFactory(procedure=ProcedureFactory(code=code), name=name)


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        # The phrase at the start, then elsewhere (shorter names first); never words scattered
        # through a long name ("phòng hộ … Chủ tịch").
        ("ho tich", ["1.001022", "2.001263", "1.000656"]),
        ("Hộ tịch", ["1.001022", "2.001263", "1.000656"]),
        ("dang ky thuong tru", ["1.004222", "1.004194", "1.000047"]),
        # Every word as a whole word near the others, in any order.
        ("thuong tru dang ky", ["1.004222", "1.004194", "1.000047"]),
        # Words still being typed: the rest.
        ("dang ky khai si", ["1.001193"]),
        (
            "dang ky",
            ["1.000894", "1.004206", "1.001193", "1.004222", "1.000047", "1.004194", "1.001022"],
        ),
        ("tam tru", ["1.004206"]),
        ("chu tich ho", []),
    ],
)
def test_search_ranks_the_phrase_then_whole_words_then_the_rest(ranked_catalogue, query, codes):
    found = procedure_versions_search(procedure_versions_in_force(as_of=date(2026, 1, 1)), query)
    assert [v.procedure.code for v in found] == codes


def test_the_catalogue_list_shows_the_search_in_its_ranked_order(
    ranked_catalogue, client, reform_officer
):
    client.force_login(reform_officer)
    response = client.get("/danh-muc/", {"q": "dang ky thuong tru"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("1.004222") < page.index("1.004194") < page.index("1.000047")


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
    assert "25 passed" in result.stdout
