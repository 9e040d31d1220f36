"""Client and collections workbooks from data: the input sheets a firm fills in.

Output sheets are never written here: the ribbon macros write them, the same way in
Excel and in headless runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import pandas as pd
from openpyxl.utils import get_column_letter

from debtdesk.budget import FREQUENCIES
from debtdesk.classify import DEBT_TYPES
from debtdesk.dates import to_date
from debtdesk.payoff import STRATEGIES

from debtdesk.macros.book import TableSpec
from debtdesk.macros.inputs import CLIENT_INPUTS, LOCALE_ROWS, locale_rows
from debtdesk.reading import Locale
from debtdesk.workbooks.filebook import FileBook


def client_workbook(client: Mapping, documents_dir: str | Path | None = None, book: FileBook | None = None) -> FileBook:
    """A new client workbook holding one client's inputs (the shape of ``samples/clients.json``).

    ``book``: add the input sheets to this workbook instead (a firm's own, opened as a FileBook).

    The Client sheet holds the details every Client-group macro reads (see
    :func:`debtdesk.macros.client.client_details`); Income, Expenses, Debts, Credit,
    Payments and Guidelines are Excel tables with dropdowns on the Strategy, debt Type,
    income Frequency and expense Housing cells. ``documents_dir`` is where Creditor
    proposals will write its letters.

    Examples
    --------
    >>> from debtdesk.workbooks.samples import sample_clients
    >>> client_workbook(sample_clients()[0]).sheet_names()
    ['Client', 'Loan', 'Income', 'Expenses', 'Debts', 'Credit', 'Payments', 'Guidelines', 'Lists']
    """
    book = book if book is not None else FileBook(documents_dir=documents_dir)
    details = [
        ("Client ID", client["id"], None),
        ("Client name", client["name"], None),
        ("As of", _day(client["as_of"]), "date"),
        ("Strategy", client.get("strategy", "avalanche"), None),
        ("Monthly budget", client.get("monthly_budget"), "money"),
        ("Plan start", _day(client.get("plan_start")), "date"),
        ("Payments as of", _day(client.get("progress_as_of")), "date"),
        ("Savings contribution", client.get("savings", 0), "money"),
        ("Debt admin fee", client.get("fee", 0), "money"),
        ("Lump sum available", client.get("lump_sum", 0), "money"),
        ("Decimal separator", client.get("decimal_separator", LOCALE_ROWS["Decimal separator"][0]), None),
        ("Date order", client.get("date_order", LOCALE_ROWS["Date order"][0]), None),
    ]
    ref = book.write_table("Client", pd.DataFrame([d[:2] for d in details], columns=["Input", "Value"]),
                           TableSpec("Client", title="Client details"))
    first = int(ref.split(":")[0][1:]) + 1
    for offset, (_, value, fmt) in enumerate(details):
        if fmt:
            book.write_value("Client", f"B{first + offset}", value, fmt)
    if client.get("loan"):
        loan = dict(client["loan"])
        if loan.get("Start date"):
            loan["Start date"] = _day(loan["Start date"])
        loan["Client"] = client["name"]
        book.write_table("Loan", pd.DataFrame({"Input": list(loan), "Value": list(loan.values())}),
                         TableSpec("Loan", title="Loan to schedule"))
    for name, (columns, formats) in CLIENT_INPUTS.items():
        frame = pd.DataFrame(client.get(name.lower(), []), columns=list(columns))
        if "Date" in frame:
            frame["Date"] = [_day(d) for d in frame["Date"]]
        book.write_table(name, frame, TableSpec(name, formats=formats))
    book.write_table("Guidelines", pd.DataFrame(client.get("guidelines", []), columns=["Category", "Monthly limit"]),
                     TableSpec("Guidelines", formats={"Monthly limit": "money"}))
    book.add_validation("Client", f"B{first + [d[0] for d in details].index('Strategy')}", STRATEGIES)
    for label, choices in LOCALE_ROWS.items():
        book.add_validation("Client", f"B{first + [d[0] for d in details].index(label)}", choices)
    for sheet, column, choices in DROPDOWNS:
        letter = get_column_letter(CLIENT_INPUTS[sheet][0].index(column) + 1)
        book.add_validation(sheet, f"{letter}2:{letter}{INPUT_ROWS}", choices)
    return book


#: Input columns offered as dropdowns: (sheet, column, choices).
DROPDOWNS = (
    ("Debts", "Type", DEBT_TYPES),
    ("Income", "Frequency", tuple(FREQUENCIES)),
    ("Expenses", "Housing", ("Yes", "No")),
)
#: Rows of each input sheet that carry the dropdowns (room for the adviser to add rows).
INPUT_ROWS = 200


def _day(value):
    """A date from ISO text, a date or an Excel serial (None stays None), by :func:`debtdesk.dates.to_date`.

    >>> _day("2026-11-01"), _day(46327), _day(None)
    (datetime.date(2026, 11, 1), datetime.date(2026, 11, 1), None)
    """
    return to_date(value, "date") if value else None


def collections_workbook(ledger: pd.DataFrame, as_of, *, payments: pd.DataFrame | None = None,
                         promises: pd.DataFrame | None = None, disputes: pd.DataFrame | None = None,
                         contacts: pd.DataFrame | None = None, customers: pd.DataFrame | None = None,
                         book: FileBook | None = None, locale: Locale | None = None) -> FileBook:
    """A new collections workbook: Settings (with dunning levels and loss rates) and the input tables.

    ``book``: add them to this workbook instead (a firm's own, opened as a FileBook).

    Tables not given are written empty (headers only) for the firm to fill in. Output
    sheets (Ageing, Worklist, KPIs, Dashboard, Dunning, Journal) are the macros' job.
    ``locale`` fills the Settings' Decimal separator and Date order rows (default: point, ISO).

    >>> from debtdesk.workbooks.samples import sample_ledger
    >>> collections_workbook(sample_ledger(), "2026-11-01").sheet_names()  # doctest: +NORMALIZE_WHITESPACE
    ['Settings', 'Lists', 'Ledger', 'Payments', 'Customers', 'Contacts', 'Promises', 'Disputes', 'New contact']
    """
    from debtdesk.collections.dunning import DEFAULT_LEVELS
    from debtdesk.macros.collections import CONTACT_COLUMNS, CONTACT_TYPES

    book = book if book is not None else FileBook()
    settings = pd.DataFrame({
        "Input": ["As of", "Bucket edges", "Ageing basis", "Promise tolerance (days)", "Dunning interest rate",
                  "KPI period (months)", "Contact window", "Firm name", "Firm email", *LOCALE_ROWS],
        "Value": [pd.Timestamp(as_of).date(), "30, 60, 90", "due", 3, 0.08, 1, "08:00-21:00",
                  "DebtDesk Collections", "collections@debtdesk.example", *locale_rows(locale or Locale()).values()]})
    book.write_table("Settings", settings, TableSpec("Settings", title="Collections settings"))
    book.write_value("Settings", "B4", book.read_value("Settings", "B4"), "date")
    book.write_value("Settings", "B8", book.read_value("Settings", "B8"), "percent")
    book.add_validation("Settings", "B6", ["due", "invoice"])
    for offset, choices in enumerate(LOCALE_ROWS.values()):
        book.add_validation("Settings", f"B{13 + offset}", choices)
    levels = pd.DataFrame([(l.level, l.min_days, l.channel, l.fee) for l in DEFAULT_LEVELS],
                          columns=["Level", "Min days", "Channel", "Fee"])
    book.write_table("Settings", levels, TableSpec("DunningLevels", formats={"Fee": "money"}, anchor="D1",
                                                   title="Dunning levels", replace_sheet=False))
    book.add_validation("Settings", f"F4:F{3 + len(levels) + 20}", ["email", "letter", "phone"])
    rates = pd.DataFrame({"Bucket": ["Current", "1-30", "31-60", "61-90", "91+"],
                          "Loss rate": [0.01, 0.05, 0.10, 0.25, 0.50]})
    book.write_table("Settings", rates, TableSpec("LossRates", formats={"Loss rate": "percent"}, anchor="I1",
                                                  title="Allowance loss rates", replace_sheet=False))
    book.write_table("Ledger", ledger, TableSpec("Ledger", formats={
        "Invoice Date": "date", "Due Date": "date", "Amount": "money", "Paid": "money", "Credit": "money"}))
    inputs = (
        ("Payments", payments, ("Customer", "Invoice", "Payment Date", "Amount"), {"Payment Date": "date", "Amount": "money"}),
        ("Customers", customers, ("Customer", "Email", "Address"), {}),
        ("Contacts", contacts, CONTACT_COLUMNS, {"Contact Time": "datetime"}),
        ("Promises", promises, ("Customer", "Consultant", "Made on", "Promised Date", "Promised Amount"),
         {"Made on": "date", "Promised Date": "date", "Promised Amount": "money"}),
        ("Disputes", disputes, ("Customer", "Invoice", "Opened", "Resolved", "Reason"), {"Opened": "date", "Resolved": "date"}),
    )
    for name, frame, columns, formats in inputs:
        frame = pd.DataFrame(columns=list(columns)) if frame is None else frame
        book.write_table(name, frame, TableSpec(name, formats=formats))
    book.add_validation("Contacts", f"C2:C{len(contacts) + 500 if contacts is not None else 500}", CONTACT_TYPES)
    book.write_table("New contact", pd.DataFrame(columns=list(CONTACT_COLUMNS)), TableSpec(
        "NewContact", formats={"Contact Time": "datetime"},
        title="New contact: fill one row per contact, then press Log contact"))
    book.add_validation("New contact", "C4:C30", CONTACT_TYPES)
    return book
