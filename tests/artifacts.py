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


def office_to_pdf(content: bytes, name: str, suffix: str) -> bytes | None:
    """``content`` (a .docx or .xlsx) converted by LibreOffice (soffice --headless, Writer or
    Calc), as Word's and Excel's users would print it on a Vietnamese machine (LibreOffice's
    locale vi-VN: thousands grouped with dots); None when soffice is missing outside CI
    (on CI, where scripts/services.sh installs it, a missing soffice fails). Each conversion
    has its own LibreOffice profile, so parallel runs never share one."""
    import os
    import tempfile

    import pytest

    program = shutil.which("soffice")
    if not program:
        if os.environ.get("CI"):
            pytest.fail("soffice missing: scripts/services.sh installs LibreOffice (nogui)")
        return None
    ROOT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="soffice-") as folder:
        work = Path(folder)
        source = work / f"{name}.{suffix}"
        source.write_bytes(content)
        (ROOT / f"{name}.{suffix}").write_bytes(content)
        # The arguments are this test's own file names, never outside input.
        subprocess.run(  # noqa: S603
            [
                program,
                f"-env:UserInstallation=file://{work / 'profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(source),
            ],
            check=True,
            timeout=180,
            capture_output=True,
            env={**os.environ, "LANG": "vi_VN.UTF-8", "LC_ALL": "vi_VN.UTF-8"},
        )
        return (work / f"{name}.pdf").read_bytes()


def docx_to_pdf(docx: bytes, name: str) -> bytes | None:
    """A Word file's pages (:func:`office_to_pdf`)."""
    return office_to_pdf(docx, name, "docx")


def xlsx_to_pdf(xlsx: bytes, name: str) -> bytes | None:
    """A workbook's pages, every sheet with its own print settings (:func:`office_to_pdf`)."""
    return office_to_pdf(xlsx, name, "xlsx")
