"""How a sheet is laid out on paper: orientation, scale, page breaks and the running header.

Both workbook adapters describe a sheet the same way (its tables and charts as
:class:`Block` rows, its width in points) and print it as :func:`layout` says: one page
wide, the page turned to landscape only when portrait would shrink the text too far,
and manual page breaks placed so that no chart, no table title and header, and no
short table is cut in two. A table longer than a page runs on with its header row
repeated (Excel's Print_Titles) when nothing follows it on the sheet.

Heights are estimates in points (Excel's default row is 15 pt); every page is filled
to at most :data:`FILL` of its printable height, so Excel never needs an automatic
break of its own before one of ours.

Widths are Excel's: a column of stored width w is trunc(7w + 0.5) pixels of Calibri 11's
7-pixel digit, 0.75 pt each. LibreOffice measures the same column in the font it prints
with: Carlito (Calibri's metric twin) keeps the digit's fractional 7.4 pixels, so it prints
a sheet about 6 % smaller than Excel; without Carlito it falls back to DejaVu Sans, a
third wider, and prints every sheet at about three quarters of Excel's scale. Both only
shrink the print, so no page overflows our breaks (``python -m bench.print_layout``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Sequence

#: Paper sizes (portrait width, height) in points.
PAPER_POINTS = {"A4": (595.3, 841.9), "Letter": (612.0, 792.0), "Legal": (612.0, 1008.0)}
#: Page margins in inches (Excel's "Narrow" sides, "Normal" top and bottom).
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.75, "bottom": 0.75, "header": 0.3, "footer": 0.3}
#: Excel's default row height (Calibri 11) and the height of a 14 pt title row, in points.
ROW_POINTS = 15.0
TITLE_POINTS = 18.75
#: Share of a page's printable height filled before breaking.
FILL = 0.92
#: Portrait is chosen only while it prints the sheet at this scale or larger (11-point cells at 7.7 points: a page
#: more in landscape beats smaller text), and when landscape takes as many pages, only at PORTRAIT_EASY_SCALE or larger.
PORTRAIT_MIN_SCALE = 0.7
PORTRAIT_EASY_SCALE = 0.85
#: A sheet this share of a page longer than one page is shrunk onto one.
SQUEEZE = 0.15
#: Rows of a long table kept with its header (title and header never end a page).
KEEP_ROWS = 3
#: Rows a table running over pages ends with on its last page, its total among them: the break moves up these few
#: rows rather than leave a total and two rows alone on a page.
LAST_ROWS = 6
#: At most this many top rows are frozen on screen (a laptop shows about 25).
MAX_FROZEN_ROWS = 5
#: Excel's narrowest print scale, in percent.
MIN_SCALE = 10
#: Text that starts within this many points of a sheet's right edge gets a column of TEXT_POINTS.
MIN_TEXT_POINTS = 200.0
TEXT_POINTS = 400.0


@dataclass(frozen=True)
class Block:
    """Rows that belong together on paper.

    ``top``..``bottom`` (inclusive, 1-based) is the whole block; ``keep`` the last row
    that must print on the same page as ``top`` (a chart: its bottom; a table: its
    header and the first few rows); ``header`` the header row of a table that may run
    over pages.

    >>> Block(3, 40, 7, header=4).keep
    7
    """

    top: int
    bottom: int
    keep: int
    header: int | None = None


@dataclass(frozen=True)
class Layout:
    """What :func:`layout` decided for a sheet.

    >>> Layout("portrait", 1.0, (46, 90), 3).pages
    3
    """

    orientation: str  # "portrait" or "landscape"
    scale: float  # the print scale fitting arrives at (1.0 = 100 %)
    breaks: tuple[int, ...]  # rows that start a new page
    title_row: int | None  # the header row printed at the top of every later page
    one_page: bool = False  # fit to one page tall as well as wide (it would spill only a little)

    @property
    def pages(self) -> int:
        """Pages the sheet prints on."""
        return len(self.breaks) + 1

    @property
    def manual_breaks(self) -> tuple[int, ...]:
        """The breaks a workbook is given: the first :data:`EXCEL_ROW_BREAKS` (past them, Excel's own breaks
        paginate the rest of a long table, its header still repeated).

        >>> len(Layout("portrait", 1.0, tuple(range(50, 60_000, 50)), 3).manual_breaks)
        1023
        """
        return self.breaks[:EXCEL_ROW_BREAKS]


#: The most manual page breaks Excel holds on a sheet (MS-XLSB 2.4.196: at most 1,023 horizontal breaks; XlsxWriter
#: keeps to the same limit). A million-row Ageing detail would otherwise carry tens of thousands.
EXCEL_ROW_BREAKS = 1023


def table_block(title: int | None, header: int, last: int) -> Block:
    """The block of a table with an optional title row above its header and ``last`` its
    last row (the total row when it has one).

    >>> table_block(1, 3, 50)
    Block(top=1, bottom=50, keep=6, header=3)
    """
    return Block(title or header, last, min(last, header + KEEP_ROWS), header)


def table_blocks(tables: Sequence[tuple[int, int, int, int]], value: Callable[[int, int], object]) -> list[Block]:
    """The blocks of tables given as (first column, header row, last column, last row), each
    with the title a macro writes up to two rows above its header and the "Total" row under it
    (``value(row, column)`` reads a cell).

    >>> cells = {(1, 1): "Plan", (2, 1): "Calculated by DebtDesk ...", (9, 1): "Total"}
    >>> table_blocks([(1, 3, 4, 8)], lambda r, c: cells.get((r, c)))
    [Block(top=1, bottom=9, keep=6, header=3)]
    """
    blocks = []
    for first_col, header, _, last in tables:
        if value(last + 1, first_col) == "Total":
            last += 1
        above = [r for r in (header - 2, header - 1) if r >= 1 and value(r, first_col) is not None]
        blocks.append(table_block(above[0] if above else None, header, last))
    return blocks


def text_points(text: str, size: float = 11, bold: bool = False) -> float:
    """About how wide a line of text prints in Calibri (a little wide, so that it is not cut).

    >>> text_points("Your debt plan"), text_points("Plan", size=14, bold=True)
    (70.0, 28.0)
    """
    return len(text) * 5.0 * size / 11 * (1.1 if bold else 1.0)


def shown(value, code: str | None = None) -> str:
    """About the text Excel shows for ``value`` in number format ``code`` (what a column is sized to: a date
    as "2 Nov 2026", not "2026-11-02 00:00:00"; 0.6667 in "0.00%" as "66.67%"). A value with no code is
    shown as written, as before.

    >>> from datetime import datetime
    >>> shown(datetime(2026, 11, 2), "d mmm yyyy"), shown(datetime(2026, 11, 2), "mmm d, yyyy hh:mm")
    ('2 Nov 2026', 'Nov 2, 2026 00:00')
    >>> shown(2/3, "0.00%"), shown(-12345.678, '"£"#,##0.00;[Red]-"£"#,##0.00'), shown(54.108, "0")
    ('66.67%', '-£12,345.68', '54')
    >>> shown(0.6666666666666666), shown("Kept", "@"), shown(None, "0.00%")
    ('0.6666666666666666', 'Kept', '')
    """
    if value is None:
        return ""
    if not code or code in ("General", "@") or isinstance(value, (str, bool)):
        return str(value)
    if hasattr(value, "strftime"):
        if "mmm" not in code:
            return str(value)
        day = f"{value:%b} {value.day}, {value:%Y}" if code.startswith("mmm d") else \
            f"{value:%b %Y}" if code.startswith("mmm yyyy") else f"{value.day} {value:%b %Y}"
        return day + (f" {value:%H:%M}" if "hh:mm" in code else "")
    if not isinstance(value, (int, float)):
        return str(value)
    section = code.split(";")[0]
    decimals = len(section.split(".")[1].rstrip("%").rstrip()) if "." in section else 0
    if "%" in section:
        return f"{value * 100:.{decimals}f}%"
    number = f"{abs(value):{',' if ',' in section else ''}.{decimals}f}"
    symbol = "".join(re.findall(r'"([^"]*)"', section))
    return ("-" if value < 0 else "") + symbol + number


#: Excel's stored width of a column nobody has sized (8.43 characters shown, 64 pixels).
DEFAULT_COLUMN_WIDTH = 9.140625
#: A chart starts this many points below the top of its row, clear of a page break above it.
CHART_INSET = 3.0


def chart_rows(height_cm: float) -> int:
    """Default-height rows a chart ``height_cm`` tall covers, drawn :data:`CHART_INSET` below its row's top.

    >>> chart_rows(8.0), chart_rows(5.6)
    (16, 11)
    """
    return math.ceil((height_cm / 2.54 * 72 + CHART_INSET) / ROW_POINTS)


def column_points(width: float = DEFAULT_COLUMN_WIDTH) -> float:
    """Width in points of a column of stored ``width`` (Calibri 11's 7-pixel digits, padding included).

    >>> column_points(), column_points(20)
    (48.0, 105.0)
    """
    return math.trunc(width * 7 + 0.5) * 0.75


def printable(paper: str, orientation: str) -> tuple[float, float]:
    """(width, height) in points inside the margins.

    >>> printable("A4", "portrait")
    (523.3, 733.9)
    """
    width, height = PAPER_POINTS[paper]
    if orientation == "landscape":
        width, height = height, width
    return (round(width - (MARGINS["left"] + MARGINS["right"]) * 72, 1),
            round(height - (MARGINS["top"] + MARGINS["bottom"]) * 72, 1))


def layout(blocks: Sequence[Block], width: float, last_row: int, paper: str = "A4", orientation: str = "auto",
           height: Callable[[int], float] = lambda r: ROW_POINTS) -> Layout:
    """Orientation, scale, page breaks and repeated header for a sheet ``width`` points wide
    whose content ends at ``last_row``.

    "auto" takes the orientation that prints on fewer pages; on as many, portrait unless it
    would shrink the text below :data:`PORTRAIT_EASY_SCALE`; never portrait below
    :data:`PORTRAIT_MIN_SCALE`. A sheet that would spill onto a second page
    by less than :data:`SQUEEZE` of a page is shrunk onto one.

    Examples
    --------
    A short table then a chart: the chart does not fit under the table on page 1, so it
    starts page 2 whole.

    >>> table, chart = table_block(1, 3, 38), Block(40, 56, 56)
    >>> layout([table, chart], width=400, last_row=56)
    Layout(orientation='portrait', scale=1.0, breaks=(40,), title_row=None, one_page=False)
    >>> layout([table_block(1, 3, 20)], width=400, last_row=20).title_row
    3

    One long table: breaks every page, its header repeated (the last table's header always
    is, so a table that grows later prints its header on each page too).

    >>> layout([table_block(1, 3, 120)], width=400, last_row=120).breaks
    (46, 90)
    >>> layout([table_block(1, 3, 120)], width=400, last_row=120).title_row
    3

    Its last page holds at least :data:`LAST_ROWS` rows: 93 rows would leave four for a third page, it gets six.

    >>> layout([table_block(1, 3, 93)], width=400, last_row=93).breaks
    (46, 88)
    >>> layout([table_block(1, 3, 48)], width=400, last_row=48)
    Layout(orientation='portrait', scale=0.9378, breaks=(), title_row=None, one_page=True)
    """
    if orientation == "auto":
        portrait, landscape = (layout(blocks, width, last_row, paper, o, height) for o in ("portrait", "landscape"))
        if width * PORTRAIT_MIN_SCALE > printable(paper, "portrait")[0] or landscape.pages < portrait.pages:
            return landscape
        if portrait.pages < landscape.pages or portrait.scale >= PORTRAIT_EASY_SCALE:
            return portrait
        return landscape
    page_width, page_height = printable(paper, orientation)
    scale = min(1.0, page_width / width) if width > 0 else 1.0
    scale = max(scale, MIN_SCALE / 100)
    capacity = page_height * FILL / scale
    total = _height(1, last_row, height)
    if capacity < total <= capacity * (1 + SQUEEZE):
        return Layout(orientation, round(scale * capacity / total, 4), (), None, True)
    bands = _bands(blocks)
    # the last table's header repeats on the pages it runs on to (the pages before it are others')
    title_row = bands[-1].header if bands else None
    title_height = height(title_row) if title_row else 0.0
    starts = {b.top: b for b in bands}
    breaks: list[int] = []
    used, row, band = 0.0, 1, None
    while row <= last_row:
        if row in starts:
            band = starts[row]
            whole = _height(band.top, band.bottom, height)
            kept = whole if whole <= capacity else _height(band.top, band.keep, height)
            if used > 0 and used + kept > capacity:
                breaks.append(row)
                used = title_height if title_row and row > title_row else 0.0
        in_band = band is not None and band.top <= row <= band.bottom
        if used > 0 and used + height(row) > capacity:
            start = breaks[-1] if breaks else 1
            if in_band and band.bottom - row + 1 < LAST_ROWS and band.bottom - LAST_ROWS + 1 > start + KEEP_ROWS:
                row = band.bottom - LAST_ROWS + 1  # never a total and a few rows on a page of their own
            breaks.append(row)
            used = title_height if title_row and row > title_row else 0.0
        used += height(row)
        row += 1
    return Layout(orientation, round(scale, 4), tuple(breaks), title_row)


@dataclass(frozen=True)
class Wrap:
    """A long line of text set to wrap over columns ``first``..``last`` of ``row`` in ``lines`` lines.

    >>> Wrap(5, 5, 8, 4).lines
    4
    """

    row: int
    first: int
    last: int
    lines: int


def wrap_text(texts: Sequence[tuple[int, int, float]], widths: Sequence[float], right: float,
              paper: str = "A4") -> tuple[list[Wrap], float]:
    """Which lines of free text (``(row, column, points)``) must wrap to stay inside the printed
    width, and that width: the sheet's tables and charts (``right`` points), at least a
    portrait page, and room for text that starts beyond them. ``widths`` are the columns' points.

    >>> wraps, width = wrap_text([(5, 5, 1100.0)], [100.0] * 20, right=300.0)
    >>> wraps, width
    ([Wrap(row=5, first=5, last=8, lines=4)], 800.0)
    >>> wrap_text([(1, 1, 150.0)], [100.0] * 20, right=300.0)  # short text: nothing to wrap
    ([], 300.0)
    """
    limit = max(right, printable(paper, "portrait")[0])  # text may run on this far before it wraps
    for row, column, points in texts:
        left = sum(widths[:column - 1])
        if left + points > limit and left > limit - MIN_TEXT_POINTS:
            limit = left + TEXT_POINTS
    wraps, width = [], right
    for row, column, points in texts:
        left = sum(widths[:column - 1])
        if left + points <= limit:
            width = max(width, left + points)
            continue
        last, span = column, widths[column - 1]
        while left + span < limit and last < len(widths):
            span += widths[last]
            last += 1
        wraps.append(Wrap(row, column, last, math.ceil(points * 1.1 / span)))
        width = max(width, left + span)
    return wraps, width


def header_footer(owner: str, reference: str, calculated: str | None = None) -> dict[str, str]:
    """The running header and footer, in Excel's header codes ("&P" page, "&N" pages, "&A"
    sheet, "&D" the day it is printed); ``calculated``: the day an output's figures were.

    >>> parts = header_footer("Alex & Sam Morgan", "C-1001", "27 November 2026")
    >>> parts["header_left"], parts["header_right"], parts["footer_center"], parts["footer_right"]
    ('Alex && Sam Morgan', 'Ref. C-1001', 'Page &P of &N', 'Calculated 27 November 2026')
    >>> header_footer("Harbour Credit Ltd", "")["footer_right"]
    'Printed &D'
    """
    def text(value: str, limit: int = 80) -> str:
        value = " ".join(str(value or "").split())
        return value[:limit].replace("&", "&&")

    return {
        "header_left": text(owner),
        "header_right": f"Ref. {text(reference, 40)}" if reference else "",
        "footer_left": "&A",
        "footer_center": "Page &P of &N",
        "footer_right": f"Calculated {text(calculated, 40)}" if calculated else "Printed &D",
    }


def _bands(blocks: Sequence[Block]) -> list[Block]:
    """Blocks merged where their rows overlap (a chart beside a table), top to bottom."""
    bands: list[Block] = []
    for block in sorted(blocks, key=lambda b: (b.top, b.bottom)):
        if bands and block.top <= bands[-1].bottom:
            last = bands[-1]
            bands[-1] = Block(last.top, max(last.bottom, block.bottom), max(last.keep, block.keep),
                              last.header or block.header)
        else:
            bands.append(block)
    return bands


def _height(first: int, last: int, height: Callable[[int], float]) -> float:
    return sum(height(r) for r in range(first, last + 1))
