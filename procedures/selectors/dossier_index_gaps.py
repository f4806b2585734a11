"""Dossiers that lost points in the serving index (Decision 766/QĐ-TTg): for each dossier
indicator of the rule file, the condition that selects the dossiers counted in its denominator
but not in its numerator. The dossier list filters by them (``?index_gap=...``) and the
leader's dashboard links each indicator to exactly those dossiers, with the period bounds of
the indicator's own moment (received, resolved or rated).

Each condition is the negation of :data:`procedures.selectors.serving_index.DOSSIER_DEFINITIONS`'
numerator within its denominator, so the list and the index cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from procedures.selectors.serving_index import DOSSIER_DEFINITIONS


@dataclass(frozen=True)
class IndexGap:
    """Hồ sơ làm mất điểm: one way a dossier loses an indicator's points."""

    key: str
    label: str
    numerator: str
    denominator: str

    @property
    def anchor(self) -> str:
        """received, resolved or rated: the moment that puts the dossier in the period."""
        return {"received_at": "received", "resolved_at": "resolved"}.get(
            DOSSIER_DEFINITIONS[self.denominator][0], "rated"
        )

    def condition(self) -> Q:
        denominator = DOSSIER_DEFINITIONS[self.denominator][1]
        numerator = DOSSIER_DEFINITIONS[self.numerator][1]
        if self.anchor == "rated":
            denominator &= Q(rating__isnull=False)
        return denominator & ~numerator


INDEX_GAPS: dict[str, IndexGap] = {
    gap.key: gap
    for gap in (
        IndexGap(
            "not_synced",
            _("not synchronised to the national portal"),
            "received_synced",
            "received",
        ),
        IndexGap("not_online", _("not submitted online"), "received_online", "received"),
        IndexGap(
            "paid_at_desk",
            _("paid at the desk although a fee was due"),
            "fee_paid_online",
            "fee_due",
        ),
        IndexGap(
            "papers_not_digitised",
            _("papers not digitised"),
            "received_papers_digitised",
            "received_with_papers",
        ),
        IndexGap(
            "data_not_reused",
            _("no stored data reused"),
            "received_data_reused",
            "received_with_papers",
        ),
        IndexGap(
            "no_electronic_result",
            _("result not issued electronically"),
            "resolved_electronic",
            "resolved",
        ),
        IndexGap(
            "result_not_digitised",
            _("result not digitised"),
            "resolved_result_digitised",
            "resolved",
        ),
        IndexGap("not_satisfied", _("rated below satisfied"), "rated_satisfied", "rated"),
    )
}

# The indicator of the rule file each gap answers for (the dashboard's links).
INDICATOR_GAPS = {
    "dossiers_synced_national": "not_synced",
    "online_submission": "not_online",
    "online_payment": "paid_at_desk",
    "papers_digitised": "papers_not_digitised",
    "data_reused": "data_not_reused",
    "electronic_result": "no_electronic_result",
    "results_digitised": "result_not_digitised",
    "satisfied": "not_satisfied",
}


def dossiers_index_gap(queryset: QuerySet, gap: str) -> QuerySet:
    """The dossiers of ``queryset`` that lose the points of ``gap`` (a key of
    :data:`INDEX_GAPS`)."""
    return queryset.filter(INDEX_GAPS[gap].condition())


def dossiers_without_rating(queryset: QuerySet) -> QuerySet:
    """Resolved dossiers nobody has rated yet (chưa đánh giá): whom to ask at the desk."""
    return queryset.filter(resolved_at__isnull=False, rating__isnull=True)
