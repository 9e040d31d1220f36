"""LibreOffice headless as the recalculation oracle (DESIGN.md §6).

LibreOffice opens the workbooks we wrote, recalculates every formula and saves a copy;
the tests read the copy's cached values with openpyxl ``data_only=True``. The copy is
only ever read, never shipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl

ERROR_PREFIXES = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:", "#SPILL!", "#CALC!")


def soffice() -> str | None:
    """Path of the soffice binary, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate(files: list[Path], workdir: Path) -> dict[Path, Path]:
    """Recalculate ``files`` in one LibreOffice run with a throwaway profile; original -> copy."""
    out = workdir / "recalculated"
    out.mkdir(parents=True, exist_ok=True)
    profile = workdir / "lo-profile"
    cmd = [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
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
    wb = openpyxl.load_workbook(path, data_only=True)
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "e" or (isinstance(cell.value, str) and cell.value.startswith(ERROR_PREFIXES)):
                    found.append(f"{ws.title}!{cell.coordinate}={cell.value!r}")
    return found


def to_pdf(files: list[Path], workdir: Path) -> dict[Path, Path]:
    """Print ``files`` to PDF in one LibreOffice run (every sheet, with its print settings); original -> PDF."""
    out = workdir / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    profile = workdir / "lo-profile-pdf"
    cmd = [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(out), *map(str, files)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=dict(os.environ, HOME=str(workdir)))
    pdfs = {f: out / (Path(f).stem + ".pdf") for f in files}
    missing = [str(f) for f, p in pdfs.items() if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not print {missing}: {result.stdout} {result.stderr}")
    return pdfs
