"""The Open XML SDK's validator (npm ``@ooxml-tools/validate``, WebAssembly) as a test oracle.

Starting the validator costs seconds, so a test process keeps one node process running and
:func:`validate` sends it many packages at a time. Install it with ``npm ci --prefix tests/ooxml`` (``make test`` does when npm is
there; ``.ci/run`` installs Node and npm first). Without it a test skips and says why,
except in CI (``DEBTDESK_REQUIRE_LIBREOFFICE=1``), where a missing validator or one that
crashes is a failure.

Use :func:`validate_or_skip` in tests::

    errors = validate_or_skip([path_a, path_b])   # {path: [Error, ...]}
    assert errors[path_a] == []
"""

from __future__ import annotations

import atexit
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from debtdesk.workbooks.ooxml import MAIN, REL, Package, q

HERE = Path(__file__).parent / "ooxml"
RUNNER = HERE / "validate-many.mjs"
PACKAGE = HERE / "node_modules" / "@ooxml-tools" / "validate" / "package.json"
#: The Office version whose schemas the SDK checks against.
OFFICE_VERSION = "Microsoft365"


@dataclass(frozen=True)
class Error:
    """One validation error: the SDK's id, its description, the part and the XPath of the element."""

    id: str
    description: str
    part: str
    xpath: str

    def __str__(self) -> str:
        return f"{self.part} {self.xpath}: {self.id}: {self.description}"


class ValidatorMissing(RuntimeError):
    """node or the npm package is not installed."""


class ValidatorCrashed(RuntimeError):
    """The validator failed on a file, or its process died."""


def available() -> str | None:
    """Why the validator cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed (apt-get install -y nodejs npm)"
    if not PACKAGE.exists():
        return "the validator is not installed (npm ci --prefix tests/ooxml)"
    return None


_RUNNING: list[tuple[subprocess.Popen, object]] = []


def _validator() -> tuple[subprocess.Popen, object]:
    """This test process's validator and the file its stderr goes to, started on first use and
    ended when the process exits."""
    if _RUNNING and _RUNNING[0][0].poll() is None:
        return _RUNNING[0]
    env = dict(os.environ, OOXML_OFFICE_VERSION=OFFICE_VERSION)
    stderr = tempfile.TemporaryFile("w+")  # a file, not a pipe: a chatty validator can never block on it
    process = subprocess.Popen(["node", str(RUNNER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=stderr, text=True, cwd=HERE, env=env)
    _RUNNING[:] = [(process, stderr)]
    atexit.register(_stop, process)
    return _RUNNING[0]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.stdin.close()
        process.wait(timeout=30)


def validate(paths, timeout: float = 900) -> dict[Path, list[Error]]:
    """Validate every package in ``paths`` (one request to this process's validator); errors per path ([] when valid).

    Raises ValidatorMissing when node or the package is absent, ValidatorCrashed when the
    validator could not check a file (its message says which), died or did not answer in time.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return {}
    reason = available()
    if reason:
        raise ValidatorMissing(reason)
    process, stderr = _validator()
    process.stdin.write(json.dumps([str(p.resolve()) for p in paths]) + "\n")
    process.stdin.flush()
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    answer = process.stdout.readline() if ready else ""
    if not answer:
        process.kill()
        process.wait()
        stderr.seek(0)
        raise ValidatorCrashed(f"the validator died or gave no answer in {timeout:g} s: {stderr.read()[-2000:]}")
    found = json.loads(answer)
    out = {}
    for path in paths:
        entry = found[str(path.resolve())]
        if "crash" in entry:
            raise ValidatorCrashed(f"the validator crashed on {path.name}: {entry['crash'][:2000]}")
        out[path] = [Error(e["id"], e["description"], e["part"], e["xpath"]) for e in entry["errors"]]
    return out


_SHEET_DATA = re.compile(rb"<sheetData\b(?:[^>]*/>|.*?</sheetData>)", re.S)
_STYLE = re.compile(rb'(<(?:c|row)\s[^>]*?)\ss="(\d+)"')  # a cell's or a row's style number


def sheet_parts(path: Path) -> dict[str, str]:
    """The workbook's sheet names and their parts, e.g. ``{"Summary": "xl/worksheets/sheet1.xml"}``."""
    with Package.open(path) as package:
        targets = {rel.id: rel.target for rel in package.rels("xl/workbook.xml")}
        sheets = package.xml("xl/workbook.xml").iter(q(MAIN, "sheet"))
        return {sheet.get("name"): targets[sheet.get(q(REL, "id"))] for sheet in sheets}


def _cells_aside_from_styles(part: bytes) -> bytes | None:
    """A sheet part's sheetData with its style numbers taken out, or None when it has none or holds cell metadata."""
    found = _SHEET_DATA.search(part)
    if found is None or b' cm="' in found[0] or b' vm="' in found[0]:
        return None
    return _STYLE.sub(rb"\1", found[0])


def _one_cell_per_style(sheet_data: bytes) -> bytes:
    """One row holding one empty cell for each style number ``sheet_data`` uses, so the validator still checks each."""
    styles = sorted({int(s) for _, s in _STYLE.findall(sheet_data)})
    cells = []
    for column, style in enumerate(styles, start=1):
        letters = ""
        while column:
            column, rest = divmod(column - 1, 26)
            letters = chr(65 + rest) + letters
        cells.append(f'<c r="{letters}1" s="{style}"/>')
    return f'<sheetData><row r="1">{"".join(cells)}</row></sheetData>'.encode() if cells else b"<sheetData/>"


def cells_checked_once(result: Path, reference: Path, out: Path) -> Path:
    """A copy of ``result`` in ``out`` for the validator, without the cells it already checked in ``reference``.

    Each sheet of ``result`` whose cells are, style numbers aside, byte for byte those of the sheet of the same name in
    ``reference`` (DebtDesk's sheets inside a firm's workbook beside the workbook DebtDesk made on its own) keeps only
    one empty cell per style number it uses: the validator has found ``reference``'s cells valid or not already, and
    the style numbers are the one thing about them that depends on the package they are in (the validator checks
    each is a cell format of ``xl/styles.xml``). Every other part is copied as it is. About two thirds of the
    validator's time on a workbook goes on its cells.

    Example::

        copy = cells_checked_once(corpus_result, debtdesk_own_workbook, tmp_path)
        assert validate([debtdesk_own_workbook])[debtdesk_own_workbook] == []
        errors = validate([copy])[copy]   # the errors of corpus_result
    """
    theirs, ours = sheet_parts(result), sheet_parts(reference)
    with zipfile.ZipFile(reference) as z:
        known = {theirs[name]: _cells_aside_from_styles(z.read(part)) for name, part in ours.items() if name in theirs}
    out.mkdir(parents=True, exist_ok=True)
    copy = out / result.name
    with zipfile.ZipFile(result) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if known.get(info.filename) is not None and _cells_aside_from_styles(data) == known[info.filename]:
                data = _SHEET_DATA.sub(lambda found: _one_cell_per_style(found[0]), data, count=1)
            target.writestr(info, data)
    return copy


def validate_or_skip(paths, timeout: float = 900) -> dict[Path, list[Error]]:
    """:func:`validate`, skipping the test when the validator is not installed (failing in CI)."""
    try:
        return validate(paths, timeout)
    except ValidatorMissing as missing:
        if os.environ.get("DEBTDESK_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"the Open XML validator is required in CI: {missing}")
        pytest.skip(f"Open XML validator unavailable: {missing}")
