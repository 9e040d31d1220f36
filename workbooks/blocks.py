"""Big tables kept as columns until the workbook is saved, then streamed a row at a time.

A collections workbook of a million-item ledger holds three million-row tables (the
Ledger, the Ageing detail, the Statements' lines) and a copy of the ledger on the
"Inputs as calculated" sheet: as openpyxl cells that is tens of millions of objects and
gigabytes. :meth:`FileBook.write_table <debtdesk.workbooks.filebook.FileBook.write_table>`
of a frame with more than :data:`BLOCK_ROWS` rows (and
:meth:`~debtdesk.workbooks.filebook.FileBook.write_range` of as many rows) keeps the body
as a :class:`Block`: the frame's columns, and for each column the style changes made to
it since (its number format, the input look). When the sheet is saved, a row of block
values alone is written as XML text, the very bytes openpyxl's cell writer makes for it
(each column's style found once, by the calls the cell path makes:
:func:`~debtdesk.workbooks.cells.put`, then the column's style changes); any other row
(cells made there, a row height, a value the text writer does not take) is made as
short-lived cells by those calls and written by openpyxl. The saved package is the same,
byte for byte, as if every cell had been made up front.

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
import re
from warnings import warn
from datetime import date, datetime, time, timedelta
from typing import Callable, Sequence

import numpy as np
import pandas as pd
from openpyxl import LXML
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.compat import safe_string
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.datetime import to_excel
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet import _writer
from openpyxl.writer.excel import ExcelWriter

from debtdesk.workbooks.cells import FORMULA_TRIGGERS, Formula, looks_like_formula, plain, put
from debtdesk.workbooks.ooxml import DEFLATE_LEVEL

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
            return [v if type(v) is str else plain(v) for v in column.iloc[start:stop].tolist()]
        return [v if type(v) is str else plain(v) for v in column[start:stop]]

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
        # A Series is read a slice at a time: a million-row text column held as Arrow is never a million
        # Python strings at once.
        for start in range(0, len(column), _CHECKED) if isinstance(column, pd.Series) else (0,):
            values = column.iloc[start: start + _CHECKED].tolist() if isinstance(column, pd.Series) else column
            kinds = set(map(type, values))
            if kinds <= _SIMPLE:  # the usual column: only its text needs looking at, in one search
                text = values if kinds <= {str} else [value for value in values if type(value) is str]
                if ILLEGAL_CHARACTERS_RE.search("".join(text)):
                    return False
                continue
            for value in values:
                value = plain(value)
                if not isinstance(value, _HELD) or isinstance(value, Formula) or \
                        (isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value)) or \
                        (isinstance(value, (datetime, time)) and value.tzinfo is not None):
                    return False
    return True


#: Rows of a Series :func:`holdable` reads at a time.
_CHECKED = 65_536
#: Exact types :func:`holdable` takes without a look at each value (the search for control characters
#: is a character class, so one search of the column's text joined finds what one per value would).
_SIMPLE = frozenset({str, int, float, bool, type(None), date})


def compact(values: Sequence) -> Sequence:
    """``values`` (a column of cell values) as a typed pandas Series where one holds them exactly: floats
    and missing, whole numbers, booleans, text and missing, naive date-times and missing; else as a list.
    A million copied cells kept as arrays rather than as a million Python objects; a block gives back the
    same cell values either way.

    >>> [str(compact(v).dtype) for v in ([1.5, None], [1, 2], ["Ann", None], [datetime(2026, 1, 2), None])]
    ['float64', 'int64', 'str', 'datetime64[us]']
    >>> compact([1, None]), compact([2 ** 70])
    ([1, None], [1180591620717411303424])
    """
    kinds = set(map(type, values)) - {type(None)}
    dtype = {frozenset([float]): "float64", frozenset([bool]): "bool", frozenset([str]): "str",
             frozenset([datetime]): "datetime64[us]"}.get(frozenset(kinds))
    if kinds == {int} and len(kinds) == len(set(map(type, values))):
        dtype = "int64"  # whole numbers with a gap stay a list: a float column would read back 1.0
    if dtype is None or (dtype == "bool" and None in values) or \
            (dtype == "datetime64[us]" and any(v.tzinfo is not None for v in values if v is not None)):
        return list(values)
    try:
        return pd.Series(values, dtype=dtype)
    except (OverflowError, ValueError, TypeError, UnicodeError):  # past int64, a lone surrogate, a date pandas cannot hold
        return list(values)


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
    through a temporary file (a block's sheet, which may be hundreds of megabytes, still goes to disk,
    deflated at :data:`~workbooks.ooxml.DEFLATE_LEVEL`)."""
    if of(ws) or excel.workbook.write_only:
        level, excel._archive.compresslevel = excel._archive.compresslevel, DEFLATE_LEVEL
        try:
            return _plain_write_worksheet(excel, ws)
        finally:
            excel._archive.compresslevel = level
    ws._drawing = SpreadsheetDrawing()
    ws._drawing.charts, ws._drawing.images = ws._charts, ws._images
    writer = _writer.WorksheetWriter(ws, out=io.BytesIO())
    writer.write()
    ws._rels = writer._rels
    excel._archive.writestr(ws.path[1:], writer.out.getvalue())
    excel.manifest.append(ws)


