"""Write DebtDesk's sheets into a firm's workbook, leaving every other part byte-identical.

openpyxl composes the sheets DebtDesk writes (their cells, tables, charts, validation,
conditional formats, panes and print settings). :func:`splice` then builds the output
package from the firm's file: every part is copied as stored, except

- DebtDesk's composed sheets (each replaces the firm's part of that name, or is added) with
  their own tables, drawings, charts and comments, renamed to free part names;
- sheets where DebtDesk only changed cells (Journal lines, a logged contact, typed inputs):
  the firm's sheet XML with just those cells replaced or added and the grown table ranges;
- ``xl/workbook.xml`` (the sheet list, DebtDesk's sheet-level defined names, the active
  tab kept on the firm's sheet, ``fullCalcOnLoad``), its relationships, ``xl/styles.xml``
  (DebtDesk's formats appended, nothing renumbered) and ``[Content_Types].xml``;
- the calculation chain, dropped (Excel rebuilds it; a stale one makes it repair the file),
  and the VBA project when the output is an ``.xlsx`` rather than the ``.xlsm`` itself.

Strings in DebtDesk's cells are inline, so the firm's shared-string table stays as it is.
Parts that only a replaced sheet used (its old drawing, say) are left out; every other part
reachable before is reachable after.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field, replace
from typing import BinaryIO, Mapping

import openpyxl
from lxml import etree

from debtdesk.workbooks.ooxml import (CONTENT_TYPES, MAIN, REL, Package, PackageWriter, Relationship,
                                      content_types_xml, parse_xml, part_names, q, rels_path, rels_xml, to_bytes)
from debtdesk.workbooks.package import check_strict, inventory, refusals, refuse, workbook_part
from debtdesk.workbooks.stylesheet import StyleMerge

#: The style of a changed cell: the firm's (KEEP), DebtDesk's (OWN), or that of another cell
#: of the firm's sheet (its coordinate: a row appended to a table looks like the row above).
KEEP, OWN = "keep", "own"

SHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_VBA = "application/vnd.ms-office.vbaProject"
#: <workbook> children in schema order (where a missing definedNames or calcPr goes).
_WORKBOOK_ORDER = ("fileVersion", "fileSharing", "workbookPr", "AlternateContent", "workbookProtection", "bookViews",
                   "sheets", "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize",
                   "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
                   "fileRecoveryPr", "webPublishObjects", "extLst")
_COORDINATE = re.compile(r"([A-Z]+)(\d+)$")


@dataclass
class Changes:
    """What a run did to a workbook, as :class:`~debtdesk.workbooks.filebook.FileBook` tracked it."""

    #: Every sheet, in the order openpyxl holds them (new sheets where they were added).
    order: list[str]
    #: Sheets openpyxl composed whole: new ones, and ones DebtDesk emptied and rewrote.
    composed: list[str]
    #: Sheets where only cells changed: sheet -> cell -> style origin (KEEP, OWN or a cell).
    edits: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: Tables whose range grew (rows appended): sheet -> table names.
    grown: Mapping[str, set[str]] = field(default_factory=dict)
    #: Composed sheets' visibility (visible, hidden, veryHidden).
    states: Mapping[str, str] = field(default_factory=dict)
    #: A sheet DebtDesk emptied -> cells outside its tables that held something.
    dropped_cells: Mapping[str, list[str]] = field(default_factory=dict)
    #: Keep the VBA project (an in-place refresh of an .xlsm); else it is left out.
    keep_macros: bool = False


def splice(source, composed: bytes | None, stream: BinaryIO, changes: Changes) -> None:
    """Write the firm's workbook ``source`` with DebtDesk's sheets from ``composed`` into ``stream``.

    Raises DebtDeskError, before writing anything, when a sheet or table of DebtDesk's would
    overwrite or clash with the firm's own (see :func:`debtdesk.workbooks.package.refusals`).

    Examples
    --------
    >>> import io, openpyxl, tempfile, os, zipfile
    >>> folder = tempfile.mkdtemp(); firm = os.path.join(folder, "firm.xlsx")
    >>> wb = openpyxl.Workbook(); wb.active.title = "Notes"; wb.active["A1"] = "the firm's note"; wb.save(firm)
    >>> ours = openpyxl.Workbook(); ours.active.title = "Ageing"; ours.active["A1"] = "Customer"
    >>> buffer = io.BytesIO(); ours.save(buffer)
    >>> out = io.BytesIO()
    >>> splice(firm, buffer.getvalue(), out, Changes(order=["Notes", "Ageing"], composed=["Ageing"]))
    >>> result = openpyxl.load_workbook(out)
    >>> result.sheetnames, result["Notes"]["A1"].value, result["Ageing"]["A1"].value
    (['Notes', 'Ageing'], "the firm's note", 'Customer')
    >>> zipfile.ZipFile(firm).read("xl/worksheets/sheet1.xml") == zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")
    True
    """
    if composed is None:  # no sheet changed: the firm's parts as they are (less VBA in an .xlsx)
        ours = openpyxl.Workbook()
        buffer = io.BytesIO()
        ours.save(buffer)
        composed, changes = buffer.getvalue(), replace(changes, composed=[], edits={}, grown={})
    with Package.open(source) as firm, Package.open(composed, "composed") as ours:
        _Splice(firm, ours, changes).write(stream)


class _Splice:
    def __init__(self, firm: Package, ours: Package, changes: Changes):
        self.firm, self.ours, self.changes = firm, ours, changes
        self.workbook = workbook_part(firm)
        check_strict(firm, self.workbook)
        self.sheets = inventory(firm, self.workbook)
        self.our_workbook = workbook_part(ours)
        self.our_sheets = inventory(ours, self.our_workbook)
        refuse(refusals(firm, self.sheets, changes.composed,
                        {s: list(self.our_sheets[s].tables) for s in changes.composed},
                        changes.dropped_cells), firm.path)
        self.out: dict[str, bytes] = {}  # parts written anew (the firm's name, or a new one)
        self.rels: dict[str, list[Relationship]] = {}  # parts whose relationships are written anew
        self.types: dict[str, str] = {}  # content types of parts added
        self.taken = set(firm.infos)
        self._moved: dict[str, str] = {}  # composed part -> its name in the output
        self._table_ids = self._firm_table_ids()
        self.styles = self._styles()

    # -- the output ------------------------------------------------------------------
    def write(self, stream: BinaryIO) -> None:
        order = self._sheet_order()
        active = self._active_sheet(order)
        parts = {name: self._compose_sheet(name, selected=name == active) for name in self.changes.composed}
        for name, cells in self.changes.edits.items():
            if name not in self.changes.composed and cells:
                self._patch_sheet(name, cells)
        for name, tables in self.changes.grown.items():
            if name not in self.changes.composed:
                self._grow_tables(name, tables)
        self.rels[self.workbook], new_ids = self._workbook_rels(order, parts)
        self.out[self.workbook] = self._workbook_xml(order, new_ids)
        merged = self.styles.to_bytes()
        if merged is not None:
            self.out[self._styles_part] = merged
        before = self.firm.reachable()
        after = self._reachable()
        dropped = before - after
        parts = [n for n in self.firm.infos if n != CONTENT_TYPES and n not in dropped
                 and not (n.endswith(".rels") and _owner(n) in dropped)]
        parts += [n for n in self.out if n not in self.firm.infos]
        for part, rels in self.rels.items():
            name = rels_path(part)
            if rels and name not in parts:
                parts.append(name)
            elif not rels and name in parts:
                parts.remove(name)
        written = {rels_path(p): rels_xml(r, p) for p, r in self.rels.items() if r}
        with PackageWriter(stream) as zipped:
            zipped.write(CONTENT_TYPES, self._content_types(parts))
            for name in parts:
                if name in self.out:
                    zipped.write(name, self.out[name])
                elif name in written:
                    zipped.write(name, written[name])
                else:
                    zipped.copy(self.firm, name)

    # -- DebtDesk's sheets -----------------------------------------------------------
    def _compose_sheet(self, name: str, selected: bool) -> str:
        """Bring in openpyxl's sheet ``name`` (styles remapped, its parts renamed); returns its part."""
        ours = self.our_sheets[name].part
        firm = self.sheets.get(name)
        part = firm.part if firm is not None else self._new_name("xl/worksheets/sheet1.xml")
        if firm is None:
            self.types[part] = self.ours.content_type(ours)
        data = self.ours.read(ours)
        fast = _restyled(data, self.styles, selected)
        if fast is not None:
            self.out[part] = fast
            self.rels[part] = [self._move_rel(rel) for rel in self.ours.rels(ours)]
            return part
        root = parse_xml(data, ours)
        for cell in root.iter(q(MAIN, "c")):
            if cell.get("t") == "s":
                raise RuntimeError("openpyxl wrote a shared string; DebtDesk's sheets must hold inline strings")
            if cell.get("s") is not None:
                cell.set("s", str(self.styles.xf(int(cell.get("s")))))
        for tag, attribute in (("row", "s"), ("col", "style")):
            for el in root.iter(q(MAIN, tag)):
                if el.get(attribute) is not None:
                    el.set(attribute, str(self.styles.xf(int(el.get(attribute)))))
        for rule in root.iter(q(MAIN, "cfRule")):
            if rule.get("dxfId") is not None:
                rule.set("dxfId", str(self.styles.dxf(int(rule.get("dxfId")))))
        for view in root.iter(q(MAIN, "sheetView")):
            if selected:
                view.set("tabSelected", "1")
            else:
                view.attrib.pop("tabSelected", None)
        self.out[part] = to_bytes(root)
        self.rels[part] = [self._move_rel(rel) for rel in self.ours.rels(ours)]
        return part

    def _move_rel(self, rel: Relationship) -> Relationship:
        if rel.external:
            return rel
        return Relationship(rel.id, rel.type, self._move(rel.target))

    def _move(self, part: str) -> str:
        """Copy a part of DebtDesk's sheet (table, drawing, chart, comments) in under a free name."""
        if part not in self._moved:
            name = self._moved[part] = self._new_name(part)
            data = self.ours.read(part)
            if self.ours.content_type(part).endswith("table+xml"):
                table = parse_xml(data, part)
                table.set("id", str(self._next_table_id()))
                data = to_bytes(table)
            self.out[name] = data
            self.types[name] = self.ours.content_type(part)
            rels = self.ours.rels(part)
            if rels:
                self.rels[name] = [self._move_rel(r) for r in rels]
        return self._moved[part]

    def _new_name(self, wanted: str) -> str:
        name = next(part_names(self.taken, wanted))
        self.taken.add(name)
        return name

    def _firm_table_ids(self) -> set[int]:
        ids = set()
        for info in self.sheets.values():
            for part in info.tables.values():
                number = self.firm.xml(part).get("id", "")
                if number.isdigit():
                    ids.add(int(number))
        return ids

    def _next_table_id(self) -> int:
        number = max(self._table_ids, default=0) + 1
        self._table_ids.add(number)
        return number

    # -- cells changed on a sheet DebtDesk does not compose --------------------------
    def _patch_sheet(self, name: str, cells: Mapping[str, str]) -> None:
        info = self.sheets[name]
        root = self.firm.xml(info.part)
        namespace = etree.QName(root).namespace
        data = root.find(q(namespace, "sheetData"))
        rows = _rows(data, namespace)
        rendered = {c.get("r"): c for c in self.ours.xml(self.our_sheets[name].part).iter(q(MAIN, "c"))}
        original = {coordinate: _cell(rows, coordinate, namespace) for coordinate in cells}
        for origin in set(cells.values()) - {KEEP, OWN}:
            original.setdefault(origin, _cell(rows, origin, namespace))
        styles = {c: (el.get("s") if el is not None else None) for c, el in original.items()}
        for coordinate in sorted(cells, key=_position):
            origin = cells[coordinate]
            existing = _cell(rows, coordinate, namespace)
            ours = rendered.get(coordinate)
            if origin == KEEP and existing is not None:
                style = existing.get("s")
            elif origin not in (KEEP, OWN) and styles.get(origin) is not None:
                style = styles[origin]
            else:
                style = str(self.styles.xf(int(ours.get("s")))) if ours is not None and ours.get("s") else None
            if ours is None and style is None:
                if existing is not None:
                    existing.getparent().remove(existing)
                continue
            cell = etree.Element(q(namespace, "c"), r=coordinate)
            if style is not None and style != "0":
                cell.set("s", style)
            if ours is not None:
                if ours.get("t") == "s":
                    raise RuntimeError("openpyxl wrote a shared string; DebtDesk's cells must hold inline strings")
                if ours.get("t"):
                    cell.set("t", ours.get("t"))
                for child in ours:
                    cell.append(_renamed(child, namespace))
            _place(rows, data, coordinate, cell, existing, namespace)
        _extend_dimension(root, namespace, cells)
        self.out[info.part] = to_bytes(root)

    def _grow_tables(self, name: str, tables: set[str]) -> None:
        firm_tables = {t.lower(): part for t, part in self.sheets[name].tables.items()}
        our_tables = {t.lower(): part for t, part in self.our_sheets[name].tables.items()}
        for table in tables:
            part, ours = firm_tables.get(table.lower()), our_tables.get(table.lower())
            if part is None or ours is None:
                continue
            ref = self.ours.xml(ours).get("ref")
            root = self.firm.xml(part)
            if root.get("ref") == ref:
                continue
            root.set("ref", ref)
            for child in root:
                if etree.QName(child).localname == "autoFilter":
                    child.set("ref", ref)
            self.out[part] = to_bytes(root)

    # -- the workbook part -----------------------------------------------------------
    def _sheet_order(self) -> list[str]:
        """The firm's sheets in their order, DebtDesk's new sheets where openpyxl placed them."""
        out = list(self.sheets)
        new = [s for s in self.changes.composed if s not in self.sheets]
        order = self.changes.order
        for i, name in enumerate(order):
            if name in new:
                before = next((order[j] for j in range(i - 1, -1, -1) if order[j] in out), None)
                out.insert(out.index(before) + 1 if before is not None else 0, name)
        return out

    def _active_sheet(self, order: list[str]) -> str:
        view = self.firm.xml(self.workbook).find(f"{q(MAIN, 'bookViews')}/{q(MAIN, 'workbookView')}")
        index = int(view.get("activeTab", "0")) if view is not None else 0
        names = list(self.sheets)
        return names[index] if 0 <= index < len(names) else order[0]

    def _workbook_xml(self, order: list[str], new_ids: Mapping[str, str]) -> bytes:
        root = self.firm.xml(self.workbook)
        firm_names = list(self.sheets)
        composed = set(self.changes.composed)
        holder = root.find(q(MAIN, "sheets"))
        elements = {el.get("name"): el for el in holder}
        next_id = max((int(el.get("sheetId", "0")) for el in holder), default=0) + 1
        for el in list(holder):
            holder.remove(el)
        for name in order:
            el = elements.get(name)
            if el is None:
                el = etree.Element(q(MAIN, "sheet"), name=name, sheetId=str(next_id))
                el.set(q(REL, "id"), new_ids[name])
                next_id += 1
            if name in composed:
                state = self.changes.states.get(name, "visible")
                if state == "visible":
                    el.attrib.pop("state", None)
                else:
                    el.set("state", state)
            holder.append(el)
        names = root.find(q(MAIN, "definedNames"))
        kept = []
        for el in list(names) if names is not None else []:
            scope = el.get("localSheetId")
            if scope is not None:
                sheet = firm_names[int(scope)] if scope.isdigit() and int(scope) < len(firm_names) else None
                if sheet is None or sheet in composed:
                    continue
                el.set("localSheetId", str(order.index(sheet)))
            kept.append(el)
        existing = {el.get("name", "").lower() for el in kept if el.get("localSheetId") is None}
        ours = self.ours.xml(self.our_workbook).find(q(MAIN, "definedNames"))
        our_names = list(self.our_sheets)
        for el in ours if ours is not None else []:
            scope = el.get("localSheetId")
            if scope is not None:
                sheet = our_names[int(scope)]
                if sheet not in composed:
                    continue
                el = copy.deepcopy(el)
                el.set("localSheetId", str(order.index(sheet)))
            elif el.get("name", "").lower() in existing:
                continue
            kept.append(copy.deepcopy(el) if scope is None else el)
        if names is not None:
            root.remove(names)
        if kept:
            names = etree.Element(q(MAIN, "definedNames"))
            names.extend(kept)
            _insert(root, names, _WORKBOOK_ORDER)
        calc = root.find(q(MAIN, "calcPr"))
        if calc is None:
            calc = etree.Element(q(MAIN, "calcPr"))
            _insert(root, calc, _WORKBOOK_ORDER)
        calc.set("fullCalcOnLoad", "1")
        for view in root.iter(q(MAIN, "workbookView")):
            for attribute in ("activeTab", "firstSheet"):
                index = int(view.get(attribute, "0"))
                if 0 <= index < len(firm_names):
                    view.set(attribute, str(order.index(firm_names[index])))
        return to_bytes(root)

    def _workbook_rels(self, order: list[str], parts: Mapping[str, str]) -> tuple[list[Relationship], dict[str, str]]:
        """The workbook's relationships (calculation chain and, in an .xlsx, VBA left out; DebtDesk's new
        sheets added) and the ids of the new sheets' relationships."""
        rels = [r for r in self.firm.rels(self.workbook)
                if r.kind != "calcChain" and (self.changes.keep_macros or r.kind != "vbaProject")]
        used = {r.id for r in rels}
        new_ids, number = {}, 1
        for name in order:
            if name in self.sheets or name not in parts:
                continue
            while f"rId{number}" in used:
                number += 1
            used.add(new_ids.setdefault(name, f"rId{number}"))
            rels.append(Relationship(new_ids[name], f"{REL}/{self.our_sheets[name].kind}", parts[name]))
        return rels, new_ids

    # -- styles, types, reachability -------------------------------------------------
    def _styles(self):
        self._styles_part = next((r.target for r in self.firm.rels(self.workbook) if r.kind == "styles"), None)
        ours = next(r.target for r in self.ours.rels(self.our_workbook) if r.kind == "styles")
        if self._styles_part is None or self._styles_part not in self.firm:
            return _Identity()
        return StyleMerge(self.firm.read(self._styles_part), self.ours.read(ours))

    def _reachable(self) -> set[str]:
        seen, todo = set(), [""]
        while todo:
            part = todo.pop()
            rels = self.rels[part] if part in self.rels else self.firm.rels(part) if part in self.firm or not part else []
            for rel in rels:
                exists = rel.target in self.firm.infos or rel.target in self.out
                if not rel.external and exists and rel.target not in seen:
                    seen.add(rel.target)
                    todo.append(rel.target)
        return seen

    def _content_types(self, parts: list[str]) -> bytes:
        present = set(parts)
        overrides = {p: t for p, t in self.firm.overrides.items() if p in present}
        overrides.update({p: t for p, t in self.types.items() if p in present})
        if not self.changes.keep_macros:
            overrides[self.workbook] = SHEET_MAIN
        defaults = dict(self.firm.defaults)
        if defaults.get("bin") == _VBA and not any(p.endswith(".bin") and p not in overrides for p in present):
            del defaults["bin"]
        return content_types_xml(defaults, overrides)


