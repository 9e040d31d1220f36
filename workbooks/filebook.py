"""The openpyxl adapter of the workbook interface: macros run against a workbook file.

Headless regeneration opens a workbook file with :class:`FileBook`, runs the same macro
functions the ribbon runs, and saves atomically. openpyxl composes the sheets DebtDesk
writes; :meth:`FileBook.save` then writes them into the firm's own package
(workbooks/splice.py), so every other part of the workbook (pivots, charts, images, VBA,
slicers, custom XML, OLE objects, other sheets) stays byte-identical. Each change is
tracked as it is made: a sheet DebtDesk empties or adds is composed whole; a sheet where
it only changes cells (a Journal line, a logged contact) keeps everything but those cells.
"""

from __future__ import annotations

import getpass
import io
import logging
import math
import re
from datetime import date, datetime
import warnings
import zipfile
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.axis import DateAxis
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname, range_boundaries
from openpyxl.utils.cell import coordinate_from_string, column_index_from_string
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.views import Pane, Selection
from openpyxl.writer.excel import ExcelWriter

from debtdesk.atomic import atomic_path
from debtdesk.errors import DebtDeskError
from debtdesk.rows import row_tuples
from debtdesk.macros.book import HIGHLIGHTS, INPUT_KINDS, INPUT_LOOK, TOTALS, Chart, Input, Page, TableSpec
from debtdesk.macros.region import PAPERS, RegionCache
from debtdesk.workbooks import schema_order  # noqa: F401  (openpyxl's elements in the schema's order)
from debtdesk.workbooks.cells import Formula, looks_like_formula, plain, put
from debtdesk.workbooks import blocks, paging
from debtdesk.workbooks.validation import column_list, table_column, validation_rule
from debtdesk.workbooks.lazy_sheets import LazySheet, load_lazily
from debtdesk.workbooks.limits import check_workbook
from debtdesk.workbooks.package import MARKER, MARKER_VALUE, check_package
from debtdesk.workbooks.splice import KEEP, OWN, Changes, splice
from debtdesk.values import UnsavedFormula
from debtdesk.workbooks.xlsxinfo import package

log = logging.getLogger(__name__)

_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
#: Every font names its face: a font without one prints in a serif fallback in LibreOffice.
_FACE = {"name": "Calibri", "family": 2, "scheme": "minor"}
_HEADER_FONT = Font(bold=True, color="FFFFFF", size=11, **_FACE)
_HEADER_ALIGNMENT = Alignment(horizontal="center", wrap_text=True)
_TOTAL_FONT = Font(bold=True, size=11, **_FACE)
_TITLE_FONT = Font(bold=True, size=14, **_FACE)
_INPUT_FILL = PatternFill("solid", fgColor=INPUT_LOOK["fill"])
_INPUT_FONT = Font(color=INPUT_LOOK["font"], size=11, **_FACE)
_INPUT_SIDE = Side(style="thin", color=INPUT_LOOK["border"])
_INPUT_BORDER = Border(left=_INPUT_SIDE, right=_INPUT_SIDE, top=_INPUT_SIDE, bottom=_INPUT_SIDE)
#: The hidden sheet that holds dropdown lists.
LISTS = "Lists"
#: Tables of at most this many rows are kept once read, until their sheet changes (settings and the like, which a
#: Regenerate reads a dozen times). A bigger table's frame is its reader's alone: read from a sheet it holds a
#: Python object per cell (a million-row Ledger ~0.3 GiB), and its reader keeps what it needs of it.
KEPT_ROWS = 1_000
_EXCEL_FUNCTION = {"sum": "SUM", "average": "AVERAGE", "min": "MIN", "max": "MAX", "count": "COUNT"}


