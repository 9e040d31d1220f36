"""Inputs as a firm has them: formulas in input cells, the column map (issue 12)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import debtdesk.macros  # noqa: F401
from debtdesk.errors import DebtDeskError
from debtdesk.macros.registry import run
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.template import collections_workbook
from conftest import require_libreoffice
from libreoffice import recalculate

LEDGER = [["Customer", "Invoice", "Invoice Date", "Due Date", "Amount", "Paid"],
          ["Acme Plumbing Ltd", "INV-1", "2026-08-01", "2026-08-31", 1000.0, 0.0],
          ["Zeta Interiors Ltd", "INV-2", "2026-09-01", "2026-09-30", 800.0, 300.0]]


def firm_workbook(path: Path) -> Path:
    """A firm's collections workbook whose Zeta row takes its Customer and Paid cells from formulas
    (openpyxl writes the formulas with no saved value, as a program that does not calculate does)."""
    settings = [["Input", "Value"], ["As of", "2026-11-02"], ["Currency", "GBP"], ["Call limits (Regulation F)", "all"]]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, rows in (("Settings", settings), ("Ledger", LEDGER),
                        ("Customers", [["Customer"], ["Acme Plumbing Ltd"], ["Zeta Interiors Ltd"]]),
                        ("Disputes", [["Customer", "Invoice", "Opened"], ["Zeta Interiors Ltd", None, "2026-10-01"]]),
                        ("Payments", [["Customer", "Invoice", "Payment Date", "Amount"],
                                      ["Zeta Interiors Ltd", "INV-2", "2026-10-05", 300.0]])):
        ws = book.create_sheet(sheet)
        for row in rows:
            ws.append(row)
    book["Ledger"]["A3"] = "=Customers!A3"
    book["Ledger"]["F3"] = "=SUMIFS(Payments!D:D,Payments!B:B,B3)"
    book.save(path)
    return path


def test_formulas_in_input_cells_read_as_the_values_a_spreadsheet_saved(tmp_path):
    # Issue 12: headless runs read a customer cell "=Customers!A6" as a customer (ranked #1) and the dispute,
    # promise and contacts no longer matched it; a Paid column built with SUMIFS failed the run.
    require_libreoffice()
    saved = recalculate([firm_workbook(tmp_path / "firm.xlsx")], tmp_path / "lo")[tmp_path / "firm.xlsx"]
    ranked = run("build_worklist", FileBook(saved)).set_index("Customer")
    assert "=Customers!A3" not in ranked.index
    assert ranked.loc["Zeta Interiors Ltd", "Status"] == "Paused: dispute of the whole account opened 2026-10-01 (CONC 7.14)"
    assert ranked.loc["Zeta Interiors Ltd", "Amount overdue"] == 500.0  # 800 less the SUMIFS-built Paid of 300
    # The workbook has no Contacts table: calls are not proposed unchecked.
    assert ranked.loc["Acme Plumbing Ltd", "Status"] == "Check contact log"


def test_a_formula_without_a_saved_value_is_refused_naming_its_cell(tmp_path):
    book = FileBook(firm_workbook(tmp_path / "firm.xlsx"))
    with pytest.raises(DebtDeskError, match=r"^Ledger row 2: Customer holds a formula with no saved value "
                                            r"\(=Customers!A3\): open the workbook in Excel or LibreOffice and save it"):
        run("refresh_ageing", book)


def mapped_book(mapping: list[list]) -> FileBook:
    ledger = pd.DataFrame({"Account": ["Acme Plumbing Ltd", "Zeta Interiors Ltd"], "Doc": ["INV-1", "INV-2"],
                           "Doc date": ["2026-08-01", "2026-10-20"], "Pay by": ["2026-08-31", "2026-11-19"],
                           "Gross value": [1000.0, 800.0], "Received": [250.0, 0.0], "Paid": [250.0, 0.0]})
    return collections_workbook(ledger, "2026-11-02", column_map=pd.DataFrame(
        mapping, columns=["Table", "Your column", "DebtDesk column"]))


def test_the_column_map_reads_the_firms_own_headers():
    # Issue 12: there was no column mapping.
    book = mapped_book([["", "Account", "Customer"], ["Ledger", "Doc", "Invoice"], ["Ledger", "Doc date", "Invoice Date"],
                        ["Ledger", "Pay by", "Due Date"], ["Ledger", "Gross value", "Amount"]])
    report = run("refresh_ageing", book).set_index("Customer")
    assert report.loc["Acme Plumbing Ltd", "61-90"] == 750.0 and report.loc["Zeta Interiors Ltd", "Current"] == 800.0


@pytest.mark.parametrize("mapping, message", [
    ([["Ledger", "Account", "Client"]], "ColumnMap row 1: DebtDesk column 'Client' is not a column of Ledger"),
    ([["Ledger", "Acct", "Customer"]], "ColumnMap row 1: Ledger has no column 'Acct'"),
    ([["Ledger", "Received", "Customer"], ["Ledger", "Account", "Customer"]],
     "ColumnMap row 2: Ledger's Customer is already mapped from another column"),
    ([["Ledger", "Gross value", "Paid"]], "ColumnMap row 1: Ledger already has a column 'Paid'"),
    ([["Ledgers", "Account", "Customer"]], "ColumnMap row 1: Table 'Ledgers' is not one of Ledger"),
    ([["Ledger", "Account", None]], "ColumnMap row 1: needs both Your column and DebtDesk column"),
])
def test_a_wrong_column_map_row_is_refused_naming_the_row(mapping, message):
    with pytest.raises(DebtDeskError) as error:
        run("refresh_ageing", mapped_book(mapping))
    assert str(error.value).startswith(message)
