"""Before and after, cell for cell: the workbooks DebtDesk writes, compared by what they hold.

A speed-up must not change an output. :func:`differences` lists every way two .xlsx files
differ as a person or Excel would see it: sheet names, order and visibility; each cell's
value or formula, number format, font, fill, border, alignment and protection; column
widths, row heights, merged cells, tables, data validations, conditional formats, print
settings and defined names. ``python -m bench same`` regenerates the demo workbooks with
this checkout's code and with the code at ``--before`` (exported beside it), then compares.
"""

from __future__ import annotations

import re
from copy import copy
from pathlib import Path

import openpyxl

_STYLE = ("number_format", "font", "fill", "border", "alignment", "protection")


def differences(before: str | Path, after: str | Path, limit: int = 20) -> list[str]:
    """How the workbook ``after`` differs from ``before`` (empty when they hold the same), at most ``limit`` lines.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name, value in (("a.xlsx", 1.5), ("b.xlsx", 2.5)):
    ...     book = openpyxl.Workbook(); book.active["B2"] = value; book.save(folder / name)
    >>> differences(folder / "a.xlsx", folder / "a.xlsx"), differences(folder / "a.xlsx", folder / "b.xlsx")
    ([], ['Sheet!B2 value: 1.5 -> 2.5'])
    """
    old, new = openpyxl.load_workbook(before), openpyxl.load_workbook(after)
    found: list[str] = []
    styles: dict[tuple, list[tuple]] = {}

    def differ(where: str, a, b) -> None:
        if a != b and len(found) < limit:
            found.append(f"{where}: {_short(a)} -> {_short(b)}")

    differ("sheets", old.sheetnames, new.sheetnames)
    differ("defined names", _names(old), _names(new))
    for name in old.sheetnames:
        if name not in new.sheetnames:
            continue
        a, b = old[name], new[name]
        for label, get in _SHEET_PARTS.items():
            differ(f"{name} {label}", get(a), get(b))
        rows, cols = max(a.max_row, b.max_row), max(a.max_column, b.max_column)
        for r in range(1, rows + 1):
            for c in range(1, cols + 1):
                x, y = a.cell(r, c), b.cell(r, c)
                differ(f"{name}!{x.coordinate} value", x.value, y.value)
                key = (_ids(x), _ids(y))
                if key not in styles:
                    styles[key] = _style_differences(x, y)
                for part, p, q in styles[key]:
                    differ(f"{name}!{x.coordinate} {part}", p, q)
    return found


def _ids(cell) -> tuple | None:
    """A cell's style as its array of ids in its workbook's lists (None: no style of its own)."""
    return None if cell._style is None else tuple(cell._style)


def _style_differences(x, y) -> list[tuple]:
    """(part, before, after) for each style part in which cells ``x`` and ``y`` differ: worked out once for each
    pair of style arrays met (copying every cell's font, fill and border was most of a big comparison's time)."""
    if not (x.style_id or y.style_id):  # the style itself, not its number in the workbook's list
        return []
    parts = ((part, copy(getattr(x, part)), copy(getattr(y, part))) for part in _STYLE)
    return [(part, p, q) for part, p, q in parts if p != q]


def _names(book) -> dict:
    return {name: str(item.attr_text) for name, item in book.defined_names.items()}


_SHEET_PARTS = {
    "state": lambda s: s.sheet_state,
    "column widths": lambda s: {k: (d.width, d.hidden, d.min, d.max) for k, d in s.column_dimensions.items()},
    "row heights": lambda s: {k: (d.height, d.hidden) for k, d in s.row_dimensions.items() if d.height or d.hidden},
    "merged cells": lambda s: sorted(str(r) for r in s.merged_cells.ranges),
    "tables": lambda s: sorted((t.name, t.ref, t.tableStyleInfo.name if t.tableStyleInfo else None)
                               for t in s.tables.values()),
    "data validations": lambda s: sorted((str(v.sqref), v.type, v.formula1, v.prompt, v.error)
                                         for v in s.data_validations.dataValidation),
    "conditional formats": lambda s: sorted((str(k.sqref), [(r.type, r.formula, _dxf(s, r.dxfId)) for r in rules])
                                            for k, rules in s.conditional_formatting._cf_rules.items()),
    "freeze panes": lambda s: s.freeze_panes,
    "print": lambda s: (s.print_area, str(s.print_title_rows), s.page_setup.paperSize, s.page_setup.orientation,
                        s.page_setup.fitToWidth, s.sheet_properties.pageSetUpPr.fitToPage
                        if s.sheet_properties.pageSetUpPr else None, s.oddHeader.center.text, s.oddFooter.center.text),
    "charts": lambda s: len(s._charts),
    "images": lambda s: len(s._images),
}


def _dxf(sheet, number) -> str:
    """A conditional format's look (font, fill, border) by content, not by its number in the workbook's list."""
    styles = sheet.parent._differential_styles.dxf
    return repr(styles[number]) if number is not None and number < len(styles) else repr(number)


def _short(value) -> str:
    text = re.sub(r"\s+", " ", repr(value))
    return text if len(text) < 160 else text[:157] + "..."
