"""LibreOffice headless as the recalculation oracle (DESIGN.md §6).

LibreOffice opens the workbooks we wrote, recalculates every formula and saves a copy;
the tests read the copy's cached values with openpyxl ``data_only=True``. The copy is
only ever read, never shipped.
"""

from __future__ import annotations

import atexit
import csv
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


#: glibc's malloc keeps 256 MB spare at the top of the heap for LibreOffice. Without it, a start hands a few hundred
#: MB back to the system and faults them in again, page by page (~290,000 page faults): 0.95 s of CPU a start, two
#: thirds of it in the kernel, against 0.55 s with it (an .xlsx of DebtDesk's to PDF: 1.8 -> 1.3 s; ~80 MB more
#: resident). Other C libraries ignore the variable.
MALLOC_PAD = "glibc.malloc.top_pad=268435456"

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


def convert(files: list[Path], to: str, out: Path, workdir: Path, *extra: str) -> subprocess.CompletedProcess:
    """One LibreOffice run converting ``files`` with the filter ``to`` into the folder ``out``.

    It starts from this process's profile (:func:`profile`) with ``workdir`` as its home; ``extra`` options
    go before ``--convert-to``. The caller checks what was written.

    Example::

        convert([tmp_path / "small.xlsx"], "xls", tmp_path / "xls", tmp_path)   # tmp_path/xls/small.xls
    """
    out.mkdir(parents=True, exist_ok=True)
    cmd = [soffice(), f"-env:UserInstallation={profile().as_uri()}", "--headless", "--norestore", *extra,
           "--convert-to", to, "--outdir", str(out), *map(str, files)]
    tunables = ":".join(filter(None, [os.environ.get("GLIBC_TUNABLES"), MALLOC_PAD]))
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, HOME=str(workdir), GLIBC_TUNABLES=tunables))


def recalculate(files: list[Path], workdir: Path) -> dict[Path, Path]:
    """Recalculate ``files`` in one LibreOffice run; original -> copy."""
    out = workdir / "recalculated"
    result = convert(files, "xlsx:Calc MS Excel 2007 XML", out, workdir, "--calc")
    copies = {f: out / (Path(f).stem + ".xlsx") for f in files}
    missing = [str(f) for f, c in copies.items() if not c.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not convert {missing}: {result.stdout} {result.stderr}")
    return copies


#: Every sheet of a workbook as UTF-8 CSV (token 12: -1), values rather than formulas or formatted text.
ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def recalculated_sheets(files: list[Path], workdir: Path) -> dict[Path, dict[str, list[list[str]]]]:
    """Each sheet's rows of each of ``files`` once LibreOffice has recalculated it, in one LibreOffice run.

    Each sheet is saved as CSV (values, not formulas or formatted text), which costs LibreOffice about a
    third less than an .xlsx copy and reads back without openpyxl: LibreOffice writes a sheet's CSV from
    A1, one record a row (a cell's line breaks stay inside its quotes). Each file is linked in as ``f<N>``
    first, so that no file's sheets can be taken for another's.

    Example::

        rows = recalculated_sheets([path], tmp_path)[path]["Summary"]   # rows[1][0]: the text of A2
    """
    links = workdir / "recalculated-csv-in"
    links.mkdir(parents=True, exist_ok=True)
    named = {}
    for n, file in enumerate(files):
        named[file] = links / f"f{n}{Path(file).suffix}"
        named[file].symlink_to(Path(file).resolve())
    out = workdir / "recalculated-csv"
    result = convert(list(named.values()), ALL_SHEETS_CSV, out, workdir, "--calc")
    found = {}
    for file, link in named.items():
        sheets = sorted(out.glob(f"{link.stem}-*.csv"))
        if not sheets:
            raise RuntimeError(f"LibreOffice wrote no sheet of {file}: {result.stdout} {result.stderr}")
        found[file] = {sheet.stem[len(link.stem) + 1:]: _csv_rows(sheet) for sheet in sheets}
    return found


def recalculated_errors(files: list[Path], workdir: Path) -> dict[Path, list[str]]:
    """Every error cell of each of ``files`` once LibreOffice has recalculated it, in one LibreOffice run
    (:func:`recalculated_sheets`), named as :func:`error_cells` names them (``"Plan!C3='#DIV/0!'"``).

    Example::

        errors = recalculated_errors([path], tmp_path)   # {path: ["Plan!C3='#DIV/0!'"]} or {path: []}
    """
    return {file: [f"{sheet}!{openpyxl.utils.get_column_letter(col)}{row}={value!r}"
                   for sheet, rows in sheets.items() for row, values in enumerate(rows, 1)
                   for col, value in enumerate(values, 1) if value.startswith(ERROR_PREFIXES)]
            for file, sheets in recalculated_sheets(files, workdir).items()}


def _csv_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


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
    result = convert(files, "pdf", out, workdir)
    pdfs = {f: out / (Path(f).stem + ".pdf") for f in files}
    missing = [str(f) for f, p in pdfs.items() if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not print {missing}: {result.stdout} {result.stderr}")
    return pdfs
