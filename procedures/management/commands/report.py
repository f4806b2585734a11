"""manage.py report admin-reform --from 2017-01-01 --to 2017-12-31 [--unit CODE]
--format md|docx|xlsx|json --output PATH: the administrative-reform report section."""

import argparse
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from procedures.problems import Refused
from procedures.reports.admin_reform import FORMATS, admin_reform_data
from procedures.reports.admin_reform_files import admin_reform_file


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Generate a report. Reports: admin-reform (the administrative-reform section)."

    def add_arguments(self, parser):
        reports = parser.add_subparsers(dest="report", required=True, metavar="REPORT")
        reform = reports.add_parser(
            "admin-reform",
            help="Administrative-reform section: catalogue, reviews, one-stop coverage, centres.",
        )
        reform.add_argument(
            "--from", dest="date_from", type=_day, required=True, help="first day, YYYY-MM-DD"
        )
        reform.add_argument(
            "--to", dest="date_to", type=_day, required=True, help="last day, YYYY-MM-DD (included)"
        )
        reform.add_argument(
            "--unit",
            default="",
            help="a unit's code: only its centres and desks (and units under it)",
        )
        reform.add_argument("--format", dest="file_format", choices=FORMATS, default="md")
        reform.add_argument(
            "--output", type=Path, help="file to write; without it, md and json go to the terminal"
        )
        reform.add_argument(
            "--base-url",
            default="",
            help="this installation's address (https://...): the figures' links become absolute",
        )
        reform.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
        )

    def handle(
        self,
        *args,
        report,
        date_from,
        date_to,
        unit,
        file_format,
        output,
        language,
        base_url,
        **options,
    ):
        with translation.override(language):
            try:
                data = admin_reform_data(
                    date_from=date_from, date_to=date_to, unit_code=unit, base_url=base_url
                )
            except Refused as refusal:
                raise CommandError(
                    "\n".join(str(problem) for problem in refusal.problems)
                ) from None
            made = admin_reform_file(data, file_format)
        if output is None:
            if file_format in ("docx", "xlsx", "pdf"):
                raise CommandError(f"--output is required for --format {file_format}")
            self.stdout.write(made.content.decode("utf-8"), ending="")
            return
        output.write_bytes(made.content)
        if data["checks"]:
            self.stderr.write(
                self.style.WARNING(f"{len(data['checks'])} figures do not add up: see 'checks'.")
            )
        self.stderr.write(self.style.SUCCESS(f"{output}: {date_from} – {date_to}, {file_format}."))
