"""History import: computed due moments and outcomes, all-or-nothing, idempotent, events."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import Workbook

from procedures.choices import Level, Outcome, SupplementMode, TimeUnit
from procedures.importers.dossiers import FileError
from procedures.models import CalendarSettings, Dossier, DossierEvent
from procedures.selectors.calendar import working_calendar_get
from procedures.services.dossier_import import DossierImportError, dossiers_import
from tests.factories import ProcedureVersionFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db
HEADER = "code,procedure_code,desk_code,channel,received_at,resolved_at,returned_at,status,due_at"
NOW = vn(2025, 6, 1, 9, 0)
METHODS = ["copy", "insert"] if connection.vendor == "postgresql" else ["insert"]


def write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def good_file(tmp_path, intake_desk, birth_registration):
    # The due_at column is the other system's opinion: ignored.
    return write(
        tmp_path,
        "dossiers.csv",
        [
            HEADER,
            "H-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2025-03-05 10:00,"
            "2025-03-05 15:00,10,2099-01-01",
            "H-2,1.001193,000.00.31.H56,online,03/03/2025 09:00,07/03/2025 08:00,,9,",
            "H-3,1.001193,000.00.31.H56,postal,2025-03-04T09:00:00+07:00,"
            "2025-03-06 16:00,,resolved,",
            "H-4,1.001193,000.00.31.H56,direct,2025-03-04 09:00,,,2,",
        ],
    )


@pytest.mark.parametrize("method", METHODS)
def test_due_moments_and_outcomes_are_computed_by_the_project(good_file, method):
    report = dossiers_import(path=good_file, now=NOW, method=method, chunk_size=2)

    assert (report.rows, report.created, report.skipped) == (4, 4, 0)
    rows = {d.code: d for d in Dossier.objects.all()}
    assert rows["H-1"].due_at == vn(2025, 3, 6, 9, 0)
    assert rows["H-1"].status == 10
    assert rows["H-1"].returned_at == vn(2025, 3, 5, 15, 0)
    assert [rows[c].outcome for c in ("H-1", "H-2", "H-3")] == [
        Outcome.EARLY,
        Outcome.LATE,
        Outcome.EARLY,
    ]
    assert rows["H-3"].due_at == vn(2025, 3, 7, 9, 0)
    assert (rows["H-4"].outcome, rows["H-4"].is_overdue) == (None, True)
    calendar = working_calendar_get()
    for dossier in rows.values():
        assert dossier.sector_id == dossier.procedure_version.sector_id
        assert calendar.add_working_time(dossier.clock_started_at, dossier.clock_work) == (
            dossier.due_at
        )


@pytest.mark.parametrize("method", METHODS)
def test_importing_again_changes_nothing(good_file, method):
    dossiers_import(path=good_file, now=NOW, method=method)
    before = list(Dossier.objects.order_by("code").values())

    report = dossiers_import(path=good_file, now=NOW, method=method)

    assert (report.created, report.skipped) == (0, 4)
    assert list(Dossier.objects.order_by("code").values()) == before


def test_the_version_in_force_on_the_day_of_receipt_counts(
    tmp_path, intake_desk, birth_registration
):
    birth_registration.superseded_on = date(2025, 3, 5)
    birth_registration.save()
    ProcedureVersionFactory(
        procedure=birth_registration.procedure,
        valid_from=date(2025, 3, 5),
        level=Level.COMMUNE,
        processing_time_value=Decimal("4"),
        processing_time_unit=TimeUnit.HOURS,
    )
    path = write(
        tmp_path,
        "d.csv",
        [
            HEADER,
            "V-1,1.001193,000.00.31.H56,direct,2025-03-04 09:00,,,2,",
            "V-2,1.001193,000.00.31.H56,direct,2025-03-05 09:00,,,2,",
        ],
    )
    dossiers_import(path=path, now=NOW)
    assert Dossier.objects.get(code="V-1").due_at == vn(2025, 3, 7, 9, 0)
    assert Dossier.objects.get(code="V-2").due_at == vn(
        2025, 3, 5, 15, 0
    )  # 4 working hours: 2.5 + 1.5


def test_a_bad_file_reports_every_bad_row_and_writes_nothing(
    tmp_path, intake_desk, birth_registration
):
    path = write(
        tmp_path,
        "bad.csv",
        [
            HEADER,
            "B-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2,",
            "B-2,9.999999,000.00.31.H56,direct,2025-03-03 09:00,,,2,",
            "B-3,1.001193,NO-DESK,direct,2025-03-03 09:00,,,2,",
            "B-4,1.001193,000.00.31.H56,fax,31/02/2025,,,2,",
            "B-5,1.001193,000.00.31.H56,direct,2025-03-05 09:00,2025-03-04 09:00,,9,",
            "B-6,1.001193,000.00.31.H56,direct,2025-03-05 09:00,,,9,",
            "B-1,1.001193,000.00.31.H56,direct,2025-03-06 09:00,,,2,",
            "B-8,1.001193,000.00.31.H56,direct,2015-03-06 09:00,,,2,",
        ],
    )
    with pytest.raises(DossierImportError) as error:
        dossiers_import(path=path, now=NOW, chunk_size=3)

    found = {(e.row, e.column) for e in error.value.errors}
    assert {
        (3, "procedure_code"),
        (4, "desk_code"),
        (5, "channel"),
        (5, "received_at"),
        (6, "resolved_at"),
        (7, "resolved_at"),
        (9, "procedure_code"),  # not in force in 2015
    } <= found
    assert not Dossier.objects.exists()


def test_duplicate_codes_across_chunks_are_reported(tmp_path, intake_desk, birth_registration):
    path = write(
        tmp_path,
        "dup.csv",
        [
            HEADER,
            "D-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2,",
            "D-2,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2,",
            "D-1,1.001193,000.00.31.H56,direct,2025-03-04 09:00,,,2,",
        ],
    )
    with pytest.raises(DossierImportError) as error:
        dossiers_import(path=path, now=NOW, chunk_size=2)
    (only,) = error.value.errors
    assert (only.row, only.column) == (4, "code")
    assert "D-1" in only.message and "2" in only.message
    assert not Dossier.objects.exists()


def test_missing_columns_are_named(tmp_path, intake_desk):
    path = write(tmp_path, "cols.csv", ["code,desk_code", "X,000.00.31.H56"])
    with pytest.raises(FileError, match="procedure_code"):
        dossiers_import(path=path)


def test_an_xlsx_file_imports_alike(tmp_path, intake_desk, birth_registration):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(",")[:-1])
    sheet.append(["X-1", "1.001193", "000.00.31.H56", "direct", "2025-03-03 09:00", None, None, 2])
    from datetime import datetime

    sheet.append(
        ["X-2", "1.001193", "000.00.31.H56", "online", datetime(2025, 3, 3, 9), None, None, 2]
    )
    path = tmp_path / "d.xlsx"
    workbook.save(path)

    assert dossiers_import(path=path, now=NOW).created == 2
    assert Dossier.objects.get(code="X-2").due_at == vn(2025, 3, 6, 9, 0)


EVENTS_HEADER = "dossier_code,action,at,note,giver_code,receiver_code,new_due_at"


def timeline(code):
    return [
        (e.action, e.from_status, e.to_status)
        for e in DossierEvent.objects.filter(dossier__code=code).order_by("at", "id")
    ]


@pytest.mark.parametrize(
    ("mode", "expected_due", "outcome"),
    [
        # One day worked before the request on 04/03, two left from 10/03 09:00.
        (SupplementMode.PAUSE, vn(2025, 3, 12, 9, 0), Outcome.ON_TIME),
        (SupplementMode.RESTART, vn(2025, 3, 13, 9, 0), Outcome.EARLY),
    ],
)
def test_events_replay_supplements_and_hand_overs_with_their_states(
    tmp_path, intake_desk, birth_registration, agency, commune, mode, expected_due, outcome
):
    CalendarSettings.objects.create(supplement_mode=mode)
    dossiers = write(
        tmp_path,
        "d.csv",
        [HEADER, "E-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2025-03-12 10:00,,9,"],
    )
    events = write(
        tmp_path,
        "e.csv",
        [
            EVENTS_HEADER,
            # The giver may be left out: the desk's unit held it.
            f"E-1,transfer,2025-03-03 10:00,chuyển,,{agency.code},",
            "E-1,request_supplement,2025-03-04 09:00,Thiếu giấy chứng sinh,,,",
            "E-1,resume,2025-03-10 09:00,,,,",
        ],
    )
    report = dossiers_import(path=dossiers, events_path=events, now=NOW)

    assert report.events_created == 3
    dossier = Dossier.objects.get(code="E-1")
    assert (dossier.due_at, dossier.outcome) == (expected_due, outcome)
    assert dossier.current_agency == agency
    assert dossier.supplement_count == 1
    assert timeline("E-1") == [
        ("receive", None, 2),
        ("transfer", 2, 4),
        ("request_supplement", 4, 5),
        ("resume", 5, 4),
        ("resolve", 4, 9),
    ]
    transfer, request, resume, resolve = DossierEvent.objects.filter(dossier=dossier).order_by(
        "at"
    )[1:]
    assert (transfer.giver, transfer.receiver) == (commune, agency)
    assert request.due_at == vn(2025, 3, 6, 9, 0)  # still the first due moment while waiting
    assert resume.due_at == resolve.due_at == expected_due
    calendar = working_calendar_get()
    assert calendar.add_working_time(dossier.clock_started_at, dossier.clock_work) == expected_due

    again = dossiers_import(path=dossiers, events_path=events, now=NOW)
    assert (again.created, again.events_created, again.events_skipped) == (0, 0, 3)
    assert DossierEvent.objects.filter(dossier=dossier).count() == 5


def test_an_apology_is_replayed_once_for_an_overdue_dossier_that_stays_late(
    tmp_path, intake_desk, birth_registration
):
    dossiers = write(
        tmp_path,
        "d.csv",
        [HEADER, "A-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2025-03-11 09:00,,9,"],
    )
    events = write(
        tmp_path,
        "e.csv",
        [EVENTS_HEADER, "A-1,apologize_reschedule,2025-03-07 09:00,Xin lỗi,,,2025-03-12 09:00"],
    )
    dossiers_import(path=dossiers, events_path=events, now=NOW)

    dossier = Dossier.objects.get(code="A-1")
    assert (dossier.due_at, dossier.apology_due_at) == (
        vn(2025, 3, 6, 9, 0),
        vn(2025, 3, 12, 9, 0),
    )
    assert dossier.outcome == Outcome.LATE
    apology = DossierEvent.objects.get(dossier=dossier, action="apologize_reschedule")
    assert (apology.from_status, apology.to_status) == (2, 2)
    assert (apology.due_at, apology.new_due_at) == (vn(2025, 3, 6, 9, 0), vn(2025, 3, 12, 9, 0))


@pytest.mark.parametrize(
    ("dossier_line", "event_lines", "expected"),
    [
        # A resume without any request.
        (
            "S-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2,",
            ["S-1,resume,2025-03-04 09:00,"],
            {("e.csv", 2, "action")},
        ),
        # Resolved while still waiting for the supplement.
        (
            "S-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2025-03-05 09:00,,9,",
            ["S-1,request_supplement,2025-03-04 09:00,Thiếu"],
            {("d.csv", 2, "status")},
        ),
        # Handed over, so not "received" any more.
        (
            "S-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2,",
            ["S-1,transfer,2025-03-04 09:00,,,000.00.06.H56,"],
            {("d.csv", 2, "status")},
        ),
        # An apology for a dossier resolved early (one is allowed from the moment lateness is
        # foreseen, never once it was resolved in time); then a second one.
        (
            "S-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2025-03-04 09:00,,9,",
            ["S-1,apologize_reschedule,2025-03-05 09:00,,,,2025-03-20 09:00"],
            {("e.csv", 2, "action")},
        ),
        (
            "S-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2,",
            [
                "S-1,apologize_reschedule,2025-03-07 09:00,,,,2025-03-20 09:00",
                "S-1,apologize_reschedule,2025-03-10 09:00,,,,2025-03-25 09:00",
            ],
            {("e.csv", 3, "action")},
        ),
        # An event after the result was returned.
        (
            "S-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2025-03-04 09:00,"
            "2025-03-04 10:00,10,",
            ["S-1,request_supplement,2025-03-05 09:00,Thiếu"],
            {("e.csv", 2, "action")},
        ),
        # Waiting for a supplement with no request in the events file.
        ("S-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,5,", [], {("d.csv", 2, "status")}),
        # The same event twice.
        (
            "S-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,4,",
            [
                "S-1,transfer,2025-03-04 09:00,,,000.00.06.H56,",
                "S-1,transfer,2025-03-04 09:00,,,000.00.06.H56,",
            ],
            # Reported as a duplicate, and replayed it hands over to the holder itself.
            {("e.csv", 3, "at"), ("e.csv", 3, "receiver_code")},
        ),
    ],
)
def test_histories_that_contradict_the_state_table_are_refused(
    tmp_path, intake_desk, birth_registration, agency, dossier_line, event_lines, expected
):
    dossiers = write(tmp_path, "d.csv", [HEADER, dossier_line])
    # Short lines are fine: missing cells are empty.
    events = write(tmp_path, "e.csv", [EVENTS_HEADER, *event_lines])
    with pytest.raises(DossierImportError) as error:
        dossiers_import(path=dossiers, events_path=events, now=NOW)

    assert {(e.file, e.row, e.column) for e in error.value.errors} == expected
    assert not Dossier.objects.exists()
    assert not DossierEvent.objects.exists()


def test_a_dossier_registered_online_counts_from_its_receipt_by_the_desk(
    tmp_path, intake_desk, birth_registration
):
    dossiers = write(
        tmp_path,
        "d.csv",
        [
            HEADER,
            "O-1,1.001193,000.00.31.H56,online,2025-03-01 20:00,,,2,",
            "O-2,1.001193,000.00.31.H56,online,2025-03-01 20:00,,,1,",
        ],
    )
    events = write(tmp_path, "e.csv", [EVENTS_HEADER, "O-1,receive_online,2025-03-05 14:00,"])
    dossiers_import(path=dossiers, events_path=events, now=NOW)

    assert timeline("O-1") == [("receive", None, 1), ("receive_online", 1, 2)]
    assert Dossier.objects.get(code="O-1").due_at == vn(2025, 3, 10, 14, 0)
    assert timeline("O-2") == [("receive", None, 1)]
    assert Dossier.objects.get(code="O-2").status == 1


def test_events_of_a_dossier_already_imported_come_only_with_it(
    tmp_path, intake_desk, birth_registration, agency
):
    dossiers = write(
        tmp_path, "d.csv", [HEADER, "G-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,4,"]
    )
    dossiers_import(path=dossiers, now=NOW)
    events = write(
        tmp_path, "e.csv", [EVENTS_HEADER, f"G-1,transfer,2025-03-03 10:00,,,{agency.code},"]
    )

    with pytest.raises(DossierImportError) as error:
        dossiers_import(path=dossiers, events_path=events, now=NOW)

    (only,) = error.value.errors
    assert (only.file, only.row, only.column) == ("e.csv", 2, "dossier_code")
    assert "G-1" in only.message
    assert timeline("G-1") == [("receive", None, 2)]


def test_bad_events_undo_the_whole_import(tmp_path, intake_desk, birth_registration):
    dossiers = write(
        tmp_path, "d.csv", [HEADER, "F-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2,"]
    )
    events = write(
        tmp_path,
        "e.csv",
        [
            "dossier_code,action,at,note",
            "F-1,request_supplement,2025-03-01 09:00,trước khi nhận",
            "F-9,request_supplement,2025-03-04 09:00,",
            "F-1,delete,2025-03-04 09:00,",
            "F-1,transfer,2025-03-04 09:00,",
        ],
    )
    with pytest.raises(DossierImportError) as error:
        dossiers_import(path=dossiers, events_path=events, now=NOW)
    assert {(e.file, e.row, e.column) for e in error.value.errors} == {
        ("e.csv", 2, "at"),
        ("e.csv", 3, "dossier_code"),
        ("e.csv", 4, "action"),
        ("e.csv", 5, "receiver_code"),
    }
    assert not Dossier.objects.exists()
    assert not DossierEvent.objects.exists()


def test_every_imported_dossier_gets_its_timeline_and_closing_moment(good_file, tmp_path):
    ended = write(
        tmp_path,
        "ended.csv",
        [
            HEADER.replace(",due_at", ",closed_at"),
            "R-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,3,2025-03-03 09:30",
            # A file keeping the end of every dossier in resolved_at.
            "R-2,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2025-03-04 09:00,,withdrawn,",
        ],
    )
    dossiers_import(path=good_file, now=NOW)
    dossiers_import(path=ended, now=NOW)

    assert timeline("H-1") == [("receive", None, 2), ("resolve", 2, 9), ("return_result", 9, 10)]
    assert timeline("H-4") == [("receive", None, 2)]
    assert timeline("R-1") == [("receive", None, 2), ("reject", 2, 3)]
    assert timeline("R-2") == [("receive", None, 2), ("withdraw", 2, 7)]
    rows = {d.code: d for d in Dossier.objects.all()}
    assert rows["H-1"].closed_at == rows["H-1"].resolved_at == vn(2025, 3, 5, 10, 0)
    assert rows["H-4"].closed_at is None
    assert (rows["R-1"].closed_at, rows["R-1"].resolved_at, rows["R-1"].outcome) == (
        vn(2025, 3, 3, 9, 30),
        None,
        None,
    )
    assert rows["R-2"].closed_at == vn(2025, 3, 4, 9, 0)
    resolve = DossierEvent.objects.get(dossier=rows["H-1"], action="resolve")
    assert (resolve.at, resolve.due_at) == (vn(2025, 3, 5, 10, 0), rows["H-1"].due_at)


def test_an_ended_dossier_needs_its_closing_moment(tmp_path, intake_desk, birth_registration):
    path = write(
        tmp_path,
        "ended.csv",
        [
            HEADER.replace(",due_at", ",closed_at"),
            "R-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,stopped,",
            "R-2,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2,2025-03-04 09:00",
            "R-3,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,3,2025-03-02 09:00",
            "R-4,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2025-03-04 09:00,,9,"
            "2025-03-05 09:00",
            "R-5,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2025-03-04 09:00,"
            "2025-03-04 10:00,9,",
        ],
    )
    with pytest.raises(DossierImportError) as error:
        dossiers_import(path=path, now=NOW)
    assert {(e.row, e.column) for e in error.value.errors} == {
        (2, "closed_at"),
        (3, "closed_at"),
        (4, "closed_at"),
        (5, "closed_at"),
        (6, "returned_at"),
    }


def test_row_numbers_are_the_files_lines_even_after_blank_lines(
    tmp_path, intake_desk, birth_registration
):
    path = write(
        tmp_path,
        "blank.csv",
        [
            HEADER,
            "K-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,2,",
            "",
            "K-2,1.001193,NOPE,direct,2025-03-03 09:00,,,2,",
        ],
    )
    with pytest.raises(DossierImportError) as error:
        dossiers_import(path=path, now=NOW)
    assert [(e.row, e.column) for e in error.value.errors] == [(4, "desk_code")]


def test_the_command_reports_counts_and_errors(tmp_path, good_file, capsys):
    call_command("import_dossiers", str(good_file), "--no-progress")
    assert "4" in capsys.readouterr().out

    bad = write(tmp_path, "bad.csv", [HEADER, "Z-1,1.001193,NOPE,direct,2025-03-03 09:00,,,2,"])
    with pytest.raises(CommandError, match="1 dòng sai: chưa nhập dữ liệu nào"):
        call_command("import_dossiers", str(bad), "--no-progress")
    err = capsys.readouterr().err
    assert "bad.csv, dòng 2, cột desk_code: không có bộ phận một cửa mang mã này" in err
    assert not Dossier.objects.filter(code="Z-1").exists()


def test_the_history_import_counts_calendar_days_same_day_and_each_channels_time(
    tmp_path, intake_desk, birth_registration
):
    """Issue 12: 15 calendar days from Tue 22/4/2025 end on Wed 7/5; online the record gives
    3 working days; a same-day version received on Fri 25/4 after 15:00 is due on the make-up
    Saturday 26/4 at 17:00; a version whose time is to be completed gives its dossiers none."""
    birth_registration.superseded_on = date(2025, 4, 25)
    birth_registration.processing_time_value = Decimal("15")
    birth_registration.processing_time_unit = TimeUnit.CALENDAR_DAYS
    birth_registration.channel_times = {"online": {"amount": "3", "unit": "days", "cutoff": None}}
    birth_registration.save()
    ProcedureVersionFactory(
        procedure=birth_registration.procedure,
        valid_from=date(2025, 4, 25),
        superseded_on=date(2025, 4, 28),
        level=Level.COMMUNE,
        processing_time_value=None,
        processing_time_unit=TimeUnit.SAME_DAY,
    )
    ProcedureVersionFactory(
        procedure=birth_registration.procedure,
        valid_from=date(2025, 4, 28),
        level=Level.COMMUNE,
        processing_time_value=None,
        processing_time_unit=TimeUnit.TO_COMPLETE,
        processing_time_text="120",
    )
    rows = [
        HEADER,
        "C-1,1.001193,000.00.31.H56,direct,2025-04-22 09:00,,,2,",
        "C-2,1.001193,000.00.31.H56,online,2025-04-22 09:00,,,2,",
        "C-3,1.001193,000.00.31.H56,direct,2025-04-25 15:30,,,2,",
    ]
    dossiers_import(path=write(tmp_path, "c.csv", rows), now=NOW)
    due = dict(Dossier.objects.values_list("code", "due_at"))
    assert due["C-1"] == vn(2025, 5, 7, 17, 0)
    assert due["C-2"] == vn(2025, 4, 25, 9, 0)  # 3 working days, the online channel's own
    assert due["C-3"] == vn(2025, 4, 26, 17, 0)
    calendar = working_calendar_get()
    for dossier in Dossier.objects.all():
        assert calendar.add_working_time(dossier.clock_started_at, dossier.clock_work) == (
            dossier.due_at
        )

    # A time to be completed: the dossiers go in with no due moment and, resolved, no outcome.
    rows = [
        HEADER,
        "C-4,1.001193,000.00.31.H56,direct,2025-04-29 09:00,,,2,",
        "C-5,1.001193,000.00.31.H56,direct,2025-04-29 10:00,2025-05-30 10:00,,9,",
    ]
    dossiers_import(path=write(tmp_path, "d.csv", rows), now=NOW)
    untimed = {
        d.code: (d.due_at, d.clock_work, d.outcome, d.is_overdue)
        for d in Dossier.objects.filter(code__in=["C-4", "C-5"])
    }
    assert untimed == {"C-4": (None, None, None, False), "C-5": (None, None, None, False)}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="foreign keys as a set: PostgreSQL")
def test_a_large_import_checks_foreign_keys_as_a_set_and_keeps_them(
    tmp_path, intake_desk, birth_registration, agency, monkeypatch
):
    """Above the threshold the dossier and event foreign keys are dropped for the load and added
    back (checked over the table in one statement): afterwards they exist and still refuse a
    dossier pointing nowhere."""
    from django.db import IntegrityError, transaction

    from procedures.services.dossier_import import bulk_write

    def foreign_keys():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
                "AND conrelid IN ('procedures_dossier'::regclass, "
                "'procedures_dossierevent'::regclass) ORDER BY conname"
            )
            return cursor.fetchall()

    before = foreign_keys()
    monkeypatch.setattr(bulk_write, "BULK_FOREIGN_KEYS_MIN_ROWS", 1)
    dossiers = write(
        tmp_path,
        "d.csv",
        [HEADER, "F-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2025-03-12 10:00,,9,"],
    )
    events = write(
        tmp_path, "e.csv", [EVENTS_HEADER, f"F-1,transfer,2025-03-03 10:00,chuyển,,{agency.code},"]
    )
    report = dossiers_import(path=dossiers, events_path=events, now=NOW)

    assert (report.created, report.events_created) == (1, 1)
    assert foreign_keys() == before
    # Every foreign key of both tables (desk, procedure, version, sector, agencies, people, and
    # the events' dossier) is there again, as it was.
    assert len(before) >= 10
    assert any("REFERENCES procedures_dossier(id)" in definition for _n, definition in before)
    assert timeline("F-1") == [("receive", None, 2), ("transfer", 2, 4), ("resolve", 4, 9)]
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("UPDATE procedures_dossier SET desk_id = 987654321 WHERE code = 'F-1'")
