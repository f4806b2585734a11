"""manage.py rebuild_rollups: rebuilds, says what the roll-ups cover, refuses bad dates."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from procedures.models import DossierDailyRollup, RollupState
from tests.fixtures_dossiers import vn

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="roll-ups are PostgreSQL's"),
]


def test_rebuild_then_rebuild_a_range_gives_the_same_rows(receive):
    receive(vn(2025, 3, 3, 9, 0))
    out = StringIO()

    call_command("rebuild_rollups", "--no-progress", stdout=out)

    assert "03/03/2025" in out.getvalue()
    state = RollupState.objects.get()
    assert state.first_day == date(2025, 3, 3)
    rows = sorted(DossierDailyRollup.objects.values_list("day", "received_new", "open_delta"))
    assert rows[0] == (date(2025, 3, 3), 1, 1)

    call_command("rebuild_rollups", "--from", "2025-03-01", "--to", "31/03/2025", "--no-progress")
    again = sorted(DossierDailyRollup.objects.values_list("day", "received_new", "open_delta"))
    assert again == rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-13-01"], "2025-13-01"),
        (["--from", "2025-03-31", "--to", "2025-03-01"], "--to"),
    ],
)
def test_bad_dates_are_named(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("rebuild_rollups", *args, "--no-progress")