class _Identity:
    """Style indexes as they are (a package without a stylesheet takes openpyxl's whole)."""

    def xf(self, index: int) -> int:
        return index

    def dxf(self, index: int) -> int:
        return index

    def to_bytes(self):
        return None


def _owner(rels_name: str) -> str:
    """The part a relationship part belongs to.

    >>> _owner("xl/worksheets/_rels/sheet1.xml.rels")
    'xl/worksheets/sheet1.xml'
    """
    folder, name = rels_name.rsplit("/", 1) if "/" in rels_name else ("", rels_name)
    folder = folder[:-len("_rels")].rstrip("/") if folder.endswith("_rels") else folder
    return (folder + "/" if folder else "") + name[:-len(".rels")]


def _position(coordinate: str) -> tuple[int, int]:
    """(row, column) of an A1 coordinate, for sorting.

    >>> _position("AB12")
    (12, 28)
    """
    letters, row = _COORDINATE.match(coordinate).groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(row), column


#: How openpyxl starts a worksheet part: the main namespace as the default, no prefixes, no declaration.
_OPENPYXL_SHEET = b'<worksheet xmlns="' + MAIN.encode() + b'"'
#: A style number in a start tag of a composed sheet, renumbered to the firm's styles: the first ``s`` of a cell or
#: row, ``style`` of a column, ``dxfId`` of a conditional format (one pass over the sheet's bytes).
_STYLE_NUMBER = re.compile(rb'(<(?:c|row)\s[^>]*?\ss="|<col\s[^>]*?\sstyle="|<cfRule\s[^>]*?\sdxfId=")(\d+)"')
_VIEW = re.compile(rb'<sheetView\s[^>]*>')
_SHARED = re.compile(rb'<c\s[^>]*\st="s"')
_SELECTED = re.compile(rb'\stabSelected="[^"]*"')


