"""Giới hạn bộ nhớ của một lần nhập: a hard cap on how much memory one import may take.

The XLSX checks (uncompressed size, rows) refuse most zip bombs before reading, but a file can
still inflate in pandas far past its size (a 1 MB file reached 2,8 GB). While an import reads
and writes, the process's address space (``RLIMIT_AS``) is capped at its size when the import
began plus ``IMPORT_MEMORY_LIMIT_MB``: an allocation past it fails with ``MemoryError`` inside
the import, whose transaction then rolls back (nothing half-written), and the cap is lifted
again, so the worker process goes on serving. Linux (and other POSIX systems with
``resource``); elsewhere the cap is not enforced and only logged.
"""

from __future__ import annotations

import errno
import logging
import os
import traceback
from contextlib import contextmanager

from django.conf import settings

try:
    import resource
except ImportError:  # pragma: no cover - not POSIX
    resource = None

logger = logging.getLogger(__name__)
MB = 1024 * 1024


class ImportMemoryExceeded(Exception):
    """The import needed more memory than ``limit_mb`` beyond what its process held."""

    def __init__(self, limit_mb: int):
        super().__init__(f"import memory limit of {limit_mb} MB exceeded")
        self.limit_mb = limit_mb


def raise_if_out_of_memory(error: BaseException) -> None:
    """Readers that turn any failure into "the file cannot be read" call this first: running out
    of memory is the cap's to report, not the file's fault. pandas' C parser reports a failed
    allocation as a ParserError saying "out of memory"; a thread, mmap or file buffer that the
    cap refuses fails with ``OSError`` ENOMEM ("Cannot allocate memory")."""
    if isinstance(error, MemoryError):
        raise error
    if isinstance(error, OSError) and error.errno == errno.ENOMEM:
        raise MemoryError(str(error)) from error
    if "out of memory" in str(error).lower():
        raise MemoryError(str(error)) from error


def import_memory_limit_mb() -> int:
    """The cap of one import in MB (``IMPORT_MEMORY_LIMIT_MB``); 0: no cap."""
    return int(getattr(settings, "IMPORT_MEMORY_LIMIT_MB", 0) or 0)


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def import_memory_cap(limit_mb: int | None = None):
    """Cap the address space for the block at its current size plus ``limit_mb`` (default: the
    setting). A ``MemoryError`` in the block leaves it as :class:`ImportMemoryExceeded`, with
    the cap already lifted and the failed import's frames cleared (their data freed), so the
    caller can record the failure."""
    limit_mb = import_memory_limit_mb() if limit_mb is None else int(limit_mb)
    current = _address_space() if limit_mb > 0 and resource is not None else None
    if current is None:
        if limit_mb > 0:
            logger.warning("import memory cap not enforced on this system")
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = current + limit_mb * MB
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY:
        cap = min(cap, soft)  # a tighter cap set outside stays in force
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    except (MemoryError, OSError) as error:
        if isinstance(error, OSError) and error.errno != errno.ENOMEM:
            raise
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        # The traceback holds the import's frames and, through them, what it had read.
        traceback.clear_frames(error.__traceback__)
        raise ImportMemoryExceeded(limit_mb) from None
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
