"""Open a workbook for macros with each sheet's cells read when the sheet is first used.

openpyxl parses every cell of every sheet when it opens a workbook. A headless button touches a few
of DebtDesk's sheets (Log contact: Contacts; Check promises: Promises and the ledger) and never the
firm's own, which the save copies byte for byte from the file. :func:`load_lazily` reads what the
workbook and each sheet's relationships say (names, states, tables, charts, images, pivot tables,
defined names, print titles) at once, and keeps each worksheet's own XML part as bytes until code
first asks the sheet for something that part holds (a cell, a dimension, a merge, a validation, a
view, page set-up ...); it is then read exactly as :func:`openpyxl.load_workbook` reads it.

A sheet part that cannot be read is refused, naming the file and the sheet, when a macro first uses the
sheet; a damaged part no macro uses is copied by the save as it was, like every part DebtDesk does not
own. Parts declaring a DTD are refused before anything is read (:mod:`debtdesk.workbooks.limits`).
"""

from __future__ import annotations

import warnings
from io import BytesIO
from pathlib import Path

from openpyxl.comments.comment_sheet import CommentSheet
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.packaging.relationship import RelationshipList, get_dependents, get_rels_path
from openpyxl.pivot.table import TableDefinition
from openpyxl.reader.drawings import find_images
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser, WorksheetReader
from openpyxl.worksheet.header_footer import HeaderFooter
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import COMMENTS_NS
from openpyxl.xml.functions import fromstring

from debtdesk.errors import DebtDeskError

#: A worksheet's attributes read from its own XML part (the rest comes from the workbook and relationships).
FROM_XML = frozenset({
    "_cells", "_current_row", "_hyperlinks", "_comments", "merged_cells", "row_dimensions", "column_dimensions",
    "conditional_formatting", "data_validations", "print_options", "page_margins", "page_setup", "HeaderFooter",
    "auto_filter", "sheet_properties", "views", "sheet_format", "row_breaks", "col_breaks", "scenarios",
    "legacy_drawing", "protection",
})


class LazySheet(Worksheet):
    """A worksheet of an opened workbook whose XML part is read on first use of anything it holds.

    >>> import openpyxl, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "book.xlsx")
    >>> wb = openpyxl.Workbook(); wb.active["B2"] = 42; wb.save(path)
    >>> ws = load_lazily(path).active
    >>> "_pending" in ws.__dict__, ws["B2"].value, "_pending" in ws.__dict__
    (True, 42, False)
    """

    def __getattr__(self, name: str):
        pending = self.__dict__.get("_pending")
        if pending is None or name not in FROM_XML:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self._read(*pending)
        return getattr(self, name)

    def _read(self, xml: bytes, comments: list[bytes], shared_strings: list, data_only: bool, rich_text: bool,
              keep_vba: bool, source: str) -> None:
        """Read this sheet's XML part as openpyxl's reader does, keeping what was set since the workbook opened."""
        del self.__dict__["_pending"]
        kept = dict(self.__dict__)
        Worksheet._setup(self)  # the defaults the part's elements override
        self.__dict__.update(kept)
        self.HeaderFooter = HeaderFooter()
        with warnings.catch_warnings():  # extensions openpyxl drops (x14 validation, slicers): as FileBook opens
            warnings.simplefilter("ignore", UserWarning)
            try:
                reader = WorksheetReader(self, BytesIO(xml), shared_strings, data_only, rich_text)
                reader.parser = _SavedAlongside(BytesIO(xml), shared_strings, data_only, self.parent.epoch,
                                                self.parent._date_formats, self.parent._timedelta_formats, rich_text)
                reader.bind_all()
            except Exception as error:  # a damaged part: refused as openpyxl's whole-workbook read refuses it
                raise DebtDeskError("workbook", f"{source} is not a readable .xlsx/.xlsm workbook (sheet "
                                                f"'{self.title}': {error})") from None
        for part in comments:
            for ref, comment in CommentSheet.from_tree(fromstring(part)).comments:
                try:
                    self[ref].comment = comment
                except AttributeError:  # a merged cell holds no comment (openpyxl drops it too)
                    pass
        self.legacy_drawing = self._rels.get(self.legacy_drawing).target if keep_vba and self.legacy_drawing else None
        self.__dict__["_saved_formulas"] = reader.parser.saved

    def saved_formulas(self) -> dict[str, tuple]:
        """Every formula cell of the sheet as the file held it: coordinate -> (formula, value saved with it or None).

        Kept as the sheet's part is read (the one parse it gets): the file as it was opened, whatever code has written
        to the sheet since. The values are those :func:`openpyxl.load_workbook` reads with ``data_only``.

        >>> import openpyxl, tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "book.xlsx")
        >>> wb = openpyxl.Workbook(); wb.active["A1"] = 2; wb.active["A2"] = "=A1*3"; wb.save(path)
        >>> ws = load_lazily(path).active
        >>> ws["A2"] = "=A1*4"
        >>> ws.saved_formulas()  # openpyxl saves no values: a file Excel or LibreOffice saved has (e.g. 6)
        {'A2': ('=A1*3', None)}
        """
        pending = self.__dict__.get("_pending")
        if pending is not None:
            self._read(*pending)
        return self.__dict__["_saved_formulas"]


