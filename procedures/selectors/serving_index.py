"""Bộ chỉ số phục vụ người dân, doanh nghiệp (Decision 766/QĐ-TTg): the serving index of a
period for the province and grouped by unit, desk, centre or month.

The rules are data (:mod:`procedures.serving_index.rules`: one YAML file per version of the
appendix); this module only evaluates the named definitions that the file's numerators and
denominators use, grouped in the database, and scores each ratio by the file's rule. Three
families of counts, each one query whatever the number of rows:

- the form 06 statistics (:func:`procedures.selectors.statistics.dossier_statistics`): the
  progress indicators read its Decision 766 counts, so they can never differ from the
  progress figures every other screen shows (same overdue rule, groupings, period);
- the dossiers' facts (:data:`DOSSIER_DEFINITIONS`): one grouped query with a filtered count
  per definition (and per month for ``group_by=month``), each anchored on its own moment:
  received (``received_at``), resolved (``resolved_at``) or rated (the rating's ``rated_at``);
- the catalogue (:data:`PROCEDURE_DEFINITIONS`): for the province and for each month, the
  procedure versions in force at the end of the (sub-)period; for a unit, desk or centre,
  the versions its dossiers received in the period were received under (an agency answers
  for the procedures it actually serves). Announcements: versions whose announcing decision
  was signed in the period, published on time when published in the national database within
  the file's legal working days (the working calendar) of the signature.

A period that starts before the index existed (23/06/2022) answers that it does not apply.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.utils.translation import gettext

from procedures.choices import SATISFIED_MIN, Channel, OnlineLevel, ProcedureStatus
from procedures.models import ProcedureVersion
from procedures.selectors.calendar import working_calendar_get
from procedures.selectors.statistics import (
    GROUPINGS,
    day_start,
    dossier_statistics,
    dossiers_for_statistics,
)
from procedures.selectors.statistics_limits import period_problems
from procedures.serving_index.rules import RuleSet, first_day, rule_set_for

INDEX_GROUPINGS = ("unit", "desk", "centre", "month")

# The counts the form 06 statistics already hold (the progress rule of Decision 766).
STAT_DEFINITIONS = (
    "resolved_total",
    "resolved_in_time_766",
    "in_progress_total",
    "in_progress_within_time_766",
)

# Dossier facts: name -> (the moment that puts a dossier in the period, condition).
DOSSIER_DEFINITIONS: dict[str, tuple[str, Q]] = {
    "received": ("received_at", Q()),
    "received_online": ("received_at", Q(channel=Channel.ONLINE)),
    "received_synced": ("received_at", Q(national_synced_at__isnull=False)),
    # Papers facts are null for a dossier received without papers (nothing to digitise) or
    # imported without the column: such a dossier is outside the digitisation ratios.
    "received_with_papers": ("received_at", Q(papers_digitised__isnull=False)),
    "received_papers_digitised": ("received_at", Q(papers_digitised=True)),
    "received_data_reused": ("received_at", Q(data_reused=True)),
    "fee_due": ("received_at", Q(fee_amount__gt=0)),
    "fee_paid_online": ("received_at", Q(fee_amount__gt=0, paid_online=True)),
    "resolved": ("resolved_at", Q()),
    "resolved_electronic": ("resolved_at", Q(electronic_result=True)),
    "resolved_result_digitised": ("resolved_at", Q(result_digitised=True)),
    "rated": ("rating__rated_at", Q()),
    "rated_satisfied": ("rating__rated_at", Q(rating__overall__gte=SATISFIED_MIN)),
}

_VERSION_FIELDS = (
    "pk",
    "procedure_id",
    "valid_from",
    "superseded_on",
    "status",
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
    "decision_line__decision__signed_on",
)


def has_fee(v: Mapping) -> bool:
    """A fee or charge to pay: the parsed amount, or (when the text gave none) a fees text
    that does not say there is none ("Không")."""
    if v["fee_amount"] is not None:
        return v["fee_amount"] > 0
    text = (v["fees"] or "").strip().casefold()
    return bool(text) and not text.startswith("không")


def fully_public(v: Mapping) -> bool:
    """Every part of the record published: in the national database, with its papers, time,
    result and legal basis, and nothing left for an officer to check."""
    return bool(
        v["published_on"]
        and not v["to_check"]
        and v["papers"]
        and (v["legal_basis"] or "").strip()
        and (v["result_documents"] or "").strip()
        and (v["processing_time_text"] or "").strip()
    )


# Catalogue definitions: name -> predicate on a version's values.
PROCEDURE_DEFINITIONS: dict[str, Callable[[Mapping], bool]] = {
    "procedures_in_force": lambda v: True,
    "procedures_fully_public": fully_public,
    "procedures_online_full": lambda v: v["online_level"] == OnlineLevel.FULL,
    "procedures_online_partial": lambda v: v["online_level"] == OnlineLevel.PARTIAL,
    "procedures_with_fee": has_fee,
    "procedures_online_payment": lambda v: has_fee(v) and bool(v["online_payment"]),
}
ANNOUNCEMENT_DEFINITIONS = ("versions_announced", "versions_published_on_time")

DEFINITIONS = (
    *STAT_DEFINITIONS,
    *DOSSIER_DEFINITIONS,
    *PROCEDURE_DEFINITIONS,
    *ANNOUNCEMENT_DEFINITIONS,
)


@dataclass
class ServingIndex:
    """The index of a period: ``rows`` (``key``/``name`` per grouping, ``total_points``,
    ``groups``, ``rank``), ``totals`` for the province, and the rule file used. ``applies`` is
    false (with ``reason``) for a period before the index existed."""

    date_from: date
    date_to: date
    group_by: tuple[str, ...]
    applies: bool
    reason: str = ""
    rules: RuleSet | None = None
    rows: list[dict] = field(default_factory=list)
    totals: dict | None = None


# -- scoring -------------------------------------------------------------------------------------


def score(counts: Mapping[str, int], rules: RuleSet) -> dict:
    """Points of one row from its counts: each indicator, each group, the total of 100."""
    groups, total = {}, Decimal(0)
    for group in rules.groups:
        indicators, points = {}, Decimal(0)
        for ind in rules.of_group(group.key):
            num, den = int(counts.get(ind.numerator, 0)), int(counts.get(ind.denominator, 0))
            earned = ind.points(num, den)
            indicators[ind.key] = {
                "name": ind.name,
                "numerator": num,
                "denominator": den,
                "rate": Fraction(num, den) if den else None,
                "points": earned,
                "max_points": ind.max_points,
                "provisional": ind.provisional,
                "source": ind.source,
            }
            points += earned
        groups[group.key] = {
            "name": group.name,
            "points": points,
            "max_points": group.max_points,
            "provisional": any(i["provisional"] for i in indicators.values()),
            "indicators": indicators,
        }
        total += points
    return {
        "total_points": total,
        "provisional": any(g["provisional"] for g in groups.values()),
        "groups": groups,
    }


def rank_rows(rows: list[dict]) -> None:
    """Rank by total points, best first; equal scores share a rank (1, 2, 2, 4)."""
    ordered = sorted(rows, key=lambda r: r["total_points"], reverse=True)
    previous, rank = None, 0
    for position, row in enumerate(ordered, start=1):
        if row["total_points"] != previous:
            rank, previous = position, row["total_points"]
        row["rank"] = rank


# -- the counts ----------------------------------------------------------------------------------


def _grouping_keys(grouping) -> tuple[dict, list[str]]:
    names = [f"k_{i}" for i in range(len(grouping.columns))] or ["k"]
    exprs = [F(c) for c in grouping.columns] or [grouping.expression()]
    return dict(zip(names, exprs, strict=True)), names


def _dossier_counts(*, base, spans, grouping) -> list[dict]:
    """Per span, {grouping value: {definition: count}}: one query for all spans and groups."""
    start, end = day_start(spans[0][0]), day_start(spans[-1][1] + timedelta(days=1))
    anchors = {anchor for anchor, _ in DOSSIER_DEFINITIONS.values()}
    touched = Q()
    for anchor in anchors:
        touched |= Q(**{f"{anchor}__gte": start, f"{anchor}__lt": end})
    aggregates = {}
    for i, (first, last) in enumerate(spans):
        s, e = day_start(first), day_start(last + timedelta(days=1))
        for name, (anchor, condition) in DOSSIER_DEFINITIONS.items():
            in_span = Q(**{f"{anchor}__gte": s, f"{anchor}__lt": e})
            aggregates[f"s{i}__{name}"] = Count("pk", filter=in_span & condition)
    qs = base.filter(touched).order_by()
    if grouping is None:
        raw = [((), qs.aggregate(**aggregates))]
    else:
        keys, names = _grouping_keys(grouping)
        rows = list(qs.annotate(**keys).values(*keys).annotate(**aggregates))
        values = {tuple(r[n] for n in names) for r in rows}
        resolved = grouping.resolve(list(values)) if grouping.columns else {}
        raw = [
            (
                resolved[tuple(r[n] for n in names)] if grouping.columns else r[names[0]],
                r,
            )
            for r in rows
        ]
    out: list[dict] = [{} for _ in spans]
    for value, r in raw:
        for i in range(len(spans)):
            counts = out[i].setdefault(value, dict.fromkeys(DOSSIER_DEFINITIONS, 0))
            for name in DOSSIER_DEFINITIONS:
                counts[name] += r[f"s{i}__{name}"] or 0
    return out


def _in_force(v: Mapping, day: date) -> bool:
    return (
        v["valid_from"] <= day
        and (v["superseded_on"] is None or v["superseded_on"] > day)
        and v["status"] == ProcedureStatus.IN_FORCE
    )


def _announcement_counts(versions, *, first: date, last: date, legal_days: int | None) -> dict:
    """Versions announced by a decision signed in ``first``..``last`` and those published
    within the legal working days. One still within its time and not yet published by
    ``last`` is neither: it cannot be judged yet."""
    calendar = working_calendar_get()
    announced = on_time = 0
    for v in versions:
        signed = v["decision_line__decision__signed_on"]
        if signed is None or not first <= signed <= last:
            continue
        published = v["published_on"] if v["published_on"] and v["published_on"] <= last else None
        # Working days after the signature up to and including the publication (or today).
        waited = calendar.working_days_between(
            signed + timedelta(days=1), (published or last) + timedelta(days=1)
        )
        if published is None and (legal_days is None or waited <= legal_days):
            continue  # still within its time
        announced += 1
        on_time += published is not None and (legal_days is None or waited <= legal_days)
    return {"versions_announced": announced, "versions_published_on_time": on_time}


def _catalogue_counts(versions) -> dict:
    return {
        name: sum(1 for v in versions if rule(v)) for name, rule in PROCEDURE_DEFINITIONS.items()
    }


def _versions_overlapping(date_from: date, date_to: date, extra_ids=()) -> list[dict]:
    return list(
        ProcedureVersion.objects.filter(
            Q(valid_from__lte=date_to, superseded_on__isnull=True)
            | Q(valid_from__lte=date_to, superseded_on__gt=date_from)
            | Q(decision_line__decision__signed_on__range=(date_from, date_to))
            | Q(pk__in=list(extra_ids))
        )
        .values(*_VERSION_FIELDS)
        .order_by()
    )


def _used_versions(*, base, date_from, date_to, grouping) -> dict:
    """{grouping value: set of version ids} of the dossiers received in the period."""
    start, end = day_start(date_from), day_start(date_to + timedelta(days=1))
    keys, names = _grouping_keys(grouping)
    pairs = (
        base.filter(received_at__gte=start, received_at__lt=end)
        .annotate(**keys)
        .values(*keys, "procedure_version_id")
        .distinct()
        .order_by()
    )
    rows = list(pairs)
    resolved = (
        grouping.resolve(list({tuple(r[n] for n in names) for r in rows}))
        if grouping.columns
        else {}
    )
    out: dict = {}
    for r in rows:
        value = resolved[tuple(r[n] for n in names)] if grouping.columns else r[names[0]]
        out.setdefault(value, set()).add(r["procedure_version_id"])
    return out


# -- the answer ----------------------------------------------------------------------------------


def _legal_days(rules: RuleSet) -> int | None:
    return next(
        (i.legal_working_days for i in rules.indicators if i.legal_working_days is not None),
        None,
    )


def _validate(date_from: date, date_to: date, group_by: str | None) -> None:
    errors: dict = {}
    if date_from > date_to:
        errors["date_to"] = [gettext("The end of the period is before its start.")]
    if group_by and group_by not in INDEX_GROUPINGS:
        errors["group_by"] = [
            gettext("Unknown grouping %(names)s; choose among %(choices)s.")
            % {"names": group_by, "choices": ", ".join(INDEX_GROUPINGS)}
        ]
    if not errors:
        for name, messages in period_problems(
            date_from, date_to, group_by=[group_by] if group_by else []
        ).items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def not_applicable_reason(date_from: date) -> str:
    return gettext(
        "The serving index (Decision 766/QĐ-TTg) applies from %(day)s; the period starting "
        "%(start)s precedes it, so it has no index."
    ) % {"day": f"{first_day():%d/%m/%Y}", "start": f"{date_from:%d/%m/%Y}"}


def serving_index(
    *,
    date_from: date,
    date_to: date,
    group_by: str | None = None,
    filters: Mapping[str, object] | None = None,
    user=None,
) -> ServingIndex:
    """Chỉ số phục vụ người dân, doanh nghiệp of ``[date_from, date_to]`` for the dossiers
    ``user`` may see, for the province (``totals``) and grouped by ``group_by`` (unit, desk,
    centre or month; ``None``: the province alone), by the rule file in force on the period's
    first day."""
    _validate(date_from, date_to, group_by)
    rules = rule_set_for(date_from)
    dims = (group_by,) if group_by else ()
    if rules is None:
        return ServingIndex(
            date_from, date_to, dims, applies=False, reason=not_applicable_reason(date_from)
        )
    base = dossiers_for_statistics(user=user, filters=filters)
    legal_days = _legal_days(rules)
    stats = dossier_statistics(
        date_from=date_from, date_to=date_to, group_by=dims, filters=filters, user=user
    )
    province_versions = _versions_overlapping(date_from, date_to)
    totals_counts = (
        {k: stats.totals[k] for k in STAT_DEFINITIONS}
        | _dossier_counts(base=base, spans=[(date_from, date_to)], grouping=None)[0].get((), {})
        | _catalogue_counts([v for v in province_versions if _in_force(v, date_to)])
        | _announcement_counts(
            province_versions, first=date_from, last=date_to, legal_days=legal_days
        )
    )
    totals = {"key": {}, "name": {}, "counts": totals_counts, **score(totals_counts, rules)}

    rows: list[dict] = []
    if group_by == "month":
        buckets = GROUPINGS["month"].buckets(date_from, date_to)
        spans = [(b.first, b.last) for b in buckets]
        facts = _dossier_counts(base=base, spans=spans, grouping=None)
        stat_rows = {r["key"]["month"]: r for r in stats.rows}
        for bucket, fact in zip(buckets, facts, strict=True):
            in_force = [v for v in province_versions if _in_force(v, bucket.last)]
            counts = {
                k: (stat_rows[bucket.key][k] if bucket.key in stat_rows else 0)
                for k in STAT_DEFINITIONS
            } | fact.get((), dict.fromkeys(DOSSIER_DEFINITIONS, 0))
            counts |= _catalogue_counts(in_force)
            counts |= _announcement_counts(
                province_versions, first=bucket.first, last=bucket.last, legal_days=legal_days
            )
            rows.append(
                {
                    "key": {"month": bucket.key},
                    "name": {"month": bucket.name},
                    "counts": counts,
                    **score(counts, rules),
                }
            )
    elif group_by:
        grouping = GROUPINGS[group_by]
        facts = _dossier_counts(base=base, spans=[(date_from, date_to)], grouping=grouping)[0]
        used = _used_versions(base=base, date_from=date_from, date_to=date_to, grouping=grouping)
        by_id = {v["pk"]: v for v in province_versions}
        missing = {pk for ids in used.values() for pk in ids} - set(by_id)
        if missing:
            by_id |= {v["pk"]: v for v in _versions_overlapping(date_to, date_to, missing)}
        values = [v for v in set(facts) | set(used) if v is not None]
        names = grouping.describe(values, date_from, date_to)
        entities = grouping.entities(values) if grouping.entities else {}
        stat_rows = {r["key"][group_by]: r for r in stats.rows}
        for value in values:
            code, name = names.get(value, (value, str(value)))
            versions = [by_id[pk] for pk in used.get(value, ()) if pk in by_id]
            procedure_ids = {v["procedure_id"] for v in versions}
            announced = [v for v in province_versions if v["procedure_id"] in procedure_ids]
            stat = stat_rows.get(code, {})
            counts = (
                {k: stat.get(k, 0) for k in STAT_DEFINITIONS}
                | facts.get(value, dict.fromkeys(DOSSIER_DEFINITIONS, 0))
                | _catalogue_counts(versions)
                | _announcement_counts(
                    announced, first=date_from, last=date_to, legal_days=legal_days
                )
            )
            row = {"key": {group_by: code}, "name": {group_by: name}, "counts": counts}
            if value in entities:
                row["entities"] = {group_by: entities[value]}
            rows.append(row | score(counts, rules))
        rows.sort(key=lambda r: str(r["name"][group_by]).casefold())
    rank_rows(rows)
    return ServingIndex(
        date_from, date_to, dims, applies=True, rules=rules, rows=rows, totals=totals
    )
