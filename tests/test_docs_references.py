"""The documentation names the code it describes: every file path and dotted name it cites exists.

A module split or a renamed function would otherwise leave the rule pages pointing at code that is
gone; the strict MkDocs build checks links between pages, this checks links into the code.
"""

import importlib
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
TOP = ("procedures", "api", "onestop", "tests", "bench", "scripts", "templates", "static")
PATH = re.compile(r"`((?:{})/[\w./-]+?)`".format("|".join(TOP)))
DOTTED = re.compile(r"`((?:procedures|api|onestop)(?:\.\w+)+)")
CHECK_ID = re.compile(r"\.[A-Z]\d{3}$")  # a system check's id (onestop.W001), not code


def _cited(pattern):
    for page in PAGES:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            for match in pattern.finditer(line):
                yield page.relative_to(ROOT), number, match.group(1)


def _generated(path: str) -> bool:
    """A path the project writes and git ignores (screenshots, the built site)."""
    ignored = subprocess.run(  # noqa: S603 - a fixed command line, the path is the page's text
        ["git", "check-ignore", "-q", path],  # noqa: S607 - git from PATH, as CI clones with it
        cwd=ROOT,
        check=False,
    )
    return ignored.returncode == 0


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def test_every_cited_path_exists():
    missing = [
        f"{page}:{number}: {path}"
        for page, number, path in _cited(PATH)
        if not (ROOT / path.rstrip("/")).exists()
        and "*" not in path
        and "{" not in path
        and not _generated(path)
    ]
    assert missing == [], "the documentation cites files that do not exist:\n" + "\n".join(missing)


@pytest.mark.django_db(databases=[])
def test_every_cited_module_and_name_exists():
    missing = [
        f"{page}:{number}: {name}"
        for page, number, name in _cited(DOTTED)
        if not CHECK_ID.search(name) and not _resolves(name)
    ]
    assert missing == [], "the documentation cites code that does not exist:\n" + "\n".join(missing)


def test_every_page_the_readme_links_to_exists():
    """The strict MkDocs build checks the site's links; the README lies outside the site."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = {target.split("#")[0] for target in re.findall(r"\]\(([^)\s]+)\)", text)}
    missing = sorted(
        target for target in linked if "://" not in target and not (ROOT / target).exists()
    )
    assert missing == [], f"the README links to pages that do not exist: {missing}"


def test_the_check_finds_a_stale_reference():
    assert not _resolves("procedures.selectors.dossiers.no_such_selector")
    assert not _resolves("procedures.no_such_module")
    assert _resolves("procedures.calendar.clock")