class FileBook(RegionCache):
    """A workbook file opened for macros (``FileBook(path)``) or a new one (``FileBook()``).

    Examples
    --------
    >>> import pandas as pd
    >>> book = FileBook()
    >>> book.write_table("Plan", pd.DataFrame({"Month": [1, 2], "Paid": [10.0, 12.5]}),
    ...                  TableSpec("Plan", formats={"Paid": "money"}, totals={"Paid": "sum"}))
    'A1:B3'
    >>> book.read_table("Plan")["Paid"].tolist()
    [10.0, 12.5]
    """

    def __init__(self, path: str | Path | None = None, user: str | None = None,
                 documents_dir: str | Path | None = None):
        self.source = Path(path) if path is not None else None
        self.user = user or _user()
        #: Where macros put documents (creditor letters); the caller chooses it, since a
        #: headless run writes beside its output, never beside its input. None: nowhere.
        self.documents_dir = Path(documents_dir) if documents_dir is not None else None
        self.messages: list[str] = []
        #: Tables read since their sheet last changed, by name: (sheet, frame). A Regenerate reads its
        #: settings a dozen times.
        self._read: dict[str, tuple[str, pd.DataFrame]] = {}
        #: Changes made through this book, by sheet (None: a change not tied to one sheet): see generation().
        self._generations: dict[str | None, int] = {}
        #: Sheets openpyxl composes whole on save: new ones, and ones this run emptied and rewrote.
        self._rewritten: set[str] = set()
        #: Sheets where only cells changed: sheet -> cell -> style origin (splice.KEEP, OWN or a cell).
        self._edits: dict[str, dict[str, str]] = {}
        #: Tables rows were appended to: sheet -> table names.
        self._grown: dict[str, set[str]] = {}
        #: A sheet this run emptied -> cells outside its tables that held something (from the file).
        self._dropped_cells: dict[str, list[str]] = {}
        self._stale = None  # whether the source's saved values are placeholders, read when a formula is read
        if self.source is None:
            self.wb = openpyxl.Workbook()
            self._fresh = True
            return
        if not self.source.exists():
            raise DebtDeskError("workbook", f"{self.source.name} does not exist")
        check_package(self.source)  # encrypted or legacy binary: say so, not "not a zip file"
        check_workbook(self.source)  # zip bomb / row limits before anything decompresses it
        try:
            with warnings.catch_warnings():
                # openpyxl warns that it drops extensions it cannot read (x14 validation, slicers);
                # it composes DebtDesk's sheets only, the firm's are copied as they are. Each sheet's
                # cells are read when a macro first uses the sheet (a button uses a few).
                warnings.simplefilter("ignore", UserWarning)
                self.wb = load_lazily(self.source)
        except DebtDeskError:
            raise
        except Exception as error:  # a damaged or non-workbook file
            raise DebtDeskError("workbook", f"{self.source.name} is not a readable .xlsx/.xlsm workbook ({error})") from None
        self._fresh = False

    # -- reading -------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        """Worksheet names in order."""
        return [ws.title for ws in self.wb.worksheets if not self._fresh or ws.max_row > 1 or ws["A1"].value is not None]

    def has_table(self, name: str) -> bool:
        """True when an Excel table or a sheet of that name exists."""
        return self._find_table(name) is not None or name in self.wb.sheetnames

    def read_table(self, name: str) -> pd.DataFrame:
        """An Excel table by name, else the block starting at A1 of the sheet of that name.

        A table is read as a person keeps it: its Total row is never data; rows typed
        directly below it (LibreOffice and scripts do not extend the table) are part of it,
        up to the first empty row or a row labelled "Total"; rows typed below a built-in
        Total row are refused. A formula reads as the value Excel saved with it; one with
        no saved value is refused by whatever reads it as a number or a date; merged cells
        among the data rows are refused here. Tables of up to :data:`KEPT_ROWS` rows are read once until their
        sheet changes.
        """
        if name not in self._read:
            frame = self._read_table(name)
            if len(frame) > KEPT_ROWS:
                return frame
            found = self._find_table(name)
            self._read[name] = (found[0].title if found else name, frame)
        return self._read[name][1].copy(deep=False)  # pandas copies on write: the caller's changes stay its own

    def generation(self, sheet: str) -> tuple[int, int]:
        """A number that changes whenever anything is written to ``sheet`` through this book (tables, rows,
        values, formulas, ranges, clearing): equal generations mean equal contents, so a reader may keep
        what it read (the calculated-on notes compare a watched table with its copy only when it changed).

        >>> book = FileBook()
        >>> before = book.generation("Ledger")
        >>> book.write_value("Ledger", "A1", "Customer")
        >>> book.generation("Ledger") != before, book.generation("Other") == book.generation("Other")
        (True, True)
        """
        return self._generations.get(None, 0), self._generations.get(sheet, 0)

    def _settings_changed(self, sheet: str) -> None:
        """After each write of values (tables, rows, cells, ranges): the region and the tables read from ``sheet``."""
        super()._settings_changed(sheet)
        self._changed(sheet)

    def _changed(self, sheet: str | None = None, table: str | None = None) -> None:
        """Forget the tables read from ``sheet``, and any name a new ``table`` now answers to: as a change
        starts (its sheet may become one openpyxl composes) and once its values are written (a read
        in between, such as the region's settings for a number format, may have remembered the old)."""
        self._generations[sheet] = self._generations.get(sheet, 0) + 1
        for name in [n for n, (where, _) in self._read.items()
                     if where == sheet or (table is not None and table.lower() in (n.lower(), _table_name(n).lower()))]:
            del self._read[name]

    def _read_table(self, name: str) -> pd.DataFrame:
        found = self._find_table(name)
        if found is not None:
            ws, table = found
            min_col, min_row, max_col, max_row = range_boundaries(table.ref)
            totals = int(table.totalsRowCount or 0)
            max_row -= totals
            typed = _rows_below(ws, min_col, max_col, max_row + totals)
            if totals and typed:
                raise DebtDeskError(name, f"sheet {ws.title!r} rows {max_row + totals + 1}-{max_row + totals + typed} are "
                                    f"typed below the table's Total row: move them into the table, above its Total row")
            max_row += typed
        elif name in self.wb.sheetnames:
            ws = self.wb[name]
            min_col, min_row, max_col, max_row = 1, 1, ws.max_column, ws.max_row
        else:
            raise DebtDeskError(name, f"no table or sheet named {name!r} in the workbook (sheets: {', '.join(self.wb.sheetnames)})")
        # read column by column (a block's columns as they are held: a million-row table is never a million row lists)
        columns = blocks.grid(ws, min_row, max_row, min_col, max_col) if blocks.of(ws) else \
            [list(c) for c in zip(*ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col,
                                                  values_only=True))]
        if not columns or not columns[0]:
            raise DebtDeskError(name, "is empty (expected a header row)")
        header = [("" if c[0] is None else str(c[0]).strip()) for c in columns]
        while header and not header[-1]:
            header.pop()
        body = [c[1:] for c in columns[: len(header)]]
        del columns
        self._saved_values(ws, body, min_row, min_col)
        _refuse_merged(ws, name, header, (min_row, max_row, min_col, min_col + len(header) - 1))
        height = max_row - min_row
        frame = pd.DataFrame(dict(enumerate(body)), index=pd.RangeIndex(1, height + 1), dtype=object)
        frame.columns = header
        keep = np.zeros(height, dtype=bool)
        for values in body:
            keep |= np.fromiter((not (v is None or (isinstance(v, str) and not v.strip())) for v in values), bool, height)
        return frame[keep] if height else frame

    def _saved_values(self, ws, body: list[list], min_row: int, min_col: int) -> None:
        """Replace each formula the file holds in ``body`` (a list of columns) by the value saved with it, or, when
        it has none, by an :class:`~debtdesk.values.UnsavedFormula` that every reader of numbers and dates refuses.

        Formulas this run wrote (new workbooks, rewritten sheets, :meth:`write_formula`) stay as they are.
        """
        for j, column in enumerate(body):
            for i, value in enumerate(column):
                if not (isinstance(value, (ArrayFormula, DataTableFormula))
                        or (isinstance(value, str) and value.startswith("="))):
                    continue
                cell = ws.cell(row=min_row + 1 + i, column=min_col + j)
                if cell.data_type != "f" or self.source is None or ws.title in self._rewritten:
                    continue  # text that starts with "=", or a formula of this run's own
                on_file, saved = self._saved(ws, cell.coordinate)
                if str(getattr(on_file, "text", on_file)) != str(getattr(value, "text", value)):
                    continue  # written by this run over the file's cell
                column[i] = saved if saved is not None else \
                    UnsavedFormula(value.text if isinstance(value, ArrayFormula) else str(value))

    def _saved(self, ws, coordinate: str) -> tuple:
        """(the formula the source file holds at ``coordinate`` of ``ws``, the value saved with it or None).

        The value is None when the file stores none, or when its writer asked Excel to
        recalculate on opening (the stored values are then placeholders, such as XlsxWriter's 0).
        Each sheet's are read from its part as opened, once (:meth:`LazySheet.saved_formulas`).
        """
        if self._stale is None:  # openpyxl reports fullCalcOnLoad even where the file does not say it: ask the file
            self._stale = package(self.source).recalculate
        on_file = ws.saved_formulas() if isinstance(ws, LazySheet) else {}  # a sheet not in the file has none
        formula, value = on_file.get(coordinate, (None, None))
        return formula, None if self._stale else value

    def read_value(self, sheet: str, cell: str):
        """The value of one cell."""
        if sheet not in self.wb.sheetnames:
            raise DebtDeskError(sheet, f"no sheet named {sheet!r} in the workbook")
        return self.wb[sheet][cell].value

    # -- writing -------------------------------------------------------------------
    def clear_sheet(self, sheet: str) -> None:
        """Empty ``sheet`` (tables, charts and all), keeping its place among the sheets."""
        self._fresh_sheet(sheet)

    def write_table(self, sheet: str, frame: pd.DataFrame, spec: TableSpec) -> str:
        """Replace ``sheet`` with ``frame`` as a formatted Excel table; returns its range."""
        ws = self._fresh_sheet(sheet) if spec.replace_sheet else self._sheet(sheet, compose=True)
        first = not ws.tables
        col0, row0 = _anchor(spec.anchor)
        if spec.title:
            title = ws.cell(row=row0, column=col0)
            put(title, spec.title)  # a title may hold data (a client's name): text, never a formula
            title.font = _TITLE_FONT
            ws.row_dimensions[row0].height = paging.TITLE_POINTS
            row0 += 2
        columns = [str(c) for c in frame.columns]
        header = None
        for j, name in enumerate(columns):
            c = ws.cell(row=row0, column=col0 + j)
            if header is None:  # the header style is registered once, then its numbers copied
                c.fill, c.font, c.alignment = _HEADER_FILL, _HEADER_FONT, _HEADER_ALIGNMENT
                header = c._style
            else:
                c._style = c._style or StyleArray()
                c._style.fillId, c._style.fontId, c._style.alignmentId = \
                    header.fillId, header.fontId, header.alignmentId
            put(c, name)
        codes = self.region().formats()
        formats = {c: codes[f] for c, f in spec.formats.items() if c in columns}
        body = [frame.iloc[:, j] for j in range(len(columns))] if len(frame) > blocks.BLOCK_ROWS else None
        if body is not None and _kept_as_block(ws, row0 + 1, col0, body, [
                [("number_format", formats[name])] if name in formats else [] for name in columns]):
            rows = list(row_tuples(frame.iloc[:200]))
        else:
            rows = list(row_tuples(frame))
            _put_rows(ws, rows, row0 + 1, col0, [formats.get(name) for name in columns])
        last_row = row0 + max(len(frame), 1)
        ref = f"{get_column_letter(col0)}{row0}:{get_column_letter(col0 + len(columns) - 1)}{last_row}"
        table = Table(displayName=_table_name(spec.name), ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        self._add_table(ws, table)
        if spec.totals:
            self._total_row(ws, columns, spec, col0, row0, last_row, formats)
        _autofit(ws, columns, rows, col0, [formats.get(name) for name in columns])
        _wrap_long_text(ws, body if body is not None else list(zip(*rows)) or [()] * len(columns), col0, row0)
        _freeze(ws, row0, first)
        self._settings_changed(sheet)
        return ref

    def append_rows(self, table: str, rows: Sequence[Mapping[str, object]] | pd.DataFrame) -> None:
        """Append rows (mappings, or a frame whose columns are the table's) to a table; a missing table is
        created on a sheet of the same name. A frame's columns are kept as they are when the rows are many
        (a block), so a million appended rows are never a million Python rows."""
        frame = rows if isinstance(rows, pd.DataFrame) else None
        if not len(rows):
            return
        found = self._find_table(table)
        self._changed(found[0].title if found else table)
        if found is None:
            frame = frame if frame is not None else pd.DataFrame(list(rows))
            self.write_table(table, frame, TableSpec(table, formats=_guess_formats(frame)))
            return
        ws, tab = found
        min_col, min_row, max_col, max_row = range_boundaries(tab.ref)
        header = [ws.cell(row=min_row, column=c).value for c in range(min_col, max_col + 1)]
        unknown = sorted(set(map(str, frame.columns) if frame is not None else {k for r in rows for k in r}) - set(header))
        if unknown:
            raise DebtDeskError(table, f"has no column {', '.join(unknown)} (columns: {', '.join(map(str, header))})")
        added = len(rows)
        columns = [(frame[name] if name in frame.columns else [None] * added) if frame is not None
                   else [row.get(name) for row in rows] for name in header]
        composed = self._fresh or ws.title in self._rewritten  # no cell of it is tracked for the splice
        if composed and added > blocks.BLOCK_ROWS and _kept_as_block(
                ws, max_row + 1, min_col, columns,
                [[("number_format", ws.cell(row=max_row, column=min_col + j).number_format)] for j in range(len(header))]):
            columns = [[]] * len(header)
        rows = zip(*(values.tolist() if isinstance(values, pd.Series) else values for values in columns))
        for offset, row in enumerate(rows, start=1):
            for j, value in enumerate(row):
                c = ws.cell(row=max_row + offset, column=min_col + j)
                put(c, value)
                above = ws.cell(row=max_row, column=min_col + j)
                c.number_format = above.number_format
                # styled like the row above, as Excel extends a table (the header's style never)
                self._edited(ws.title, c, OWN if looks_like_formula(c.value) or max_row == min_row else above.coordinate)
        self._settings_changed(ws.title)
        tab.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row + added}"
        if tab.autoFilter is not None:
            tab.autoFilter.ref = tab.ref
        self._grown.setdefault(ws.title, set()).add(tab.displayName)

    def write_value(self, sheet: str, cell: str, value, number_format: str | None = None) -> None:
        """Write one value; text (even text starting with ``=``) is stored as text."""
        ws = self._sheet(sheet)
        put(ws[cell], value)
        if number_format:
            ws[cell].number_format = self._code(number_format)
        self._edited(sheet, ws[cell], OWN if number_format or looks_like_formula(ws[cell].value) else KEEP)
        self._settings_changed(sheet)

    def write_formula(self, sheet: str, cell: str, formula: str, number_format: str | None = None) -> None:
        """Write a native Excel formula (from code, never from data), e.g. ``=SUM(B2:B9)``."""
        if not formula.startswith("="):
            raise DebtDeskError("formula", f"{formula!r} must start with '='")
        ws = self._sheet(sheet)
        ws[cell] = formula
        if number_format:
            ws[cell].number_format = self._code(number_format)
        self._edited(sheet, ws[cell], OWN if number_format else KEEP)
        self._changed(sheet)

    def add_chart(self, sheet: str, chart: Chart) -> None:
        """Draw a line, bar, column or pie chart from a table's columns (see :class:`Chart`)."""
        found = self._find_table(chart.table)
        if found is None:
            raise DebtDeskError("chart", f"table {chart.table!r} does not exist")
        ws_data, tab = found
        min_col, min_row, max_col, max_row = range_boundaries(tab.ref)
        if chart.rows:
            max_row = min(max_row, min_row + chart.rows)
        header = [ws_data.cell(row=min_row, column=c).value for c in range(min_col, max_col + 1)]
        kind = {"line": LineChart, "bar": BarChart, "column": BarChart, "pie": PieChart}.get(chart.kind)
        if kind is None:
            raise DebtDeskError("chart", f"kind {chart.kind!r} is not one of line, bar, column, pie")
        missing = [c for c in (chart.x, *chart.series) if c not in header]
        if missing:
            raise DebtDeskError("chart", f"table {chart.table!r} has no column {', '.join(map(repr, missing))}")
        if chart.colours and len(chart.colours) != len(chart.series):
            raise DebtDeskError("chart", f"{len(chart.colours)} colours for {len(chart.series)} series")
        drawn = kind()
        drawn.title = chart.title
        drawn.height, drawn.width = chart.height, chart.width
        for name in chart.series:
            col = min_col + header.index(name)
            drawn.add_data(Reference(ws_data, min_col=col, min_row=min_row, max_row=max_row), titles_from_data=True)
        xcol = min_col + header.index(chart.x)
        drawn.set_categories(Reference(ws_data, min_col=xcol, min_row=min_row + 1, max_row=max_row))
        if chart.kind != "pie":
            x_values = [ws_data.cell(row=r, column=xcol).value for r in range(min_row + 1, max_row + 1)]
            self._style_chart(drawn, chart, x_values)
        ws = self._sheet(sheet, compose=True)
        drawn.anchor = _chart_anchor(ws, chart.anchor, chart.width, chart.height)
        ws.add_chart(drawn)

    def _style_chart(self, drawn, chart: Chart, x_values: list) -> None:
        """Axes, titles, number formats, colours and straight lines of a line, bar or column chart."""
        if chart.kind in ("bar", "column"):
            drawn.type = "bar" if chart.kind == "bar" else "col"
            if chart.stacked:
                drawn.grouping, drawn.overlap = "stacked", 100
        dates = bool(x_values) and all(isinstance(v, (date, datetime)) for v in x_values)
        if dates and chart.kind == "line":
            drawn.x_axis = DateAxis(crossAx=100)
            drawn.x_axis.number_format = "mmm yyyy"
            drawn.x_axis.majorTimeUnit = "months"
            drawn.y_axis.crossAx = 500
        drawn.y_axis.title = chart.y_title or None
        drawn.x_axis.title = chart.x_title or None
        # openpyxl hides axes unless told otherwise (Excel then draws none).
        drawn.x_axis.delete = False
        drawn.y_axis.delete = False
        if chart.y_format:
            drawn.y_axis.number_format = _axis_format(self._code(chart.y_format))
            drawn.y_axis.numFmt.sourceLinked = False
        if not dates and len(x_values) > 24:  # a label every few categories, not a smudge of them all
            drawn.x_axis.tickLblSkip = drawn.x_axis.tickMarkSkip = math.ceil(len(x_values) / 12)
        drawn.x_axis.axPos, drawn.y_axis.axPos = ("l", "b") if chart.kind == "bar" else ("b", "l")
        if chart.kind == "bar":  # categories top down in the table's order, values along the bottom
            drawn.x_axis.scaling.orientation = "maxMin"
            drawn.y_axis.crosses = "max"
        for i, series in enumerate(drawn.series):
            if chart.kind == "line":
                series.smooth = False  # LibreOffice smooths a line chart that does not say so
                if len(x_values) > 24:
                    series.marker.symbol = "none"
            if chart.colours:
                colour = chart.colours[i]
                series.graphicalProperties.line.solidFill = colour
                if chart.kind != "line":
                    series.graphicalProperties.solidFill = colour
        if len(chart.series) == 1:
            drawn.legend = None
        else:
            drawn.legend.position = "b"

    def add_validation(self, sheet: str, cell_range: str, choices: Sequence[str]) -> None:
        """A dropdown of ``choices`` on ``cell_range``, listed on the hidden "Lists" sheet."""
        choices = [str(c) for c in choices]
        if not choices:
            raise DebtDeskError("choices", "is empty (expected at least one choice)")
        rule = DataValidation(type="list", formula1=self._choice_list(choices), allow_blank=True,
                              showErrorMessage=True, errorTitle="DebtDesk",
                              error="Choose a value from the list")
        rule.add(cell_range)
        self._sheet(sheet, compose=True).add_data_validation(rule)

    def highlight(self, sheet: str, cell_range: str, formula: str, colour: str = "warning") -> None:
        """Fill the cells of ``cell_range`` where ``formula`` (for its top-left cell) is true."""
        rgb = HIGHLIGHTS.get(colour, colour)
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", rgb):
            raise DebtDeskError("colour", f"{colour!r} is not one of {', '.join(HIGHLIGHTS)} or an RGB hex code")
        fill = PatternFill("solid", start_color=rgb, end_color=rgb)
        self._sheet(sheet, compose=True).conditional_formatting.add(
            cell_range, FormulaRule(formula=[formula.removeprefix("=")], fill=fill))

    def mark_inputs(self, sheet: str, cell_range: str, spec: Input, spare_rows: int = 0) -> None:
        """Input cells: Excel's "Input" look, the kind's number format, a prompt and validation
        (on ``spare_rows`` more rows too, which are left as they are: no cells are made there)."""
        rule = validation_rule(spec)
        if spec.kind == "choice":
            rule["formula1"] = self._choice_list([str(c) for c in spec.choices]) if spec.choices else \
                self._column_list(spec.source)
        ws = self._sheet(sheet, compose=True)
        code = self._code(INPUT_KINDS[spec.kind]) if INPUT_KINDS[spec.kind] else None
        min_col, min_row, max_col, max_row = range_boundaries(cell_range)
        look = [("fill", _INPUT_FILL), ("font", _INPUT_FONT), ("border", _INPUT_BORDER)] + \
            ([("number_format", code)] if code else [])
        held = [b for b in blocks.of(ws) if min_row <= b.top and b.bottom <= max_row
                and b.left <= max_col and min_col <= b.right]
        ids = None  # the look's numbers in the workbook's style lists: registered once, then copied cell to cell
        for column in range(min_col, max_col + 1):
            spans = sorted((b.top, b.bottom, b) for b in held if b.left <= column <= b.right)
            for _, _, block in spans:  # a big table's column takes the look as a whole
                block.restyle(column - block.left, look)
            row = min_row
            for top, bottom, _ in spans + [(max_row + 1, max_row, None)]:
                for r in range(row, top):
                    c = ws.cell(row=r, column=column)
                    if ids is None:
                        for attribute, value in look:
                            setattr(c, attribute, value)
                        ids = [(key, getattr(c._style, key)) for key in ("fillId", "fontId", "borderId", "numFmtId")]
                    else:
                        c._style = c._style or StyleArray()
                        for key, number in ids[:len(look)]:
                            setattr(c._style, key, number)
                row = max(row, bottom + 1)
        validation = DataValidation(type=rule["type"], operator=rule["operator"], formula1=rule["formula1"],
                                    formula2=rule["formula2"], errorStyle=rule["style"], allow_blank=True,
                                    showInputMessage=rule["prompt"] is not None, prompt=rule["prompt"],
                                    showErrorMessage=rule["type"] is not None, errorTitle="DebtDesk",
                                    error=rule["error"])
        validation.add(f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row + spare_rows}")
        ws.add_data_validation(validation)

    def set_page(self, sheet: str, page: Page) -> None:
        """Print settings for ``sheet`` as it stands: area, paper, orientation, fit to width,
        repeated header, breaks that keep charts and table headers whole, header and footer."""
        if page.orientation not in ("auto", "portrait", "landscape"):
            raise DebtDeskError("orientation", f"{page.orientation!r} is not one of auto, portrait, landscape")
        ws = self._sheet(sheet, compose=True)
        region = self.region()
        parts, width, last_row, last_col, wraps = _geometry(ws, region.paper)
        _apply_wraps(ws, wraps)
        height = _row_height(ws)
        plan = paging.layout(parts, width, last_row, region.paper, page.orientation, height)
        ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
        ws.print_title_rows = f"{plan.title_row}:{plan.title_row}" if plan.title_row else None
        ws.page_setup.orientation = plan.orientation
        ws.page_setup.paperSize = PAPERS[region.paper]
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, int(plan.one_page)
        ws.page_margins = PageMargins(**paging.MARGINS)
        # All at once: openpyxl's RowBreak.append checks every break made so far again (a long sheet's
        # thousands of breaks were most of its page set-up); at most Excel's limit (Layout.manual_breaks).
        ws.row_breaks = RowBreak(brk=[Break(id=row - 1) for row in plan.manual_breaks])
        parts = paging.header_footer(page.owner, page.reference, page.calculated and region.written(page.calculated))
        for part, text in parts.items():
            where, side = part.split("_")
            item = getattr(ws.oddHeader if where == "header" else ws.oddFooter, side)
            item.text, item.size = text or None, 9

    def show_first(self, sheet: str) -> None:
        """Move ``sheet`` to the first tab and make it the one the workbook opens on."""
        ws = self._sheet(sheet, compose=True)
        self.wb.move_sheet(ws, offset=-self.wb.sheetnames.index(sheet))
        self.wb.active = 0
        if self._fresh:  # a file's tabs are selected by the splice (a composed sheet's) or kept: none is read for it
            for other in self.wb.worksheets:
                other.sheet_view.tabSelected = other is ws or None

    def hide_sheet(self, sheet: str) -> None:
        """Hide ``sheet``."""
        self._sheet(sheet, compose=True).sheet_state = "hidden"

    def table_range(self, name: str) -> tuple[str, str]:
        """(sheet, range with header row) of the Excel table ``name``."""
        found = self._find_table(name)
        if found is None:
            raise DebtDeskError(name, f"no table named {name!r} in the workbook")
        return found[0].title, found[1].ref

    def read_range(self, sheet: str, cell_range: str) -> list[list]:
        """Values of a rectangle of cells, row by row."""
        return [list(row) for row in zip(*self.range_columns(sheet, cell_range))]

    def range_columns(self, sheet: str, cell_range: str) -> list[list]:
        """Values of a rectangle of cells, column by column (a million-row copy read without a list per row).

        >>> book = FileBook()
        >>> book.write_range("Sheet", "B2", [["Name", "Owed"], ["Ann", 12.5]])
        >>> book.range_columns("Sheet", "B2:C3"), book.read_range("Sheet", "B2:C3")
        ([['Name', 'Ann'], ['Owed', 12.5]], [['Name', 'Owed'], ['Ann', 12.5]])
        """
        if sheet not in self.wb.sheetnames:
            raise DebtDeskError(sheet, f"no sheet named {sheet!r} in the workbook")
        ws = self.wb[sheet]
        cells = ws._cells  # looked up, never created: reading leaves the sheet as it was
        min_col, min_row, max_col, max_row = range_boundaries(cell_range)
        if blocks.of(ws):
            return blocks.grid(ws, min_row, max_row, min_col, max_col, _value)
        return [[_value(cells.get((r, c))) for r in range(min_row, max_row + 1)] for c in range(min_col, max_col + 1)]

    def write_range(self, sheet: str, cell: str, rows: Sequence[Sequence]) -> None:
        """Write data values from ``cell`` right and down; dates get the workbook's date format.

        Many rows are kept as a block of columns, each as one typed array where it can be (:func:`blocks.compact`),
        the first row (a copied table's header, mostly) as cells so that it does not make its column a list of objects.
        """
        width = len(rows[0]) if rows else 0
        if len(rows) > blocks.BLOCK_ROWS + 1 and width and all(len(row) == width for row in rows):
            self.write_range_columns(sheet, cell, [list(column) for column in zip(*rows)])
        else:
            self._put(sheet, cell, rows)

    def write_range_columns(self, sheet: str, cell: str, columns: Sequence[Sequence]) -> None:
        """:meth:`write_range` of values given column by column (a million-row copy written without a list per row).

        >>> book = FileBook()
        >>> book.write_range_columns("Sheet", "A1", [["Name", "Ann"], ["Owed", 12.5]])
        >>> book.read_range("Sheet", "A1:B2")
        [['Name', 'Owed'], ['Ann', 12.5]]
        """
        ws = self._sheet(sheet, compose=True)
        col0, row0 = _anchor(cell)
        height = len(columns[0]) if len(columns) else 0
        if height > blocks.BLOCK_ROWS + 1 and all(len(column) == height for column in columns) \
                and _kept_as_block(ws, row0 + 1, col0, [blocks.compact(column[1:]) for column in columns],
                                   [[("date_format", self._code("date"))] for _ in columns]):
            columns = [column[:1] for column in columns]
        self._put(sheet, cell, list(zip(*columns)))

    def _put(self, sheet: str, cell: str, rows: Sequence[Sequence]) -> None:
        """Put ``rows`` into cells from ``cell``, dates in the workbook's date format."""
        ws = self._sheet(sheet, compose=True)
        col0, row0 = _anchor(cell)
        day = self._code("date")
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                c = ws.cell(row=row0 + i, column=col0 + j)
                put(c, value)
                if isinstance(c.value, datetime):
                    c.number_format = day
        self._settings_changed(sheet)

    def notify(self, message: str) -> None:
        """Record a message for the person (headless: the log)."""
        self.messages.append(message)
        log.info(message)

    # -- saving --------------------------------------------------------------------
    def save(self, target: str | Path) -> Path:
        """Save atomically to ``target`` (.xlsx; an .xlsm only into itself, keeping its macros).

        A workbook DebtDesk opened keeps every part it had byte for byte but DebtDesk's own
        sheets (and the workbook's sheet list, styles and content types that name them);
        refused, with nothing written, when one of DebtDesk's sheets or tables would
        overwrite or clash with the firm's own (see :func:`debtdesk.workbooks.package.refusals`).
        """
        target = Path(target)
        suffix = target.suffix.lower()
        in_place = self._in_place(target)
        if suffix != ".xlsx" and not (in_place and suffix == ".xlsm"):
            raise DebtDeskError("output", f"{target.name}: DebtDesk writes .xlsx workbooks only (no macros in outputs)")
        if self._fresh and "Sheet" in self.wb.sheetnames and len(self.wb.sheetnames) > 1:
            ws = self.wb["Sheet"]
            if ws.max_row == 1 and ws["A1"].value is None:
                self.wb.remove(ws)
        composed = [ws.title for ws in self.wb.worksheets if self._fresh or ws.title in self._rewritten]
        for name in composed:
            self.wb[name].defined_names[MARKER] = DefinedName(MARKER, attr_text=MARKER_VALUE, hidden=True)
        if self._fresh:
            with atomic_path(target) as tmp:
                self.wb.save(tmp)
            return target
        changes = Changes(order=list(self.wb.sheetnames), composed=composed,
                          edits={s: c for s, c in self._edits.items() if s not in self._rewritten},
                          grown=self._grown, states={s: self.wb[s].sheet_state for s in composed},
                          dropped_cells=self._dropped_cells, keep_macros=in_place and suffix == ".xlsm")
        drawn = self._compose(composed + [s for s in changes.edits if s not in composed])
        with atomic_path(target) as tmp, open(tmp, "wb") as stream:
            splice(self.source, drawn, stream, changes)
        return target

    def _compose(self, sheets: list[str]) -> bytes | None:
        """openpyxl's package of just ``sheets`` (the firm's other sheets are copied, not composed);
        None when the run changed no sheet."""
        if not sheets:
            return None
        everything, active = self.wb._sheets, self.wb._active_sheet_index
        states = {ws.title: ws.sheet_state for ws in everything}
        self.wb._sheets = [ws for ws in everything if ws.title in sheets]
        self.wb._active_sheet_index = 0
        self.wb._sheets[0].sheet_state = "visible"  # openpyxl wants one visible; states go to the splice apart
        try:
            buffer = io.BytesIO()
            # stored, not deflated: the splice reads these parts back at once and compresses what it keeps
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
                ExcelWriter(self.wb, archive).save()
            return buffer.getvalue()
        finally:
            self.wb._sheets, self.wb._active_sheet_index = everything, active
            for ws in everything:
                ws.sheet_state = states[ws.title]

    # -- internals -----------------------------------------------------------------
    def _in_place(self, target: Path) -> bool:
        return self.source is not None and target.resolve() == self.source.resolve()

    def _find_table(self, name: str):
        key = _table_name(name).lower()
        for ws in self.wb.worksheets:
            for table in ws.tables.values():
                if table.displayName.lower() in (name.lower(), key):
                    return ws, table
        return None

    def _add_table(self, ws, table: Table) -> None:
        """Add ``table`` to ``ws``; a name the workbook already uses (Excel needs them unique) is refused by name."""
        self._changed(ws.title, table.displayName)
        name = table.displayName
        if self.wb._duplicate_name(name):
            holder = next((other.title for other in self.wb.worksheets if name.lower() in map(str.lower, other.tables)), None)
            where = f"a table on sheet '{holder}'" if holder else "a defined name (Formulas › Name Manager)"
            raise DebtDeskError("workbook", f"DebtDesk's table '{name}' on sheet '{ws.title}' has the name of {where}, "
                                "and Excel needs table names unique; rename the firm's one")
        ws.add_table(table)

    def _sheet(self, name: str, compose: bool = False):
        """The sheet ``name`` (added if missing); ``compose``: this change is more than cells, so
        openpyxl composes the whole sheet on save."""
        self._changed(name)
        if name not in self.wb.sheetnames:
            self._new_sheet(name)
        elif compose and name not in self._rewritten:
            self._rewritten.add(name)
            self._dropped_cells.setdefault(name, [])
        return self.wb[name]

    def _column_list(self, source: str) -> str:
        """A list-validation formula for the values of a table column, ``"Table[Column]"``,
        that follows the column as rows are added."""
        name, column = table_column(source)
        sheet, ref = self.table_range(name)
        min_col, min_row, max_col, _ = range_boundaries(ref)
        header = [self.wb[sheet].cell(row=min_row, column=c).value for c in range(min_col, max_col + 1)]
        if column not in header:
            raise DebtDeskError("source", f"table {name!r} has no column {column!r}")
        return column_list(sheet, get_column_letter(min_col + header.index(column)), min_row + 1)
    def _new_sheet(self, name: str, index: int | None = None):
        """Add sheet ``name``; a name the workbook holds but for case is refused (Excel ignores case)."""
        twin = next((t for t in self.wb.sheetnames if t.lower() == name.lower()), None)
        if twin is not None:
            raise DebtDeskError("workbook", f"DebtDesk's sheet '{name}' clashes with the sheet '{twin}' (Excel ignores "
                                "case in sheet names); rename that sheet")
        self._rewritten.add(name)
        return self.wb.create_sheet(name, index)

    def _edited(self, sheet: str, cell, origin: str) -> None:
        """Note a changed cell of a sheet that is not composed whole, and where its style comes from."""
        if not self._fresh and sheet not in self._rewritten:
            self._edits.setdefault(sheet, {})[cell.coordinate] = origin

    def _choice_list(self, choices: list[str]) -> str:
        """The absolute range on the hidden Lists sheet holding ``choices`` (added once)."""
        ws = self._sheet(LISTS, compose=True)
        ws.sheet_state = "hidden"
        column = 1
        while ws.cell(row=1, column=column).value is not None:
            held = [ws.cell(row=r, column=column).value for r in range(1, len(choices) + 2)]
            if held == choices + [None]:
                break
            column += 1
        else:
            for r, choice in enumerate(choices, start=1):
                put(ws.cell(row=r, column=column), choice)
            self._changed(LISTS)
        letter = get_column_letter(column)
        return f"{quote_sheetname(LISTS)}!${letter}$1:${letter}${len(choices)}"

    def _fresh_sheet(self, name: str):
        """An empty sheet called ``name``, in the old one's place if it existed."""
        self._changed(name)
        if name in self.wb.sheetnames and not self._fresh and name not in self._rewritten:
            old = self.wb[name]  # a sheet of DebtDesk's own (its marker, from the workbook part) drops nothing of the
            # firm's: its cells are not read just to be thrown away (package.refusals asks about the firm's sheets only)
            self._dropped_cells[name] = [] if MARKER in old.defined_names else _outside_tables(old)
        if name in self.wb.sheetnames:
            index = self.wb.sheetnames.index(name)
            self.wb.remove(self.wb[name])
            ws = self._new_sheet(name, index)
        else:
            ws = self._new_sheet(name)
        if self._fresh and "Sheet" in self.wb.sheetnames and name != "Sheet":
            first = self.wb["Sheet"]
            if first.max_row == 1 and first["A1"].value is None:
                self.wb.remove(first)
        return ws

    def _total_row(self, ws, columns, spec, col0, row0, last_row, formats):
        row = last_row + 1
        label = ws.cell(row=row, column=col0, value="Total")
        label.font = _TOTAL_FONT
        for name, how in spec.totals.items():
            if how not in TOTALS:
                raise DebtDeskError("totals", f"{how!r} is not one of {', '.join(TOTALS)}")
            if name not in columns:
                raise DebtDeskError("totals", f"column {name!r} is not in the table")
            letter = get_column_letter(col0 + columns.index(name))
            c = ws.cell(row=row, column=col0 + columns.index(name),
                        value=f"={_EXCEL_FUNCTION[how]}({letter}{row0 + 1}:{letter}{last_row})")
            c.font = _TOTAL_FONT
            if name in formats:
                c.number_format = formats[name]


