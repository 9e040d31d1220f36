"""Look inside an .xlsx/.xlsm package for what openpyxl would drop on save.

openpyxl keeps cell data, tables and styles but not every part of a workbook: drawings
(shapes, images, some chart detail), pivot tables, slicers and VBA projects are lost or
damaged when it re-saves a file. :func:`lossy_parts` lists them per sheet so a run can
refuse instead of silently dropping a person's work (DESIGN.md §2 "Nothing is lost").
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from defusedxml import ElementTree

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

#: Relationship type suffix -> what a person would call it.
_FEATURES = {
    "/chart": "chart",
    "/image": "image",
    "/pivotTable": "pivot table",
    "/slicer": "slicer",
    "/timeline": "timeline",
    "/vmlDrawing": "comment/form control drawing",
    "/ctrlProp": "form control",
    "/oleObject": "embedded object",
}
WORKBOOK = "(workbook)"


def lossy_parts(path: str | Path) -> dict[str, list[str]]:
    """Features openpyxl would drop, by sheet name (``"(workbook)"`` for VBA, slicer caches).

    Examples
    --------
    >>> import openpyxl, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "plain.xlsx"); openpyxl.Workbook().save(p)
    >>> lossy_parts(p)
    {}
    """
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        if "xl/vbaProject.bin" in names:
            found.setdefault(WORKBOOK, []).append("VBA macros")
        if any(n.startswith("xl/slicerCaches/") for n in names):
            found.setdefault(WORKBOOK, []).append("slicer cache")
        for sheet, part in _sheet_parts(z):
            features = sorted(set(_features_of(z, part, names, depth=0)))
            if features:
                found[sheet] = features
    return found


def _sheet_parts(z: zipfile.ZipFile):
    """(sheet name, part path) for every worksheet in the package."""
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = _rels(z, "xl/workbook.xml")
    for sheet in book.iter(f"{_MAIN_NS}sheet"):
        target = rels.get(sheet.get(_DOC_REL))
        if target:
            yield sheet.get("name"), target[1]


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, absolute part path) for one part."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", name + ".rels")
    try:
        root = ElementTree.fromstring(z.read(rels_path))
    except KeyError:
        return {}
    out = {}
    for rel in root.iter(f"{_REL_NS}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id")] = (rel.get("Type", ""), full)
    return out


def _features_of(z, part, names, depth):
    for rel_type, target in _rels(z, part).values():
        for suffix, feature in _FEATURES.items():
            if rel_type.endswith(suffix):
                yield feature
        if rel_type.endswith("/drawing") and target in names and depth < 2:
            drawing = z.read(target).decode("utf-8", "replace")
            if "<xdr:sp>" in drawing or "<xdr:sp " in drawing or "<xdr:cxnSp" in drawing:
                yield "shape"
            yield from _features_of(z, target, names, depth + 1)