def _stream(writer):
    """openpyxl's WorksheetWriter.get_stream; a sheet with blocks is written through a Python file that
    :func:`_write_rows` can also write rows of text to (openpyxl hands lxml the file's name)."""
    if not (of(writer.ws) and LXML and isinstance(writer.out, str)):
        yield from _plain_stream(writer)
        return
    with open(writer.out, "wb") as raw, xmlfile(raw) as xf:
        writer._debtdesk_raw = raw
        with xf.element("worksheet", xmlns=SHEET_MAIN_NS):
            try:
                while True:
                    element = (yield)
                    if element is True:
                        yield xf
                    elif element is not None:
                        xf.write(element)
            except GeneratorExit:
                pass


def _write_rows(writer):
    """openpyxl's WorksheetWriter.write_rows; a row made of block values alone is written as XML text
    (:class:`_RowText`), the same bytes openpyxl would write, without making its cells (a million-row
    sheet's save was mostly openpyxl building and serialising ~10 us a cell). Rows with cells made by
    anyone, row settings (a height), or a value the text writer does not take go cell by cell."""
    raw = getattr(writer, "_debtdesk_raw", None)
    if raw is None:
        return _plain_write_rows(writer)
    ws = writer.ws
    made = dict(_plain_rows(writer))
    held = sorted(of(ws), key=lambda b: b.left)
    streams = [(block, block.rows()) for block in held]
    text, pending = _RowText(ws), []
    xf = writer.xf.send(True)

    def spill():
        xf.flush()
        raw.write("".join(pending).encode("ascii", "xmlcharrefreplace"))
        pending.clear()

    with xf.element("sheetData"):
        last = None
        for row in heapq.merge(sorted(made), *(range(b.top, b.bottom + 1) for b in held)):
            if row == last:
                continue
            last = row
            parts = [(block, next(stream)[1]) for block, stream in streams if block.top <= row <= block.bottom]
            line = None if row in made else text.row(row, parts)
            if line is not None:
                pending.append(line)
                if len(pending) >= CHUNK:
                    spill()
                continue
            if pending:
                spill()
            cells = list(made.get(row, ()))
            for block, values in parts:
                cells.extend(block.cell(row, block.left + j, value) for j, value in enumerate(values)
                             if (row, block.left + j) not in ws._cells)
            cells.sort(key=lambda c: c.column)
            writer.write_row(xf, cells, row)
        if pending:
            spill()
    writer.xf.send(None)


