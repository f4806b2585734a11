"""Announcement decisions (quyết định công bố): entering one with its lines, and applying it to
the catalogue in one transaction.

- ``checks``: the decision's number, dates and lines as entered;
- ``entry``: entering, reading back and deleting a decision;
- ``contradictions``: what a decision would contradict in the catalogue on its effective date;
- ``apply``: applying it.
"""

from procedures.services.decisions.apply import decision_apply
from procedures.services.decisions.checks import (
    LINE_KINDS,
    RECORD_KINDS,
    STEPS,
    clean_lines,
    decision_header_problems,
)
from procedures.services.decisions.contradictions import decision_lines_contradictions
from procedures.services.decisions.entry import (
    decision_create,
    decision_delete,
    decision_lines_input,
    decision_matches,
)

__all__ = [
    "LINE_KINDS",
    "RECORD_KINDS",
    "STEPS",
    "clean_lines",
    "decision_apply",
    "decision_create",
    "decision_delete",
    "decision_header_problems",
    "decision_lines_contradictions",
    "decision_lines_input",
    "decision_matches",
]
