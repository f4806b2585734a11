"""The import commands' memory cap (IMPORT_MEMORY_LIMIT_MB, :mod:`procedures.importers.memory`):
a file that would take more ends the command with one message naming it, nothing written."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from procedures.importers.memory import ImportMemoryExceeded, import_memory_cap


class MemoryCappedImportCommand(BaseCommand):
    """An import command whose whole run is under the cap; its file is the ``file`` argument."""

    def execute(self, *args, **options):
        try:
            with import_memory_cap():
                return super().execute(*args, **options)
        except ImportMemoryExceeded as exceeded:
            raise CommandError(
                _(
                    "The file %(file)s needs more memory than one import may use (%(limit)s MB): "
                    "the import was stopped and nothing was written. Split the file into smaller "
                    "ones, or raise IMPORT_MEMORY_LIMIT_MB."
                )
                % {"file": options.get("file"), "limit": exceeded.limit_mb}
            ) from None
