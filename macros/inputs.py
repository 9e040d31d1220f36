"""Read the small "setting, value" input tables of a client or collections workbook."""

from __future__ import annotations

from typing import Mapping

from debtdesk.columns import normalise
from debtdesk.errors import DebtDeskError


def read_settings(book, table: str) -> dict[str, object]:
    """A two-column input table (label, value) as ``{normalised label: value}``.

    Examples
    --------
    >>> import pandas as pd
    >>> class Book:
    ...     def read_table(self, name):
    ...         return pd.DataFrame({"Input": ["Principal", "Annual rate"], "Value": [1000, 0.1]})
    >>> read_settings(Book(), "Loan")
    {'principal': 1000.0, 'annualrate': 0.1}
    """
    frame = book.read_table(table)
    if frame.shape[1] < 2:
        raise DebtDeskError(table, "expected two columns: a label and a value")
    return {normalise(label): value for label, value in zip(frame.iloc[:, 0], frame.iloc[:, 1])
            if label is not None and str(label).strip()}


def setting(settings: dict, table: str, *labels: str, default=...):
    """The first of ``labels`` present in ``settings``; a clear error when required and absent.

    >>> setting({"term": 36}, "Loan", "Months", "Term")
    36
    """
    for label in labels:
        value = settings.get(normalise(label))
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return value
    if default is ...:
        raise DebtDeskError(table, f"needs a row {labels[0]!r} with a value (rows found: {', '.join(settings) or 'none'})")
    return default


#: Client input tables (sheet and table share the name) -> (columns, number formats).
CLIENT_INPUTS: Mapping[str, tuple[tuple[str, ...], Mapping[str, str]]] = {
    "Income": (("Source", "Amount", "Frequency", "Gross"), {"Amount": "money", "Gross": "money"}),
    "Expenses": (("Category", "Amount", "Housing"), {"Amount": "money"}),
    "Debts": (("Name", "Legal name", "Creditor address", "Account number", "Type", "Balance", "APR", "Minimum",
               "Min %", "Arrears", "Offer", "Concession", "Concession rate"),
              {"Balance": "money", "APR": "percent", "Minimum": "money", "Min %": "percent", "Arrears": "money",
               "Offer": "money", "Concession rate": "percent"}),
    "Credit": (("Account", "Limit", "Balance", "Missed payments"), {"Limit": "money", "Balance": "money"}),
    "Payments": (("Month", "Date", "Paid"), {"Date": "date", "Paid": "money"}),
    "Extra payments": (("Month", "Date", "Amount", "Note"), {"Date": "date", "Amount": "money"}),
}