def _restyled(data: bytes, styles, selected: bool) -> bytes | None:
    """A worksheet part as openpyxl wrote it with its style numbers made the firm's (``styles``) and
    the tab selected or not, edited in its bytes; None for a part not laid out as openpyxl writes
    (then it is parsed and edited as XML).

    >>> class Styles:
    ...     def xf(self, n): return n + 10
    ...     def dxf(self, n): return n + 100
    >>> sheet = _OPENPYXL_SHEET + (b'><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetData>'
    ...     b'<row r="1" s="2"><c r="A1" s="1" t="inlineStr"><is><t>a s="1" &lt;c </t></is></c><c r="B1"/></row>'
    ...     b'</sheetData><conditionalFormatting><cfRule type="expression" dxfId="0"/></conditionalFormatting></worksheet>')
    >>> print(_restyled(sheet, Styles(), selected=False).decode().split("?>")[1].replace(MAIN, "main"))
    <BLANKLINE>
    <worksheet xmlns="main"><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData><row r="1" s="12"><c r="A1" s="11" t="inlineStr"><is><t>a s="1" &lt;c </t></is></c><c r="B1"/></row></sheetData><conditionalFormatting><cfRule type="expression" dxfId="100"/></conditionalFormatting></worksheet>
    """
    if not data.startswith(_OPENPYXL_SHEET) or b"<![CDATA[" in data or b"<!--" in data:
        return None
    if _SHARED.search(data):
        raise RuntimeError("openpyxl wrote a shared string; DebtDesk's sheets must hold inline strings")
    numbers: dict[bytes, bytes] = {}  # a style number -> the firm's, each looked up once

    def number(match) -> bytes:
        prefix, old = match.group(1, 2)
        kind = b"dxf" if prefix.startswith(b"<cf") else b"xf"
        new = numbers.get(kind + old)
        if new is None:
            new = numbers[kind + old] = str((styles.dxf if kind == b"dxf" else styles.xf)(int(old))).encode()
        return prefix + new + b'"'

    def view(match) -> bytes:
        text = _SELECTED.sub(b"", match.group(0))
        return text.replace(b"<sheetView", b'<sheetView tabSelected="1"', 1) if selected else text

    return b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n" + _STYLE_NUMBER.sub(number, _VIEW.sub(view, data))


