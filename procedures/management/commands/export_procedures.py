"""manage.py export_procedures FILE: the catalogue in force on a date, as CSV or XLSX."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from procedures.reports.catalogue_export import catalogue_csv, catalogue_xlsx


class Command(BaseCommand):
    help = (
        "Export the catalogue in force on a date (--as-of, default today) with the headers the "
        "import reads; the format follows the file's extension (.xlsx or .csv)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--as-of", type=date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args, file: Path, as_of: date | None, **options):
        as_of = as_of or timezone.localdate()
        writer = catalogue_xlsx if file.suffix.lower() == ".xlsx" else catalogue_csv
        file.write_bytes(writer(as_of=as_of))
        self.stdout.write(self.style.SUCCESS(f"{file}: catalogue in force on {as_of}."))
