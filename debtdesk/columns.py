"""Find a table's columns by header name, case- and space-insensitive, with synonyms.

Firms' exports name the same thing many ways (``Outstanding`` for ``Balance``, ``Rate``
for ``APR``). :func:`select_columns` maps whatever headers a table has onto DebtDesk's
canonical names and says exactly what is missing when a required column is absent.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping, Sequence

import pandas as pd

from debtdesk.errors import DebtDeskError

#: Canonical column name -> other headers that mean the same. Extend, never rename.
SYNONYMS: Mapping[str, Sequence[str]] = {
    "Name": ("Debt", "Creditor", "Account", "Account name", "Description"),
    "Balance": ("Outstanding", "Amount owed", "Owed", "Current balance"),
    "APR": ("Rate", "Interest rate", "Annual rate", "Interest"),
    "Minimum": ("Min", "Minimum payment", "Min payment", "Contractual payment"),
    "Customer": ("Customer name", "Client", "Debtor", "Party", "Account name", "Customer ID", "Customer no",
                 "Customer number", "Customer code", "Account no", "Account number"),
    "Invoice": ("Invoice no", "Invoice number", "Document", "Voucher no", "Reference", "Ref", "Invoice #",
                "Document no", "Document number"),
    "Invoice Date": ("Posting date", "Document date", "Date", "Inv date"),
    "Due Date": ("Due", "Due on", "Payment due", "Net due date", "Due by"),
    "Amount": ("Invoiced", "Invoice amount", "Invoiced amount", "Gross", "Value"),
    "Paid": ("Payments", "Paid amount", "Amount paid"),
    "Credit": ("Credit note", "Credit notes", "Credits", "Credit amount"),
    # A ledger's open amount per item (Amount − Paid − Credit) when the firm exports it directly.
    "Outstanding": ("Balance", "Open amount", "Amount outstanding", "Outstanding amount", "Amount due", "Balance due"),
    "Currency": ("Currency code", "Curr", "CCY"),
    # Client assessment, budget and progress (debtdesk.assess, .budget, .progress).
    "Source": ("Income", "Income source", "Income type"),
    "Net amount": ("Net", "Take home", "Take-home pay", "Net pay", "Net income"),
    "Gross amount": ("Gross", "Gross pay", "Gross income", "Before tax"),
    "Frequency": ("Period", "Per", "How often", "Paid every"),
    "Category": ("Expense", "Expenditure", "Item", "Outgoing"),
    "Housing": ("Housing cost", "Is housing"),
    "Type": ("Debt type", "Kind"),
    "Arrears": ("Arrears balance", "Amount in arrears", "Overdue"),
    "Offer": ("Repayment offer", "Offer amount", "Priority offer"),
    "Limit": ("Credit limit", "Limit amount"),
    "Missed payments": ("Missed", "Payments missed", "Missed count"),
    "Monthly limit": ("Guideline", "Limit", "Trigger", "Trigger figure", "Guideline amount"),
    "Plan Date": ("Month", "Due Date", "Due", "Date", "Payment date", "Instalment date"),
    "Planned": ("Planned payment", "Plan", "Instalment", "Installment", "Scheduled", "Payment", "Amount"),
    "Payment Date": ("Date", "Paid on", "Date paid", "Received", "Received on"),
    "Payment": ("Amount", "Paid", "Amount paid", "Paid amount", "Payment amount", "Received amount"),
    "Min %": ("Min pct", "Min percent", "Minimum %", "Minimum pct", "Minimum percent"),
    "Promo APR": ("Promo rate", "Promotional APR", "Promotional rate", "Intro APR", "Intro rate"),
    "Promo months": ("Promo end month", "Promotional months", "Intro months", "Promo period"),
    "Order": ("Custom order", "Pay order", "Payoff order"),
    "Extra month": ("One-off month", "Extra payment month", "Lump sum month"),
    "Lump sum": ("Lump sum available", "Lump sum saved", "Savings pot"),
    "Monthly deposit": ("Deposit", "Monthly saving", "Monthly savings"),
    # What a creditor letter needs, and each debt's concession (debtdesk.case, debtdesk.dmp).
    "Legal name": ("Creditor legal name", "Creditor's legal name", "Lender legal name"),
    "Creditor address": ("Creditor's address", "Lender address", "Correspondence address"),
    "Account number": ("Account no", "Account ref", "Account reference", "Agreement number"),
    "Concession": ("Interest concession", "Concession asked"),
    "Concession rate": ("Reduced rate", "Conceded rate", "Conceded APR", "Plan APR"),
    # The firm's clients export read by `debtdesk regenerate --data` (debtdesk.workbooks.sources).
    "Client ID": ("Client", "Client no", "Client number", "Client ref", "ID"),
    "Client name": ("Name", "Full name", "Client full name"),
    "Monthly budget": ("Budget", "Repayment budget"),
    "As of": ("As-of date", "As at", "Assessment date"),
    "Principal": ("Loan amount", "Loan principal"),
    "Term (months)": ("Term", "Months", "Loan term"),
    "Start date": ("Loan start", "Loan start date", "Advance date"),
    # The first payment's date is not the loan's start (a schedule would shift by a period).
    "First payment": ("First payment date", "First instalment", "First installment", "First repayment"),
    # A collections customer's legal form: company or individual (debtdesk.collections.legal_form).
    "Legal form": ("Legal status", "Legal entity", "Entity type", "Business type", "Company type", "Debtor type"),
}


def normalise(header) -> str:
    """Header key used for matching: lower case, spaces/underscores/dots/hyphens removed.

    >>> normalise(" Due_Date "), normalise("Interest rate")
    ('duedate', 'interestrate')
    """
    return re.sub(r"[\s_.\-]+", "", str(header)).lower()


def select_columns(table: pd.DataFrame, required: Iterable[str], optional: Iterable[str] = (),
                   argument: str = "table") -> pd.DataFrame:
    """Return ``table``'s matching columns renamed to canonical names.

    Parameters
    ----------
    table : pandas.DataFrame
        Any table whose headers name its columns.
    required, optional : iterable of str
        Canonical names (keys of :data:`SYNONYMS`, or any other header). A required
        column that cannot be found is an error listing the headers that were found.
    argument : str
        The argument's name for error messages.

    Returns
    -------
    pandas.DataFrame
        Required columns, then the optional ones present, in that order.

    Examples
    --------
    >>> t = pd.DataFrame({"outstanding": [100.0], "Interest Rate": [0.2], "debt": ["Visa"]})
    >>> list(select_columns(t, ["Name", "Balance", "APR"]).columns)
    ['Name', 'Balance', 'APR']
    >>> select_columns(pd.DataFrame([[1, 2]], columns=["Amount", "amount "]), ["Amount"], argument="ledger")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: ledger: has 2 columns headed 'Amount' (columns 1 and 2): give each column its own header, so it is clear which one is Amount
    """
    chosen = column_map(table.columns, required, optional, argument)
    names, headers = list(chosen), list(chosen.values())
    # pandas copies on write: the caller's table is never changed. Taken by position and renamed only when
    # a name differs: on the few-row tables of a case, building a column index is most of the cost.
    if headers == list(table.columns):
        out = table.copy(deep=False)
    else:
        position = {header: i for i, header in enumerate(table.columns)}  # each chosen header is there once
        out = table.take([position[header] for header in headers], axis=1)  # what iloc[:, list] does, ~3x sooner
    if headers != names:
        out.columns = names
    return out


def column_map(columns: Sequence, required: Iterable[str] = (), optional: Iterable[str] = (),
               argument: str = "table") -> dict[str, object]:
    """Canonical name -> the header among ``columns`` that means it (the rule of :func:`select_columns`).

    Each header is used once; a header repeated (case and spaces ignored) where it is
    needed is refused, as is a missing required column.

    >>> column_map(["Posting date", "Due", "Value", "Notes"], optional=["Invoice Date", "Due Date", "Amount", "Paid"])
    {'Invoice Date': 'Posting date', 'Due Date': 'Due', 'Amount': 'Value'}
    """
    found: dict[str, list] = {}
    for position, column in enumerate(columns, 1):
        found.setdefault(normalise(column), []).append((position, column))
    chosen: dict[str, object] = {}
    missing = []
    for canonical, needed in [(c, True) for c in required] + [(c, False) for c in optional]:
        keys = [normalise(canonical)] + [normalise(s) for s in SYNONYMS.get(canonical, ())]
        key = next((k for k in keys if k in found and found[k][0][1] not in chosen.values()), None)
        if key is not None and len(found[key]) > 1:
            where = " and ".join(str(p) for p, _ in found[key])
            raise DebtDeskError(argument, f"has {len(found[key])} columns headed {found[key][0][1]!r} (columns {where}): "
                                f"give each column its own header, so it is clear which one is {canonical}")
        if key is not None:
            chosen[canonical] = found[key][0][1]
        elif needed:
            missing.append(canonical)
    if missing:
        have = ", ".join(repr(str(c)) for c in columns) or "no columns"
        raise DebtDeskError(argument, f"missing column {', '.join(missing)} (found {have})")
    return chosen
