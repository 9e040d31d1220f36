"""Big tables kept as columns until the workbook is saved, then streamed a row at a time.

A collections workbook of a million-item ledger holds three million-row tables (the
Ledger, the Ageing detail, the Statements' lines) and a copy of the ledger on the
"Inputs as calculated" sheet: as openpyxl cells that is tens of millions of objects and
gigabytes. :meth:`FileBook.write_table <debtdesk.workbooks.filebook.FileBook.write_table>`
of a frame with more than :data:`BLOCK_ROWS` rows (and
:meth:`~debtdesk.workbooks.filebook.FileBook.write_range` of as many rows) keeps the body
as a :class:`Block`: the frame's columns, and for each column the style changes made to
it since (its number format, the input look). openpyxl's worksheet writer then takes the
block's rows one by one as short-lived cells, made by the very calls the cell path makes
(:func:`~debtdesk.workbooks.cells.put`, then the column's style changes), so the saved
cells, values and styles are the same as if every cell had been made up front.

A cell of a block that code asks openpyxl for (``ws.cell``, ``ws["B7"]``) is made then,
from the block, and from then on is an ordinary cell that wins over the block; the
readers that take many cells at once (:func:`grid`) read the columns directly.

Examples
--------
>>> import pandas as pd
>>> from openpyxl import Workbook
>>> ws = Workbook().active
>>> block = add(ws, 2, 1, [pd.Series([1.5, None]), pd.Series(["=1+1", "Ann"])])
>>> grid(ws, 2, 3, 1, 2), ws.max_row
([[1.5, None], ['=1+1', 'Ann']], 3)
>>> ws["B2"].value, ws["B2"].quotePrefix, len(ws._cells)
('=1+1', True, 3)
"""

from __future__ import annotations

import heapq
import io
from warnings import warn
from datetime import date, datetime, time, timedelta
from typing import Callable, Sequence

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import range_boundaries
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet import _writer
from openpyxl.writer.excel import ExcelWriter

from debtdesk.workbooks.cells import Formula, looks_like_formula, plain, put

#: Tables (and written ranges) with more rows than this are kept as columns until saved. Above a few hundred rows
#: that is also the cheaper path: each column's style is made once and no cell is held until the save (a 30-year
#: mortgage's 308-row schedule: ~9 ms less of a client's ~200 ms of CPU than a cell per value, the same cells saved).
BLOCK_ROWS = 200
#: Rows of a block turned into Python values at a time, when saving or reading.
CHUNK = 8_192
_ATTRIBUTE = "_debtdesk_blocks"
#: What a held cell value may be (anything else, such as a Formula, goes the cell path).
_HELD = (str, int, float, bool, datetime, date, time, timedelta, type(None))


class Block:
    """The body of a big table on a worksheet: ``columns`` from row ``top``, column ``left``.

    ``styles[j]`` lists the style changes made to column ``j`` after its values were put
    in, in order, as (cell attribute, value); the attribute ``"date_format"`` sets the
    number format of date-time values only.
    """

    def __init__(self, ws, top: int, left: int, columns: Sequence[Sequence], styles: Sequence[list] | None = None):
        self.ws, self.top, self.left = ws, top, left
        self.columns = list(columns)
        self.height = len(self.columns[0]) if self.columns else 0
        self.styles = [list(s) for s in styles] if styles is not None else [[] for _ in self.columns]
        self.made: set[tuple[int, int]] = set()  # cells made from the block (they win over it)
        self._cache: list[dict] = [{} for _ in self.columns]

    @property
    def bottom(self) -> int:
        return self.top + self.height - 1

    @property
    def right(self) -> int:
        return self.left + len(self.columns) - 1

    def covers(self, row: int, column: int) -> bool:
        return self.top <= row <= self.bottom and self.left <= column <= self.right

    def values(self, j: int, start: int, stop: int) -> list:
        """Column ``j``'s values from row offset ``start`` to ``stop`` as cells hold them (:func:`plain`)."""
        column = self.columns[j]
        if isinstance(column, pd.Series):
            if isinstance(column.dtype, np.dtype) and column.dtype.kind == "f":
                return [None if v != v else v for v in column.to_numpy()[start:stop].tolist()]
            if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iub":
                return column.to_numpy()[start:stop].tolist()
            return [plain(v) for v in column.iloc[start:stop].tolist()]
        return [plain(v) for v in column[start:stop]]

    def value(self, row: int, column: int):
        """The value of the cell (``row``, ``column``) as a cell holds it."""
        held = self.columns[column - self.left]
        return plain(held.iat[row - self.top] if isinstance(held, pd.Series) else held[row - self.top])

    def restyle(self, j: int, changes: Sequence[tuple[str, object]]) -> None:
        """Apply style ``changes`` to every cell of column ``j``: those to come, and those made."""
        self.styles[j].extend(changes)
        self._cache[j].clear()
        for row, column in self.made:
            if column == self.left + j:
                _apply(self.ws._cells[(row, column)], changes)

    def cell(self, row: int, column: int, value, keep: bool = False) -> Cell:
        """The cell at (``row``, ``column``) holding ``value`` (of this block), styled as its column."""
        j = column - self.left
        made = Cell(self.ws, row=row, column=column)
        put(made, value)
        key = (type(made._value) if made.data_type == "d" else None, looks_like_formula(made._value))
        style = self._cache[j].get(key)
        if style is None:
            _apply(made, self.styles[j])
            style = self._cache[j][key] = made._style
        made._style = StyleArray(style) if keep and style is not None else style
        return made

    def rows(self):
        """(row number, values) of every row, in order, a chunk of values at a time."""
        for start in range(0, self.height, CHUNK):
            stop = min(start + CHUNK, self.height)
            chunk = [self.values(j, start, stop) for j in range(len(self.columns))]
            for offset, values in enumerate(zip(*chunk)):
                yield self.top + start + offset, values


