"""Formulas in a firm's input cells, read headless as the values Excel saved with them.

A firm's Ledger may hold ``=Customers!A6`` in a Customer cell or a Paid column built with
``SUMIFS``. Excel saves each formula's last result beside it; openpyxl reads either the
formula or, opened a second time with ``data_only=True``, that saved result. A headless run
reads the result, as Excel would show it. A formula with no saved result (a workbook
written by a program that does not calculate, and never opened in Excel) is refused with
its cell named: reading the formula's text as data would turn ``=Customers!A6`` into a
customer of that name.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from debtdesk.errors import DebtDeskError


class SavedValues:
    """The saved results of a workbook file's formula cells, read on first need.

    >>> import tempfile, xlsxwriter
    >>> path = Path(tempfile.mkdtemp()) / "in.xlsx"
    >>> book = xlsxwriter.Workbook(path); sheet = book.add_worksheet("Ledger")
    >>> _ = sheet.write_formula("A1", "=Customers!A6", None, "Aldgate Catering Ltd")
    >>> book.close()
    >>> ws = openpyxl.load_workbook(path)["Ledger"]
    >>> ws["A1"].value, SavedValues(path).value(ws["A1"])
    ('=Customers!A6', 'Aldgate Catering Ltd')
    """

    def __init__(self, source: Path | None):
        self.source = source
        self._book = None

    def value(self, cell):
        """The cell's value: for a formula, the result saved with it (refused when there is none)."""
        if cell.data_type != "f":
            return cell.value
        if self.source is None:
            return cell.value
        if self._book is None:
            self._book = openpyxl.load_workbook(self.source, data_only=True)
        saved = self._book[cell.parent.title][cell.coordinate].value
        if saved is None:
            formula = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "")
            raise DebtDeskError(f"{cell.parent.title}!{cell.coordinate}",
                                f"holds the formula {formula} but the workbook has no saved value for it: open it in "
                                "Excel and save it, or replace the formula with its value")
        return saved