def _rows(data, namespace: str) -> dict[int, object]:
    """Row number -> <row> element (rows without an ``r`` follow the one before)."""
    rows, number = {}, 0
    for row in data.iter(q(namespace, "row")):
        number = int(row.get("r")) if row.get("r") else number + 1
        rows[number] = row
    return rows


def _cells(row, namespace: str) -> list[tuple[int, object]]:
    """(column, <c>) of a row (cells without an ``r`` follow the one before)."""
    out, column = [], 0
    for cell in row.iter(q(namespace, "c")):
        column = _position(cell.get("r"))[1] if cell.get("r") else column + 1
        out.append((column, cell))
    return out


def _cell(rows, coordinate: str, namespace: str):
    number, column = _position(coordinate)
    row = rows.get(number)
    if row is None:
        return None
    return next((c for col, c in _cells(row, namespace) if col == column), None)


def _place(rows, data, coordinate: str, cell, existing, namespace: str) -> None:
    """Put ``cell`` in its row (made if missing, in order), in place of ``existing`` or in column order."""
    number, column = _position(coordinate)
    row = rows.get(number)
    if row is None:
        row = etree.Element(q(namespace, "row"), r=str(number))
        later = [n for n in rows if n > number]
        if later:
            rows[min(later)].addprevious(row)
        else:
            data.append(row)
        rows[number] = row
    row.attrib.pop("spans", None)  # a hint that may no longer hold; optional
    if existing is not None:
        existing.addprevious(cell)
        existing.getparent().remove(existing)
        return
    after = next((c for col, c in _cells(row, namespace) if col > column), None)
    if after is not None:
        after.addprevious(cell)
    else:
        row.append(cell)


