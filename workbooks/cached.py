"""Formulas in a firm's input cells, read headless as the values Excel saved with them.

A firm's Ledger may hold ``=Customers!A6`` in a Customer cell or a Paid column built with
``SUMIFS``. Excel saves each formula's last result beside it; openpyxl reads either the
formula or, opened a second time with ``data_only=True``, that saved result. A headless run
reads the result, as Excel would show it. A formula with no saved result (a workbook
written by a program that does not calculate, and never opened in Excel — DebtDesk's own
output sheets among them) reads as :class:`UnsavedFormula`, its text with the cell's name;
a reader of input tables refuses it (:func:`refuse_unsaved`): reading the formula's text as
data would turn ``=Customers!A6`` into a customer of that name.
"""

from __future__ import annotations

from pathlib import Path

from debtdesk.errors import DebtDeskError


class UnsavedFormula(str):
    """A formula's text where the workbook keeps no saved value; ``cell`` names it (``Ledger!A3``).

    >>> f = UnsavedFormula("=B4-B6"); f.cell = "KPIs!B8"; (f, f.cell)
    ('=B4-B6', 'KPIs!B8')
    """

    cell = ""


def refuse_unsaved(frame, table: str) -> None:
    """Refuse an input table holding a formula with no saved value, naming its cell.

    >>> import pandas as pd
    >>> f = UnsavedFormula("=Customers!A3"); f.cell = "Ledger!A3"
    >>> refuse_unsaved(pd.DataFrame({"Customer": ["Acme", f]}, dtype=object), "Ledger")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: Ledger!A3: holds the formula =Customers!A3 but the workbook has no saved value for it: open it in Excel and save it, or replace the formula with its value (Ledger)
    """
    for column in frame.columns:
        for value in frame[column]:
            if isinstance(value, UnsavedFormula):
                raise DebtDeskError(value.cell, f"holds the formula {value} but the workbook has no saved value for it: "
                                    f"open it in Excel and save it, or replace the formula with its value ({table})")


class SavedValues:
    """The saved results of a workbook file's formula cells, read on first need.

    >>> import tempfile, xlsxwriter
    >>> path = Path(tempfile.mkdtemp()) / "in.xlsx"
    >>> book = xlsxwriter.Workbook(path); sheet = book.add_worksheet("Ledger")
    >>> _ = sheet.write_formula("A1", "=Customers!A6", None, "Aldgate Catering Ltd")
    >>> book.close()
    >>> import openpyxl
    >>> ws = openpyxl.load_workbook(path)["Ledger"]
    >>> ws["A1"].value, SavedValues(path).value(ws["A1"])
    ('=Customers!A6', 'Aldgate Catering Ltd')
    """

    def __init__(self, source: Path | None):
        self.source = source
        self._book = None

    def value(self, cell):
        """The cell's value: for a formula, the result saved with it (an :class:`UnsavedFormula` when there is none)."""
        if cell.data_type != "f":
            return cell.value
        if self.source is None:
            return cell.value
        if self._book is None:
            import openpyxl

            self._book = openpyxl.load_workbook(self.source, data_only=True)
        saved = self._book[cell.parent.title][cell.coordinate].value
        if saved is None:
            formula = UnsavedFormula(cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", ""))
            formula.cell = f"{cell.parent.title}!{cell.coordinate}"
            return formula
        return saved
