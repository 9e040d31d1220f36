"""What an .xlsx says about its sheets besides their cell values, read from the package itself.

A data export is more than a grid: a sheet may be hidden ("Old 2025" left in the file),
one sheet is the active one (what the person saw when they saved), an Excel table may
carry a built-in Total row that is not data, and a formula may have no saved value
(a file written by a script and never opened in Excel: the value the person would see is
not in the file at all), and an Excel error such as #N/A reaches calamine as an empty cell. python-calamine gives the grid; this module gives the rest, so
:func:`debtdesk.workbooks.fastio.read_frame` can read a workbook as its owner reads it.

Parts are parsed with defusedxml (no entity expansion, no external entities); sizes are
bounded by :func:`debtdesk.workbooks.limits.check_workbook` before anything here runs.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree
from openpyxl.utils import range_boundaries

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_STRING_RESULT = re.compile(rb'\bt="(?:str|e|b)"')
_CLOSE = re.compile(rb"</(?:\w+:)?c>")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)")


@dataclass(frozen=True)
class Table:
    """An Excel table (ListObject): its name and where it sits, 1-based, Total row included."""

    name: str
    first_col: int
    first_row: int
    last_col: int
    last_row: int
    totals_rows: int = 0


@dataclass(frozen=True)
class Sheet:
    """A worksheet: its name, whether a person can see it, its package part and its tables."""

    name: str
    visible: bool
    part: str
    tables: tuple[Table, ...] = field(default=())


@dataclass(frozen=True)
class Package:
    """The sheets of a workbook, the active one's position, and whether cached values are stale.

    ``recalculate`` is Excel's ``fullCalcOnLoad``: the writer (openpyxl, XlsxWriter and
    other scripts) asks Excel to compute every formula on opening, so the values stored
    with its formulas are placeholders (XlsxWriter stores 0), not what a person sees.
    """

    sheets: tuple[Sheet, ...]
    active: int
    recalculate: bool


def package(path: str | Path) -> Package:
    """Sheets, tables, the active sheet and the recalculation flag of an .xlsx/.xlsm file.

    Examples
    --------
    >>> import openpyxl, tempfile, os
    >>> from openpyxl.worksheet.table import Table as XlTable
    >>> wb = openpyxl.Workbook(); wb.active.title = "Old"; wb.active.sheet_state = "hidden"
    >>> ws = wb.create_sheet("Debts"); ws.append(["Client ID", "Balance"]); ws.append(["C-1", 10])
    >>> ws.add_table(XlTable(displayName="Debts", ref="A1:B2")); wb.active = 1
    >>> p = os.path.join(tempfile.mkdtemp(), "debts.xlsx"); wb.save(p)
    >>> info = package(p)
    >>> [(s.name, s.visible) for s in info.sheets], info.active, info.sheets[1].tables[0].last_row
    ([('Old', False), ('Debts', True)], 1, 2)
    """
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        targets = _targets(archive, "xl/workbook.xml")
        view = book.find(f"{_MAIN}bookViews/{_MAIN}workbookView")
        calc = book.find(f"{_MAIN}calcPr")
        sheets = []
        for element in book.iter(f"{_MAIN}sheet"):
            part = targets.get(element.get(_RID), "")
            if not part.startswith("xl/worksheets/"):
                continue  # chart sheets and dialog sheets hold no rows
            sheets.append(Sheet(element.get("name", ""), element.get("state", "visible") == "visible", part,
                                tuple(_tables(archive, part))))
    active = int(view.get("activeTab", "0")) if view is not None else 0
    return Package(tuple(sheets), min(active, max(len(sheets) - 1, 0)),
                   calc is not None and calc.get("fullCalcOnLoad") in ("1", "true"))


def hidden_values(path: str | Path, part: str, recalculate: bool = False) -> list[tuple[int, int, str]]:
    """Cells of ``part`` whose value a grid reader cannot show: (row, column, what), 1-based.

    ``what`` is ``"=FORMULA"`` for a formula whose value was never saved (no stored value,
    or every stored value a placeholder because ``recalculate``), or the Excel error a
    cell holds (``"#N/A"``), which python-calamine hands over as an empty cell. Sheets with
    neither cost one scan of their bytes.

    Examples
    --------
    >>> import openpyxl, tempfile, os
    >>> wb = openpyxl.Workbook(); wb.active.append(["Amount", "Paid", "Credit"]); wb.active.append([100, "=A2/2", "#N/A"])
    >>> p = os.path.join(tempfile.mkdtemp(), "ledger.xlsx"); wb.save(p)
    >>> hidden_values(p, "xl/worksheets/sheet1.xml")
    [(2, 2, '=A2/2'), (2, 3, '#N/A')]
    """
    with zipfile.ZipFile(path) as archive:
        if not _holds_formulas_or_errors(archive, part):
            return []
        data = archive.read(part)
    out = []
    for match in _CELL.finditer(data):
        if match[2]:  # <c .../> holds nothing
            continue
        close = _CLOSE.search(data, match.end())
        body = data[match.end():close.start() if close else len(data)]
        value = _VALUE.search(body)
        formula = _FORMULA.search(body)
        if b't="e"' in match[1] and value is not None:
            what = value[1].decode("utf-8", "replace")
        elif formula is not None and (recalculate or value is None
                                      or (value[1] == b"" and _STRING_RESULT.search(match[1]) is None)):
            what = "=" + _unescape(formula[1].decode("utf-8", "replace")) if formula[1] else "a shared formula"
        else:
            continue
        ref = _REF.search(match[1])
        column = 0
        for letter in ref[1].decode():
            column = column * 26 + ord(letter) - 64
        out.append((int(ref[2]), column, what))
    return out


def _holds_formulas_or_errors(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether ``part`` has a formula or an error cell, streamed a few megabytes at a time (no cell is parsed)."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 22):
            data = tail + chunk
            if b"<f" in data or b":f>" in data or b":f " in data or b't="e"' in data:
                return True
            tail = data[-8:]
    return False


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def _tables(archive: zipfile.ZipFile, part: str):
    for target in _targets(archive, part, kind="/table").values():
        root = ElementTree.fromstring(archive.read(target))
        first_col, first_row, last_col, last_row = range_boundaries(root.get("ref"))
        yield Table(root.get("displayName") or root.get("name", ""), first_col, first_row, last_col, last_row,
                    int(root.get("totalsRowCount", "0") or 0))


def _targets(archive: zipfile.ZipFile, part: str, kind: str = "") -> dict[str, str]:
    """Relationship id -> package path of ``part``'s internal targets (of type ``kind`` when given)."""
    folder, name = posixpath.split(part)
    try:
        root = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    except KeyError:
        return {}
    found = {}
    for rel in root.iter(f"{_RELS}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not rel.get("Type", "").endswith(kind):
            continue
        found[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join(folder, target))
    return found