def _renamed(element, namespace: str):
    """A copy of ``element`` (a cell's child) in the sheet's own namespace."""
    out = etree.Element(q(namespace, etree.QName(element).localname), dict(element.attrib))
    out.text, out.tail = element.text, None
    for child in element:
        out.append(_renamed(child, namespace))
        out[-1].tail = child.tail
    return out


def _extend_dimension(root, namespace: str, cells) -> None:
    dimension = root.find(q(namespace, "dimension"))
    if dimension is None or not cells:
        return
    refs = dimension.get("ref", "A1").split(":")
    points = [_position(r.replace("$", "")) for r in refs if _COORDINATE.match(r.replace("$", ""))]
    points += [_position(c) for c in cells]
    top, left = min(p[0] for p in points), min(p[1] for p in points)
    bottom, right = max(p[0] for p in points), max(p[1] for p in points)
    dimension.set("ref", f"{_letters(left)}{top}:{_letters(right)}{bottom}")


def _letters(column: int) -> str:
    """Column letters of a 1-based column number.

    >>> _letters(1), _letters(28)
    ('A', 'AB')
    """
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def _insert(root, element, order: tuple[str, ...]) -> None:
    """Insert ``element`` among ``root``'s children where the schema order puts it."""
    later = order[order.index(etree.QName(element).localname) + 1:]
    for position, child in enumerate(root):
        if isinstance(child.tag, str) and etree.QName(child).localname in later:
            root.insert(position, element)
            return
    root.append(element)
