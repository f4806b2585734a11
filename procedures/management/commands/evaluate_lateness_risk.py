"""``manage.py evaluate_lateness_risk``: how well "nguy cơ trễ hạn" foresaw lateness, on the
dossiers in the database and on a synthetic history (docs/rules/lateness-risk.md prints both)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from procedures.records import format_date
from procedures.reports.lateness_risk import HIGH, MEDIUM
from procedures.reports.lateness_risk_evaluation import evaluate_rolling, synthetic
from procedures.reports.numbers import number_vi as format_number
from procedures.reports.numbers import percent_vi
from procedures.selectors.lateness_risk import (
    HISTORY_LIMIT,
    HISTORY_SPAN,
    lateness_evaluation_frames,
)


def _percent(value) -> str:
    return percent_vi(value, 1)


class Command(BaseCommand):
    help = (
        "Replay the risk of lateness on dossiers whose outcome is known: the dossiers received "
        "after the split are checked every working morning while open, each month against the "
        "past year resolved before it (as the screens read it). Prints, of the flagged, how "
        "many ended late, and of the late, how many were flagged at least one working day "
        "before their due date; the same on a synthetic history."
    )

    def add_arguments(self, parser):
        parser.add_argument("--synthetic-only", action="store_true")
        parser.add_argument("--seed", type=int, default=20)

    def _print(self, title: str, result, threshold: float) -> None:
        self.stdout.write(title)
        self.stdout.write(
            _(
                "  %(dossiers)s dossiers evaluated, %(checks)s morning checks; flagged "
                "(likelihood ≥ %(high)s): %(flagged)s, of which ended late %(flagged_late)s "
                "(%(precision)s); late: %(late)s, of which flagged at least one working day "
                "before the due date %(ahead)s (%(recall)s)."
            )
            % {
                "dossiers": format_number(result.dossiers),
                "checks": format_number(result.checks),
                "high": _percent(threshold),
                "flagged": format_number(result.flagged),
                "flagged_late": format_number(result.flagged_late),
                "precision": _percent(result.precision),
                "late": format_number(result.late),
                "ahead": format_number(result.late_flagged_ahead),
                "recall": _percent(result.early_recall),
            }
        )

    def handle(self, *args, **options):
        if not options["synthetic_only"]:
            frame, calendar, split = lateness_evaluation_frames()
            title = _(
                "Dossiers in the database (received from %(split)s, each month against the past "
                "year resolved before it; %(count)s rows in all):"
            ) % {
                "split": format_date(split.date()) if split else "-",
                "count": format_number(len(frame)),
            }
            for threshold in (HIGH, MEDIUM):
                result = evaluate_rolling(
                    frame,
                    calendar,
                    split=split,
                    span=HISTORY_SPAN,
                    limit=HISTORY_LIMIT,
                    threshold=threshold,
                )
                self._print(title, result, threshold)
        for threshold in (HIGH, MEDIUM):
            self._print(
                _("Synthetic history (seed %(seed)s):") % {"seed": options["seed"]},
                synthetic(seed=options["seed"], threshold=threshold),
                threshold,
            )
