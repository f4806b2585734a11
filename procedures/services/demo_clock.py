"""The demo province's clock rules (kept apart from :mod:`procedures.services.demo` so that the
demo's rewrite and these rules merge without touching each other): its two rule sets by period
and the shares of its interconnected procedures, so that the slip shows who held a dossier past
its share."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

from procedures.calendar.processing_time import ProcessingTime
from procedures.choices import SupplementMode, TimeUnit
from procedures.models import ClockRuleSet, Desk, ProcedureVersion, Unit
from procedures.services.interconnected import interconnected_steps_set

# Decree 61/2018/NĐ-CP (in force from 21/8/2018, to 30/6/2025): a supplement restarts the time;
# Decree 118/2025/NĐ-CP (from 1/7/2025): the time left counts on. Before 21/8/2018 the
# province's calendar settings apply.
DEMO_RULE_SETS = (
    ("Nghị định 61/2018/NĐ-CP", date(2018, 8, 21), SupplementMode.RESTART),
    ("Nghị định 118/2025/NĐ-CP", date(2025, 7, 1), SupplementMode.PAUSE),
)
# The interconnected procedures and their agencies in order (None: the receiving desk's own
# unit), each with its part of the processing time.
DEMO_STEPS = {
    # Khai sinh – đăng ký thường trú – cấp thẻ BHYT cho trẻ dưới 6 tuổi.
    "1.013891": ((None, Decimal("0.4")), ("86.CA", Decimal("0.3")), ("86.BHXH", Decimal("0.3"))),
    # Đăng ký đất đai lần đầu: the commune checks, the land registration office decides.
    "1.003003": ((None, Decimal("0.2")), ("86.SNNMT", Decimal("0.8"))),
}


def demo_clock_load(*, desk_code: str) -> int:
    """Write the demo's rule sets and interconnected shares (idempotent). Returns how many
    procedures got their shares."""
    for name, valid_from, mode in DEMO_RULE_SETS:
        ClockRuleSet.objects.get_or_create(
            valid_from=valid_from, defaults={"name": name, "supplement_mode": mode}
        )
    desk = Desk.objects.select_related("unit").get(code=desk_code)
    done = 0
    for code, parts in DEMO_STEPS.items():
        version = (
            ProcedureVersion.objects.filter(procedure__code=code, superseded_on__isnull=True)
            .order_by("-valid_from")
            .first()
        )
        if version is None or version.processing_time_unit not in (TimeUnit.DAYS, TimeUnit.HOURS):
            # A share needs a time in working days or hours to be a part of.
            continue
        if not version.is_interconnected:
            continue
        units = {u.code: u for u in Unit.objects.filter(code__in=[c for c, _ in parts if c])}
        if len(units) != len([c for c, _ in parts if c]):
            continue
        total = Decimal(version.effective_time_value)
        steps = [
            (
                units[unit_code] if unit_code else desk.unit,
                ProcessingTime(
                    max(
                        (total * part).quantize(Decimal("0.5"), rounding=ROUND_DOWN), Decimal("0.5")
                    ),
                    version.processing_time_unit,
                ),
            )
            for unit_code, part in parts
        ]
        interconnected_steps_set(version=version, steps=steps)
        done += 1
    return done
