"""Open dossiers with a running clock, for the calendar's recomputation tests."""

from datetime import datetime, timedelta
from itertools import count

from procedures.choices import Channel, DossierStatus
from procedures.models import Dossier
from procedures.selectors.calendar import working_calendar_get
from tests.factories import DeskFactory, ProcedureVersionFactory

_numbers = count(1)


def dossier_with_clock(
    *, start: datetime, work: timedelta, status: int = DossierStatus.IN_PROCESS, desk=None
) -> Dossier:
    """A dossier whose due moment is what the calendar in force gives for its clock."""
    version = ProcedureVersionFactory()
    desk = desk or DeskFactory()
    number = next(_numbers)
    return Dossier.objects.create(
        code=f"{desk.code}-{start:%y%m%d}-{number:04d}",
        desk=desk,
        procedure=version.procedure,
        procedure_version=version,
        sector=version.sector,
        channel=Channel.DIRECT,
        applicant_name="Nguyễn Văn An",
        status=status,
        received_at=start,
        clock_started_at=start,
        clock_work=work,
        due_at=working_calendar_get().add_working_time(start, work),
    )
