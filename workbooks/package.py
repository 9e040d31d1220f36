"""What a firm's workbook package holds, and what DebtDesk can and cannot honour in it.

DebtDesk writes only its own sheets into a firm's workbook (workbooks/splice.py); every
other part stays byte-identical. This module decides what that promise allows:

- :func:`check_package` refuses, before anything is parsed, a file no writer could
  honour: a password-encrypted workbook, a legacy binary ``.xls``, Strict Open XML.
- :func:`inventory` lists the sheets of a package: kind, part, tables, and whether
  DebtDesk wrote it (DebtDesk leaves a hidden sheet-level defined name, :data:`MARKER`,
  on every sheet it composes; it travels with the sheet through renames and copies).
- :func:`refusals` says, for one save, which of DebtDesk's sheets would overwrite or
  clash with the firm's own: a sheet of DebtDesk's name that DebtDesk did not write and
  that holds something the rewrite would drop (cells, charts, other tables; the firm's own
  input table that DebtDesk refreshes there is not dropped). Names equal but for case and
  table names the workbook already uses are refused as DebtDesk writes them (FileBook).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.ooxml import MAIN, REL, Package, q

#: The hidden sheet-scoped defined name on every sheet DebtDesk composes.
MARKER = "DebtDesk_Sheet"
#: Its value: says what it is to anyone who finds it in the file.
MARKER_VALUE = '"Written by DebtDesk; regenerated on each run"'

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_STRICT = b"purl.oclc.org/ooxml/spreadsheetml/main"

#: Relationship kinds of a sheet -> what a person would call them.
FEATURES = {
    "chart": "chart", "image": "image", "pivotTable": "pivot table", "slicer": "slicer", "timeline": "timeline",
    "vmlDrawing": "comments or form controls", "comments": "comments", "ctrlProp": "form control",
    "oleObject": "embedded object", "package": "embedded object", "control": "ActiveX control",
    "drawing": "drawing", "threadedComment": "threaded comments",
}


@dataclass
class SheetInfo:
    """One sheet of a package."""

    name: str
    part: str
    kind: str  # worksheet, chartsheet, dialogsheet, macrosheet
    index: int
    marked: bool = False
    tables: dict[str, str] = field(default_factory=dict)  # table name -> part
    features: list[str] = field(default_factory=list)


def check_package(path: str | Path) -> None:
    """Refuse a file that is not an Open XML workbook DebtDesk can write into, naming what it is.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "locked.xlsx")
    >>> with open(p, "wb") as f:
    ...     _ = f.write(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + "EncryptionInfo".encode("utf-16-le"))
    >>> check_package(p)
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: workbook: locked.xlsx is password-encrypted; DebtDesk cannot read or refresh it (remove the password in Excel: File › Info › Protect Workbook), nothing was written
    """
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
    if head.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in head or "EncryptedPackage".encode("utf-16-le") in head:
            raise DebtDeskError("workbook", f"{path.name} is password-encrypted; DebtDesk cannot read or refresh it "
                                "(remove the password in Excel: File › Info › Protect Workbook), nothing was written")
        raise DebtDeskError("workbook", f"{path.name} is a legacy binary workbook (Excel 97-2003 .xls); "
                            "save it as an Excel Workbook (.xlsx) first, nothing was written")


def check_strict(package: Package, workbook: str) -> None:
    """Refuse Strict Open XML (ISO 29500 Strict), which openpyxl cannot compose into."""
    if _STRICT in package.read(workbook)[:2048]:
        raise DebtDeskError("workbook", f"{package.path.name} is saved as Strict Open XML; save it as an "
                            "ordinary Excel Workbook (.xlsx) first, nothing was written")


def workbook_part(package: Package) -> str:
    """The workbook part (``xl/workbook.xml`` in every file Excel writes)."""
    for rel in package.rels(""):
        if rel.kind == "officeDocument" and not rel.external:
            return rel.target
    raise DebtDeskError("workbook", f"{package.path.name} has no workbook part; it is not an Excel workbook")


def inventory(package: Package, workbook: str) -> dict[str, SheetInfo]:
    """The sheets of ``package`` by name, in order, each with its tables and whether DebtDesk wrote it.

    Examples
    --------
    >>> import openpyxl, tempfile, os
    >>> from openpyxl.worksheet.table import Table
    >>> p = os.path.join(tempfile.mkdtemp(), "t.xlsx"); wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Ledger"
    >>> ws.append(["Customer", "Amount"]); ws.append(["Acme", 1]); ws.add_table(Table(displayName="Ledger", ref="A1:B2"))
    >>> wb.save(p)
    >>> with Package.open(p) as pkg:
    ...     info = inventory(pkg, "xl/workbook.xml")["Ledger"]
    >>> info.kind, list(info.tables), info.marked
    ('worksheet', ['Ledger'], False)
    """
    root = package.xml(workbook)
    rels = {r.id: r for r in package.rels(workbook)}
    sheets: dict[str, SheetInfo] = {}
    holder = root.find(q(MAIN, "sheets"))
    for index, el in enumerate(holder if holder is not None else []):
        rel = rels.get(el.get(q(REL, "id")))
        if rel is None or rel.external:
            continue
        info = SheetInfo(el.get("name", ""), rel.target, rel.kind, index)
        for child in package.rels(rel.target):
            if child.kind == "table" and not child.external and child.target in package:
                table = package.xml(child.target)
                info.tables[table.get("displayName") or table.get("name", "")] = child.target
        sheets[info.name] = info
    by_index = {s.index: s for s in sheets.values()}
    names = root.find(q(MAIN, "definedNames"))
    for el in names if names is not None else []:
        if el.get("name") == MARKER and el.get("localSheetId", "").isdigit() and int(el.get("localSheetId")) in by_index:
            by_index[int(el.get("localSheetId"))].marked = True
    return sheets


def features(package: Package, part: str) -> list[str]:
    """What a sheet holds besides cells and tables (charts, images, pivots, comments, controls, ...).

    >>> import openpyxl, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "plain.xlsx"); openpyxl.Workbook().save(p)
    >>> with Package.open(p) as pkg:
    ...     features(pkg, "xl/worksheets/sheet1.xml")
    []
    """
    found = set()
    todo, seen = [part], {part}
    while todo:
        for rel in package.rels(todo.pop()):
            if rel.kind in FEATURES:
                found.add(FEATURES[rel.kind])
            if rel.kind == "drawing" and not rel.external and rel.target not in seen:
                seen.add(rel.target)
                todo.append(rel.target)
    if "drawing" in found and len(found) > 1:
        found.discard("drawing")  # named by what it draws
    data = package.read(part) if part in package else b""
    if b"<x14:sparklineGroups" in data or b"sparklineGroup " in data:
        found.add("sparklines")
    return sorted(found)


def refusals(package: Package, sheets: Mapping[str, SheetInfo], replaced: Iterable[str],
             tables: Mapping[str, Iterable[str]], dropped_cells: Mapping[str, list[str]]) -> list[str]:
    """Why DebtDesk cannot write these sheets into the firm's workbook ([] when it can).

    (A table name the workbook already uses is refused as the table is written:
    :meth:`~debtdesk.workbooks.filebook.FileBook.write_table`.)

    Parameters
    ----------
    package, sheets
        The firm's package and its :func:`inventory`.
    replaced : iterable of str
        The sheets DebtDesk composes whole (new ones and ones it empties and rewrites).
    tables : mapping
        DebtDesk's sheet -> the names of the tables it writes there.
    dropped_cells : mapping
        A sheet DebtDesk empties -> cells outside its tables that held something (first few).
    """
    problems = []
    for name in replaced:
        info = sheets.get(name)
        if info is None:
            continue
        if info.kind != "worksheet":
            problems.append(f"'{name}' is the firm's {info.kind}, and DebtDesk writes a worksheet of that name; rename it")
            continue
        if info.marked:
            continue
        ours = {t.lower() for t in tables.get(name, ())}
        lost = features(package, info.part) + [f"table '{t}'" for t in info.tables if t.lower() not in ours]
        if dropped_cells.get(name):
            lost.append(f"cells {', '.join(dropped_cells[name])}{' and more' if len(dropped_cells[name]) > 2 else ''}")
        if lost:  # an input table DebtDesk refreshes on a sheet of its own drops nothing else: allowed
            problems.append(f"sheet '{name}' is the firm's own (DebtDesk did not write it) and DebtDesk writes a sheet "
                            f"of that name, which would drop its {', '.join(lost)}; rename the firm's sheet or move that "
                            "content to another sheet")
    return problems


def refuse(problems: list[str], source: str | Path) -> None:
    """Raise one message naming every problem (nothing is written).

    >>> refuse([], "a.xlsx")
    >>> refuse(["sheet 'Summary' is the firm's own"], "a.xlsx")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: workbook: a.xlsx: sheet 'Summary' is the firm's own; nothing was written
    """
    if problems:
        raise DebtDeskError("workbook", f"{Path(source).name}: {'; '.join(problems)}; nothing was written")

