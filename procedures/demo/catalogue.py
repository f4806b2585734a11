"""Danh mục thủ tục hành chính of the demo province: its catalogue files, the announcement
decisions (quyết định công bố) of 2017 and 2025 with their publications in the national database,
and the time reviews (rà soát), each loaded through the catalogue's own services.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.demo import DATA_DIR
from procedures.demo.progress import Step, number_text
from procedures.models import AnnouncementDecision, ProcedureVersion
from procedures.services.catalogue import procedure_versions_publish
from procedures.services.catalogue_imports import decision_file_import, procedure_file_import
from procedures.services.reviews import time_review_create

DECISION_2017 = "1065/QĐ-UBND"
DECISION_2025 = "1570/QĐ-UBND"
# The 2017 time review under plan 22/KH-UBND: 1.738 procedures (ra-soat-2017.csv: code and
# applied time; the legal time is the catalogue's on the review date).
REVIEW_2017 = {
    "plan_number": "22/KH-UBND",
    "reviewed_on": date(2017, 10, 31),
    "note": (
        "Rà soát, đánh giá quy định thủ tục hành chính năm 2017 theo Kế hoạch số 22/KH-UBND "
        "ngày 22/12/2016 của Chủ tịch Ủy ban nhân dân tỉnh Trà Vinh"
    ),
    "file": "ra-soat-2017.csv",
}
REVIEW_2025 = {
    "plan_number": "45/KH-UBND",
    "reviewed_on": date(2025, 10, 15),
    "note": (
        "Rà soát thời hạn giải quyết TTHC cấp xã sau khi tổ chức chính quyền địa phương hai cấp"
    ),
    "items": [
        ("1.003003", 15),
        ("2.002811", 2),
        ("1.009794", 6),
        ("1.001776", 15),
    ],
}


# The catalogue files in the order they are imported (procedure_file_import).
CATALOGUE_FILES = ("catalogue.csv", "catalogue-2016.csv")
# The decisions (decision_file_import, applied at once) and their publications in the national
# database: (file, [(date, kinds of change published that day or None for all)]). The 2017
# amendments and replacements of 1065 were published in January 2018: the 2017 report's 425
# updates are its 204 new and 221 abolished procedures.
DECISIONS = (
    ("qd-0680-2017.csv", ((date(2017, 5, 2), None),)),
    (
        "qd-1065-2017.csv",
        ((date(2017, 6, 15), ("new", "abolished")), (date(2018, 1, 15), ("amended", "replaced"))),
    ),
    # After the reform only the new and replacing records were published at once: the
    # amendments wait on the publication screen.
    ("qd-1570-2025.csv", ((date(2025, 7, 15), ("new", "replaced")),)),
)


def review_items(review: dict) -> list[dict]:
    """The items of a demo review: from its file (Mã TTHC, Thời hạn áp dụng) or its list."""
    if "file" in review:
        frame = pd.read_csv(DATA_DIR / review["file"], dtype=str)
        rows = zip(frame["Mã TTHC"], frame["Thời hạn áp dụng"].str.replace(",", "."), strict=True)
    else:
        rows = review["items"]
    return [{"procedure_code": code, "applied_time_value": applied} for code, applied in rows]


def catalogue_load(user, now: datetime, step: Step) -> None:
    """Import the catalogue files, apply the decisions, publish what was published by ``now``
    and enter the reviews made by then, each through its service as ``user``."""
    created = 0
    for name in CATALOGUE_FILES:
        summary = procedure_file_import(
            content=(DATA_DIR / name).read_bytes(), file_name=name, user=user
        )
        created += summary.created
    step(_("Catalogue: %(count)s procedures.") % {"count": number_text(created)})
    for name, publications in DECISIONS:
        result = decision_file_import(
            content=(DATA_DIR / name).read_bytes(), file_name=name, apply=True, user=user
        )
        for published_on, kinds in publications:
            if published_on > timezone.localdate(now):
                continue
            # No ordering: the model's (by procedure code) would join every procedure, and on a
            # freshly loaded PostgreSQL table (no statistics yet) the planner nests the loops.
            versions = ProcedureVersion.objects.filter(
                decision_line__decision_id=result.decision.pk
            ).order_by()
            if kinds:
                versions = versions.filter(decision_line__change_kind__in=kinds)
            procedure_versions_publish(
                version_ids=list(versions.values_list("pk", flat=True)),
                published_on=published_on,
                user=user,
            )
        step(
            _("Decision %(number)s applied from %(date)s.")
            % {
                "number": result.decision.number,
                "date": f"{result.decision.effective_on:%d/%m/%Y}",
            }
        )
    for review in (REVIEW_2017, REVIEW_2025):
        if review["reviewed_on"] >= timezone.localdate(now):
            continue
        time_review_create(
            plan_number=review["plan_number"],
            reviewed_on=review["reviewed_on"],
            note=review["note"],
            items=review_items(review),
            user=user,
        )
    step(_("Decisions: %(count)s.") % {"count": number_text(AnnouncementDecision.objects.count())})
