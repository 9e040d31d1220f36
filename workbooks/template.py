"""Client and collections workbooks from data: the input sheets a firm fills in.

Output sheets are never written here: the ribbon macros write them, the same way in
Excel and in headless runs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd
from openpyxl.utils import get_column_letter, quote_sheetname, range_boundaries

from debtdesk.breathing_space import KINDS as BREATHING_SPACES
from debtdesk.collections.state import REGIMES
from debtdesk.budget import FREQUENCIES
from debtdesk.classify import DEBT_TYPES
from debtdesk.dates import to_date
from debtdesk.dmp import CONCESSIONS
from debtdesk.errors import DebtDeskError
from debtdesk.jurisdiction import COUNTRIES
from debtdesk.payoff import STRATEGIES
from debtdesk.rates import RATE_BASES
from debtdesk.thresholds import SETTINGS, settings_table
from debtdesk.values import is_blank

from debtdesk.macros.book import INPUT_KINDS, Input, TableSpec
from debtdesk.macros.collections import BUSINESSES
from debtdesk.macros.inputs import CLIENT_INPUTS, LOCALE_ROWS, locale_rows
from debtdesk.macros.publish import finish
from debtdesk.reading import Locale
from debtdesk.workbooks.filebook import FileBook


def client_workbook(client: Mapping, documents_dir: str | Path | None = None, book: FileBook | None = None) -> FileBook:
    """A new client workbook holding one client's inputs (the shape of ``samples/clients.json``).

    See :func:`write_client_inputs` for what it holds; ``documents_dir`` is where
    Creditor proposals will write its letters. ``book``: add the input sheets to this
    workbook instead (a firm's own, opened as a FileBook).

    Examples
    --------
    >>> from debtdesk.workbooks.samples import sample_clients
    >>> client_workbook(sample_clients()[0]).sheet_names()  # doctest: +NORMALIZE_WHITESPACE
    ['Client', 'Firm', 'Settings', 'Loan', 'Income', 'Expenses', 'Debts', 'Credit', 'Payments', 'Extra payments',
     'Guidelines', 'Lists']
    """
    book = book if book is not None else FileBook(documents_dir=documents_dir)
    write_client_inputs(book, client)
    return book


def write_client_inputs(book, client: Mapping, keep: bool = False) -> list[str]:
    """Write a client's input sheets into ``book`` through the workbook interface; returns the
    sheets written. ``keep``: leave the input tables ``book`` already has as they are.

    The Client sheet holds the details every Client-group macro reads (see
    :func:`debtdesk.macros.client.client_details`): who the client is, where they live
    (the country decides the rules, the currency and the rate basis), their household,
    assets and vehicle, any Breathing Space, and their plan's inputs. The Firm sheet names
    the advice firm for the letters; the Settings sheet lists every figure advice turns on
    with its source and the date it has been in force. Income, Expenses, Debts (with each
    creditor's legal name, address, account number and concession), Credit, Payments,
    Extra payments and Guidelines are Excel tables (Loan only when the client has a loan).
    Every input cell looks like one (Excel's "Input" style), says what it wants when
    selected and refuses what it cannot use: amounts and dates as such, dropdowns for the
    strategy, debt type, income frequency and housing, and for an expense's category the
    Guidelines' categories (a non-housing category the Guidelines lack is flagged).
    "New client workbook" runs this on the open workbook with :func:`blank_client`.

    >>> from debtdesk.workbooks.filebook import FileBook
    >>> write_client_inputs(FileBook(), blank_client())  # doctest: +NORMALIZE_WHITESPACE
    ['Client', 'Firm', 'Settings', 'Income', 'Expenses', 'Debts', 'Credit', 'Payments', 'Extra payments',
     'Guidelines']
    """
    written, marks = [], []  # inputs are marked once every table is there (the dropdowns' lists go last)
    details = [
        ("Client ID", client["id"], None),
        ("Client name", client["name"], None),
        ("Address", client.get("address"), None),
        ("Date of birth", _day(client.get("date_of_birth")), "date"),
        ("Country", client.get("country", "England"), None),
        ("Currency", client.get("currency"), None),
        ("Rate basis", client.get("rate_basis"), None),
        ("Adults", client.get("adults", 1), "integer"),
        ("Children", client.get("children", 0), "integer"),
        ("As of", _day(client["as_of"]), "date"),
        ("Strategy", client.get("strategy", "avalanche"), None),
        ("Monthly budget", client.get("monthly_budget"), "money"),
        ("Plan start", _day(client.get("plan_start")), "date"),
        ("Payments as of", _day(client.get("progress_as_of")), "date"),
        ("Savings contribution", client.get("savings", 0), "money"),
        ("Debt admin fee", client.get("fee", 0), "money"),
        ("Lump sum available", client.get("lump_sum", 0), "money"),
        ("Assets", client.get("assets"), "money"),
        ("Vehicle value", client.get("vehicle_value"), "money"),
        ("Home owner", client.get("home_owner"), None),
        ("Breathing Space type", client.get("breathing_space_type"), None),
        ("Breathing Space start", _day(client.get("breathing_space_start")), "date"),
        ("Breathing Space end", _day(client.get("breathing_space_end")), "date"),
        ("Letter of authority reference", client.get("authority_reference"), None),
        ("Decimal separator", client.get("decimal_separator", LOCALE_ROWS["Decimal separator"][0]), None),
        ("Date order", client.get("date_order", LOCALE_ROWS["Date order"][0]), None),
    ]
    if not (keep and book.has_table("Client")):
        ref = book.write_table("Client", pd.DataFrame([d[:2] for d in details], columns=["Input", "Value"]),
                               TableSpec("Client", title="Client details"))
        first = int(ref.split(":")[0][1:]) + 1
        for offset, (_, value, fmt) in enumerate(details):
            if fmt:
                book.write_value("Client", f"B{first + offset}", value, fmt)
        inputs = [(f"B{first + offset}", _detail_input(label, fmt)) for offset, (label, _, fmt) in enumerate(details)]
        marks.append(("Client", inputs))
        written.append("Client")
    if not (keep and book.has_table("Firm")):
        firm = client.get("firm") or {}
        ref = book.write_table("Firm", pd.DataFrame({"Input": list(FIRM_ROWS), "Value": [firm.get(r) for r in FIRM_ROWS]}),
                               TableSpec("Firm", title="Firm (the adviser's details on every letter)"))
        first = int(ref.split(":")[0][1:]) + 1
        marks.append(("Firm", [(f"B{first + offset}", Input("text", FIRM_PROMPTS.get(label, "")))
                               for offset, label in enumerate(FIRM_ROWS)]))
        written.append("Firm")
    if not (keep and book.has_table("Settings")):
        settings = settings_table()
        given = client.get("settings") or {}
        settings["Value"] = [given.get(label, value) for label, value in zip(settings["Setting"], settings["Value"])]
        ref = book.write_table("Settings", settings, TableSpec("Settings", formats={"Since": "date"},
                                                               title="Settings: the figures advice turns on"))
        first = int(ref.split(":")[0][1:]) + 1
        for offset, setting in enumerate(SETTINGS):
            book.write_value("Settings", f"B{first + offset}", settings["Value"][offset], setting.format)
        kinds = {"money": "money", "percent": "percent", "integer": "whole"}
        marks.append(("Settings", [(f"B{first + offset}", Input(kinds[s.format], s.source, minimum=0))
                                   for offset, s in enumerate(SETTINGS)]))
        written.append("Settings")
    if client.get("loan") and not (keep and book.has_table("Loan")):
        loan = dict(client["loan"])
        for key in ("Start date", "First payment"):
            if loan.get(key):
                loan[key] = _day(loan[key])
        loan["Client"] = client["name"]
        ref = book.write_table("Loan", pd.DataFrame({"Input": list(loan), "Value": list(loan.values())}),
                               TableSpec("Loan", title="Loan to schedule"))
        first = int(ref.split(":")[0][1:]) + 1
        marks.append(("Loan", [(f"B{first + offset}", LOAN_INPUTS.get(label, Input("text")))
                               for offset, label in enumerate(loan)]))
        written.append("Loan")
    tables = {name: spec for name, spec in CLIENT_INPUTS.items()}
    tables["Guidelines"] = (("Category", "Monthly limit"), {"Monthly limit": "money"})
    for name, (columns, formats) in tables.items():
        if keep and book.has_table(name):
            continue
        frame = pd.DataFrame(client.get(name.lower().replace(" ", "_"), []), columns=list(columns))
        if "Date" in frame:
            frame["Date"] = [_day(d) for d in frame["Date"]]
        book.write_table(name, frame, TableSpec(name, formats=formats))
        written.append(name)
    for sheet, cells in marks:
        for cell, spec in cells:
            book.mark_inputs(sheet, cell, spec)
    choices = {}
    for sheet, column, options in DROPDOWNS:
        choices.setdefault(sheet, {})[column] = tuple(options)
    for name in written:
        if name in tables:
            _mark_table(book, name, *tables[name], choices.get(name, {}))
        finish(book, name, note=None)
    return written


def blank_client(today: date | None = None) -> dict:
    """The inputs of a new client: today's date and the avalanche order; the rest for the adviser.

    >>> blank_client(date(2026, 11, 27))["as_of"]
    '2026-11-27'
    """
    return {"id": "", "name": "", "country": "", "currency": "", "as_of": (today or date.today()).isoformat(),
            "strategy": "avalanche"}


#: The Firm sheet's rows: what every creditor letter says about the advice firm.
FIRM_ROWS = ("Firm name", "Address", "Phone", "E-mail", "Caseworker", "Firm reference", "FCA number",
             "SFS membership number", "Signatory", "Payment method")
FIRM_PROMPTS = {"Firm reference": "Put before the client's ID in 'Our reference' (PMA gives PMA/C-1001).",
                "FCA number": "The firm reference number on the Financial Services Register.",
                "Signatory": "Who signs the letters, with their role.",
                "Payment method": "How the client pays, as the letters say it: 'by standing order on the 1st'."}


#: What each input column asks for when a cell is selected: (table, column) -> prompt.
PROMPTS = {
    ("Income", "Amount"): "What the client receives each time, after tax.",
    ("Income", "Frequency"): "How often the amount is received.",
    ("Income", "Gross"): "Before tax, where known (for the DTI ratios).",
    ("Expenses", "Category"): "A category from the Guidelines sheet, so spending is checked against its figure.",
    ("Expenses", "Amount"): "Monthly amount.",
    ("Expenses", "Housing"): "Yes for rent, mortgage and other housing costs.",
    ("Debts", "Name"): "The debt as the client knows it (names the letter's file).",
    ("Debts", "Legal name"): "The creditor's legal name, as the letter is addressed.",
    ("Debts", "Creditor address"): "The creditor's address for correspondence: lines separated by commas.",
    ("Debts", "Account number"): "The creditor's account or agreement number.",
    ("Debts", "Type"): "The kind of debt decides whether it is a priority debt.",
    ("Debts", "Min %"): "Minimum as a share of the balance, where the card sets one (2%).",
    ("Debts", "Offer"): "A priority debt's agreed instalment (empty: its minimum).",
    ("Debts", "Concession"): "What a debt management plan asks of this creditor (empty: interest frozen).",
    ("Debts", "Concession rate"): "The reduced APR, with Concession 'Reduced rate'.",
    ("Extra payments", "Month"): "Plan month of a one-off payment (1 = the first), or give the Date.",
    ("Extra payments", "Amount"): "The one-off payment into the plan.",
    ("Debts", "APR"): "Annual rate: type 24.9% (or 0.249).",
    ("Debts", "Minimum"): "Contractual minimum monthly payment.",
    ("Debts", "Arrears"): "Amount overdue now (0 if none).",
    ("Credit", "Missed payments"): "Missed payments in the last 12 months.",
    ("Customers", "Legal form"): "A company gets a 14-day letter before claim; an individual or sole trader the "
                                 "Pre-Action Protocol's (30 days). Blank: the Protocol's.",
    ("Payments", "Month"): "Plan month the payment is for (1 = the first).",
    ("Guidelines", "Category"): "Every expense category the firm checks spending against.",
    ("Guidelines", "Monthly limit"): "The firm's guideline figure for a month.",
}
#: Loan inputs by label.
LOAN_INPUTS = {
    "Principal": Input("money", "Amount borrowed.", minimum=0),
    "Annual rate": Input("percent", "Annual rate: type 8.9% (or 0.089).", minimum=0),
    "Term (months)": Input("whole", "Number of monthly payments.", minimum=1),
    "Start date": Input("date", "Date of the first payment."),
    "First payment": Input("date", "Date of the first payment."),
    "Extra payment": Input("money", "Paid on top of each instalment.", minimum=0),
    "Payments per year": Input("whole", "12 for monthly, 26 fortnightly, 52 weekly.", minimum=1),
}
#: Rows under each input table styled and checked as input cells (room to add rows).
INPUT_SPARE_ROWS = 20


def _detail_input(label: str, fmt: str | None) -> Input:
    """The input of a Client-details row.

    >>> _detail_input("Strategy", None).choices[:2], _detail_input("As of", "date").kind
    (('avalanche', 'snowball'), 'date')
    """
    if label == "Strategy":
        return Input("choice", "Which debt is paid first once every minimum is paid.", choices=tuple(STRATEGIES))
    if label in LOCALE_ROWS:
        return LOCALE_INPUTS[label]
    if label in DETAIL_INPUTS:
        return DETAIL_INPUTS[label]
    kind = {"date": "date", "money": "money"}.get(fmt, "text")
    return Input(kind, "", minimum=0 if kind == "money" else None)


def _mark_table(book, name: str, columns, formats, choices: Mapping[str, tuple] | None = None,
                spare: int = INPUT_SPARE_ROWS) -> None:
    """Style and check the data cells of input table ``name`` (and check ``spare`` rows under it)
    by each column's number format, ``choices`` (column -> dropdown) and :data:`PROMPTS`."""
    sheet, ref = book.table_range(name)
    first_col, header, _, last = range_boundaries(ref)
    first, final = header + 1, max(last, header + 1)  # an empty table still has its one blank row
    choices = choices or {}
    for i, column in enumerate(columns):
        letter = get_column_letter(first_col + i)
        prompt = PROMPTS.get((name, column), "")
        if column in choices:
            spec = Input("choice", prompt, choices=tuple(choices[column]))
        elif (name, column) == ("Expenses", "Category") and book.has_table("Guidelines"):
            spec = Input("choice", prompt, source="Guidelines[Category]")
        else:
            kind = {"money": "money", "percent": "percent", "date": "date", "datetime": "date",
                    "integer": "whole"}.get(formats.get(column), "text")
            spec = Input(kind, prompt, minimum=0 if kind in ("money", "percent", "whole") else None)
        book.mark_inputs(sheet, f"{letter}{first}:{letter}{final}", spec, spare_rows=spare)
    final += spare
    if name == "Expenses" and book.has_table("Guidelines"):  # a category without a guideline is flagged
        guide_sheet, guide_ref = book.table_range("Guidelines")
        guide_col, guide_header, _, _ = range_boundaries(guide_ref)
        column = get_column_letter(guide_col)
        category = get_column_letter(first_col + list(columns).index("Category"))
        housing = get_column_letter(first_col + list(columns).index("Housing"))
        book.highlight(sheet, f"{category}{first}:{category}{final}",
                       f'AND(LEN(${category}{first})>0,${housing}{first}<>"Yes",COUNTIF({quote_sheetname(guide_sheet)}!'
                       f"${column}${guide_header + 1}:${column}$5000,${category}{first})=0)", "caution")


#: Client-details rows with their own input (a dropdown or a prompt).
DETAIL_INPUTS = {
    "Country": Input("choice", "Where the client lives: the debt solutions, the currency and the rate basis follow it.",
                     choices=tuple(COUNTRIES)),
    "Currency": Input("text", "Empty: the country's (GBP, USD); else an ISO code such as EUR."),
    "Rate basis": Input("choice", "Empty: the country's (effective in the UK, nominal in the US).",
                        choices=RATE_BASES),
    "Home owner": Input("choice", "For the Debt Relief Order screen.", choices=("Yes", "No")),
    "Breathing Space type": Input("choice", "A breathing space in force or past (England and Wales).",
                                  choices=BREATHING_SPACES),
    "Breathing Space start": Input("date", "The start date on the Breathing Space register."),
    "Breathing Space end": Input("date", "The register's end date, when known (a standard one ends 60 days on)."),
    "Assets": Input("money", "Savings and things of value, not counting a vehicle or the home.", minimum=0),
    "Vehicle value": Input("money", "What the client's vehicle would sell for (0 if none).", minimum=0),
    "Adults": Input("whole", "Adults in the household.", minimum=1),
    "Children": Input("whole", "Children in the household.", minimum=0),
}

#: Input columns offered as dropdowns: (sheet, column, choices).
DROPDOWNS = (
    ("Debts", "Type", DEBT_TYPES),
    ("Debts", "Concession", CONCESSIONS),
    ("Income", "Frequency", tuple(FREQUENCIES)),
    ("Expenses", "Housing", ("Yes", "No")),
)


def _day(value):
    """A date from ISO text, a date or an Excel serial (None stays None), by :func:`debtdesk.dates.to_date`.

    >>> _day("2026-11-01"), _day(46327), _day(None)
    (datetime.date(2026, 11, 1), datetime.date(2026, 11, 1), None)
    """
    return None if is_blank(value) else to_date(value, "date")


def collections_workbook(ledger: pd.DataFrame, as_of, *, payments: pd.DataFrame | None = None,
                         promises: pd.DataFrame | None = None, disputes: pd.DataFrame | None = None,
                         contacts: pd.DataFrame | None = None, customers: pd.DataFrame | None = None,
                         dunning_history: pd.DataFrame | None = None, column_map: pd.DataFrame | None = None,
                         settings: Mapping[str, object] | None = None, not_supplied: Sequence[str] = (),
                         documents_dir: str | Path | None = None, book: FileBook | None = None,
                         locale: Locale | None = None) -> FileBook:
    """A new collections workbook: Settings (with the tables beside and under it) and the input tables.

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
    from debtdesk.collections.legal_form import LEGAL_FORM_CHOICES
    from debtdesk.collections.state import CUSTOMER_COLUMNS
    from debtdesk.macros.collections import CONTACT_COLUMNS, FIELDS

    book = book if book is not None else FileBook(documents_dir=documents_dir)
    values = dict(COLLECTIONS_SETTINGS)
    values.update({"As of": to_date(as_of, "as_of"), "Inputs not supplied": ", ".join(not_supplied)})
    values.update(zip(LOCALE_ROWS, locale_rows(locale or Locale()).values()))
    for label, value in (settings or {}).items():
        if label not in values:
            raise DebtDeskError("settings", f"{label!r} is not a collections setting (known: {', '.join(values)})")
        values[label] = value
    frame = pd.DataFrame({"Input": list(values), "Value": list(values.values())})
    ref = book.write_table("Settings", frame, TableSpec("Settings", title="Collections settings"))
    first = int(ref.split(":")[0][1:]) + 1
    for offset, label in enumerate(values):
        spec = SETTINGS_INPUTS.get(label, Input("text"))
        if spec.kind in ("date", "percent", "money"):
            book.write_value("Settings", f"B{first + offset}", values[label], INPUT_KINDS[spec.kind])
        book.mark_inputs("Settings", f"B{first + offset}", spec)
    # Laid out to print readably: DunningLevels, then KPITargets beside LossRates, beside the Settings; under them the
    # two tables firms add rows to (ReferenceRates, ColumnMap), each title with room to its right to be read whole.
    levels = pd.DataFrame([(l.level, l.name, l.min_days, l.after, l.channel, l.fee, l.pay_within) for l in DEFAULT_LEVELS],
                          columns=list(LEVEL_COLUMNS))
    book.write_table("Settings", levels, TableSpec("DunningLevels", formats={"Fee": "money"}, anchor="D1",
                                                   title="Dunning levels (After: fewest days since the previous level)",
                                                   replace_sheet=False))
    _mark_table(book, "DunningLevels", levels.columns, {"Fee": "money", "Level": "integer", "Min days": "integer",
                                                        "After": "integer", "Pay within": "integer"},
                {"Channel": ("email", "letter", "phone", "claim", "legal")}, spare=3)
    below = _below(book, "DunningLevels", spare=3)
    book.write_table("Settings", KPI_TARGETS, TableSpec("KPITargets", anchor=f"E{below}", replace_sheet=False,
                                                        title="KPI targets"))
    _mark_table(book, "KPITargets", KPI_TARGETS.columns, {}, {"Metric": tuple(KPI_TARGETS["Metric"])}, spare=3)
    rates = pd.DataFrame({"Bucket": ["Current", "1-30", "31-60", "61-90", "91+"],
                          "Loss rate": [0.01, 0.05, 0.10, 0.25, 0.50]})
    book.write_table("Settings", rates, TableSpec("LossRates", formats={"Loss rate": "percent"}, anchor=f"H{below}",
                                                  title="Allowance loss rates", replace_sheet=False))
    _mark_table(book, "LossRates", rates.columns, {"Loss rate": "percent"}, spare=3)
    below = max(_below(book, name, spare) for name, spare in (("Settings", 0), ("LossRates", 3), ("KPITargets", 3)))
    book.write_table("Settings", REFERENCE_RATES, TableSpec(
        "ReferenceRates", formats={"In force from": "date", "Bank Rate": "percent"}, anchor=f"A{below}",
        replace_sheet=False, title="Bank of England base rate changes (Late Payment Act reference rate)"))
    _mark_table(book, "ReferenceRates", REFERENCE_RATES.columns, {"In force from": "date", "Bank Rate": "percent"}, spare=3)
    mapping = column_map if column_map is not None else pd.DataFrame(columns=["Table", "Your column", "DebtDesk column"])
    book.write_table("Settings", mapping, TableSpec("ColumnMap", anchor=f"D{below}", replace_sheet=False,
                                                    title="Column map: your header -> DebtDesk column"))
    _mark_table(book, "ColumnMap", mapping.columns, {}, {"Table": tuple(FIELDS)}, spare=20)
    ledger_formats = {"Invoice Date": "date", "Due Date": "date", "Amount": "money", "Paid": "money", "Credit": "money",
                      "Outstanding": "money"}
    book.write_table("Ledger", ledger, TableSpec("Ledger", formats=ledger_formats))
    _mark_table(book, "Ledger", ledger.columns, ledger_formats)
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
        _mark_table(book, name, frame.columns, formats, {"Type": CONTACT_TYPES} if name == "Contacts" else
                    {"Regime": REGIMES, "Legal form": LEGAL_FORM_CHOICES, "Credit hold": ("Yes", "No")}
                    if name == "Customers" else None)
    book.write_table("New contact", pd.DataFrame(columns=list(CONTACT_COLUMNS)), TableSpec(
        "NewContact", formats={"Contact Time": "datetime"},
        title="New contact: fill one row per contact, then press Log contact"))
    _mark_table(book, "NewContact", CONTACT_COLUMNS, {"Contact Time": "datetime"}, {"Type": CONTACT_TYPES})
    for sheet in ("Settings", "Ledger", *(name for name, *_ in inputs), "New contact"):
        finish(book, sheet, note=None)
    return book


def _below(book, name: str, spare: int) -> int:
    """The row two rows under table ``name`` and its ``spare`` input rows: where the next table's title goes.

    >>> book = FileBook()
    >>> book.write_table("Settings", pd.DataFrame({"Bucket": ["Current", "91+"]}), TableSpec("LossRates", anchor="D1"))
    'D1:D3'
    >>> _below(book, "LossRates", spare=3)
    8
    """
    return range_boundaries(book.table_range(name)[1])[3] + spare + 2


#: A new collections workbook's settings (label -> default value), in the order the sheet lists them.
COLLECTIONS_SETTINGS = {
    "As of": None, "Bucket edges": "30, 60, 90", "Ageing basis": "due", "Country": "GB", "Currency": "GBP",
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

#: How numbers and dates typed as text in this workbook are read (debtdesk.reading).
LOCALE_INPUTS = {
    "Decimal separator": Input("choice", "How amounts typed as text are read: 1,234.56 or 1.234,56.",
                               choices=LOCALE_ROWS["Decimal separator"]),
    "Date order": Input("choice", "How dates typed as text are read: 03/04/2026 as 3 April or 4 March.",
                        choices=LOCALE_ROWS["Date order"]),
}
#: Collections settings inputs by label (others are text).
SETTINGS_INPUTS = {
    **LOCALE_INPUTS,
    "As of": Input("date", "The date the ledger is aged and the worklist drawn up to."),
    "Bucket edges": Input("text", "Days past due where each ageing bucket ends, e.g. 30, 60, 90."),
    "Ageing basis": Input("choice", "Age items by their due date or their invoice date.", choices=("due", "invoice")),
    "Promise tolerance (days)": Input("whole", "Days of grace after a promised date.", minimum=0),
    "Dunning interest rate": Input("percent", "Annual rate charged on overdue amounts.", minimum=0, maximum=1),
    "KPI period (months)": Input("whole", "Months the KPIs look back over.", minimum=1),
    "Contact window": Input("text", "Hours customers may be called, within 08:00-21:00."),
    "Country": Input("text", "Where the firm works: GB, US, IE ... Sets the paper, dates and default currency."),
    "Currency": Input("text", "ISO code of the ledger's money: GBP, USD, EUR ..."),
    "Promise amount tolerance": Input("money", "Shortfall on a promised amount still counted as kept.", minimum=0),
    "Broken promise counts for (days)": Input("whole", "Days a broken promise raises an account on the worklist.",
                                              minimum=0),
    "Default regime": Input("choice", "Customers with no Regime: businesses (commercial) or consumers.",
                            choices=REGIMES),
    "Call limits (Regulation F)": Input("choice", "Apply Regulation F's call limits to consumers only, or to all.",
                                        choices=("consumers", "all")),
    "Business": Input("choice", "Collecting your own receivables, or for others (recovery KPIs).",
                      choices=BUSINESSES),
}
