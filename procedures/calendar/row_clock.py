"""The clock as a dossier's row stores it, read back into the pure :class:`Clock`.

The services write a dossier's clock into four columns (``clock_started_at``, ``clock_work``,
``due_at``, ``clock_ran_out``; see :mod:`procedures.services.dossiers.clock`); the services, the
history import, the warnings and the apology check read it back through this one function, so
the reading cannot drift from the writing.
"""

from __future__ import annotations

from procedures.calendar.clock import Clock
from procedures.dossier_flow import WAITING_STATUSES


def clock_of(dossier) -> Clock:
    """The clock stored on ``dossier`` (a row or any object with its clock columns and
    ``status``): while it waits for the applicant, the clock stopped at ``clock_started_at``
    with ``clock_work`` left."""
    waiting = dossier.status in WAITING_STATUSES
    return Clock(
        started_at=dossier.clock_started_at,
        work=dossier.clock_work,
        due_at=dossier.due_at,
        stopped_at=dossier.clock_started_at if waiting else None,
        ran_out=dossier.clock_ran_out,
    )
