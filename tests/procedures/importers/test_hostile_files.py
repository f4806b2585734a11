"""Bad files for `import_dossiers` and `import_units`: each gets one clear Vietnamese message
naming the file (and the row when there is one), never a traceback, and nothing is written."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from procedures.models import Dossier, Unit
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db
HEADER = "code,procedure_code,desk_code,channel,received_at,resolved_at,returned_at,status"
ROW = "H-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2"


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """What Excel on Vietnamese Windows writes: letters such as ư, â, ơ precomposed, the five tone
    marks as combining characters after them."""
    import unicodedata

    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        base = "".join(c for c in parts if c not in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out).encode("cp1258")


def run(*args):
    call_command("import_dossiers", *map(str, args), "--no-progress")


@pytest.fixture
def desk_and_procedure(intake_desk, birth_registration):
    return intake_desk


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("cp1258", b"")],
)
def test_csv_files_in_the_encodings_officers_save_are_read(
    tmp_path, desk_and_procedure, encoding, bom
):
    text = f"{HEADER},applicant_name\n{ROW},Thạch Thị Sa Rươl\n"
    content = windows_1258(text) if encoding == "cp1258" else bom + text.encode(encoding)
    path = tmp_path / "dossiers.csv"
    path.write_bytes(content)
    run(path)
    assert Dossier.objects.get(code="H-1").applicant_name == "Thạch Thị Sa Rươl"


def test_a_file_in_an_encoding_we_do_not_read_is_named(tmp_path, desk_and_procedure):
    path = tmp_path / "dossiers.csv"
    # Bytes that are neither UTF-8 nor Windows-1258 (0x81 means nothing in cp1258).
    path.write_bytes(f"{HEADER},applicant_name\n{ROW},".encode() + b"Sa\x81\xec\n")
    with pytest.raises(CommandError, match="UTF-8, UTF-16 hoặc Windows-1258"):
        run(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty.csv: tệp rỗng"),
        ("quote.csv", f'{HEADER}\n{ROW}\nH-2,"1.001193,x,direct\n'.encode(), "quote.csv, dòng 3"),
        ("fake.xlsx", b"code,procedure_code\n", "fake.xlsx không phải sổ tính XLSX"),
    ],
)
def test_unreadable_files_get_one_clear_message(
    tmp_path, desk_and_procedure, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not Dossier.objects.exists()


def test_a_missing_file_and_a_chunk_size_of_zero_are_named(tmp_path, desk_and_procedure):
    with pytest.raises(CommandError, match="không có tệp"):
        run(tmp_path / "nowhere.csv")
    path = tmp_path / "dossiers.csv"
    path.write_text(f"{HEADER}\n{ROW}\n")
    with pytest.raises(CommandError, match="--chunk-size"):
        call_command("import_dossiers", str(path), "--chunk-size", "0", "--no-progress")


def test_a_header_only_file_says_nothing_was_imported(tmp_path, desk_and_procedure):
    path = tmp_path / "dossiers.csv"
    path.write_text(f"{HEADER}\n\n")
    with pytest.raises(CommandError, match="không có dòng hồ sơ nào"):
        run(path)


def _bomb(path, *, rows: int, width: int = 1):
    """A tiny workbook that declares (and holds) many rows of long repeated text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for n in range(rows):
        sheet.append([f"B-{n}", "1.001193", "x" * width])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path, desk_and_procedure, settings):
    settings.IMPORT_XLSX_MAX_MB = 1
    path = _bomb(tmp_path / "bomb.xlsx", rows=300, width=5000)  # ~1.5 MB of XML, a few KB zipped
    assert path.stat().st_size < 200_000
    with zipfile.ZipFile(path) as archive:
        assert sum(m.file_size for m in archive.infolist()) > 1024 * 1024
    with pytest.raises(CommandError, match=r"bomb\.xlsx.*MB"):
        run(path)
    settings.IMPORT_XLSX_MAX_MB = 200
    settings.IMPORT_XLSX_MAX_ROWS = 100
    with pytest.raises(CommandError, match=r"bomb\.xlsx.*100"):
        run(_bomb(tmp_path / "bomb.xlsx", rows=150))
    assert not Dossier.objects.exists()