def holdable(frame_or_columns) -> bool:
    """True when every value can be kept in a block: numbers, dates, booleans, text without control
    characters, missing; never a :class:`~debtdesk.workbooks.cells.Formula` (those go cell by cell).

    >>> holdable(pd.DataFrame({"A": [1.5, None], "B": ["Ann", "=1+1"]})), holdable([["\\x01"]])
    (True, False)
    """
    columns = [frame_or_columns.iloc[:, j] for j in range(frame_or_columns.shape[1])] \
        if isinstance(frame_or_columns, pd.DataFrame) else frame_or_columns
    for column in columns:
        if isinstance(column, pd.Series) and column.dtype.kind in "fiubM" and getattr(column.dtype, "tz", None) is None:
            continue
        values = column.tolist() if isinstance(column, pd.Series) else column
        for value in values:
            value = plain(value)
            if not isinstance(value, _HELD) or isinstance(value, Formula) or \
                    (isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value)) or \
                    (isinstance(value, (datetime, time)) and value.tzinfo is not None):
                return False
    return True


def add(ws, top: int, left: int, columns: Sequence[Sequence], styles: Sequence[list] | None = None) -> Block:
    """Keep ``columns`` on ``ws`` from (``top``, ``left``) as a :class:`Block` (cells none there yet).

    Its first and last cells are made at once, so that openpyxl's extent of the sheet (max_row,
    the saved dimension) is what it would be with every cell made.
    """
    block = Block(ws, top, left, columns, styles)
    blocks = ws.__dict__.setdefault(_ATTRIBUTE, [])
    if not blocks:
        ws._get_cell = lambda row, column, _ws=ws: _get_cell(_ws, row, column)
    blocks.append(block)
    if block.height and block.columns:
        ws.cell(row=block.top, column=block.left)
        ws.cell(row=block.bottom, column=block.right)
    return block


def of(ws) -> list[Block]:
    """The blocks kept on ``ws`` (none for most sheets)."""
    return ws.__dict__.get(_ATTRIBUTE, [])


def at(ws, row: int, column: int) -> Block | None:
    """The block holding the cell (``row``, ``column``) of ``ws``, if any."""
    return next((b for b in of(ws) if b.covers(row, column)), None)


def materialise(ws, block: Block) -> None:
    """Make every cell of ``block`` an openpyxl cell and forget the block (for what only cells can do)."""
    for row, values in block.rows():
        for j, value in enumerate(values):
            if (row, block.left + j) not in ws._cells:
                ws._add_cell(block.cell(row, block.left + j, value, keep=True))
    of(ws).remove(block)


