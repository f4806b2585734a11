"""Services of the dossier flow (hồ sơ), split by idea:

- :mod:`.intake` — tiếp nhận: receipt at a desk, codes, validation, idempotent retries;
- :mod:`.actions` — the state machine: every action after intake and :func:`dossier_act`;
- :mod:`.clock` — start, stop and resume of the dossier's clock;
- :mod:`.watch` — the overdue watch;
- :mod:`.digest` — the daily digest e-mail of each desk and each leader;
- :mod:`.corrections` — an administrator's correction of the channel or applicant (no event).
- :mod:`.verdicts` — the stored verdicts of existing dossiers recomputed by today's clock rules.

Every action locks the dossier row (``select_for_update``), checks the actor and the state table
of :mod:`procedures.dossier_flow`, writes the dossier and exactly one immutable
:class:`~procedures.models.DossierEvent`. The clock invariant
``due_at == working_calendar.add_working_time(clock_started_at, clock_work)`` holds after every
action, so a calendar change can recompute every open dossier's due moment from two columns.

Import from this package (``from procedures.services.dossiers import dossier_receive``); the
modules are its layout, not its interface.
"""

from procedures.dossier_flow import WAITING_STATUSES
from procedures.services.dossiers.actions import (
    dossier_act,
    dossier_apologize_reschedule,
    dossier_fulfil_financial_obligation,
    dossier_receive_online,
    dossier_reject,
    dossier_request_financial_obligation,
    dossier_request_supplement,
    dossier_resolve,
    dossier_resume,
    dossier_return_result,
    dossier_stop,
    dossier_transfer,
    dossier_withdraw,
)
from procedures.services.dossiers.clock import clock_resume, clock_start, clock_stop, full_work
from procedures.services.dossiers.common import (
    DossierActionNotAllowed,
    IdempotencyKeyReused,
    status_label,
)
from procedures.services.dossiers.corrections import (
    CORRECTABLE_FIELDS,
    dossier_correct,
    dossier_correction_errors,
)
from procedures.services.dossiers.digest import dossier_digest_send, dossier_digests_send
from procedures.services.dossiers.intake import dossier_receive
from procedures.services.dossiers.numbering import dossier_code_next
from procedures.services.dossiers.watch import dossiers_mark_overdue

__all__ = [
    "CORRECTABLE_FIELDS",
    "WAITING_STATUSES",
    "DossierActionNotAllowed",
    "IdempotencyKeyReused",
    "clock_resume",
    "clock_start",
    "clock_stop",
    "dossier_act",
    "dossier_apologize_reschedule",
    "dossier_code_next",
    "dossier_correct",
    "dossier_correction_errors",
    "dossier_digest_send",
    "dossier_digests_send",
    "dossier_fulfil_financial_obligation",
    "dossier_receive",
    "dossier_receive_online",
    "dossier_reject",
    "dossier_request_financial_obligation",
    "dossier_request_supplement",
    "dossier_resolve",
    "dossier_resume",
    "dossier_return_result",
    "dossier_stop",
    "dossier_transfer",
    "dossier_withdraw",
    "dossiers_mark_overdue",
    "full_work",
    "status_label",
]