def test_dossiers_dated_in_the_future_are_refused_with_their_row(tmp_path, desk_and_procedure):
    path = tmp_path / "dossiers.csv"
    path.write_text(
        f"{HEADER}\n{ROW}\nH-2,1.001193,000.00.31.H56,direct,2099-01-01 09:00,,,2\n"
        "H-3,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2099-01-02 09:00,,9\n"
    )
    with pytest.raises(CommandError):
        run(path)
    assert not Dossier.objects.exists()


def test_a_future_moment_is_named_by_row_and_column(tmp_path, desk_and_procedure):
    from procedures.services.dossier_import import DossierImportError, dossiers_import

    path = tmp_path / "dossiers.csv"
    path.write_text(
        f"{HEADER}\nH-2,1.001193,000.00.31.H56,direct,2099-01-01 09:00,,,2\n"
        "H-3,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2099-01-02 09:00,,9\n"
    )
    with pytest.raises(DossierImportError) as error:
        dossiers_import(path=path, now=vn(2025, 6, 1, 9, 0))
    found = {(e.row, e.column) for e in error.value.errors}
    assert {(2, "received_at"), (3, "resolved_at")} <= found
    assert all("tương lai" in e.message for e in error.value.errors if e.row in (2, 3))


def test_an_over_long_applicant_name_is_reported_not_cut(tmp_path, desk_and_procedure):
    from procedures.services.dossier_import import DossierImportError, dossiers_import

    path = tmp_path / "dossiers.csv"
    path.write_text(f"{HEADER},applicant_name\n{ROW},{'A' * 256}\n")
    with pytest.raises(DossierImportError) as error:
        dossiers_import(path=path, now=vn(2025, 6, 1, 9, 0))
    [problem] = error.value.errors
    assert (problem.row, problem.column) == (2, "applicant_name")
    assert "255" in problem.message
    assert not Dossier.objects.exists()


# import_units ---------------------------------------------------------------------------------


def test_import_units_numbers_rows_as_the_file_does_after_blank_lines(tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_text("code,name,kind\n84,Tỉnh Trà Vinh,province\n\n\n29701,Xã Long Đức,nowhere\n")
    with pytest.raises(CommandError):
        call_command("import_units", str(path))
    assert "Dòng 5, cột kind" in capsys.readouterr().err


def test_import_units_reads_na_none_and_null_as_text_in_xlsx(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name", "kind"])
    sheet.append(["NA", "None", "province"])
    sheet.append(["null", "Xã Null", "commune"])
    path = tmp_path / "units.xlsx"
    workbook.save(path)
    call_command("import_units", str(path))
    assert set(Unit.objects.values_list("code", "name")) == {("NA", "None"), ("null", "Xã Null")}


def test_import_units_says_when_a_file_holds_no_rows(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name", "kind"])
    sheet.append([None, None, None])
    path = tmp_path / "units.xlsx"
    workbook.save(path)
    with pytest.raises(CommandError):
        call_command("import_units", str(path))
    assert not Unit.objects.exists()


def test_import_units_refuses_a_workbook_that_is_not_one(tmp_path, capsys):
    path = tmp_path / "units.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError):
        call_command("import_units", str(path))
    assert "không phải sổ tính XLSX" in capsys.readouterr().err


def test_the_catalogue_upload_refuses_a_zip_bomb_before_reading_it(tmp_path, settings):
    from procedures.importers.catalogue import read_tables

    settings.IMPORT_XLSX_MAX_MB = 1
    content = _bomb(tmp_path / "bomb.xlsx", rows=300, width=5000).read_bytes()
    tables, problems = read_tables(content, "danh-muc.xlsx")
    assert tables == []
    assert "danh-muc.xlsx" in problems[0].message and "MB" in problems[0].message
