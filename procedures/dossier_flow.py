"""The dossier state machine (quy trình giải quyết hồ sơ), defined once as data.

Each action names the states it may start from and the state it leads to. ``BACK`` means "back to
where the clock stopped": ``IN_PROCESS`` when the dossier had been handed to an agency, otherwise
``RECEIVED``; ``STAY`` keeps the state (an apology changes the appointment, not the state).
Services enforce it, screens and the API read it to offer only the next allowed actions.

The rule as users and auditors read it, with its legal source:
docs/rules/clock.md ("States and actions").
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from procedures.choices import DossierStatus as S

BACK = "back"
STAY = "stay"

# Open states whose clock runs; a supplement or a financial-obligation request stops it.
RUNNING_STATUSES = (S.RECEIVED, S.IN_PROCESS)
# States in which the clock is stopped, waiting for the applicant.
WAITING_STATUSES = (S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION_REQUESTED)
# States in which processing has ended (closed_at is set): the result is ready or never will be.
CLOSED_STATUSES = (S.REJECTED, S.WITHDRAWN, S.STOPPED, S.RESOLVED, S.RESULT_RETURNED)
# Actions that stop or restart the clock, so the due moment before them may differ after.
CLOCK_ACTIONS = (
    "receive_online",
    "request_supplement",
    "request_financial_obligation",
    "resume",
    "fulfil_financial_obligation",
)


@dataclass(frozen=True)
class Transition:
    label: str
    from_statuses: frozenset[int]
    to_status: int | str


TRANSITIONS: dict[str, Transition] = {
    # A dossier registered online is received once the desk has checked it: its clock starts.
    "receive_online": Transition(
        _("Receive the dossier registered online"),
        frozenset({S.REGISTERED_ONLINE}),
        S.RECEIVED,
    ),
    "transfer": Transition(
        _("Hand over to the processing agency"), frozenset({S.RECEIVED, S.IN_PROCESS}), S.IN_PROCESS
    ),
    "request_supplement": Transition(
        _("Request a supplement"),
        frozenset({S.RECEIVED, S.IN_PROCESS}),
        S.SUPPLEMENT_REQUESTED,
    ),
    "resume": Transition(
        _("Supplement received: resume"), frozenset({S.SUPPLEMENT_REQUESTED}), BACK
    ),
    "request_financial_obligation": Transition(
        _("Request the financial obligation"),
        frozenset({S.RECEIVED, S.IN_PROCESS}),
        S.FINANCIAL_OBLIGATION_REQUESTED,
    ),
    "fulfil_financial_obligation": Transition(
        _("Financial obligation fulfilled"), frozenset({S.FINANCIAL_OBLIGATION_REQUESTED}), BACK
    ),
    "reject": Transition(
        _("Reject"),
        frozenset({S.REGISTERED_ONLINE, S.RECEIVED, S.IN_PROCESS, S.SUPPLEMENT_REQUESTED}),
        S.REJECTED,
    ),
    "withdraw": Transition(
        _("Withdraw at the applicant's request"),
        frozenset(
            {
                S.REGISTERED_ONLINE,
                S.RECEIVED,
                S.IN_PROCESS,
                S.SUPPLEMENT_REQUESTED,
                S.FINANCIAL_OBLIGATION_REQUESTED,
            }
        ),
        S.WITHDRAWN,
    ),
    "stop": Transition(
        _("Stop processing"),
        frozenset(
            {S.RECEIVED, S.IN_PROCESS, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION_REQUESTED}
        ),
        S.STOPPED,
    ),
    "resolve": Transition(_("Resolve"), frozenset({S.RECEIVED, S.IN_PROCESS}), S.RESOLVED),
    "return_result": Transition(_("Return the result"), frozenset({S.RESOLVED}), S.RESULT_RETURNED),
    # Once at most, from the moment lateness is foreseen (also while the applicant is awaited)
    # or for a dossier resolved late: checked by the service.
    "apologize_reschedule": Transition(
        _("Apologise and set a new date"),
        frozenset(
            {
                S.RECEIVED,
                S.IN_PROCESS,
                S.SUPPLEMENT_REQUESTED,
                S.FINANCIAL_OBLIGATION_REQUESTED,
                S.RESOLVED,
            }
        ),
        STAY,
    ),
}
ACTIONS = tuple(TRANSITIONS)
RECEIVE = "receive"
ACTION_LABELS = {RECEIVE: _("Receive"), **{name: t.label for name, t in TRANSITIONS.items()}}


def target_status(action: str, *, from_status: int, handed_over: bool) -> int:
    """The state ``action`` leads to from ``from_status``."""
    to = TRANSITIONS[action].to_status
    if to == BACK:
        return S.IN_PROCESS if handed_over else S.RECEIVED
    if to == STAY:
        return from_status
    return int(to)


def actions_from(status: int) -> list[str]:
    """Actions whose table allows ``status`` as a starting state (in the table's order)."""
    return [name for name, t in TRANSITIONS.items() if status in t.from_statuses]