def _freeze(ws, header: int, first: bool) -> None:
    """One frozen pane per sheet: the rows down to the first table's header when they are few;
    none once a table with another header row joins it (a frozen header would then mislead)."""
    pane = ws.sheet_view.pane
    if first:
        rows = header if header <= paging.MAX_FROZEN_ROWS else 0
    elif pane is not None and pane.ySplit != header:
        rows = 0
    else:
        return
    if rows:
        top = f"A{rows + 1}"
        ws.sheet_view.pane = Pane(ySplit=rows, topLeftCell=top, activePane="bottomLeft", state="frozen")
        ws.sheet_view.selection = [Selection(pane="bottomLeft", activeCell=top, sqref=top)]
    else:
        ws.sheet_view.pane = None
        ws.sheet_view.selection = [Selection(activeCell="A1", sqref="A1")]


def _axis_format(code: str) -> str:
    """A value axis shows whole amounts: the format ``code`` without its decimals.

    >>> _axis_format('"£"#,##0.00;[Red]-"£"#,##0.00')
    '"£"#,##0;-"£"#,##0'
    """
    return code.replace(".00", "").replace("[Red]", "")


def _geometry(ws, paper: str) -> tuple[list[paging.Block], float, int, int, list[paging.Wrap]]:
    """(blocks, width in points, last row, last column, text to wrap) of what is on ``ws``."""
    last_row = ws.max_row
    widths = [paging.column_points(_width(ws, c)) for c in range(1, 200)]
    in_tables = [range_boundaries(t.ref) for t in ws.tables.values()]
    kept = blocks.of(ws)
    for block in list(kept):  # a big table's body is within its table; anything else is looked at cell by cell
        if not any(a <= block.left and block.right <= x and b <= block.top and block.bottom <= y
                   for a, b, x, y in in_tables):
            blocks.materialise(ws, block)
    found = paging.table_blocks(in_tables, lambda r, c: _value(blocks.lookup(ws, r, c)))
    right = max((sum(widths[:max_col]) for _, _, max_col, _ in in_tables), default=0.0)
    for chart in ws._charts:  # anchored by two cells (see _chart_anchor)
        start, end = chart.anchor._from, chart.anchor.to
        found.append(paging.Block(start.row + 1, end.row + 1, end.row + 1))
        last_row = max(last_row, end.row + 1)
        right = max(right, sum(widths[:end.col]) + end.colOff / _EMU_PER_POINT)
    texts = []
    for row in ws.iter_rows() if not kept else [[c for _, c in sorted(ws._cells.items())]]:
        for c in row:  # text outside tables runs on into empty cells; numbers stay in theirs
            if c.value is None or any(a <= c.column <= x and b <= c.row <= y for a, b, x, y in in_tables):
                continue
            if isinstance(c.value, str):
                texts.append((c.row, c.column, _text_points(c)))
            else:
                right = max(right, sum(widths[:c.column]))
    wraps, width = paging.wrap_text(texts, widths, right, paper)
    last_col = 1
    while sum(widths[:last_col]) < width - 1:
        last_col += 1
    return found, sum(widths[:last_col]), last_row, last_col, wraps


