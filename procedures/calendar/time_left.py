"""Thời gian còn lại: the working time an open dossier has left before its due moment, or by
how much it is past it, and how screens write it ("còn 3 giờ làm việc", "quá hạn 2 ngày làm
việc"). Pure arithmetic on :class:`~procedures.calendar.core.WorkingCalendar` and the clock's
overdue rule (:func:`procedures.calendar.clock.is_overdue`): no second definition of either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from procedures.calendar import clock as rules
from procedures.calendar.core import WorkingCalendar
from procedures.choices import SupplementMode, TimeUnit


@dataclass(frozen=True)
class TimeLeft:
    """Where an open dossier stands against its due moment at ``at``: ``work`` is the working
    time left (negative: past the due moment by that much); ``overdue`` is the clock's date-level
    rule (quá hạn once the due date has passed); ``waiting`` when the clock is stopped for the
    applicant with time left (then ``work`` is that time, kept until the clock resumes);
    ``restarts`` when it waits under the restart mode: the full time counts again from the
    complete dossier, so the time left before the request says nothing about the due moment."""

    work: timedelta
    overdue: bool
    waiting: bool = False
    restarts: bool = False

    @property
    def past_due_moment(self) -> bool:
        return self.work < timedelta(0)


def time_left(
    clock: rules.Clock,
    calendar: WorkingCalendar,
    at: datetime,
    *,
    mode: str = SupplementMode.PAUSE,
) -> TimeLeft | None:
    """The working time ``clock`` has left at ``at``; ``None`` without a due moment (no time
    limit: never overdue). ``mode``: the supplement mode of the rule set the dossier was
    received under."""
    if not clock.has_due_moment:
        return None
    if clock.is_waiting and not clock.ran_out:
        # Stopped with time left: the law counts none of the wait. Pause keeps the time left
        # whole; restart gives the full time again from the complete dossier.
        return TimeLeft(
            work=clock.work, overdue=False, waiting=True, restarts=mode == SupplementMode.RESTART
        )
    overdue = rules.is_overdue(clock, calendar, at)
    if at <= clock.due_at:
        return TimeLeft(work=calendar.working_time_between(at, clock.due_at), overdue=overdue)
    return TimeLeft(work=-calendar.working_time_between(clock.due_at, at), overdue=overdue)


def _amount_text(value, unit: str) -> str:
    # 1,5 ngày làm việc: the decimal comma of the active language, no trailing zeros.
    value = Decimal(value).normalize()
    places = max(-value.as_tuple().exponent, 0)
    number = formats.number_format(value, decimal_pos=places, use_l10n=True)
    # "1 working day", "2 working days", "1,5 working days": the plural form follows the count
    # (a fraction reads as plural), through ngettext.
    count = int(value) if value == value.to_integral_value() else 2
    if unit == TimeUnit.DAYS:
        text = ngettext("%(amount)s working day", "%(amount)s working days", count)
    else:
        text = ngettext("%(amount)s working hour", "%(amount)s working hours", count)
    return text % {"amount": number}


def working_time_text(work: timedelta, calendar: WorkingCalendar) -> str:
    """Working time as staff count it: whole working days and the working hours left over
    ("1 ngày làm việc và 5,5 giờ làm việc"), to the minute."""
    minutes = round(abs(work).total_seconds() / 60)
    days, rest = divmod(minutes, calendar.day_seconds // 60)
    hours = Decimal(rest) / 60
    hours = hours.quantize(Decimal("0.01")) if hours % 1 else hours
    if not days:
        return _amount_text(hours, TimeUnit.HOURS)
    if not rest:
        return _amount_text(days, TimeUnit.DAYS)
    return _("%(days)s and %(hours)s") % {
        "days": _amount_text(days, TimeUnit.DAYS),
        "hours": _amount_text(hours, TimeUnit.HOURS),
    }


def _rounded_to_hours(work: timedelta) -> timedelta:
    # A list row says days and whole hours; minutes would be noise to a desk planning its day.
    # Rounded up: a started hour counts, left (never promise more than there is) or past due.
    hours, rest = divmod(abs(work), timedelta(hours=1))
    return timedelta(hours=hours + (1 if rest else 0))


def time_left_text(left: TimeLeft | None, calendar: WorkingCalendar) -> str:
    """The row's words: "còn 3 giờ làm việc", "quá hạn 2 ngày làm việc", "quá giờ hẹn 2 giờ làm
    việc" (past the due moment, the due date not yet passed: not overdue by the law's date
    rule), "tạm dừng, còn 1 ngày làm việc" (waiting for the applicant, pause mode: the time
    left is frozen), "tạm dừng, thời hạn tính lại từ khi nhận đủ hồ sơ" (restart mode); empty
    without a due moment."""
    if left is None:
        return ""
    if left.waiting and left.restarts:
        return _("clock stopped, the time limit counts again from the complete dossier")
    amount = working_time_text(_rounded_to_hours(left.work), calendar)
    if left.waiting:
        return _("clock stopped, %(time)s left") % {"time": amount}
    if left.overdue:
        if not left.work:
            # Due at the close of the last working day: overdue, with no working time since.
            return _("overdue")
        return _("overdue by %(time)s") % {"time": amount}
    if left.past_due_moment:
        return _("past the due time by %(time)s") % {"time": amount}
    if not left.work:
        return _("due now")
    return _("%(time)s left") % {"time": amount}
