"""``manage.py import_dossiers FILE [--events FILE]``: dossier history from another system."""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from procedures.importers.dossiers import FileError
from procedures.management.commands._memory_capped import MemoryCappedImportCommand
from procedures.services.dossier_import import DossierImportError, dossiers_import


class Command(MemoryCappedImportCommand):
    help = (
        "Import dossiers (CSV or XLSX: code, procedure_code, desk_code, channel, received_at, "
        "resolved_at, returned_at, status[, closed_at, applicant_name]) and optionally their "
        "events (dossier_code, action, at, note[, giver_code, receiver_code, new_due_at]), given "
        "together with their dossiers. Due moments, outcomes and every dossier's timeline are "
        "computed; events are replayed through the state table. All or nothing; importing the "
        "same files again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--events", help="events file (CSV or XLSX)")
        parser.add_argument("--chunk-size", type=int, default=50_000)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        # Commands run untranslated by default; the messages are for Vietnamese officers.
        with translation.override(settings.LANGUAGE_CODE):
            self._import(options)

    def _import(self, options):
        if options["chunk_size"] < 1:
            raise CommandError(
                _("--chunk-size must be a whole number of rows, 1 or more (not %(value)s).")
                % {"value": options["chunk_size"]}
            )
        bar = tqdm(unit=" rows", disable=options["no_progress"], file=self.stderr._out, leave=False)
        try:
            report = dossiers_import(
                path=options["file"],
                events_path=options["events"],
                chunk_size=options["chunk_size"],
                progress=bar.update,
            )
        except FileError as error:
            raise CommandError(str(error)) from error
        except DossierImportError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                _("%(count)s bad rows: nothing was imported.") % {"count": len(error.errors)}
            ) from error
        finally:
            bar.close()
        if report.rows == 0:
            raise CommandError(
                _("%(name)s holds no dossier rows (a header only?): nothing was imported.")
                % {"name": options["file"]}
            )
        self.stdout.write(
            _(
                "%(rows)s rows read: %(created)s dossiers imported, %(skipped)s already present; "
                "%(events)s events imported, %(events_skipped)s already present."
            )
            % {
                "rows": report.rows,
                "created": report.created,
                "skipped": report.skipped,
                "events": report.events_created,
                "events_skipped": report.events_skipped,
            }
        )