def _apply_wraps(ws, wraps: Sequence[paging.Wrap]) -> None:
    """Let long lines of text wrap over the columns they would otherwise run past the page in."""
    merged = {str(m) for m in ws.merged_cells.ranges}
    for wrap in wraps:
        first = ws.cell(row=wrap.row, column=wrap.first)
        first.alignment = Alignment(wrap_text=True, vertical="top")

        def empty(rows):
            return all(blocks.lookup(ws, r, c) is None or blocks.lookup(ws, r, c).value is None
                       for r in rows for c in range(wrap.first, wrap.last + 1) if (r, c) != (wrap.row, wrap.first))

        below = range(wrap.row, wrap.row + wrap.lines)
        if empty(below):  # a block of empty cells under the text: it flows down into them, rows unchanged
            cells = f"{first.coordinate}:{get_column_letter(wrap.last)}{below[-1]}"
        elif empty([wrap.row]):  # else across its row, which grows as tall as the lines
            cells = f"{first.coordinate}:{get_column_letter(wrap.last)}{wrap.row}"
            dimension = ws.row_dimensions[wrap.row]
            dimension.height = max(dimension.height or paging.ROW_POINTS, wrap.lines * paging.ROW_POINTS)
        else:
            continue
        if cells not in merged and ":" in cells and cells.split(":")[0] != cells.split(":")[1]:
            ws.merge_cells(cells)
            merged.add(cells)