class _SavedAlongside(WorkSheetParser):
    """openpyxl's worksheet parser keeping each formula cell's formula and saved value (as ``data_only`` reads it) in
    :attr:`saved`, by coordinate: only formula cells are read twice, other cells as openpyxl reads them."""

    def __init__(self, *args):
        super().__init__(*args)
        self.saved: dict[str, tuple] = {}

    def parse_formula(self, element):
        """The cell's formula (openpyxl's), noting it with its saved value; called while the cell is parsed."""
        formula = super().parse_formula(element)
        column, self.data_only = self.col_counter, True  # the cell's column: parse_cell counted it
        try:
            cell = self.parse_cell(element)  # data_only: its saved value, and no formula parsed again
            self.saved[f"{get_column_letter(column)}{cell['row']}"] = (formula, cell["value"])
        finally:
            self.col_counter, self.data_only = column, False
        return formula


class _LazyReader(ExcelReader):
    """openpyxl's reader, with worksheets made as :class:`LazySheet` holding their XML part."""

    @property
    def _source_name(self) -> str:
        return Path(getattr(self.archive, "filename", None) or "workbook").name

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            rels_path = get_rels_path(rel.target)
            rels = get_dependents(self.archive, rels_path) if rels_path in self.valid_files else RelationshipList()
            ws = LazySheet(self.wb, sheet.name)
            self.wb._add_sheet(ws)
            ws._rels = rels
            comments = [self.archive.read(r.target) for r in rels.find(COMMENTS_NS)]
            ws.__dict__["_pending"] = (self.archive.read(rel.target), comments, self.shared_strings, self.data_only,
                                       self.rich_text, bool(self.wb.vba_archive), self._source_name)
            for name in FROM_XML:
                ws.__dict__.pop(name, None)
            for table in rels.find(Table._rel_type):
                ws.add_table(Table.from_tree(fromstring(self.archive.read(table.target))))
            for drawing in rels.find(SpreadsheetDrawing._rel_type):
                charts, images = find_images(self.archive, drawing.target)
                for chart in charts:
                    ws.add_chart(chart, chart.anchor)
                for image in images:
                    ws.add_image(image, image.anchor)
            for pivot_rel in rels.find(TableDefinition.rel_type):
                pivot = TableDefinition.from_tree(fromstring(self.archive.read(pivot_rel.Target)))
                pivot.cache = self.parser.pivot_caches[pivot.cacheId]
                ws.add_pivot(pivot)
            ws.sheet_state = sheet.state


def load_lazily(filename, keep_vba: bool = False, data_only: bool = False):
    """:func:`openpyxl.load_workbook` with each worksheet's cells read when the sheet is first used.

    Parameters
    ----------
    filename : str, path or binary file
        The .xlsx/.xlsm workbook.
    keep_vba, data_only : bool
        As for :func:`openpyxl.load_workbook`.

    Examples
    --------
    >>> import openpyxl, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "book.xlsx")
    >>> wb = openpyxl.Workbook(); wb.active.title = "Plan"; wb.active.append(["Month", "Paid"]); wb.save(path)
    >>> [ws.title for ws in load_lazily(path)], load_lazily(path)["Plan"].max_row
    (['Plan'], 1)
    """
    reader = _LazyReader(filename, read_only=False, keep_vba=keep_vba, data_only=data_only)
    reader.read()
    return reader.wb
