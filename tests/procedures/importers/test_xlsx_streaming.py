"""A workbook that would take gigabytes once loaded is refused while it is streamed: its filled
cells are counted as they come, its shared strings bounded before anything is read (issue 22,
finding 6)."""

import io
import tracemalloc
import zipfile

from openpyxl import Workbook

from procedures.importers.catalogue import read_procedure_file
from procedures.importers.files import read_xlsx_sheets


def _workbook(rows: int, columns: int, *, text=lambda r, c: "x") -> bytes:
    # Not write-only: openpyxl then writes texts into the shared strings, as Excel does.
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh mục"
    for r in range(rows):
        sheet.append([text(r, c) for c in range(columns)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbook_past_the_cell_limit_is_refused_naming_the_limit(settings):
    settings.IMPORT_XLSX_MAX_CELLS = 50_000
    bomb = _workbook(20_000, 5)  # 100.000 cells of one shared string: a few hundred KB
    tracemalloc.start()
    try:
        parsed = read_procedure_file(bomb, "bom.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [p.message for p in parsed.problems] == [
        "bom.xlsx chứa quá 50.000 ô có dữ liệu, vượt giới hạn một lần nhập: hãy chia nhỏ tệp."
    ]
    assert not parsed.rows
    assert peak < 40 * 1024 * 1024  # stopped at the limit, not after loading every cell


def test_too_many_shared_strings_are_refused_before_reading(settings):
    settings.IMPORT_XLSX_MAX_SHARED_STRINGS_MB = 1
    # Excel keeps a workbook's texts in xl/sharedStrings.xml, which openpyxl loads whole.
    buffer = io.BytesIO(_workbook(1, 1))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        strings = "".join(f"<si><t>chuỗi {n} {'y' * 100}</t></si>" for n in range(12_000))
        archive.writestr("xl/sharedStrings.xml", f"<sst>{strings}</sst>")
    parsed = read_procedure_file(buffer.getvalue(), "chuoi.xlsx")
    assert len(parsed.problems) == 1
    assert "chuoi.xlsx" in parsed.problems[0].message
    assert "1 MB" in parsed.problems[0].message


def test_the_streamed_cells_are_those_pandas_would_give():
    book = Workbook()
    sheet = book.active
    sheet.title = "A"
    sheet.append(["Mã TTHC", 2.00063, 3.0, None, "cuối"])
    sheet.append([None, None, None, None, None])
    sheet.append(["b", 1.5, True, None, None])
    sheet.append([None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    frame = read_xlsx_sheets(buffer.getvalue(), "a.xlsx")["A"]
    assert frame.shape == (3, 5)
    assert frame.iloc[0].tolist() == ["Mã TTHC", 2.00063, 3, "", "cuối"]
    assert frame.iloc[1].tolist() == ["", "", "", "", ""]
    assert frame.iloc[2].tolist() == ["b", 1.5, True, "", ""]
