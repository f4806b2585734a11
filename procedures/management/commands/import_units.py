"""``manage.py import_units FILE``: administrative units from a CSV or XLSX file.

The columns are documented in
docs/reference/units.md. Every row is validated first; when any row is bad,
every problem is printed with its row number, column and reason, and nothing is written.
Importing the same file again changes nothing.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from procedures.management.commands._memory_capped import MemoryCappedImportCommand
from procedures.services.units import UnitImportError, units_import


class Command(MemoryCappedImportCommand):
    help = (
        "Import administrative units from a CSV or XLSX file with the columns code, name, kind, "
        "parent_code, valid_from, valid_to, successor_codes (all-or-nothing, idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the .csv or .xlsx file")

    def handle(self, *args, **options):
        # Commands run untranslated by default; the report is for Vietnamese users.
        with translation.override(settings.LANGUAGE_CODE):
            self._import(options["file"])

    def _import(self, path: str) -> None:
        try:
            result = units_import(path=path)
        except UnitImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Units imported: %(created)d created, %(updated)d updated, "
                    "%(unchanged)d unchanged."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                }
            )
        )
