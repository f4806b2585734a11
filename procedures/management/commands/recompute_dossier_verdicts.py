"""``manage.py recompute_dossier_verdicts``: bring the stored verdicts of existing dossiers to the
clock's rules as they are now (run once after an upgrade that changes them, e.g. issue 18)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from procedures.services.dossiers.verdicts import dossier_verdicts_recompute


class Command(BaseCommand):
    help = (
        "Replay the history of every dossier the clock's rules read (supplement and fee "
        "requests, resumptions, hand-overs, apologies) and store the due moment, overdue flag, "
        "outcome, Decision 766 verdict, late agency and apology timing those rules give now. "
        "Idempotent; the roll-ups of changed dossiers are refreshed afterwards."
    )

    def handle(self, *args, **options):
        replayed, changed = dossier_verdicts_recompute()
        self.stdout.write(
            _("%(replayed)s dossiers replayed, %(changed)s changed.")
            % {
                "replayed": f"{replayed:,}".replace(",", "."),
                "changed": f"{changed:,}".replace(",", "."),
            }
        )
