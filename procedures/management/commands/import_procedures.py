"""manage.py import_procedures FILE: add the national records of a CSV/XLSX file."""

import argparse
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from procedures.management.commands._memory_capped import MemoryCappedImportCommand
from procedures.problems import Problem, Refused
from procedures.records import CellError, parse_date
from procedures.services.catalogue_imports import procedure_file_import

BAR = "{desc}: {percentage:3.0f}%|{bar}| {elapsed}"


def _date(text: str):
    try:
        return parse_date(text)
    except CellError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class Command(MemoryCappedImportCommand):
    help = (
        "Import procedures (national TTHC records) from a CSV or XLSX file with the Vietnamese "
        "headers (Mã TTHC, Tên TTHC, Lĩnh vực, ...). Every bad row is reported and nothing is "
        "written; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--effective-date",
            type=_date,
            help="dd/mm/yyyy or yyyy-mm-dd: the date records without “Ngày hiệu lực” apply from",
        )

    def handle(self, *args, file: Path, no_progress: bool, effective_date=None, **options):
        if not file.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": file})
        # The bar goes to the raw stream: Django's OutputWrapper would end each update with a
        # newline instead of redrawing the line.
        with tqdm(
            total=100, file=self.stderr._out, bar_format=BAR, disable=no_progress, desc=file.name
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.update(round(100 * done / total) - bar.n if total else 0)

            try:
                summary = procedure_file_import(
                    content=file.read_bytes(),
                    file_name=file.name,
                    progress=progress,
                    effective_date=effective_date,
                )
            except Refused as refusal:
                bar.close()
                for problem in refusal.problems:
                    self.stderr.write(str(problem))
                raise CommandError(
                    _("%(count)s problem(s): nothing was imported.")
                    % {"count": len(refusal.problems)}
                ) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(rows)s rows: %(created)s procedures added, %(unchanged)s unchanged, "
                    "%(published)s publication dates recorded."
                )
                % summary.as_dict()
            )
        )
        for warning in summary.warnings:
            self.stdout.write(str(Problem(**warning)))
        if summary.warnings:
            self.stdout.write(
                _("%(count)s warning(s): imported, to be looked at.")
                % {"count": len(summary.warnings)}
            )
        if summary.missing_columns:
            self.stdout.write(
                _(
                    "Columns not in the file (left unchanged, defaults for new procedures): "
                    "%(columns)s"
                )
                % {"columns": ", ".join(summary.missing_columns)}
            )
        if summary.ignored_columns:
            self.stdout.write(
                _("Ignored columns: %(columns)s") % {"columns": ", ".join(summary.ignored_columns)}
            )
