"""Bộ quy tắc theo thời kỳ: which clock rules are in force on a day, pure (no database).

The province's supplement mode and working sessions change by period (Decree 61/2018/NĐ-CP,
then Decree 118/2025/NĐ-CP); a dossier is counted by the rule set in force on the day it was
received. The clock (:mod:`procedures.calendar.clock`) stays the one entry point for the rule
and re-exports these names; ``procedures.selectors.calendar`` builds a :class:`RuleBook` from
the database.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time

from procedures.calendar.core import WorkingCalendar


@dataclass(frozen=True)
class RuleSet:
    """The rules in force from ``valid_from`` (``None``: the province's settings before any
    period): the supplement mode and the working sessions."""

    valid_from: date | None
    supplement_mode: str
    sessions: tuple[tuple[time, time], ...]
    name: str = ""


@dataclass(frozen=True)
class RuleBook:
    """Every rule set of the province by date. A dossier is counted by the rule set in force on
    the day it was received (a 2017 dossier by Decree 61/2018's rules, a 2026 one by Decree
    118/2025's), live, in the import's replay and in the recomputation alike."""

    calendar: WorkingCalendar  # days off and make-up days; its sessions are the default ones
    default_mode: str
    periods: tuple[RuleSet, ...] = ()

    def rule_set(self, day: date) -> RuleSet:
        chosen = RuleSet(None, self.default_mode, self.calendar.sessions)
        for period in sorted(self.periods, key=lambda p: p.valid_from):
            if period.valid_from <= day:
                chosen = period
        return chosen

    def mode(self, day: date) -> str:
        return self.rule_set(day).supplement_mode

    def calendar_on(self, day: date) -> WorkingCalendar:
        sessions = tuple(self.rule_set(day).sessions)
        if sessions == self.calendar.sessions:
            return self.calendar
        return replace(self.calendar, sessions=sessions)

    def for_moment(self, received_at: datetime) -> tuple[WorkingCalendar, str]:
        """(calendar, supplement mode) of a dossier received at ``received_at``."""
        day = received_at.astimezone(self.calendar.tz).date()
        return self.calendar_on(day), self.mode(day)
