"""Bản tin nhắc hạn: the daily e-mail, each working morning, of the dossiers that concern each
reader. A desk's staff get their desk's dossiers and those handed to their desk's unit (the
agency's work); each leader gets the dossiers they may read (every one for the province's).
The lists are those of "Sắp đến hạn" (:mod:`procedures.selectors.warnings`) and the overdue
list, in Vietnamese, each row linked to its page. Nothing is sent when nothing is due."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from procedures.models import Desk, Dossier, DossierDigest
from procedures.roles import Role
from procedures.selectors.calendar import working_calendar_get
from procedures.selectors.dossiers import dossiers_overdue, dossiers_visible_to
from procedures.selectors.warnings import dossiers_time_left_mark, warnings_for
from procedures.services.dossiers.common import _now

# Rows of each list in one e-mail; the rest is counted and a link leads to the whole list.
DIGEST_ROWS = 50


def dossier_digests_send(*, at: datetime | None = None) -> int:
    """Bản tin nhắc hạn of the day of ``at``: one e-mail per desk (to its staff) and one per
    leader, each listing what concerns them. Returns how many e-mails went out; a second run
    the same day sends none again (a digest row records each). No e-mail on a day off: the
    desks are closed and the lists will be the same on the next working morning."""
    at = _now(at)
    day = timezone.localdate(at)
    if not working_calendar_get().is_working_day(day):
        return 0
    sent = 0
    already = set(DossierDigest.objects.filter(day=day).values_list("desk_id", flat=True))
    for desk in Desk.objects.valid_on(day).exclude(pk__in=already).order_by("code"):
        if dossier_digest_send(desk=desk, at=at):
            sent += 1
    leaders = (
        get_user_model()
        .objects.filter(groups__name=Role.LEADER, is_active=True)
        .exclude(email="")
        # Not NULL: NOT IN a list holding a NULL (the desks' rows) keeps no row at all.
        .exclude(pk__in=DossierDigest.objects.filter(day=day, user__isnull=False).values("user_id"))
        .order_by("username")
        .distinct()
    )
    for leader in leaders:
        if leader_digest_send(user=leader, at=at):
            sent += 1
    return sent


def _desk_dossiers(desk: Desk) -> QuerySet[Dossier]:
    # The desk's own dossiers and those handed to its unit: what its staff may act on
    # (procedures.selectors.dossiers.dossier_user_can_act).
    return Dossier.objects.filter(Q(desk=desk) | Q(current_agency_id=desk.unit_id))


@transaction.atomic
def dossier_digest_send(*, desk: Desk, at: datetime) -> bool:
    """The digest of one desk for the day of ``at``, to its active staff with an e-mail
    address. Returns False, recording nothing, when nothing is due soon, past an agency's
    share or overdue, when nobody is there to tell, or when today's was already sent."""
    recipients = sorted(
        set(desk.staff.filter(is_active=True).exclude(email="").values_list("email", flat=True))
    )
    if not recipients:
        return False
    return _digest_send(
        record={"desk": desk},
        title=desk.name,
        queryset=_desk_dossiers(desk),
        recipients=recipients,
        at=at,
    )


@transaction.atomic
def leader_digest_send(*, user, at: datetime) -> bool:
    """The digest of one leader for the day of ``at``: the dossiers they may read."""
    if not user.email:
        return False
    return _digest_send(
        record={"user": user},
        title=gettext("the dossiers you oversee"),
        queryset=dossiers_visible_to(user),
        recipients=[user.email],
        at=at,
    )


def _digest_send(*, record: dict, title: str, queryset, recipients: list, at: datetime) -> bool:
    day = timezone.localdate(at)
    warnings = warnings_for(queryset=queryset, at=at, limit=DIGEST_ROWS)
    overdue_all = dossiers_overdue(at=at, queryset=queryset).order_by("due_at", "code")
    overdue_count = overdue_all.count()
    if not (warnings or overdue_count):
        return False
    overdue = list(overdue_all.select_related("procedure_version")[:DIGEST_ROWS])
    dossiers_time_left_mark(overdue, at=at)
    try:
        with transaction.atomic():
            # The unique (desk or user, day) row is the lock: a concurrent run waits here,
            # then fails.
            DossierDigest.objects.create(
                **record,
                day=day,
                sent_at=at,
                recipients=recipients,
                due_soon_count=len(warnings.due_soon),
                overdue_count=overdue_count,
            )
    except IntegrityError:
        return False
    site = settings.SITE_URL
    for dossier in [*warnings.due_soon, *(d for d, _o in warnings.over_share), *overdue]:
        dossier.link = site + reverse("dossier-detail", args=[dossier.code])
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "title": title,
            "day": day,
            "warnings": warnings,
            "overdue": overdue,
            "overdue_count": overdue_count,
            "rows": DIGEST_ROWS,
            "due_soon_link": site + reverse("dossier-due-soon"),
            "overdue_link": site + reverse("dossier-overdue"),
        }
        day_text = formats.date_format(day, "SHORT_DATE_FORMAT")
        if "desk" in record:
            subject = gettext("Dossiers due soon and overdue at %(desk)s, %(day)s") % {
                "desk": title,
                "day": day_text,
            }
        else:
            subject = gettext("Dossiers due soon and overdue, %(day)s") % {"day": day_text}
        body = render_to_string("dossiers/email/digest.txt", context)
    # Sent inside the transaction: if the mail server refuses, the digest row is not kept and
    # the next run tries again.
    send_mail(subject, body, None, recipients)
    return True
