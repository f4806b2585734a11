"""Số liệu kiểm soát TTHC for the administrative-reform section of the report: what the catalogue
changed in a period, what was published and reviewed, and what is in force (form 07b). Every
figure is counted by the database from the rows, never typed in."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from procedures.choices import Level, ReviewBucket
from procedures.models import ProcedureVersion
from procedures.selectors.catalogue import bucket_q, procedure_versions_in_force
from procedures.selectors.catalogue_changes import CHANGE_KINDS, change_q, review_items_in


def _scope(level: int | None, agency: int | None, agency_name: str, prefix: str = "") -> Q:
    scope = Q()
    if level is not None:
        scope &= Q(**{f"{prefix}levels__has": level})
    if agency is not None:
        scope &= Q(**{f"{prefix}agency_id": agency})
    if agency_name:
        scope &= Q(**{f"{prefix}agency_name": agency_name})
    return scope


def catalogue_figures(
    *,
    date_from: date,
    date_to: date,
    level: int | None = None,
    agency: int | None = None,
    agency_name: str = "",
) -> dict:
    """Figures for the period ``date_from``..``date_to`` (both included), optionally for one
    level or one implementing agency (a unit's id, or the agency's name as the records write it):

    - ``announced``: procedures newly announced, amended, replaced (counted by the replacing
      code), abolished and corrected by versions taking effect in the period;
    - ``published``: changes published in the national database in the period;
    - ``reviews``: procedures reviewed in the period and how many fall in each bucket;
    - ``in_force``: procedures in force at the end of the period by level, and those under the
      one-stop and the interconnected one-stop mechanisms (form 07b)."""
    scope = _scope(level, agency, agency_name)
    changes = (
        ProcedureVersion.objects.filter(scope)
        .filter(
            Q(valid_from__gte=date_from, valid_from__lte=date_to)
            | change_q("published", date_from, date_to)
        )
        .aggregate(
            **{
                kind: Count("id", filter=change_q(kind, date_from, date_to))
                for kind in CHANGE_KINDS
            }
        )
    )

    items = review_items_in(date_from, date_to)
    if scope:
        # The level and agency a procedure had on the day it was reviewed.
        then = ProcedureVersion.objects.filter(
            scope,
            procedure=OuterRef("procedure"),
            valid_from__lte=OuterRef("review__reviewed_on"),
        ).filter(
            Q(superseded_on__isnull=True) | Q(superseded_on__gt=OuterRef("review__reviewed_on"))
        )
        items = items.filter(Exists(then))
    reviews = items.aggregate(
        reviewed=Count("procedure", distinct=True),
        **{
            bucket: Count("procedure", distinct=True, filter=bucket_q(bucket))
            for bucket in ReviewBucket.values
        },
    )

    # Form 07b counts a procedure at each level it is carried out at; the total counts it once.
    kinds = {
        "total": Q(),
        "one_stop": Q(is_one_stop=True),
        "interconnected": Q(is_interconnected=True),
    }
    counts = (
        procedure_versions_in_force(as_of=date_to)
        .filter(scope)
        .aggregate(
            **{
                f"{kind}_{lvl}": Count("id", filter=Q(levels__has=lvl) & condition)
                for kind, condition in kinds.items()
                for lvl in Level.values
            },
            **{kind: Count("id", filter=condition) for kind, condition in kinds.items()},
        )
    )
    levels = [
        lvl
        for lvl in Level.values
        if counts[f"total_{lvl}"] or lvl not in (Level.MINISTRY, Level.OTHER)
    ]
    if level is not None:
        levels = [level]
    in_force = [
        {
            "level": lvl,
            "label": str(Level(lvl).label),
            **{kind: counts[f"{kind}_{lvl}"] for kind in kinds},
        }
        for lvl in levels
    ]
    published = changes.pop("published")
    return {
        "date_from": date_from,
        "date_to": date_to,
        "level": level,
        "agency": agency,
        "agency_name": agency_name,
        "announced": changes,
        "published": published,
        "reviews": reviews,
        "in_force": in_force,
        "in_force_total": {kind: counts[kind] for kind in kinds},
    }