def _text_points(cell) -> float:
    """About how wide a text cell prints, in points (a formula: its longest quoted text).

    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> ws["A1"], ws["A2"] = "Your debt plan", '=IF(B1>0,"Out of date","Calculated")'
    >>> _text_points(ws["A1"]), _text_points(ws["A2"])
    (70.0, 55.0)
    """
    text = cell.value
    if cell.data_type == "f":
        text = max(re.findall(r'"([^"]*)"', text), key=len, default="")
    font = cell.font
    return paging.text_points(text, font.sz if font is not None and font.sz else 11, bool(font is not None and font.b))


def _value(cell):
    """A cell's value; a formula as :class:`~debtdesk.workbooks.cells.Formula` (not data text)."""
    if cell is None:
        return None
    return Formula(cell.value) if cell.data_type == "f" and isinstance(cell.value, str) else cell.value


#: English metric units per point (DrawingML's unit of length).
_EMU_PER_POINT = 12700


def _chart_anchor(ws, cell: str, width_cm: float, height_cm: float) -> TwoCellAnchor:
    """A chart's place as the cells its corners fall in, so that Excel and LibreOffice draw it
    the same size and a page break can be kept clear of the rows it covers.

    >>> from openpyxl import Workbook
    >>> anchor = _chart_anchor(Workbook().active, "B2", 16, 8)
    >>> (anchor._from.col, anchor._from.row), (anchor.to.col, anchor.to.row, anchor.to.rowOff)
    ((1, 1), (10, 16, 60600))
    """
    col, row = _anchor(cell)
    width, height = width_cm / 2.54 * 72, height_cm / 2.54 * 72 + paging.CHART_INSET
    end_col = col
    while width > paging.column_points(_width(ws, end_col)):
        width -= paging.column_points(_width(ws, end_col))
        end_col += 1
    rows, end_row = _row_height(ws), row
    while height > rows(end_row):
        height -= rows(end_row)
        end_row += 1
    return TwoCellAnchor(editAs="oneCell", _from=AnchorMarker(col=col - 1, row=row - 1,
                                                              rowOff=round(paging.CHART_INSET * _EMU_PER_POINT)),
                         to=AnchorMarker(col=end_col - 1, colOff=round(width * _EMU_PER_POINT),
                                         row=end_row - 1, rowOff=round(height * _EMU_PER_POINT)))


