"""The small workbook interface every ribbon macro is written against (DESIGN.md §2).

Two adapters implement :class:`Workbook`: live Excel through xlwings
(:class:`debtdesk.workbooks.live.LiveBook`, ``xw.Book.caller()``) and a workbook file
through openpyxl (:class:`debtdesk.workbooks.filebook.FileBook`). A macro never touches
either library: it reads tables, writes tables and values, adds charts and journals what
it did, so the ribbon button and headless regeneration run the very same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Protocol, Sequence

import pandas as pd

#: Logical number formats a macro may ask for, and the Excel format codes they mean.
FORMATS: Mapping[str, str] = {
    "money": "#,##0.00;[Red]-#,##0.00",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "percent": "0.00%",
    "integer": "0",
    "number": "#,##0.00",
    "text": "@",
}

#: Conditional-format fills a macro may ask for, and their RGB colours.
HIGHLIGHTS: Mapping[str, str] = {"warning": "FFC7CE", "caution": "FFEB9C", "good": "C6EFCE"}

#: Native formulas a table's total row may use, by name.
TOTALS = ("sum", "average", "min", "max", "count")


@dataclass(frozen=True)
class Chart:
    """A chart drawn from columns of a table that a macro wrote.

    Examples
    --------
    >>> Chart("line", "Balance over time", table="Schedule", x="Period", series=("Balance",))
    Chart(kind='line', title='Balance over time', table='Schedule', x='Period', series=('Balance',), anchor='I2', y_title='', x_title='')
    """

    kind: str  # "line", "bar" (horizontal), "column" or "pie"
    title: str
    table: str  # name of a table written by write_table
    x: str  # column holding the categories / x values
    series: Sequence[str]  # columns plotted as series
    anchor: str = "I2"  # top-left cell of the chart
    y_title: str = ""
    x_title: str = ""


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

    def append_rows(self, table: str, rows: Sequence[Mapping[str, object]]) -> None:
        """Append rows to an existing table (created with these keys as headers if absent)."""

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

    def highlight(self, sheet: str, cell_range: str, formula: str, colour: str = "warning") -> None:
        """Conditional format: fill the cells of ``cell_range`` where ``formula`` (an Excel
        formula written for the range's top-left cell, e.g. ``LEN($C4)>0``) is true.
        ``colour`` is a key of :data:`HIGHLIGHTS` or an RGB hex code."""

    def notify(self, message: str) -> None:
        """Tell the person (a message box in Excel, the log in a headless run)."""
