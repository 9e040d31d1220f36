"""Statements of account, read from the run's ledger state.

A statement lists a customer's open items oldest first — invoices, credit notes and
payments on account alike — with a running balance that ends at the account's balance,
and splits that balance the way the dunning letter and the worklist see it: not yet due,
overdue (after money on account is set against the oldest invoices), disputed (on hold)
and money still on account.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from debtdesk.collections.state import LedgerState

SUMMARY_COLUMNS = ["Customer", "Currency", "Balance", "Not yet due", "Overdue", "Disputed", "On account"]
LINE_COLUMNS = ["Customer", "Currency", "Date", "Document", "Due Date", "Days overdue", "Amount", "Outstanding",
                "Balance", "Note"]


def statement_summary(state: LedgerState) -> pd.DataFrame:
    """One row per account: Balance = Not yet due + Overdue + Disputed + On account, to the cent.

    >>> from debtdesk.collections.state import ledger_state
    >>> ledger = pd.DataFrame({"Customer": ["A", "A", "A"], "Invoice": ["1", "2", "PAY"],
    ...     "Invoice Date": ["2024-01-01", "2024-03-20", "2024-03-25"], "Due Date": ["2024-01-31", "2024-04-19", None],
    ...     "Amount": [200.0, 500.0, -150.0]})
    >>> statement_summary(ledger_state(ledger, "2024-03-31")).values.tolist()
    [['A', '', 550.0, 500.0, 50.0, 0.0, 0.0]]
    """
    return state.accounts[SUMMARY_COLUMNS].reset_index(drop=True)


def statement_lines(state: LedgerState, customer: str | None = None, currency: str | None = None) -> pd.DataFrame:
    """Every open item of every account (or of one), oldest first, with the account's running balance.

    ``Note`` says what money on account covers, and which items are disputed.

    >>> from debtdesk.collections.state import ledger_state
    >>> ledger = pd.DataFrame({"Customer": ["A", "A", "A"], "Invoice": ["1", "2", "PAY"],
    ...     "Invoice Date": ["2024-01-01", "2024-03-20", "2024-03-25"], "Due Date": ["2024-01-31", "2024-04-19", None],
    ...     "Amount": [200.0, 500.0, -150.0]})
    >>> statement_lines(ledger_state(ledger, "2024-03-31"))[["Document", "Outstanding", "Balance", "Note"]].values.tolist()
    [['1', 200.0, 200.0, '150.00 covered by money on account'], ['2', 500.0, 700.0, ''], ['PAY', -150.0, 550.0, 'on account']]
    """
    items = state.items
    if customer is not None:
        items = items[(items["Customer"] == customer) & ((items["Currency"] == currency) if currency is not None else True)]
    return _lines(items, state.as_of)


def account_statements(state: LedgerState) -> Callable[[str, str], pd.DataFrame]:
    """``statement_lines(state, customer, currency)`` for one account at a time, with every account's lines
    computed once: a run writing 50,000 statements sorts and annotates the items once instead of
    filtering and sorting the whole ledger 50,000 times.

    >>> from debtdesk.collections.state import ledger_state
    >>> ledger = pd.DataFrame({"Customer": ["A", "B", "A"], "Invoice": ["1", "7", "PAY"],
    ...     "Invoice Date": ["2024-01-01", "2024-03-20", "2024-03-25"], "Due Date": ["2024-01-31", "2024-04-19", None],
    ...     "Amount": [200.0, 500.0, -150.0]})
    >>> state = ledger_state(ledger, "2024-03-31")
    >>> lines = account_statements(state)
    >>> lines("A", "")[["Document", "Balance"]].values.tolist()
    [['1', 200.0], ['PAY', 50.0]]
    >>> lines("A", "").equals(statement_lines(state, "A", ""))
    True
    """
    every = _lines(state.items, state.as_of)
    positions = every.groupby(["Customer", "Currency"], sort=False).indices if len(every) else {}
    return lambda customer, currency: every.take(positions.get((customer, currency), [])).reset_index(drop=True)


def _lines(items: pd.DataFrame, as_of) -> pd.DataFrame:
    """:func:`statement_lines` of the open ``items`` given, oldest first by account."""
    items = items.assign(_date=[d if d is not None else as_of for d in items["Invoice Date"]])
    items = items.sort_values(["Customer", "Currency", "_date", "Invoice"], kind="stable")
    running = items.groupby(["Customer", "Currency"])["Cents"].cumsum() / 100
    notes = []
    for cents, applied, held in zip(items["Cents"], items["Applied"], items["Held"]):
        if held:
            notes.append(f"on hold: {held}")
        elif cents < 0:
            notes.append("on account")
        elif applied:
            notes.append(f"{applied:,.2f} covered by money on account")
        else:
            notes.append("")
    return pd.DataFrame({"Customer": items["Customer"], "Currency": items["Currency"], "Date": items["Invoice Date"],
                         "Document": items["Invoice"], "Due Date": [None if c < 0 else d for c, d in
                                                                    zip(items["Cents"], items["Due Date"])],
                         "Days overdue": [int(d) if c > 0 and d > 0 else 0 for c, d in zip(items["Cents"], items["Days"])],
                         "Amount": items["Amount"], "Outstanding": items["Outstanding"], "Balance": running,
                         "Note": notes}, columns=LINE_COLUMNS).reset_index(drop=True)