def _width(ws, column: int) -> float:
    """The stored width of ``column``; a workbook read back holds columns of one width as one span (``<col min max>``),
    kept by openpyxl under its first column's letter only.

    >>> from openpyxl import Workbook, load_workbook
    >>> ws = Workbook().active
    >>> ws.column_dimensions.group("B", "D", hidden=False); ws.column_dimensions["B"].width = 20
    >>> _width(ws, 3), _width(ws, 5)
    (20.0, 9.140625)
    """
    dimension = ws.column_dimensions.get(get_column_letter(column))
    if dimension is None:
        dimension = next((d for d in ws.column_dimensions.values() if d.min and d.max and d.min <= column <= d.max), None)
    return dimension.width if dimension is not None and dimension.width else paging.DEFAULT_COLUMN_WIDTH


def _row_height(ws):
    """The height in points of a row of ``ws`` as it stands (a layout asks once a row, for every row)."""
    heights = {row: dimension.height for row, dimension in ws.row_dimensions.items() if dimension.height}
    return lambda row: heights.get(row, paging.ROW_POINTS)
#: First-column labels of a total row typed under a table by hand (never data).
_TOTAL_LABELS = ("total", "totals", "grand total", "sum")


def _rows_below(ws, min_col: int, max_col: int, last_row: int) -> int:
    """How many rows directly under a table (within its columns) hold data, up to an empty or a total row."""
    count = 0
    while last_row + count < ws.max_row:
        cells = [ws.cell(row=last_row + count + 1, column=c).value for c in range(min_col, max_col + 1)]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            break
        if isinstance(cells[0], str) and cells[0].strip().lower() in _TOTAL_LABELS:
            break
        count += 1
    return count


