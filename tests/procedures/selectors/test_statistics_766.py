"""Decision 766 has one definition, the clock's: the statistics count the verdict the clock
stored on each dossier (live and imported alike), so the two cannot disagree."""

from datetime import date

import pytest

from procedures.calendar import clock as rules
from procedures.choices import Outcome
from procedures.models import Dossier
from procedures.selectors.statistics import dossier_statistics
from procedures.services.dossier_import import dossiers_import
from procedures.services.dossiers import dossier_act
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("outcome", "requests", "late_766"),
    [
        (Outcome.EARLY, 0, False),
        (Outcome.ON_TIME, 1, False),
        (Outcome.EARLY, 2, True),  # more than one supplement request
        (Outcome.LATE, 0, True),
        (None, 0, None),  # no due moment: no verdict, never in time
        (None, 2, True),
    ],
)
def test_the_clock_gives_one_verdict_for_766(outcome, requests, late_766):
    assert rules.late_for_766(outcome, requests) is late_766


# (received, [(action, at)], expected outcome); every dossier is 3 working days.
HISTORIES = [
    (vn(2025, 3, 3, 9, 0), [("resolve", vn(2025, 3, 4, 9, 0))], Outcome.EARLY),
    (vn(2025, 3, 3, 9, 0), [("resolve", vn(2025, 3, 7, 9, 0))], Outcome.LATE),
    (
        vn(2025, 3, 10, 9, 0),
        [
            ("request_supplement", vn(2025, 3, 10, 10, 0)),
            ("resume", vn(2025, 3, 11, 9, 0)),
            ("resolve", vn(2025, 3, 12, 9, 0)),
        ],
        Outcome.EARLY,
    ),
    (
        vn(2025, 3, 17, 9, 0),
        [
            ("request_supplement", vn(2025, 3, 17, 10, 0)),
            ("resume", vn(2025, 3, 18, 9, 0)),
            ("request_supplement", vn(2025, 3, 18, 10, 0)),
            ("resume", vn(2025, 3, 19, 9, 0)),
            ("resolve", vn(2025, 3, 19, 10, 0)),
        ],
        Outcome.EARLY,
    ),
]


def test_the_statistics_count_exactly_the_clocks_verdicts(
    receive, reception_user, tmp_path, intake_desk, birth_registration
):
    for received, events, expected in HISTORIES:
        dossier = receive(received)
        for action, at in events:
            dossier = dossier_act(
                dossier=dossier, actor=reception_user, action=action, at=at, note="Thiếu"
            )
        assert dossier.outcome == expected
    # Imported without events: the import stores the clock's verdict too.
    path = tmp_path / "d.csv"
    path.write_text(
        "code,procedure_code,desk_code,channel,received_at,resolved_at,returned_at,status\n"
        f"I-1,1.001193,{intake_desk.code},direct,2025-03-03 08:00,2025-03-04 08:00,,9\n"
        f"I-2,1.001193,{intake_desk.code},direct,2025-03-03 08:00,2025-03-12 08:00,,9\n",
        encoding="utf-8",
    )
    dossiers_import(path=path, now=vn(2025, 4, 1, 8, 0))

    resolved = list(Dossier.objects.filter(resolved_at__isnull=False))
    assert len(resolved) == 6
    for dossier in resolved:
        assert dossier.late_766 is rules.late_for_766(dossier.outcome, dossier.supplement_count)
    stats = dossier_statistics(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    # In time for 766: the early one, the early one with one request, the early import.
    assert stats.totals["resolved_in_time_766"] == 3
    assert stats.totals["resolved_in_time_766"] == sum(d.late_766 is False for d in resolved)
    assert stats.checks == []
