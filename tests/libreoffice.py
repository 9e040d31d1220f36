"""LibreOffice headless as the recalculation oracle (DESIGN.md §6).

LibreOffice opens the workbooks we wrote, recalculates every formula and saves a copy;
the tests read the copy's cached values with openpyxl ``data_only=True``. The copy is
only ever read, never shipped.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

ERROR_PREFIXES = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:", "#SPILL!", "#CALC!")


def soffice() -> str | None:
    """Path of the soffice binary, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


_PROFILE: list[Path] = []


def profile() -> Path:
    """This test process's LibreOffice profile: made by the first start, reused by every later one.

    A new profile costs each start about a second of set-up; runs here are one at a time per
    process (a pytest-xdist worker is its own process, with its own profile), and the folder
    goes when the process ends.
    """
    if not _PROFILE:
        _PROFILE.append(Path(tempfile.mkdtemp(prefix="debtdesk-test-lo-")))
        atexit.register(shutil.rmtree, _PROFILE[0], ignore_errors=True)
    return _PROFILE[0] / "profile"


def recalculate(files: list[Path], workdir: Path) -> dict[Path, Path]:
    """Recalculate ``files`` in one LibreOffice run; original -> copy."""
    out = workdir / "recalculated"
    out.mkdir(parents=True, exist_ok=True)
    cmd = [soffice(), f"-env:UserInstallation={profile().as_uri()}", "--headless", "--norestore",
           "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *map(str, files)]
    env = dict(os.environ, HOME=str(workdir))
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    copies = {f: out / (Path(f).stem + ".xlsx") for f in files}
    missing = [str(f) for f, c in copies.items() if not c.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not convert {missing}: {result.stdout} {result.stderr}")
    return copies


def error_cells(path: Path) -> list[str]:
    """Every cell of a recalculated workbook that holds an error value."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)  # streamed: only values are looked at
    try:
        return [f"{ws.title}!{cell.coordinate}={cell.value!r}" for ws in wb.worksheets for row in ws.iter_rows()
                for cell in row if cell.data_type == "e" or (isinstance(cell.value, str) and cell.value.startswith(ERROR_PREFIXES))]
    finally:
        wb.close()


def to_pdf(files: list[Path], workdir: Path) -> dict[Path, Path]:
    """Print ``files`` to PDF in one LibreOffice run (every sheet, with its print settings); original -> PDF."""
    out = workdir / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    cmd = [soffice(), f"-env:UserInstallation={profile().as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(out), *map(str, files)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=dict(os.environ, HOME=str(workdir)))
    pdfs = {f: out / (Path(f).stem + ".pdf") for f in files}
    missing = [str(f) for f, p in pdfs.items() if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not print {missing}: {result.stdout} {result.stderr}")
    return pdfs
