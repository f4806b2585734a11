"""manage.py report admin-reform --from 2017-01-01 --to 2017-12-31 [--unit CODE]
--format md|docx|xlsx|pdf|json --output PATH: the administrative-reform report section.
manage.py report audit PATH --from ... --to ... [--unit CODE]: a published report (DOCX, PDF or
text) checked figure by figure against what onestop computes for the same period."""

import argparse
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from procedures.problems import Refused
from procedures.reports.admin_reform import FORMATS, admin_reform_data
from procedures.reports.admin_reform_files import admin_reform_file
from procedures.selectors.reports import report_template_content


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Generate a report, or check a published one. Reports: admin-reform (the "
        "administrative-reform section); audit PATH (a published report against the data)."
    )

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
        self._audit_parser(reports)
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

    def _audit_parser(self, reports) -> None:
        audit = reports.add_parser(
            "audit",
            help="Check a published report (DOCX, PDF or UTF-8 text) against the data: figures "
            "that agree, disagree, or cannot be placed; percentages that do not follow from "
            "their own counts.",
        )
        audit.add_argument("path", type=Path, help="the published report")
        audit.add_argument("--from", dest="date_from", type=_day, required=True)
        audit.add_argument("--to", dest="date_to", type=_day, required=True)
        audit.add_argument("--unit", default="")
        audit.add_argument("--base-url", default="")
        audit.add_argument("--all", action="store_true", help="list the unplaced figures too")
        audit.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
        )

    def handle(self, *args, report, **options):
        if report == "audit":
            return self._audit(**options)
        return self._generate(report=report, **options)

    def _audit(self, *, path, date_from, date_to, unit, base_url, language, **options):
        from procedures.reports.audit import audit_summary, audit_text, document_text, finding_line

        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        with translation.override(language):
            try:
                text = document_text(content, path.name)
                data = admin_reform_data(
                    date_from=date_from, date_to=date_to, unit_code=unit, base_url=base_url
                )
            except ValueError as error:
                raise CommandError(str(error)) from None
            except Refused as refusal:
                raise CommandError(
                    "\n".join(str(problem) for problem in refusal.problems)
                ) from None
            summary = audit_summary(audit_text(text, data))
            for verdict, findings in summary.items():
                if verdict == "unplaced" and not options.get("all"):
                    continue
                for finding in findings:
                    self.stdout.write(finding_line(finding))
            counts = {verdict: len(findings) for verdict, findings in summary.items()}
        style = (
            self.style.WARNING
            if counts["disagree"] or counts["inconsistent"]
            else (self.style.SUCCESS)
        )
        self.stderr.write(
            style(
                f"{path}: {counts['agree']} agree, {counts['disagree']} disagree, "
                f"{counts['inconsistent']} inconsistent percentages, "
                f"{counts['unplaced']} not placed."
            )
        )

    def _generate(
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
            # The office's own Word template, as the report screen would use.
            template = report_template_content() if file_format == "docx" else None
            made = admin_reform_file(data, file_format, template=template)
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
