"""Write the embedded mode's local secret key (``.secret_key`` beside manage.py) once.

``make run`` calls this before anything else. The file is git-ignored and readable by its owner
only; onestop/settings.py reads it when no SECRET_KEY is set and no DATABASE_URL is (the embedded
SQLite mode), so ``manage.py <command>`` runs under the same settings as ``make run`` without
``DEBUG=true``. An existing file is kept: sessions and printed receipts' lookup links stay valid.
"""

import os
import secrets
import sys
from pathlib import Path

KEY_FILE = Path(__file__).resolve().parent.parent / ".secret_key"


def main() -> int:
    if KEY_FILE.is_file() and KEY_FILE.read_text(encoding="utf-8").strip():
        return 0
    # O_EXCL: two `make run`s started together cannot write two different keys.
    try:
        fd = os.open(KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return 0
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(50) + "\n")
    print(f"Wrote a local secret key to {KEY_FILE.name} (git-ignored).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
