"""``manage.py rebuild_rollups [--from DATE --to DATE]``: recompute the statistics' roll-ups."""

from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from procedures.selectors.statistics import rollups_state, rollups_supported
from procedures.services.rollups import rollups_rebuild


def _date(value: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CommandError(_("%(value)s is not a date (YYYY-MM-DD or dd/mm/yyyy).") % {"value": value})


class Command(BaseCommand):
    help = (
        "Recompute the daily and monthly roll-ups the statistics read, from the dossiers and "
        "their events: every desk, or with --from/--to the desks that handled dossiers in "
        "those days (received, closed, or open across them). Idempotent: running it again "
        "gives the same rows. PostgreSQL only; elsewhere the statistics count dossiers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", help="first day (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", help="last day (YYYY-MM-DD)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        date_from = _date(options["date_from"]) if options["date_from"] else None
        date_to = _date(options["date_to"]) if options["date_to"] else None
        if date_from and date_to and date_from > date_to:
            raise CommandError(_("--to is before --from."))
        if not rollups_supported():
            raise CommandError(
                _("Roll-ups need PostgreSQL; on this database the statistics count dossiers.")
            )
        # Three steps: old rows deleted, daily rows computed, monthly levels computed.
        bar = tqdm(total=3, unit=" steps", disable=options["no_progress"], file=self.stderr._out)
        try:
            desks = rollups_rebuild(
                date_from=date_from,
                date_to=date_to,
                progress=lambda name: (bar.set_postfix_str(name), bar.update()),
            )
        finally:
            bar.close()
        state = rollups_state()
        self.stdout.write(
            _("Roll-ups rebuilt for %(desks)s desks; they cover %(first)s to %(last)s.")
            % {
                "desks": desks,
                "first": state.first_day.strftime("%d/%m/%Y") if state.first_day else "-",
                "last": state.last_day.strftime("%d/%m/%Y") if state.last_day else "-",
            }
        )
