"""Test artefacts: the pages of a rendered PDF kept as PNG screenshots under test-artifacts/
(gitignored), so a reviewer sees what an office would print."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "test-artifacts"


def pdf_screenshots(pdf: bytes, name: str, *, resolution: int = 60) -> list[Path]:
    """Each page of ``pdf`` as test-artifacts/<name>-<page>.png (pdftoppm, poppler-utils)."""
    folder = ROOT
    folder.mkdir(exist_ok=True)
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    program = shutil.which("pdftoppm")
    assert program, "pdftoppm missing: scripts/services.sh installs poppler-utils"
    # The arguments are this test's own file names, never outside input.
    subprocess.run(  # noqa: S603
        [program, "-r", str(resolution), "-png", str(source), str(folder / name)],
        check=True,
        timeout=120,
    )
    return sorted(folder.glob(f"{name}-*.png"))
