"""A NUL (or another control character) in an uploaded cell is refused as bad input naming its
row and column, in the catalogue's and the dossier history's imports, instead of ending the
import with the database's own words (issue 22, finding 9); a name of tone marks alone is no
name (finding 12)."""

import pytest

from procedures.choices import ImportKind, ImportStatus
from procedures.models import Dossier, Procedure
from procedures.services.catalogue_imports import catalogue_import_create
from procedures.services.dossier_import import DossierImportError, dossiers_import
from tests.catalogue_data import PROCEDURE_HEADERS, csv_bytes, procedure_row
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b"])
def test_a_control_character_in_a_catalogue_cell_is_refused_with_its_cell(
    reform_officer, celery_eager, django_capture_on_commit_callbacks, character
):
    rows = [
        procedure_row("1.001193", "Đăng ký khai sinh"),
        procedure_row("1.001194", f"Đăng ký{character} kết hôn"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        job = catalogue_import_create(
            kind=ImportKind.PROCEDURES,
            file_name="tthc.csv",
            content=csv_bytes(rows, PROCEDURE_HEADERS),
            user=reform_officer,
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED
    assert [(p["row"], p["column"]) for p in job.problems] == [(3, "C")]
    text = job.problems[0]["text"]
    assert text.startswith("dòng 3, cột “C”: ")
    assert "NUL" in text and "SQL" not in text and "literal" not in text
    assert not Procedure.objects.exists()


HEADER = "code,procedure_code,desk_code,channel,received_at,resolved_at,returned_at,status"


def _history(tmp_path, lines):
    path = tmp_path / "ho-so.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_a_nul_in_a_dossier_history_cell_is_refused_with_its_row_and_column(
    tmp_path, intake_desk, birth_registration
):
    path = _history(
        tmp_path,
        [
            "N-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2",
            "N-2\x00,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2",
        ],
    )
    with pytest.raises(DossierImportError) as error:
        dossiers_import(path=path, now=vn(2025, 6, 1, 9, 0))
    assert [(e.row, e.column) for e in error.value.errors] == [(3, "code")]
    assert "NUL" in error.value.errors[0].message
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("name", ["\u0301\u0300", " \u0323\u0309 ", "\u0303\u200b"])
def test_an_imported_applicant_name_of_tone_marks_alone_is_refused(
    tmp_path, intake_desk, birth_registration, name
):
    path = tmp_path / "ho-so.csv"
    path.write_text(
        f"{HEADER},applicant_name\n"
        f"A-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2,{name}\n"
        f"A-2,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2,Nguyễn Văn Á\n",
        encoding="utf-8",
    )
    with pytest.raises(DossierImportError) as error:
        dossiers_import(path=path, now=vn(2025, 6, 1, 9, 0))
    assert [(e.row, e.column) for e in error.value.errors] == [(2, "applicant_name")]
