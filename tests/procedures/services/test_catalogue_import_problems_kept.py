"""A file of thousands of bad rows keeps only the first problems (the total counted), its page
lists them a page at a time, and no home page or import list reads them (issue 22, finding 1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procedures.choices import ImportKind, ImportStatus
from procedures.models import CatalogueImport
from procedures.services.catalogue_imports import catalogue_import_create
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row

pytestmark = pytest.mark.django_db
BAD_ROWS = 300


@pytest.fixture
def refused_import(reform_officer, celery_eager, django_capture_on_commit_callbacks, settings):
    settings.IMPORT_PROBLEMS_KEPT = 120
    # A code no national record has, on every row: one problem per row.
    rows = [procedure_row(f"X{n}", f"Thủ tục {n}") for n in range(BAD_ROWS)]
    with django_capture_on_commit_callbacks(execute=True):
        job = catalogue_import_create(
            kind=ImportKind.PROCEDURES,
            file_name="sai.csv",
            content=csv_bytes(rows, PROCEDURE_HEADERS),
            user=reform_officer,
        )
    job.refresh_from_db()
    return job


def test_only_the_first_problems_are_kept_and_all_are_counted(refused_import):
    assert refused_import.status == ImportStatus.REFUSED
    assert len(refused_import.problems) == 120
    assert refused_import.problems_total >= BAD_ROWS
    assert refused_import.problems[0]["row"] == 2  # the first rows, in the file's order


def test_the_import_page_pages_the_kept_problems_and_says_how_many_there_are(
    client, reform_officer, refused_import
):
    client.force_login(reform_officer)
    url = reverse("catalogue-import-detail", args=[refused_import.pk])
    first = client.get(url).content.decode()
    third = client.get(url, {"page": 3}).content.decode()

    total = f"{refused_import.problems_total}"
    assert f"{total} lỗi" in first
    assert 'id="problems-cut"' in first and "120" in first
    assert first.count('<tr><td class="num">') == 50
    assert third.count('<tr><td class="num">') == 20
    assert "Trang 3" in third


QUERIED_PROBLEMS = '"procedures_catalogueimport"."problems"'


@pytest.mark.parametrize(
    ("user_fixture", "url_name"),
    [
        ("reform_officer", "home"),
        ("administrator", "home"),
        ("reform_officer", "catalogue-import"),
    ],
)
def test_home_pages_and_the_import_list_never_read_the_problems(
    request, client, refused_import, user_fixture, url_name
):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert "sai.csv" in response.content.decode()
    assert not [q["sql"] for q in queries if QUERIED_PROBLEMS in q["sql"]]
    assert CatalogueImport.objects.filter(status=ImportStatus.REFUSED).count() == 1
