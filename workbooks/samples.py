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
