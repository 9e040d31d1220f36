"""Client and collections workbooks from data: the input sheets a firm fills in.

Output sheets are never written here: the ribbon macros write them, the same way in
Excel and in headless runs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd
from openpyxl.utils import get_column_letter

from debtdesk.budget import FREQUENCIES
from debtdesk.classify import DEBT_TYPES
from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError
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
                         dunning_history: pd.DataFrame | None = None, column_map: pd.DataFrame | None = None,
                         settings: Mapping[str, object] | None = None, not_supplied: Sequence[str] = (),
                         documents_dir: str | Path | None = None, book: FileBook | None = None,
                         locale: Locale | None = None) -> FileBook:
    """A new collections workbook: Settings (with the tables beside it) and the input tables.

    Tables not given are written empty (headers only) for the firm to fill in; the input
    tables keep the firm's own headers (the column map and synonyms read them). Output
    sheets (Ageing, Statements, Worklist, Dunning, KPIs, Dashboard, Journal) are the
    macros' job. ``settings`` overrides Settings values by label; ``not_supplied`` names
    guarded inputs a headless run was not given (Contacts, Disputes, Promises, Customers),
    which the worklist and dunning sheets then warn about. ``book``: add them to this
    workbook instead (a firm's own, opened as a FileBook). ``locale`` fills the Settings'
    Decimal separator and Date order rows (default: point, ISO).

    >>> from debtdesk.workbooks.samples import sample_ledger
    >>> collections_workbook(sample_ledger(), "2026-11-02").sheet_names()  # doctest: +NORMALIZE_WHITESPACE
    ['Settings', 'Lists', 'Ledger', 'Payments', 'Customers', 'Contacts', 'Promises', 'Disputes', 'DunningHistory',
     'New contact']
    """
    from debtdesk.collections.contacts import CONTACT_TYPES
    from debtdesk.collections.dunning import DEFAULT_LEVELS, HISTORY_COLUMNS, LEVEL_COLUMNS
    from debtdesk.collections.state import CUSTOMER_COLUMNS
    from debtdesk.macros.collections import BUSINESSES, CONTACT_COLUMNS, FIELDS

    book = book if book is not None else FileBook(documents_dir=documents_dir)
    values = dict(COLLECTIONS_SETTINGS)
    values.update({"As of": to_date(as_of, "as_of"), "Inputs not supplied": ", ".join(not_supplied)})
    values.update(zip(LOCALE_ROWS, locale_rows(locale or Locale()).values()))
    for label, value in (settings or {}).items():
        if label not in values:
            raise DebtDeskError("settings", f"{label!r} is not a collections setting (known: {', '.join(values)})")
        values[label] = value
    frame = pd.DataFrame({"Input": list(values), "Value": list(values.values())})
    book.write_table("Settings", frame, TableSpec("Settings", title="Collections settings"))
    row = {label: 4 + i for i, label in enumerate(values)}  # title, blank, header, then the rows
    for label, fmt in (("As of", "date"), ("Dunning interest rate", "percent"), ("Promise amount tolerance", "money")):
        book.write_value("Settings", f"B{row[label]}", values[label], fmt)
    for label, choices in (("Ageing basis", ("due", "invoice")), ("Default regime", ("commercial", "consumer")),
                           ("Call limits (Regulation F)", ("consumers", "all")), ("Business", BUSINESSES),
                           *LOCALE_ROWS.items()):
        book.add_validation("Settings", f"B{row[label]}", choices)
    levels = pd.DataFrame([(l.level, l.name, l.min_days, l.after, l.channel, l.fee, l.pay_within) for l in DEFAULT_LEVELS],
                          columns=list(LEVEL_COLUMNS))
    book.write_table("Settings", levels, TableSpec("DunningLevels", formats={"Fee": "money"}, anchor="D1",
                                                   title="Dunning levels (After: fewest days since the previous level)",
                                                   replace_sheet=False))
    book.add_validation("Settings", f"H4:H{3 + len(levels) + 20}", ("email", "letter", "phone", "claim", "legal"))
    rates = pd.DataFrame({"Bucket": ["Current", "1-30", "31-60", "61-90", "91+"],
                          "Loss rate": [0.01, 0.05, 0.10, 0.25, 0.50]})
    book.write_table("Settings", rates, TableSpec("LossRates", formats={"Loss rate": "percent"}, anchor="L1",
                                                  title="Allowance loss rates", replace_sheet=False))
    book.write_table("Settings", REFERENCE_RATES, TableSpec(
        "ReferenceRates", formats={"In force from": "date", "Bank Rate": "percent"}, anchor="O1", replace_sheet=False,
        title="Bank of England base rate changes (Late Payment Act reference rate)"))
    book.write_table("Settings", KPI_TARGETS, TableSpec("KPITargets", anchor="R1", replace_sheet=False,
                                                        title="KPI targets"))
    mapping = column_map if column_map is not None else pd.DataFrame(columns=["Table", "Your column", "DebtDesk column"])
    book.write_table("Settings", mapping, TableSpec("ColumnMap", anchor="U1", replace_sheet=False,
                                                    title="Column map: your header -> DebtDesk column"))
    book.add_validation("Settings", "U4:U60", tuple(FIELDS))
    book.write_table("Ledger", ledger, TableSpec("Ledger", formats={
        "Invoice Date": "date", "Due Date": "date", "Amount": "money", "Paid": "money", "Credit": "money",
        "Outstanding": "money"}))
    inputs = (
        ("Payments", payments, FIELDS["Payments"], {"Payment Date": "date", "Amount": "money"}),
        ("Customers", customers, ("Customer",) + CUSTOMER_COLUMNS,
         {"Credit limit": "money", "Breathing space from": "date", "Breathing space until": "date"}),
        ("Contacts", contacts, CONTACT_COLUMNS, {"Contact Time": "datetime"}),
        ("Promises", promises, FIELDS["Promises"], {"Made on": "date", "Promised Date": "date", "Promised Amount": "money"}),
        ("Disputes", disputes, FIELDS["Disputes"], {"Opened": "date", "Resolved": "date"}),
        ("DunningHistory", dunning_history, HISTORY_COLUMNS, {"Sent on": "date", "Interest": "money", "Fee": "money",
                                                               "Compensation": "money"}),
    )
    for name, frame, columns, formats in inputs:
        frame = pd.DataFrame(columns=list(columns)) if frame is None else frame
        book.write_table(name, frame, TableSpec(name, formats=formats))
    book.add_validation("Contacts", f"C2:C{len(contacts) + 500 if contacts is not None else 500}", CONTACT_TYPES)
    book.add_validation("Customers", "F2:F500", ("commercial", "consumer"))
    book.add_validation("Customers", "I2:I500", ("Yes", "No"))
    book.write_table("New contact", pd.DataFrame(columns=list(CONTACT_COLUMNS)), TableSpec(
        "NewContact", formats={"Contact Time": "datetime"},
        title="New contact: fill one row per contact, then press Log contact"))
    book.add_validation("New contact", "C4:C30", CONTACT_TYPES)
    return book


#: A new collections workbook's settings (label -> default value), in the order the sheet lists them.
COLLECTIONS_SETTINGS = {
    "As of": None, "Bucket edges": "30, 60, 90", "Ageing basis": "due", "Currency": "GBP",
    "Promise tolerance (days)": 3, "Promise amount tolerance": 1.00, "Broken promise counts for (days)": 90,
    "Dunning interest rate": 0.08, "Default regime": "commercial", "Call limits (Regulation F)": "consumers",
    "Our time zone": "Europe/London", "Contact window": "08:00-21:00", "KPI period (months)": 1,
    "Business": "own receivables", "Firm name": "DebtDesk Collections", "Firm address": "", "Firm phone": "",
    "Firm email": "", "Payment details": "", "Signed by": "", "Letter templates folder": "", "Inputs not supplied": "",
}
#: Bank of England base rate changes the Late Payment Act's reference rate is read from (keep it up to date).
REFERENCE_RATES = pd.DataFrame({
    "In force from": [date(2023, 8, 3), date(2024, 8, 1), date(2024, 11, 7), date(2025, 2, 6), date(2025, 5, 8),
                      date(2025, 8, 7), date(2025, 12, 18)],
    "Bank Rate": [0.0525, 0.05, 0.0475, 0.045, 0.0425, 0.04, 0.0375]})
#: A new workbook's KPI targets (the firm sets its own).
KPI_TARGETS = pd.DataFrame({"Metric": ["DSO", "Average days delinquent", "CEI", "% current"],
                            "Target": [45, 10, 0.8, 0.7]})