def _refuse_merged(ws, name: str, header: list[str], area: tuple[int, int, int, int]) -> None:
    """Refuse a merged range that reaches into the data rows of a table read from ``area``."""
    top, bottom, left, right = area
    for merged in ws.merged_cells.ranges:
        if merged.max_row > top and merged.min_row <= bottom and merged.max_col >= left and merged.min_col <= right:
            first, last = max(merged.min_row, top + 1) - top, min(merged.max_row, bottom) - top
            column = header[max(merged.min_col, left) - left] if max(merged.min_col, left) - left < len(header) else ""
            rows = f"rows {first}-{last}" if first != last else f"row {first}"
            raise DebtDeskError(f"{name} {rows}", f"{column or merged.coord} is a merged cell ({merged.coord}): "
                                "unmerge it and fill in every row")


def _outside_tables(ws) -> list[str]:
    """Cells of ``ws`` that hold something outside its tables (the first few), which emptying it drops."""
    ranges = [range_boundaries(t.ref) for t in ws.tables.values()]
    found = []
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None and not any(a <= c.column <= x and b <= c.row <= y for a, b, x, y in ranges):
                found.append(c.coordinate)
                if len(found) == 3:
                    return found
    return found


def _put_rows(ws, rows: Sequence[Sequence], top: int, left: int, number_formats: Sequence[str | None]) -> None:
    """Put ``rows`` into cells from (``top``, ``left``), column ``j`` in number format ``number_formats[j]`` (None: as
    it is). Each format is looked up in the workbook's list once, by the column's first cell, and its number copied
    to the column's other cells: the same cells as setting ``number_format`` on each, without a lookup per cell.

    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> _put_rows(ws, [(1, 2.5), (2, 3.25)], 2, 1, [None, "#,##0.00"])
    >>> [(c.value, c.number_format) for c in ws["B"]]
    [(None, 'General'), (2.5, '#,##0.00'), (3.25, '#,##0.00')]
    """
    ids: dict[int, int] = {}
    for i, row in enumerate(rows, start=top):
        for j, value in enumerate(row):
            c = ws.cell(row=i, column=left + j)
            put(c, value)
            if number_formats[j] is None:
                continue
            if j in ids:
                c._style = c._style or StyleArray()
                c._style.numFmtId = ids[j]
            else:
                c.number_format = number_formats[j]
                ids[j] = c._style.numFmtId


