"""The demo's citizens' ratings and national portal confirmations (issue 19): for the
dossiers resolved since the reform at the desks that record Decision 766's facts, most rated
satisfied, a few agencies less so, and most statuses confirmed on the national portal."""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta

import numpy as np
from django.db import transaction

from procedures.choices import RatingChannel
from procedures.models import Dossier, DossierRating, NationalSyncConfirmation

# Per desk: (share of resolved dossiers rated, share rated "hài lòng" or better, share of
# dossiers whose current status the national portal confirmed).
RATING_SHARES = {
    "000.00.31.H62": (0.35, 0.93, 0.95),
    "000.00.32.H62": (0.2, 0.7, 0.7),
    "000.00.06.H62": (0.4, 0.96, 0.98),
    "000.00.05.H62": (0.35, 0.94, 0.97),
    "000.00.10.H62": (0.3, 0.72, 0.75),
    "000.00.11.H62": (0.3, 0.88, 0.9),
}
BATCH = 5_000


def _answer(rng, satisfied: bool) -> int:
    return int(rng.choice([4, 5], p=[0.45, 0.55]) if satisfied else rng.choice([1, 2, 3]))


@transaction.atomic
def serving_facts_add(*, now: datetime, seed: int) -> int:
    """Ratings and confirmations for the demo's histories since the reform, bulk-written (the
    demo's own data: no citizen or platform is there to send them). Returns the ratings."""
    ratings, confirmations, synced = [], [], []
    for desk_code, (rated_share, satisfied_share, synced_share) in RATING_SHARES.items():
        rng = np.random.default_rng(seed + zlib.crc32(desk_code.encode()))
        rows = (
            Dossier.objects.filter(desk__code=desk_code, papers_digitised__isnull=False)
            .order_by("id")
            .values_list("id", "status", "resolved_at", "received_at")
        )
        for dossier_id, status, resolved_at, received_at in rows.iterator(chunk_size=BATCH):
            if resolved_at is not None and rng.random() < rated_share:
                satisfied = bool(rng.random() < satisfied_share)
                ratings.append(
                    DossierRating(
                        dossier_id=dossier_id,
                        overall=_answer(rng, satisfied),
                        on_time=_answer(rng, satisfied or rng.random() < 0.5),
                        attitude=_answer(rng, satisfied or rng.random() < 0.3),
                        returns_count=0 if satisfied else int(rng.choice([0, 1, 2])),
                        channel=RatingChannel.LOOKUP
                        if rng.random() < 0.6
                        else RatingChannel.TABLET,
                        rated_at=min(resolved_at + timedelta(hours=float(rng.uniform(1, 72))), now),
                    )
                )
            if rng.random() < synced_share:
                moment = min((resolved_at or received_at) + timedelta(minutes=5), now)
                confirmations.append(
                    NationalSyncConfirmation(
                        dossier_id=dossier_id, status=status, confirmed_at=moment
                    )
                )
                synced.append((dossier_id, status, moment))
    DossierRating.objects.bulk_create(ratings, batch_size=BATCH, ignore_conflicts=True)
    NationalSyncConfirmation.objects.bulk_create(
        confirmations, batch_size=BATCH, ignore_conflicts=True
    )
    by_id = {dossier_id: (status, moment) for dossier_id, status, moment in synced}
    dossiers = list(Dossier.objects.filter(pk__in=by_id).only("pk"))
    for dossier in dossiers:
        dossier.national_synced_status, dossier.national_synced_at = by_id[dossier.pk]
    Dossier.objects.bulk_update(
        dossiers, ["national_synced_status", "national_synced_at"], batch_size=BATCH
    )
    return len(ratings)
