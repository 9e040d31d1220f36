"""Client and collections workbooks from data: the input sheets a firm fills in.

Output sheets are never written here: the ribbon macros write them, the same way in
Excel and in headless runs.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from debtdesk.macros.book import TableSpec
from debtdesk.macros.inputs import CLIENT_INPUTS
from debtdesk.workbooks.filebook import FileBook


def client_workbook(client: Mapping) -> FileBook:
    """A new client workbook holding one client's inputs (the shape of ``samples/clients.json``).

    Examples
    --------
    >>> from debtdesk.workbooks.samples import sample_clients
    >>> client_workbook(sample_clients()[0]).sheet_names()
    ['Client', 'Loan', 'Income', 'Expenses', 'Debts', 'Credit', 'Payments']
    """
    book = FileBook()
    details = pd.DataFrame({
        "Input": ["Client ID", "Client name", "As of", "Strategy", "Monthly budget"],
        "Value": [client["id"], client["name"], pd.Timestamp(client["as_of"]).date(),
                  client.get("strategy", "avalanche"), client.get("monthly_budget")],
    })
    book.write_table("Client", details, TableSpec("Client", title="Client details"))
    book.write_value("Client", "B5", book.read_value("Client", "B5"), "date")
    loan = dict(client["loan"])
    if loan.get("Start date"):
        loan["Start date"] = pd.Timestamp(loan["Start date"]).date()
    loan["Client"] = client["name"]
    book.write_table("Loan", pd.DataFrame({"Input": list(loan), "Value": list(loan.values())}),
                     TableSpec("Loan", title="Loan to schedule"))
    for name, (columns, formats) in CLIENT_INPUTS.items():
        frame = pd.DataFrame(client.get(name.lower(), []), columns=list(columns))
        if "Date" in frame:
            frame["Date"] = [pd.Timestamp(d).date() if d else None for d in frame["Date"]]
        book.write_table(name, frame, TableSpec(name, formats=formats))
    return book


def collections_workbook(ledger: pd.DataFrame, as_of) -> FileBook:
    """A new collections workbook: Settings (as-of date, bucket edges) and the Ledger table.

    >>> from debtdesk.workbooks.samples import sample_ledger
    >>> collections_workbook(sample_ledger(), "2026-11-01").sheet_names()
    ['Settings', 'Ledger']
    """
    book = FileBook()
    settings = pd.DataFrame({"Input": ["As of", "Bucket edges", "Ageing basis"],
                             "Value": [pd.Timestamp(as_of).date(), "30, 60, 90", "due"]})
    book.write_table("Settings", settings, TableSpec("Settings", title="Collections settings"))
    book.write_value("Settings", "B4", book.read_value("Settings", "B4"), "date")
    book.write_table("Ledger", ledger, TableSpec("Ledger", formats={
        "Invoice Date": "date", "Due Date": "date", "Amount": "money", "Paid": "money", "Credit": "money"}))
    return book
