"""The real national catalogue goes in as it is (issue 12): 2,642 records of the national portal,
values as the portal writes them (../shared/data/catalogue/national-records-2642.csv).

Every record is accepted (none of them has a defect that keeps it out): calendar days stay
calendar days, every channel's time and every level are kept, times to be completed and records
without a time are in and listed row by row; importing again changes nothing; the export reads
back unchanged."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from procedures.choices import Level
from procedures.models import ProcedureVersion
from procedures.reports.catalogue_export import catalogue_csv
from procedures.services.catalogue_imports import procedure_file_import

pytestmark = pytest.mark.django_db

# shared/ sits beside the repository (CI, the main checkout), or beside the worktrees' folder.
SHARED = next(
    (
        path
        for path in (
            Path(settings.BASE_DIR).parent / "shared",
            Path(settings.BASE_DIR).parent.parent / "shared",
        )
        if path.is_dir()
    ),
    Path(settings.BASE_DIR).parent / "shared",
)
FILE = SHARED / "data" / "catalogue" / "national-records-2642.csv"
RECORDS = 2642
EFFECTIVE = date(2025, 7, 1)


def _state():
    return sorted(
        ProcedureVersion.objects.values_list(
            "procedure__code",
            "valid_from",
            "name",
            "levels",
            "processing_time_value",
            "processing_time_unit",
            "processing_time_cutoff",
            "channel_times",
            "channels",
            "fees",
        )
    )


@pytest.mark.skipif(not FILE.is_file(), reason=f"the real sample is not at {FILE}")
def test_the_real_national_sample_goes_in_as_it_is_and_round_trips():
    content = FILE.read_bytes()
    summary = procedure_file_import(content=content, file_name=FILE.name, effective_date=EFFECTIVE)

    # At least 99% accepted; here every record: none has a defect that keeps it out.
    assert summary.rows == RECORDS and summary.created == RECORDS
    versions = {v.procedure.code: v for v in ProcedureVersion.objects.select_related("procedure")}
    assert len(versions) == RECORDS

    units = {}
    for version in versions.values():
        units[version.processing_time_unit] = units.get(version.processing_time_unit, 0) + 1
    # "15 Ngày" is calendar days, "15 Ngày làm việc" working days: never merged.
    assert units["calendar_days"] == 594
    assert units["days"] == 1468
    assert units["months"] == 8
    assert units["hours"] == 75
    # 347 bare numbers on the first channel, plus the empty cells: to be completed, never guessed.
    assert units["to_complete"] == 365
    assert units["none"] == 132

    abtc = versions["1.000811"]  # Trực tuyến: 21 Ngày | Dịch vụ bưu chính: 21 Ngày làm việc
    assert str(abtc.processing_time) == "21 Ngày"
    assert abtc.processing_time_for("online").unit == "calendar_days"
    assert str(abtc.processing_time_for("postal")) == "21 Ngày làm việc"
    assert str(abtc.processing_time_for("direct")) == "21 Ngày"
    assert sum(1 for v in versions.values() if v.channel_times) == 183

    several = versions["2.000908"]  # Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác
    assert several.level_list == [Level.MINISTRY, Level.PROVINCE, Level.COMMUNE, Level.OTHER]
    assert sum(1 for v in versions.values() if len(v.level_list) > 1) == 511

    # Times to be completed and records without a time are listed, each with its row.
    listed = {(w["row"], w["code"]) for w in summary.warnings}
    to_complete = {
        (v.procedure.code)
        for v in versions.values()
        if v.processing_time_unit
        in (
            "to_complete",
            "none",
        )
    }
    assert to_complete <= {code for _row, code in listed}
    first = next(w for w in summary.warnings if w["code"] == "1.000232")
    assert first["row"] == 3 and "Không có thông tin" in first["message"]
    assert versions["1.000232"].processing_time.has_due_moment is False
    # Issue 18: what must be completed is kept on the procedure, to check, with its text.
    to_check = {code for code, v in versions.items() if v.to_check}
    assert to_check == {
        code for code, v in versions.items() if v.processing_time_unit == "to_complete"
    }
    assert versions["1.000811"].to_check == []
    assert all(v.valid_from == EFFECTIVE for v in versions.values())
    before = _state()

    again = procedure_file_import(content=content, file_name=FILE.name, effective_date=EFFECTIVE)
    assert (again.created, again.unchanged) == (0, RECORDS)
    assert _state() == before

    exported = catalogue_csv(as_of=EFFECTIVE)
    back = procedure_file_import(content=exported, file_name="export.csv")
    assert (back.created, back.unchanged) == (0, RECORDS)
    assert _state() == before
    assert versions["1.000811"].processing_time_value == Decimal(21)