def _kept_as_block(ws, top: int, left: int, columns: Sequence[Sequence], styles: Sequence[list]) -> bool:
    """Keep ``columns`` (more than :data:`blocks.BLOCK_ROWS` rows, from ``top``, ``left``) as a block streamed when
    saved, if no cell under them is made or kept and a block can hold their values; False (nothing done) if not."""
    rows = len(columns[0]) if len(columns) else 0
    if rows <= blocks.BLOCK_ROWS or not _vacant(ws, top, top + rows - 1, left, left + len(columns) - 1) \
            or not blocks.holdable(columns):
        return False
    blocks.add(ws, top, left, columns, styles)
    return True


def _vacant(ws, min_row: int, max_row: int, min_col: int, max_col: int) -> bool:
    """True when no cell of ``ws`` in the rectangle is made or kept in a block."""
    return not any(min_row <= r <= max_row and min_col <= c <= max_col for r, c in ws._cells) and \
        not any(b.top <= max_row and min_row <= b.bottom and b.left <= max_col and min_col <= b.right
                for b in blocks.of(ws))


def _anchor(cell: str) -> tuple[int, int]:
    letters, row = coordinate_from_string(cell)
    return column_index_from_string(letters), row


def _table_name(name: str) -> str:
    """A valid Excel table name: letters, digits, underscores, not starting with a digit."""
    cleaned = re.sub(r"\W", "_", name)
    return cleaned if cleaned and not cleaned[0].isdigit() else f"T_{cleaned}"


def _autofit(ws, columns, rows: list[tuple], col0, codes: Sequence[str | None]) -> None:
    """Widen columns to fit this table's text as shown in its number formats (its first 200 rows), as Excel's
    AutoFit does; never narrow one that another table on the sheet needs."""
    for j, name in enumerate(columns):
        sample = [len(name)] + [len(paging.shown(plain(row[j]), codes[j])) for row in rows[:200]]
        dimension = ws.column_dimensions[get_column_letter(col0 + j)]
        dimension.width = max(min(max(sample) + 3, 60), dimension.width or 0)


def _wrap_long_text(ws, columns: Sequence[Sequence], col0: int, row0: int) -> None:
    """Text longer than its column wraps inside it, its row as tall as the lines it takes and
    every cell of that row read from the top."""
    tall = set()
    width = len(columns)
    for j, values in enumerate(columns):
        if isinstance(values, pd.Series) and isinstance(values.dtype, np.dtype) and values.dtype.kind in "fiubmM":
            continue  # numbers and dates: no text to wrap
        column = paging.column_points(_width(ws, col0 + j))
        for i, value in enumerate(values.tolist() if isinstance(values, pd.Series) else values, start=1):
            if isinstance(value, str) and len(value) * 4.8 > column - 6:
                ws.cell(row=row0 + i, column=col0 + j).alignment = Alignment(wrap_text=True, vertical="top")
                lines = math.ceil(len(value) * 4.8 * 1.1 / (column - 6))
                dimension = ws.row_dimensions[row0 + i]
                dimension.height = max(dimension.height or paging.ROW_POINTS, lines * paging.ROW_POINTS)
                tall.add(row0 + i)
    for row in tall:
        for j in range(width):
            c = ws.cell(row=row, column=col0 + j)
            if not c.alignment.wrap_text:
                c.alignment = Alignment(horizontal=c.alignment.horizontal, vertical="top")


def _guess_formats(frame: pd.DataFrame) -> dict[str, str]:
    out = {}
    for name in frame.columns:
        values = [plain(v) for v in frame[name] if plain(v) is not None]
        if values and all(hasattr(v, "hour") for v in values):
            out[name] = "datetime"
    return out


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "batch"
