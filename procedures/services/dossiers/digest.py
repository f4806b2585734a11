"""Bản tin nhắc hạn: the daily e-mail to each desk's staff of dossiers due soon and overdue."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from procedures.calendar.clock import day_start
from procedures.choices import TimeUnit
from procedures.dossier_flow import RUNNING_STATUSES
from procedures.models import Desk, Dossier, DossierDigest
from procedures.selectors.calendar import working_calendar_get
from procedures.selectors.dossiers import dossiers_overdue
from procedures.services.dossiers.common import _now


def dossier_digests_send(*, at: datetime | None = None) -> int:
    """Bản tin nhắc hạn: one e-mail per desk and day to its staff, listing the dossiers due
    within one working day and those overdue. Returns how many e-mails went out; a second run
    the same day sends none again (the digest row records each e-mail sent)."""
    at = _now(at)
    day = timezone.localdate(at)
    calendar = working_calendar_get()
    horizon = calendar.add_working_time(at, calendar.duration(1, TimeUnit.DAYS))
    sent = 0
    already = set(DossierDigest.objects.filter(day=day).values_list("desk_id", flat=True))
    for desk in Desk.objects.valid_on(day).exclude(pk__in=already).order_by("code"):
        if dossier_digest_send(desk=desk, at=at, horizon=horizon):
            sent += 1
    return sent


@transaction.atomic
def dossier_digest_send(*, desk: Desk, at: datetime, horizon: datetime) -> bool:
    """The digest of one desk for the day of ``at``. Returns False, recording nothing, when the
    desk has nothing to report or no staff with an e-mail address, or when today's e-mail was
    already sent (then the day's row exists)."""
    day = timezone.localdate(at)
    recipients = sorted(
        set(desk.staff.filter(is_active=True).exclude(email="").values_list("email", flat=True))
    )
    if not recipients:
        return False
    dossiers = Dossier.objects.filter(desk=desk).select_related("procedure_version")
    due_soon = list(
        # Due today (even earlier today: not overdue before its date has passed) or within one
        # working day; the overdue ones are those whose due date has passed.
        dossiers.filter(
            status__in=RUNNING_STATUSES, due_at__gte=day_start(at), due_at__lte=horizon
        ).order_by("due_at", "code")
    )
    overdue = list(dossiers_overdue(at=at, queryset=dossiers).order_by("due_at", "code"))
    if not (due_soon or overdue):
        return False
    try:
        with transaction.atomic():
            # The unique (desk, day) row is the lock: a concurrent run waits here, then fails.
            DossierDigest.objects.create(
                desk=desk,
                day=day,
                sent_at=at,
                recipients=recipients,
                due_soon_count=len(due_soon),
                overdue_count=len(overdue),
            )
    except IntegrityError:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {"desk": desk, "day": day, "due_soon": due_soon, "overdue": overdue}
        subject = gettext("Dossiers due soon and overdue at %(desk)s, %(day)s") % {
            "desk": desk.name,
            "day": formats.date_format(day, "SHORT_DATE_FORMAT"),
        }
        body = render_to_string("dossiers/email/digest.txt", context)
    # Sent inside the transaction: if the mail server refuses, the digest row is not kept and
    # the next run tries again.
    send_mail(subject, body, None, recipients)
    return True
