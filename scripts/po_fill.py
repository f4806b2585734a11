"""Fill untranslated entries of the Vietnamese catalogue from a TSV file of ``msgid<TAB>msgstr``.

Usage: .venv/bin/python scripts/po_fill.py [translations.tsv ...]
With no argument it reads every ``locale/translations/*.tsv`` (``make messages`` does this after
``makemessages``), so each piece of work keeps its Vietnamese texts in a file of its own and the
catalogue can always be rebuilt from the code and those files.
Lists the entries still untranslated, so nothing reaches a screen in English by mistake.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
TSV_DIR = ROOT / "locale" / "translations"


def main() -> int:
    po = polib.pofile(str(PO))
    pairs: dict[str, str] = {}
    for arg in sys.argv[1:] or sorted(TSV_DIR.glob("*.tsv")):
        for line in Path(arg).read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                msgid, msgstr = line.split("\t", 1)
                pairs[msgid.replace("\\n", "\n")] = msgstr.replace("\\n", "\n")
    for entry in po:
        if entry.msgid in pairs:
            if entry.msgid_plural:
                # Vietnamese has one plural form (nplurals=1): the same text for any count.
                entry.msgstr_plural = {0: pairs[entry.msgid]}
            else:
                entry.msgstr = pairs[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save(str(PO))
    missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
