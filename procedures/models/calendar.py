"""The official working calendar: sessions, the province's overrides, and its change log."""

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from procedures.choices import SupplementMode


# The default working sessions (07:00–11:30, 13:30–17:00) as callables, not time values:
# Django's check for fixed defaults (fields.W161), meant for a datetime.now() evaluated once,
# fires on a time value whenever it runs within 10 s of that time of day.
def default_morning_start() -> time:
    return time(7, 0)


def default_morning_end() -> time:
    return time(11, 30)


def default_afternoon_start() -> time:
    return time(13, 30)


def default_afternoon_end() -> time:
    return time(17, 0)


class CalendarSettings(models.Model):
    """Giờ làm việc: the province's working sessions and its supplement-request clock mode.

    One row (the project serves one province); the defaults are 07:00–11:30 and 13:30–17:00.
    """

    morning_start = models.TimeField(_("morning session starts"), default=default_morning_start)
    morning_end = models.TimeField(_("morning session ends"), default=default_morning_end)
    afternoon_start = models.TimeField(
        _("afternoon session starts"), default=default_afternoon_start
    )
    afternoon_end = models.TimeField(_("afternoon session ends"), default=default_afternoon_end)
    supplement_mode = models.CharField(
        _("clock after a supplement request"),
        max_length=10,
        choices=SupplementMode.choices,
        default=SupplementMode.PAUSE,
    )

    class Meta:
        verbose_name = _("working calendar settings")
        verbose_name_plural = _("working calendar settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(morning_start__lt=F("morning_end"))
                & Q(morning_end__lte=F("afternoon_start"))
                & Q(afternoon_start__lt=F("afternoon_end")),
                name="calendar_sessions_ordered",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )


class ClockRuleSet(models.Model):
    """Quy định về thời hạn theo thời kỳ: the rule set in force from ``valid_from`` (a decree:
    Decree 61/2018/NĐ-CP, then Decree 118/2025/NĐ-CP from 1/7/2025) with its supplement mode and
    working sessions. A dossier is counted by the rule set in force on the day it was received;
    before the first period (or with none) the single :class:`CalendarSettings` row applies."""

    name = models.CharField(_("name"), max_length=255)
    valid_from = models.DateField(_("in force from"), unique=True)
    supplement_mode = models.CharField(
        _("clock after a supplement request"),
        max_length=10,
        choices=SupplementMode.choices,
        default=SupplementMode.PAUSE,
    )
    morning_start = models.TimeField(_("morning session starts"), default=default_morning_start)
    morning_end = models.TimeField(_("morning session ends"), default=default_morning_end)
    afternoon_start = models.TimeField(
        _("afternoon session starts"), default=default_afternoon_start
    )
    afternoon_end = models.TimeField(_("afternoon session ends"), default=default_afternoon_end)

    class Meta:
        verbose_name = _("rule set by period")
        verbose_name_plural = _("rule sets by period")
        ordering = ("valid_from",)
        constraints = [
            models.CheckConstraint(
                condition=Q(morning_start__lt=F("morning_end"))
                & Q(morning_end__lte=F("afternoon_start"))
                & Q(afternoon_start__lt=F("afternoon_end")),
                name="clock_rule_set_sessions_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"

    @property
    def sessions(self):
        return (
            (self.morning_start, self.morning_end),
            (self.afternoon_start, self.afternoon_end),
        )


class CalendarOverride(models.Model):
    """The province's own change to the national calendar: an extra day off (ngày nghỉ) or a
    make-up working day (ngày làm bù, e.g. a Saturday worked)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Extra day off")
        WORKING_DAY = "working_day", _("Make-up working day")

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ("day",)

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}: {self.name}"


class CalendarChange(models.Model):
    """A record of a change to the working calendar and of the due moments recomputed after it."""

    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("description"))
    recomputed_at = models.DateTimeField(_("due moments recomputed at"), null=True, blank=True)
    recomputed_dossiers = models.PositiveIntegerField(_("dossiers recomputed"), default=0)

    class Meta:
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        ordering = ("-changed_at",)

    def __str__(self) -> str:
        return self.description
