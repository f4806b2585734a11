"""The roll-ups give exactly the rows of the direct computation, after every event (PostgreSQL:
the roll-ups are PostgreSQL's; elsewhere the statistics always count dossiers)."""

from datetime import date, timedelta

import pytest
from django.db import connection

from procedures.choices import Channel, Level, SupplementMode, TimeUnit
from procedures.models import CalendarSettings, DossierDailyRollup, DossierMonthlyRollup
from procedures.selectors.statistics import dossier_statistics
from procedures.services.dossiers import dossier_act
from procedures.services.rollups import rollups_rebuild, rollups_refresh_cells
from tests.factories import ProcedureFactory, ProcedureVersionFactory
from tests.fixtures_dossiers import vn

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the roll-ups are PostgreSQL's (scripts/test.sh)"
    ),
]

QUESTIONS = [
    (date(2025, 2, 1), date(2025, 2, 28), ()),
    (date(2025, 3, 1), date(2025, 3, 31), ("desk",)),
    (date(2025, 3, 5), date(2025, 4, 20), ("month",)),
    (date(2025, 1, 1), date(2025, 6, 30), ("unit", "month")),
    (date(2025, 2, 10), date(2025, 5, 3), ("channel", "quarter")),
    (date(2025, 3, 7), date(2025, 3, 10), ("level", "year")),
    # K and L (no time limit) received before: no row of zeros for their procedure.
    (date(2025, 3, 5), date(2025, 3, 31), ("procedure",)),
    # C closed on 03/04 and apologised for on 07/04: its apology counts here all the same.
    (date(2025, 4, 4), date(2025, 4, 30), ("desk",)),
]

# (dossier, action, moment): receipts first, then every action in time order.
STEPS = [
    ("A", "receive", vn(2025, 3, 3, 9, 0)),
    ("B", "receive_online", vn(2025, 3, 3, 9, 30)),
    ("C", "receive", vn(2025, 3, 3, 10, 0)),
    ("D", "receive", vn(2025, 3, 3, 10, 30)),
    ("E", "receive", vn(2025, 3, 17, 9, 0)),
    ("F", "receive", vn(2025, 2, 27, 9, 0)),
    ("G", "receive", vn(2025, 2, 28, 9, 0)),
    ("H", "receive", vn(2025, 3, 31, 16, 0)),
    ("I", "receive", vn(2025, 3, 14, 9, 0)),
    ("J", "receive", vn(2025, 3, 25, 9, 0)),
    # Without a time limit: outside the form's columns, counted as no_time_limit.
    ("K", "receive_untimed", vn(2025, 3, 3, 11, 0)),
    ("L", "receive_untimed", vn(2025, 2, 26, 9, 0)),
    ("F", "reject", vn(2025, 3, 3, 8, 0)),
    ("G", "transfer", vn(2025, 3, 3, 9, 0)),
    ("B", "request_supplement", vn(2025, 3, 4, 9, 0)),
    ("G", "resolve", vn(2025, 3, 5, 9, 0)),
    ("A", "resolve", vn(2025, 3, 7, 9, 0)),
    ("C", "request_supplement", vn(2025, 3, 7, 9, 0)),
    ("D", "request_financial_obligation", vn(2025, 3, 7, 9, 0)),
    ("B", "resume", vn(2025, 3, 10, 9, 0)),
    ("C", "resume", vn(2025, 3, 10, 9, 0)),
    ("B", "resolve", vn(2025, 3, 11, 9, 0)),
    ("E", "request_supplement", vn(2025, 3, 17, 10, 0)),
    ("E", "resume", vn(2025, 3, 18, 9, 0)),
    ("E", "request_supplement", vn(2025, 3, 18, 10, 0)),
    ("E", "resume", vn(2025, 3, 19, 9, 0)),
    ("I", "stop", vn(2025, 3, 20, 9, 0)),
    ("K", "request_supplement", vn(2025, 3, 12, 9, 0)),
    ("K", "resume", vn(2025, 3, 13, 9, 0)),
    ("L", "withdraw", vn(2025, 3, 20, 10, 0)),
    ("K", "resolve", vn(2025, 4, 1, 9, 0)),
    ("A", "return_result", vn(2025, 3, 21, 9, 0)),
    ("J", "apologize_reschedule", vn(2025, 3, 26, 9, 0)),  # due 28/03: in time
    ("H", "withdraw", vn(2025, 4, 2, 9, 0)),
    ("C", "resolve", vn(2025, 4, 3, 9, 0)),
    ("C", "apologize_reschedule", vn(2025, 4, 7, 9, 0)),  # resolved late: a late apology
]


def _both(date_from, date_to, group_by):
    direct = dossier_statistics(
        date_from=date_from, date_to=date_to, group_by=group_by, source="direct"
    )
    rolled = dossier_statistics(
        date_from=date_from, date_to=date_to, group_by=group_by, source="rollups"
    )
    assert rolled.source == "rollups"
    return direct, rolled


