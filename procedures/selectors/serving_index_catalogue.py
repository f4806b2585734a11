"""The catalogue's side of the serving index, as a work list for reform officers: the
procedures in force that lose points (not fully public, not offered online, a fee without
online payment) and the announcements published late, by the same definitions the index
counts (:mod:`procedures.selectors.serving_index`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from procedures.choices import OnlineLevel, ProcedureStatus
from procedures.models import ProcedureVersion
from procedures.selectors.calendar import working_calendar_get
from procedures.selectors.serving_index import fully_public as is_fully_public
from procedures.selectors.serving_index import has_fee
from procedures.serving_index.rules import rule_set_for

# Each list: key -> (title, the index's indicator it costs, predicate on a version's values).
CATALOGUE_GAPS = {
    "not_fully_public": (
        _("Procedures not fully public"),
        "procedures_fully_public",
        lambda v: not is_fully_public(v),
    ),
    "not_online": (
        _("Procedures not offered online"),
        "procedures_online_full",
        lambda v: v["online_level"] not in (OnlineLevel.FULL, OnlineLevel.PARTIAL),
    ),
    "no_online_payment": (
        _("Procedures with a fee but no online payment"),
        "procedures_with_online_payment",
        lambda v: has_fee(v) and not v["online_payment"],
    ),
}
_FIELDS = (
    "pk",
    "procedure__code",
    "name",
    "published_on",
    "to_check",
    "papers",
    "legal_basis",
    "result_documents",
    "processing_time_text",
    "online_level",
    "fees",
    "fee_amount",
    "online_payment",
    "agency_name",
)


def catalogue_index_work(*, today: date) -> dict:
    """Việc cần làm về danh mục TTHC: each list of :data:`CATALOGUE_GAPS` over the versions in
    force ``today``, and ``published_late`` (announcements of the last twelve months published
    in the national database after the legal working days, or not yet and overdue)."""
    versions = list(
        ProcedureVersion.objects.filter(valid_from__lte=today)
        .filter(Q(superseded_on__isnull=True) | Q(superseded_on__gt=today))
        .filter(status=ProcedureStatus.IN_FORCE)
        .values(*_FIELDS)
        .order_by("procedure__code")
    )
    lists = {
        key: {"title": title, "indicator": indicator, "rows": [v for v in versions if rule(v)]}
        for key, (title, indicator, rule) in CATALOGUE_GAPS.items()
    }
    rules = rule_set_for(today)
    legal_days = next(
        (i.legal_working_days for i in (rules.indicators if rules else ()) if i.legal_working_days),
        None,
    )
    late = []
    if legal_days is not None:
        calendar = working_calendar_get()
        announced = (
            ProcedureVersion.objects.filter(
                decision_line__decision__signed_on__gte=today - timedelta(days=365),
                decision_line__decision__signed_on__lte=today,
            )
            .values(
                "pk",
                "procedure__code",
                "name",
                "published_on",
                "decision_line__decision__number",
                "decision_line__decision__signed_on",
            )
            .order_by("decision_line__decision__signed_on", "procedure__code")
        )
        for v in announced:
            signed = v["decision_line__decision__signed_on"]
            until = v["published_on"] or today
            waited = calendar.working_days_between(
                signed + timedelta(days=1), until + timedelta(days=1)
            )
            if waited > legal_days:
                late.append({**v, "working_days": waited})
    lists["published_late"] = {
        "title": _("Announcements published late in the national database"),
        "indicator": "procedures_published_on_time",
        "rows": late,
    }
    return lists
