"""manage.py import_decision FILE: enter an announcement decision from its tables (and apply it)."""

from datetime import date
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from procedures.choices import ChangeKind
from procedures.management.commands._memory_capped import MemoryCappedImportCommand
from procedures.problems import Refused
from procedures.services.catalogue_imports import decision_file_import

BAR = "{desc}: {percentage:3.0f}%|{bar}| {elapsed}"


class Command(MemoryCappedImportCommand):
    help = (
        "Import an announcement decision (quyết định công bố): an XLSX workbook with a sheet "
        "'Quyết định' and sheets 'Công bố mới', 'Sửa đổi, bổ sung', 'Thay thế', 'Bãi bỏ', or a "
        "CSV with a 'Loại thay đổi' column (give --number, --signed-on and --effective-on then). "
        "With --apply the catalogue moves at once. All or nothing; a second import of the same "
        "file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--number", help="decision number, e.g. 2061/QĐ-UBND")
        parser.add_argument("--signed-on", type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--effective-on", type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--signer", default="")
        parser.add_argument("--title", default="")
        parser.add_argument("--apply", action="store_true", help="apply it to the catalogue")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": file})
        header = {
            key: options[key]
            for key in ("number", "signed_on", "effective_on", "signer", "title")
            if options.get(key)
        }
        # The bar goes to the raw stream: Django's OutputWrapper would end each update with a
        # newline instead of redrawing the line.
        with tqdm(
            total=100,
            file=self.stderr._out,
            bar_format=BAR,
            disable=options["no_progress"],
            desc=file.name,
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.update(round(100 * done / total) - bar.n if total else 0)

            try:
                result = decision_file_import(
                    content=file.read_bytes(),
                    file_name=file.name,
                    header=header,
                    apply=options["apply"],
                    progress=progress,
                )
            except Refused as refusal:
                bar.close()
                for problem in refusal.problems:
                    self.stderr.write(str(problem))
                raise CommandError(
                    _("%(count)s problem(s): nothing was imported.")
                    % {"count": len(refusal.problems)}
                ) from None
        decision = result.decision
        state = _("entered") if result.created else _("already entered, unchanged")
        self.stdout.write(
            self.style.SUCCESS(
                _("Decision %(number)s (%(lines)s lines): %(state)s.")
                % {"number": decision.number, "lines": result.lines, "state": state}
            )
        )
        if result.applied is not None:
            counts = ", ".join(
                f"{ChangeKind(kind).label}: {count}" for kind, count in result.applied.items()
            )
            self.stdout.write(
                self.style.SUCCESS(
                    _("Applied from %(date)s: %(counts)s.")
                    % {"date": decision.effective_on.strftime("%d/%m/%Y"), "counts": counts}
                )
            )
        elif decision.applied_at:
            self.stdout.write(
                _("Already applied on %(date)s.")
                % {"date": timezone.localtime(decision.applied_at).strftime("%d/%m/%Y")}
            )
        else:
            self.stdout.write(_("Not applied yet: run again with --apply, or apply it on screen."))
        for warning in result.warnings:
            self.stdout.write(str(warning))
        if result.warnings:
            self.stdout.write(
                self.style.WARNING(
                    _("%(count)s warning(s): imported, to be looked at.")
                    % {"count": len(result.warnings)}
                )
            )
        if result.ignored_columns:
            self.stdout.write(
                _("Ignored columns: %(columns)s") % {"columns": ", ".join(result.ignored_columns)}
            )