@pytest.mark.parametrize("mode", [SupplementMode.RESTART, SupplementMode.PAUSE])
def test_rollups_equal_the_direct_rows_event_by_event(
    mode, receive, reception_user, agency, celery_eager, django_capture_on_commit_callbacks
):
    CalendarSettings.objects.create(supplement_mode=mode)
    untimed = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.000232"),
        level=Level.COMMUNE,
        processing_time_value=None,
        processing_time_unit=TimeUnit.NONE,
    )
    rollups_rebuild()  # nothing yet: the roll-ups exist and cover the period
    dossiers = {}
    for step, (name, action, at) in enumerate(STEPS):
        with django_capture_on_commit_callbacks(execute=True):
            if action == "receive_untimed":
                dossiers[name] = receive(at, procedure=untimed.procedure, papers=[])
            elif action in ("receive", "receive_online"):
                channel = Channel.ONLINE if action == "receive_online" else Channel.DIRECT
                dossiers[name] = receive(at, channel=channel)
            else:
                dossiers[name] = dossier_act(
                    dossier=dossiers[name],
                    actor=reception_user,
                    action=action,
                    note="lý do",
                    receiver=agency if action == "transfer" else None,
                    new_due_at=at + timedelta(days=30),
                    at=at,
                )
        for date_from, date_to, group_by in QUESTIONS:
            direct, rolled = _both(date_from, date_to, group_by)
            where = f"after step {step} ({name} {action}), {date_from}..{date_to} {group_by}"
            assert rolled.rows == direct.rows, where
            assert rolled.totals == direct.totals, where
            assert direct.checks == [] and rolled.checks == [], where

    # The story itself, by hand: March's totals.
    march = dossier_statistics(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31)).totals
    assert march["received_carried_over"] == 2  # F and G
    assert march["received_new"] == 8
    assert (march["resolved_total"], march["rejected"], march["stopped"]) == (3, 1, 1)
    assert march["in_progress_total"] == 5  # C, D, E, H, J
    assert march["no_time_limit"] == 1  # K (L came in February; neither is in the columns)
    assert (march["apologies_in_time"], march["apologies_late"]) == (1, 0)  # J
    april = dossier_statistics(date_from=date(2025, 4, 1), date_to=date(2025, 4, 30)).totals
    assert (april["apologies_in_time"], april["apologies_late"]) == (0, 1)  # C


def test_a_replayed_refresh_or_rebuild_counts_nothing_twice(
    receive, reception_user, celery_eager, django_capture_on_commit_callbacks
):
    dossier = receive(vn(2025, 3, 3, 9, 0))
    dossier_act(dossier=dossier, actor=reception_user, action="resolve", at=vn(2025, 3, 7, 9))
    rollups_rebuild()

    def snapshot():
        return (
            sorted(DossierDailyRollup.objects.values_list("day", "received_new", "resolved_late")),
            sorted(DossierMonthlyRollup.objects.values_list("month", "received_new", "open_end")),
        )

    first = snapshot()
    cell = [(dossier.desk_id, dossier.procedure_id, dossier.channel)]
    rollups_refresh_cells(cells=cell)
    rollups_refresh_cells(cells=cell)  # a message delivered twice
    rollups_rebuild(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    rollups_rebuild()

    assert snapshot() == first
    # Received, resolved late on 07/03: due 09:00 on 06/03, it was within time at the end of
    # its due date and would have been overdue only from the end of 07/03 (no row for 06/03).
    assert first[0] == [
        (date(2025, 3, 3), 1, 0),
        (date(2025, 3, 7), 0, 1),
    ]
    stats = dossier_statistics(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    assert stats.source == "rollups"
    assert (stats.totals["received_total"], stats.totals["resolved_late"]) == (1, 1)


def test_without_rollups_or_beyond_them_the_statistics_count_dossiers(receive):
    receive(vn(2025, 3, 3, 9, 0))
    march = {"date_from": date(2025, 3, 1), "date_to": date(2025, 3, 31)}

    assert dossier_statistics(**march).source == "direct"  # never built
    rollups_rebuild()
    assert dossier_statistics(**march).source == "rollups"
    # Past the months the roll-ups hold, yet within the longest period a request may ask.
    far = dossier_statistics(date_from=date(2025, 3, 1), date_to=date(2034, 12, 31))
    assert far.source == "direct"


def test_a_refresh_of_the_rollups_forgets_the_cached_dashboards(
    receive, django_capture_on_commit_callbacks
):
    """A leader never reads a cached figure that the roll-ups have since changed."""
    from procedures.reports.dashboard import dashboard_cache_version

    dossier = receive(vn(2025, 3, 3, 9, 0))
    before = dashboard_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        rollups_refresh_cells(cells=[(dossier.desk_id, dossier.procedure_id, dossier.channel)])

    assert dashboard_cache_version() > before