class _RowText:
    """A block row as the XML openpyxl writes for it (``<row r="7"><c r="A7" s="3" t="n"><v>1.5</v></c>…``),
    or None when a value is not plain (text that is an error code, a time, a duration): that row goes
    cell by cell. Text a spreadsheet would evaluate is text with the quote prefix, as :func:`put` stores it. Each column's style is registered the first time a value of
    its kind is written, in the order openpyxl meets them, so the styles are numbered as it numbers them."""

    def __init__(self, ws):
        self.ws, self.epoch = ws, ws.parent.epoch
        self.iso = ws.parent.iso_dates
        self.styles: dict[tuple, str] = {}
        self.serials: dict[datetime, str] = {}  # a ledger's dates repeat: each one's serial number is figured once
        self.columns: dict[int, tuple[list[str], list]] = {}  # id(block): _columns(block)

    def style(self, block: Block, j: int, row: int, value, kind=None) -> str:
        """The ``s`` attribute of column ``j``'s cells of ``kind`` (None, datetime, or "quoted" text)."""
        key = (id(block), j, kind)
        found = self.styles.get(key)
        if found is None:
            cell = block.cell(row, block.left + j, value)
            found = self.styles[key] = f' s="{cell.style_id}"' if cell.has_style else ""
        return found

    def _columns(self, block: Block) -> tuple[list[str], list]:
        """Each column of ``block``'s cell opening up to its row number (``<c r="B``) and, once met, its ``s``
        attribute for numbers, booleans and missing values (the style of kind None)."""
        found = self.columns.get(id(block))
        if found is None:
            found = self.columns[id(block)] = ([f'<c r="{_LETTERS[block.left + j]}' for j in range(len(block.columns))],
                                               [None] * len(block.columns))
        return found

    def row(self, row: int, parts: list[tuple[Block, tuple]]) -> str | None:
        out = [f'<row r="{row}">']
        styles, serials = self.styles, self.serials
        for block, values in parts:
            at = id(block)
            opens, plain_styles = self._columns(block)
            for j, value in enumerate(values):
                kind = type(value)
                if kind is float or kind is int:
                    style = plain_styles[j]
                    if style is None:
                        style = plain_styles[j] = self.style(block, j, row, value)
                    out.append(f'{opens[j]}{row}"{style} t="n"><v>{"%.16g" % value if value - value == 0 else ""}</v></c>')
                elif kind is str:
                    if value in ERROR_CODES:
                        return None
                    value = value[:32767]
                    quoted = "quoted" if value.startswith(FORMULA_TRIGGERS) else None  # text, as put stores it
                    style = plain_styles[j] if quoted is None else styles.get((at, j, quoted))
                    if style is None:
                        style = self.style(block, j, row, value, quoted)
                        if quoted is None:
                            plain_styles[j] = style
                    if not value:
                        out.append(f'{opens[j]}{row}"{style} t="inlineStr"></c>')
                        continue
                    space = ' xml:space="preserve"' if value != value.strip() else ""
                    if _ESCAPED.search(value):
                        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
                            .replace("\r", "&#13;")
                    out.append(f'{opens[j]}{row}"{style} t="inlineStr"><is><t{space}>{value}</t></is></c>')
                elif value is None:
                    style = plain_styles[j]
                    if style is None:
                        style = plain_styles[j] = self.style(block, j, row, value)
                    if style:
                        out.append(f'{opens[j]}{row}"{style} t="n"></c>')
                elif kind is datetime and not self.iso:
                    serial = serials.get(value)
                    if serial is None:
                        serial = safe_string(to_excel(value, self.epoch))
                        if len(serials) < 100_000:
                            serials[value] = serial
                    style = styles.get((at, j, datetime))
                    if style is None:
                        style = self.style(block, j, row, value, datetime)
                    out.append(f'{opens[j]}{row}"{style} t="n"><v>{serial}</v></c>')
                elif kind is bool:
                    style = plain_styles[j]
                    if style is None:
                        style = plain_styles[j] = self.style(block, j, row, value)
                    out.append(f'{opens[j]}{row}"{style} t="b"><v>{safe_string(value)}</v></c>')
                else:
                    return None
        out.append("</row>")
        return "".join(out)


_ESCAPED = re.compile("[&<>\r]")
_LETTERS = [""] + [get_column_letter(c) for c in range(1, 16_385)]


_plain_rows, _plain_write_tables = _writer.WorksheetWriter.rows, _writer.WorksheetWriter.write_tables
_writer.WorksheetWriter.rows, _writer.WorksheetWriter.write_tables = _rows, _write_tables
_plain_stream, _plain_write_rows = _writer.WorksheetWriter.get_stream, _writer.WorksheetWriter.write_rows
_writer.WorksheetWriter.get_stream, _writer.WorksheetWriter.write_rows = _stream, _write_rows
_plain_write_worksheet, ExcelWriter.write_worksheet = ExcelWriter.write_worksheet, _write_worksheet
