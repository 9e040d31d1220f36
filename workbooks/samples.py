"""The built-in sample data that ``debtdesk demo`` regenerates (shipped in the package)."""

from __future__ import annotations

import json
from importlib import resources

import pandas as pd


def sample_clients() -> list[dict]:
    """The sample clients: loan, income, expenses, debts, credit and payments.

    >>> [c["id"] for c in sample_clients()]
    ['C-1001', 'C-1002', 'C-1003']
    """
    return json.loads(resources.files("debtdesk.samples").joinpath("clients.json").read_text("utf-8"))


def sample_ledger() -> pd.DataFrame:
    """The sample accounts-receivable ledger of Pennine Trade Supplies Ltd, a UK trade supplier:
    ten months of invoices to its business customers (and one consumer), part payments,
    credit notes and a payment on account.

    >>> sample_ledger().columns.tolist()
    ['Customer', 'Invoice', 'Invoice Date', 'Due Date', 'Amount', 'Paid', 'Credit', 'Currency']
    """
    with resources.files("debtdesk.samples").joinpath("ledger.csv").open("r", encoding="utf-8") as handle:
        ledger = pd.read_csv(handle, dtype={"Customer": str, "Invoice": str}, keep_default_na=False, na_values={"Due Date": [""]})
    for column in ("Invoice Date", "Due Date"):
        ledger[column] = pd.to_datetime(ledger[column]).dt.date.astype(object).where(ledger[column].notna(), None)
    return ledger


#: The as-of date of the sample ledger: headless runs never age against an implicit "today".
SAMPLE_AS_OF = "2026-11-02"


def _sample_csv(name: str, dates: tuple[str, ...] = (), times: tuple[str, ...] = ()) -> pd.DataFrame:
    """A shipped sample table: text kept as text, empty cells None, date columns as dates."""
    with resources.files("debtdesk.samples").joinpath(name).open("r", encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False)
    frame = frame.astype(object).where(frame != "", None)
    for column in dates:
        frame[column] = [None if v is None else pd.Timestamp(v).date() for v in frame[column]]
    for column in times:
        frame[column] = [None if v is None else pd.Timestamp(v).to_pydatetime() for v in frame[column]]
    for column in ("Amount", "Promised Amount", "Credit limit", "Level", "Interest", "Fee", "Compensation"):
        if column in frame:
            frame[column] = frame[column].astype(float)
    return frame


def sample_payments() -> pd.DataFrame:
    """Dated payments behind the ledger's Paid column (they sum to it per invoice).

    >>> sample_payments().columns.tolist()
    ['Customer', 'Invoice', 'Payment Date', 'Amount']
    """
    return _sample_csv("payments.csv", dates=("Payment Date",))


def sample_promises() -> pd.DataFrame:
    """Promises to pay taken by the two credit controllers (one a three-instalment arrangement).

    >>> sample_promises().columns.tolist()
    ['Customer', 'Consultant', 'Made on', 'Promised Date', 'Promised Amount']
    """
    return _sample_csv("promises.csv", dates=("Made on", "Promised Date"))


def sample_disputes() -> pd.DataFrame:
    """The dispute register: a whole-account dispute, an item dispute, and one resolved.

    >>> sample_disputes()["Resolved"].tolist()
    [None, None, datetime.date(2026, 9, 14)]
    """
    return _sample_csv("disputes.csv", dates=("Opened", "Resolved"))


def sample_contacts() -> pd.DataFrame:
    """The contact log: calls, conversations, emails and letters before the sample as-of date.

    >>> sample_contacts().columns.tolist()
    ['Customer', 'Contact Time', 'Type', 'Consultant', 'Note']
    """
    return _sample_csv("contacts.csv", times=("Contact Time",))


def sample_customers() -> pd.DataFrame:
    """The customers: contact, phone, email and address, regime, time zone, credit limit and hold,
    collector, Breathing Space.

    >>> sample_customers().columns.tolist()[:6]
    ['Customer', 'Contact', 'Phone', 'Email', 'Address', 'Regime']
    """
    return _sample_csv("customers.csv", dates=("Breathing space from", "Breathing space until"))


def sample_dunning_history() -> pd.DataFrame:
    """Notices already sent before the sample as-of date, one row per invoice.

    >>> sorted(set(sample_dunning_history()["Channel"]))
    ['claim', 'email', 'letter', 'phone']
    """
    return _sample_csv("dunning_history.csv", dates=("Sent on",))


def sample_collections_inputs() -> dict[str, pd.DataFrame]:
    """The sample collections tables, keyed as :func:`~debtdesk.workbooks.template.collections_workbook` takes them.

    >>> sorted(sample_collections_inputs())
    ['contacts', 'customers', 'disputes', 'dunning_history', 'payments', 'promises']
    """
    return {"payments": sample_payments(), "promises": sample_promises(), "disputes": sample_disputes(),
            "contacts": sample_contacts(), "customers": sample_customers(), "dunning_history": sample_dunning_history()}


#: The sample firm's details, as the collections workbook's Settings hold them.
SAMPLE_FIRM = {
    "Firm name": "Pennine Trade Supplies Ltd",
    "Firm address": "Unit 4, Calder Park, Denby Dale Road, Wakefield WF2 7AZ",
    "Firm phone": "01632 960 142",
    "Firm email": "creditcontrol@penninetrade.example",
    "Payment details": "Bank transfer to Pennine Trade Supplies Ltd; Sort code 99-00-42, account 00427153; "
                       "IBAN GB00 XMPL 9900 4200 4271 53; quote our reference",
    "Signed by": "Sarah Whitaker, Credit Controller",
}
#: The sample workbook's settings beyond the defaults: the firm, its calling hours, and the house
#: rule that Regulation F's call limits apply to every customer, not only consumers.
SAMPLE_SETTINGS = {**SAMPLE_FIRM, "Call limits (Regulation F)": "all", "Contact window": "08:30-18:00",
                   "Broken promise counts for (days)": 60}


def sample_collections_workbook(documents_dir=None):
    """The collections workbook of the sample firm, inputs only (what ``debtdesk demo`` regenerates).

    >>> sample_collections_workbook().read_table("Settings").set_index("Input").loc["Firm name", "Value"]
    'Pennine Trade Supplies Ltd'
    """
    from debtdesk.workbooks.template import collections_workbook

    return collections_workbook(sample_ledger(), SAMPLE_AS_OF, settings=SAMPLE_SETTINGS, documents_dir=documents_dir,
                                **sample_collections_inputs())
