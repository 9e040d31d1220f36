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
    """The sample accounts-receivable ledger (invoices, part payments, credits, on-account items).

    >>> sample_ledger().columns.tolist()
    ['Customer', 'Invoice', 'Invoice Date', 'Due Date', 'Amount', 'Paid', 'Credit']
    """
    with resources.files("debtdesk.samples").joinpath("ledger.csv").open("r", encoding="utf-8") as handle:
        ledger = pd.read_csv(handle, dtype={"Customer": str, "Invoice": str}, keep_default_na=False, na_values={"Due Date": [""]})
    for column in ("Invoice Date", "Due Date"):
        ledger[column] = pd.to_datetime(ledger[column]).dt.date.astype(object).where(ledger[column].notna(), None)
    return ledger


#: The as-of date of the sample ledger: headless runs never age against an implicit "today".
SAMPLE_AS_OF = "2026-11-01"


def _sample_csv(name: str, dates: tuple[str, ...] = (), times: tuple[str, ...] = ()) -> pd.DataFrame:
    """A shipped sample table: text kept as text, empty cells None, date columns as dates."""
    with resources.files("debtdesk.samples").joinpath(name).open("r", encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False)
    frame = frame.astype(object).where(frame != "", None)
    for column in dates:
        frame[column] = [None if v is None else pd.Timestamp(v).date() for v in frame[column]]
    for column in times:
        frame[column] = [None if v is None else pd.Timestamp(v).to_pydatetime() for v in frame[column]]
    for column in ("Amount", "Promised Amount"):
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
    """Promises to pay taken by two consultants.

    >>> sample_promises().columns.tolist()
    ['Customer', 'Consultant', 'Made on', 'Promised Date', 'Promised Amount']
    """
    return _sample_csv("promises.csv", dates=("Made on", "Promised Date"))


def sample_disputes() -> pd.DataFrame:
    """The dispute register: one item dispute, one whole-account dispute, one resolved.

    >>> sample_disputes()["Resolved"].tolist()
    [None, None, datetime.date(2026, 10, 20)]
    """
    return _sample_csv("disputes.csv", dates=("Opened", "Resolved"))


def sample_contacts() -> pd.DataFrame:
    """The contact log: calls, conversations, emails and letters before the sample as-of date.

    >>> sample_contacts().columns.tolist()
    ['Customer', 'Contact Time', 'Type', 'Consultant', 'Note']
    """
    return _sample_csv("contacts.csv", times=("Contact Time",))


def sample_customers() -> pd.DataFrame:
    """Customer email and postal addresses, for dunning letters and email drafts.

    >>> sample_customers().columns.tolist()
    ['Customer', 'Email', 'Address']
    """
    return _sample_csv("customers.csv")


def sample_collections_inputs() -> dict[str, pd.DataFrame]:
    """The sample collections tables, keyed as :func:`~debtdesk.workbooks.template.collections_workbook` takes them.

    >>> sorted(sample_collections_inputs())
    ['contacts', 'customers', 'disputes', 'payments', 'promises']
    """
    return {"payments": sample_payments(), "promises": sample_promises(), "disputes": sample_disputes(),
            "contacts": sample_contacts(), "customers": sample_customers()}
