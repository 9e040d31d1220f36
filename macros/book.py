"""The small workbook interface every ribbon macro is written against (DESIGN.md §2).

Two adapters implement :class:`Workbook`: live Excel through xlwings
(:class:`debtdesk.workbooks.live.LiveBook`, ``xw.Book.caller()``) and a workbook file
through openpyxl (:class:`debtdesk.workbooks.filebook.FileBook`). A macro never touches
either library: it reads tables, writes tables and values, adds charts and journals what
it did, so the ribbon button and headless regeneration run the very same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Mapping, Protocol, Sequence

import pandas as pd

#: Logical number formats a macro may ask for, and the Excel format codes they mean when a
#: workbook names no currency. Each adapter writes a workbook's own codes
#: (:meth:`debtdesk.macros.region.Region.formats`): "money" with the currency's symbol,
#: dates day-month or month-day first as its country writes them.
FORMATS: Mapping[str, str] = {
    "money": "#,##0.00;[Red]-#,##0.00",
    "date": "d mmm yyyy",
    "datetime": "d mmm yyyy hh:mm",
    "percent": "0.00%",
    "integer": "0",
    "count": "#,##0",  # a large whole number read at a glance (a worklist score)
    "number": "#,##0.00",
    "text": "@",
}

#: Conditional-format fills a macro may ask for, and their RGB colours.
HIGHLIGHTS: Mapping[str, str] = {"warning": "FFC7CE", "caution": "FFEB9C", "good": "C6EFCE"}

#: Native formulas a table's total row may use, by name.
TOTALS = ("sum", "average", "min", "max", "count")


#: The look of Excel's built-in "Input" cell style: fill, font colour and border colour.
INPUT_LOOK = {"fill": "FFCC99", "font": "3F3F76", "border": "7F7F7F"}

#: Series colours from cool to warm, for series that grow more urgent (ageing buckets).
WARMING = ("5B9BD5", "FFC000", "ED7D31", "C55A11", "C00000")


@dataclass(frozen=True)
class Chart:
    """A chart drawn from columns of a table that a macro wrote.

    Lines are drawn straight from point to point (never smoothed); when every x value is
    a date the x axis is a date axis. A horizontal bar chart lists its categories top
    down in the table's order.

    Examples
    --------
    >>> Chart("line", "Balance over time", table="Schedule", x="Period", series=("Balance",)).stacked
    False
    >>> Chart("bar", "Ageing", table="Ageing", x="Customer", series=("1-30", "31-60"),
    ...       stacked=True, colours=warming(2), y_format="money").colours
    ('5B9BD5', 'C00000')
    """

    kind: str  # "line", "bar" (horizontal), "column" or "pie"
    title: str
    table: str  # name of a table written by write_table
    x: str  # column holding the categories / x values
    series: Sequence[str]  # columns plotted as series
    anchor: str = "I2"  # top-left cell of the chart
    y_title: str = ""  # title of the value axis
    x_title: str = ""  # title of the category (or date) axis
    stacked: bool = False  # bar/column: one bar per category, the series stacked in it
    colours: Sequence[str] = ()  # RGB hex per series, in order; () leaves the theme's colours
    y_format: str = ""  # number format of the value axis: a key of FORMATS ("money") or a code
    width: float = 16.0  # centimetres
    height: float = 8.0  # centimetres
    rows: int = 0  # plot only the table's first rows (a top-N); 0 plots them all


def warming(n: int) -> tuple[str, ...]:
    """``n`` colours from cool to warm (:data:`WARMING`), e.g. for ageing buckets, oldest warmest.

    >>> warming(3), len(warming(7))
    (('5B9BD5', 'ED7D31', 'C00000'), 7)
    """
    if n <= 1:
        return WARMING[:n]
    return tuple(WARMING[round(i * (len(WARMING) - 1) / (n - 1))] for i in range(n))


@dataclass(frozen=True)
class Page:
    """How a sheet prints: whose it is, its reference and its orientation.

    Every printed page carries ``owner`` (the client's or the firm's name) and
    ``reference`` in its header, and in its footer the sheet's name, "Page x of y" and the
    day the figures were ``calculated`` (an input sheet: the day it is printed). The adapter
    works out the rest from what is on the sheet: the print area, the paper (the
    workbook's country, :class:`~debtdesk.macros.region.Region`), fit to one page wide,
    the header row of the last table repeated on the pages it runs on to, page breaks that
    never cut through a chart, a table's title and header or a short table, and long lines
    of text wrapped inside the page. ``orientation`` "auto" takes whichever of portrait and
    landscape prints on fewer pages.

    >>> Page("Alex Morgan", "C-1001").orientation
    'auto'
    """

    owner: str = ""
    reference: str = ""
    orientation: str = "auto"  # "auto", "portrait" or "landscape"
    calculated: date | None = None  # when an output sheet's figures were calculated


@dataclass(frozen=True)
class Input:
    """What a person types into input cells: checked by Excel as they type, and styled as inputs.

    ``kind`` is "text", "money", "number", "whole", "percent", "date" or "choice";
    ``choices`` lists a dropdown's values, or ``source`` names a table column whose
    values are the choices (``"Guidelines[Category]"``, so the list follows the table).
    A value outside ``choices`` is refused; one outside ``source`` draws a warning the
    person may overrule (flag such cells with :meth:`Workbook.highlight`).

    >>> Input("money", "Monthly amount in pounds", minimum=0).kind
    'money'
    """

    kind: str = "text"
    prompt: str = ""
    choices: Sequence[str] = ()
    source: str = ""
    minimum: float | None = None
    maximum: float | None = None


#: Input kinds and the number format key each is shown in.
INPUT_KINDS: Mapping[str, str | None] = {"text": None, "money": "money", "number": "number", "whole": "integer",
                                         "percent": "percent", "date": "date", "choice": None}


@dataclass
class TableSpec:
    """How a table is written: its Excel table name, column formats and total row.

    ``formats`` maps a column to a key of :data:`FORMATS`; ``totals`` maps a column to
    one of :data:`TOTALS`, written as a native formula in a row below the table whose
    first cell says "Total".

    >>> TableSpec("Schedule", formats={"Payment": "money"}, totals={"Payment": "sum"}).name
    'Schedule'
    """

    name: str
    formats: Mapping[str, str] = field(default_factory=dict)
    totals: Mapping[str, str] = field(default_factory=dict)
    anchor: str = "A1"
    title: str = ""  # written at the anchor, the table two rows below it, when given
    #: True: the sheet is emptied first (the usual case). False: add this table beside
    #: others already written on the sheet in this run (dashboards, summaries).
    replace_sheet: bool = True


class Workbook(Protocol):
    """What a macro may do to a workbook. Both adapters implement exactly this."""

    #: Who is acting (Excel user name, or the batch job's user), for the journal.
    user: str

    #: Folder for documents a macro writes beside the workbook (creditor letters),
    #: or None when there is nowhere to put them (a new, never-saved workbook).
    documents_dir: Path | None

    def sheet_names(self) -> list[str]:
        """Names of the worksheets, in order."""

    def region(self):
        """The workbook's country, currency and paper (a :class:`~debtdesk.macros.region.Region`
        read from its settings table), which its number formats and print settings follow."""

    def has_table(self, name: str) -> bool:
        """True when an Excel table (or a sheet) of that name exists."""

    def read_table(self, name: str) -> pd.DataFrame:
        """An Excel table by table name, or else the block at A1 of the sheet of that name.

        The header row gives the column names; wholly empty rows are dropped; the index
        is the 1-based data row so errors can name the row a person sees.
        """

    def clear_sheet(self, sheet: str) -> None:
        """Empty ``sheet`` (creating it if missing) before composing it from several parts."""

    def write_table(self, sheet: str, frame: pd.DataFrame, spec: TableSpec) -> str:
        """Write ``frame`` as an Excel table (emptying the sheet first unless
        ``spec.replace_sheet`` is False); returns the table's A1 range.

        Text from data is always written as text, never as a formula (DESIGN.md §3).
        """

    def append_rows(self, table: str, rows: Sequence[Mapping[str, object]] | pd.DataFrame) -> None:
        """Append rows (mappings, or a frame whose columns are the table's) to an existing table
        (created with these keys as headers if absent)."""

    def write_value(self, sheet: str, cell: str, value, number_format: str | None = None) -> None:
        """Write one value; text is always text, even when it starts with ``=``."""

    def write_formula(self, sheet: str, cell: str, formula: str, number_format: str | None = None) -> None:
        """Write a native Excel formula written by code (never data), e.g. ``=SUM(B2:B9)``."""

    def read_value(self, sheet: str, cell: str):
        """The value of one cell."""

    def add_chart(self, sheet: str, chart: Chart) -> None:
        """Draw ``chart`` on ``sheet`` from the table it names."""

    def add_validation(self, sheet: str, cell_range: str, choices: Sequence[str]) -> None:
        """Restrict ``cell_range`` to a dropdown of ``choices`` (the list is kept on a
        hidden "Lists" sheet, so long lists and punctuation are fine)."""

    def mark_inputs(self, sheet: str, cell_range: str, spec: Input, spare_rows: int = 0) -> None:
        """Style ``cell_range`` as input cells (Excel's "Input" look), with ``spec``'s number
        format, prompt and validation; the validation also covers ``spare_rows`` rows under it
        (rows typed under a table: Excel gives them the table's look as it grows)."""

    def set_page(self, sheet: str, page: Page) -> None:
        """Make ``sheet`` print well as it now stands (see :class:`Page`); call it once the
        sheet is written."""

    def show_first(self, sheet: str) -> None:
        """Move ``sheet`` to the first tab and open the workbook on it."""

    def hide_sheet(self, sheet: str) -> None:
        """Hide ``sheet`` (it stays in the workbook; Excel's Unhide shows it again)."""

    def table_range(self, name: str) -> tuple[str, str]:
        """(sheet, A1 range with the header row) of the Excel table ``name``."""

    def read_range(self, sheet: str, cell_range: str) -> list[list]:
        """The values of a rectangle of cells, row by row (None for empty cells)."""

    def write_range(self, sheet: str, cell: str, rows: Sequence[Sequence]) -> None:
        """Write a rectangle of data values with its top-left at ``cell``; text stays text."""

    def highlight(self, sheet: str, cell_range: str, formula: str, colour: str = "warning") -> None:
        """Conditional format: fill the cells of ``cell_range`` where ``formula`` (an Excel
        formula written for the range's top-left cell, e.g. ``LEN($C4)>0``) is true.
        ``colour`` is a key of :data:`HIGHLIGHTS` or an RGB hex code."""

    def notify(self, message: str) -> None:
        """Tell the person (a message box in Excel, the log in a headless run)."""