def grid(ws, min_row: int, max_row: int, min_col: int, max_col: int,
         value: Callable = lambda cell: cell.value) -> list[list]:
    """The values of a rectangle of ``ws`` as a list of columns (``value(cell)`` of each cell made;
    a block's values as they are; None where there is nothing), making no cell.
    """
    height = max_row - min_row + 1
    out = []
    for column in range(min_col, max_col + 1):
        values = [None] * height
        for block in of(ws):
            if block.left <= column <= block.right:
                top, bottom = max(block.top, min_row), min(block.bottom, max_row)
                if top <= bottom:
                    values[top - min_row: bottom - min_row + 1] = \
                        block.values(column - block.left, top - block.top, bottom - block.top + 1)
        out.append(values)
    for (row, column), cell in ws._cells.items():
        if min_row <= row <= max_row and min_col <= column <= max_col:
            out[column - min_col][row - min_row] = value(cell)
    return out


def lookup(ws, row: int, column: int) -> Cell | None:
    """The cell at (``row``, ``column``) if made, else a short-lived one from a block, else None."""
    cell = ws._cells.get((row, column))
    if cell is None:
        block = at(ws, row, column)
        if block is not None:
            cell = block.cell(row, column, block.value(row, column))
    return cell


def _get_cell(ws, row: int, column: int) -> Cell:
    """openpyxl's Worksheet._get_cell, making a block's cell from the block."""
    cell = ws._cells.get((row, column))
    if cell is not None:
        return cell
    block = at(ws, row, column)
    if block is None:
        return type(ws)._get_cell(ws, row, column)
    cell = block.cell(row, column, block.value(row, column), keep=True)
    ws._add_cell(cell)
    block.made.add((row, column))
    return cell


def _apply(cell: Cell, changes: Sequence[tuple[str, object]]) -> None:
    for attribute, value in changes:
        if attribute == "date_format":
            if isinstance(cell._value, datetime):
                cell.number_format = value
        else:
            setattr(cell, attribute, value)


def _rows(writer):
    """openpyxl's WorksheetWriter.rows, with each block's rows made as they are written."""
    made = _plain_rows(writer)
    blocks = of(writer.ws)
    if not blocks:
        return made
    return _merged(writer.ws, dict(made), blocks)


def _merged(ws, made: dict, blocks: list[Block]):
    streams = [(block, block.rows()) for block in blocks]
    last = None
    for row in heapq.merge(sorted(made), *(range(b.top, b.bottom + 1) for b in blocks)):
        if row == last:
            continue
        last = row
        cells = list(made.get(row, ()))
        for block, stream in streams:
            if block.top <= row <= block.bottom:
                _, values = next(stream)
                for j, value in enumerate(values):
                    if (row, block.left + j) not in ws._cells:
                        cells.append(block.cell(row, block.left + j, value))
        if len(cells) > 1:
            cells.sort(key=lambda c: c.column)
        yield row, cells


def _write_tables(writer):
    """openpyxl's WorksheetWriter.write_tables, naming a table's columns from its header row alone
    (openpyxl reads the whole table for it, which would make every cell of a block)."""
    if of(writer.ws):
        for table in writer.ws.tables.values():
            if not table.tableColumns:
                table._initialise_columns()
                if table.headerRowCount:
                    min_col, min_row, max_col, _ = range_boundaries(table.ref)
                    for column, named in zip(range(min_col, max_col + 1), table.tableColumns):
                        cell = writer.ws.cell(row=min_row, column=column)
                        if cell.data_type != "s":
                            warn("File may not be readable: column headings must be strings.")
                        named.name = str(cell.value)
    return _plain_write_tables(writer)


def _write_worksheet(excel, ws):
    """openpyxl's ExcelWriter.write_worksheet, a sheet without blocks written in memory rather than
    through a temporary file (a block's sheet, which may be hundreds of megabytes, still goes to disk)."""
    if of(ws) or excel.workbook.write_only:
        return _plain_write_worksheet(excel, ws)
    ws._drawing = SpreadsheetDrawing()
    ws._drawing.charts, ws._drawing.images = ws._charts, ws._images
    writer = _writer.WorksheetWriter(ws, out=io.BytesIO())
    writer.write()
    ws._rels = writer._rels
    excel._archive.writestr(ws.path[1:], writer.out.getvalue())
    excel.manifest.append(ws)


_plain_rows, _plain_write_tables = _writer.WorksheetWriter.rows, _writer.WorksheetWriter.write_tables
_writer.WorksheetWriter.rows, _writer.WorksheetWriter.write_tables = _rows, _write_tables
_plain_write_worksheet, ExcelWriter.write_worksheet = ExcelWriter.write_worksheet, _write_worksheet
