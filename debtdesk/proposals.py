"""Creditor proposals as data: one letter and one income & expenditure statement per
non-priority creditor (DESIGN.md §1, capability 4).

The offer to each creditor is its cent-exact pro-rata share of what the Standard
Financial Statement leaves for non-priority debts (:func:`debtdesk.budget.budget`),
with interest and charges frozen as a debt management plan asks
(:func:`debtdesk.negotiate.dmp_distribution`). Nothing here writes a document: the
paragraphs and the statement table are what a writer (``debtdesk.workbooks.proposals``)
lays out as .docx or PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from debtdesk.budget import budget, debt_list, monthly_expenses, monthly_income
from debtdesk.dates import to_date
from debtdesk.negotiate import dmp_distribution

#: Columns of the income and expenditure statement.
STATEMENT_COLUMNS = ["Section", "Item", "Monthly"]


@dataclass(frozen=True)
class Proposal:
    """One creditor's proposal: the figures, the letter's paragraphs and the statement."""

    creditor: str
    debt_type: str
    balance: float
    offer: float
    share: float
    months: int | None
    """Months to clear the balance at the offer with interest frozen (None: no offer)."""
    subject: str
    paragraphs: tuple[str, ...]
    statement: pd.DataFrame


def income_and_expenditure(income, expenses, debts, savings: float = 0, fee: float = 0) -> pd.DataFrame:
    """The client's monthly income and expenditure statement in SFS order.

    Parameters
    ----------
    income, expenses, debts, savings, fee
        As for :func:`debtdesk.budget.budget`.

    Returns
    -------
    pandas.DataFrame
        Section, Item, Monthly: each income source, "Total income", each outgoing,
        "Total expenditure", savings, fee, "Available for priority debts", each priority
        offer, "Available for non-priority debts", each non-priority offer and
        "Total non-priority offers" -- the figures of :func:`debtdesk.budget.budget`.

    Examples
    --------
    >>> debts = pd.DataFrame({"Name": ["Council", "Visa", "Loan"],
    ...                       "Type": ["Council tax", "Credit card", "Personal loan"],
    ...                       "Balance": [600.0, 3000.0, 1000.0], "Minimum": [50.0, 90.0, 40.0]})
    >>> s = income_and_expenditure(1500, 1200, debts, savings=10).set_index("Item")["Monthly"]
    >>> float(s["Available for priority debts"]), float(s["Available for non-priority debts"])
    (290.0, 240.0)
    >>> float(s["Visa"]), float(s["Loan"])
    (180.0, 60.0)
    """
    allocation = budget(income, expenses, debts, savings, fee)
    amount = dict(zip(allocation["Item"], allocation["Amount"]))
    rows = [("Income", r.Source, r.Net) for r in monthly_income(income).itertuples()]
    rows.append(("Income", "Total income", amount["Total monthly income"]))
    rows += [("Expenditure", r.Category, r.Monthly) for r in monthly_expenses(expenses).itertuples()]
    rows.append(("Expenditure", "Total expenditure", amount["Total monthly outgoings"]))
    rows += [("Available", "Savings contribution", amount["Savings contribution"]),
             ("Available", "Debt admin fee", amount["Debt admin fee"]),
             ("Available", "Available for priority debts", amount["Available for priority debts"])]
    offers = allocation[allocation["Item"] == "Priority offer"]
    rows += [("Priority debts", r.Creditor, r.Amount) for r in offers.itertuples()]
    rows.append(("Available", "Available for non-priority debts", amount["Available for non-priority debts"]))
    offers = allocation[allocation["Item"] == "Non-priority offer"]
    rows += [("Non-priority creditors", r.Creditor, r.Amount) for r in offers.itertuples()]
    rows.append(("Non-priority creditors", "Total non-priority offers", amount["Total non-priority offers"]))
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


def proposals(income, expenses, debts, *, client: str, on, reference: str = "",
              savings: float = 0, fee: float = 0) -> list[Proposal]:
    """One proposal per non-priority creditor.

    Parameters
    ----------
    income, expenses, debts, savings, fee
        As for :func:`debtdesk.budget.budget`.
    client : str
        The client's name, as the letters give it (any text, kept as typed).
    on : date, datetime, Excel serial or ISO text
        The letters' date.
    reference : str
        The client's reference at the firm.

    Returns
    -------
    list of Proposal
        In the order of the debts table; empty when there are no non-priority debts.
        When nothing is available for non-priority creditors every offer is 0.00 and the
        letter asks the creditor to hold action instead.

    Examples
    --------
    >>> debts = pd.DataFrame({"Name": ["Visa", "Loan"], "Type": ["Credit card", "Personal loan"],
    ...                       "Balance": [3000.0, 1000.0], "Minimum": [90.0, 40.0]})
    >>> p = proposals(1500, 1200, debts, client="Ann Lee", on="2026-11-01")
    >>> [(x.creditor, x.offer, x.months) for x in p]
    [('Visa', 225.0, 14), ('Loan', 75.0, 14)]
    """
    on = to_date(on, "on")
    statement = income_and_expenditure(income, expenses, debts, savings, fee)
    owed = debt_list(debts)
    others = owed[~owed["Priority"]].reset_index(drop=True)
    if others.empty:
        return []
    available = float(statement.loc[statement["Item"] == "Available for non-priority debts", "Monthly"].iloc[0])
    if available > 0:
        plan = dmp_distribution(others[["Name", "Balance", "APR"]], available,
                                {name: 0.0 for name in others["Name"]})
        offers, shares, months = plan["Monthly offer"], plan["Share"], plan["Months to clear"]
    else:
        total = float(others["Balance"].sum()) or 1.0
        offers, shares, months = [0.0] * len(others), [b / total for b in others["Balance"]], [None] * len(others)
    out = []
    for debt, offer, share, month in zip(others.itertuples(), offers, shares, months):
        month = None if month is None or pd.isna(month) else int(month)
        out.append(Proposal(
            creditor=debt.Name, debt_type=debt.Type, balance=float(debt.Balance), offer=float(offer),
            share=float(share), months=month,
            subject=f"{client}{' (ref ' + reference + ')' if reference else ''}: {debt.Name}, "
                    f"balance {debt.Balance:,.2f}",
            paragraphs=_letter(client, on, debt, float(offer), float(share), month, available, others),
            statement=statement))
    return out


def _letter(client: str, on: date, debt, offer: float, share: float, months: int | None,
            available: float, others: pd.DataFrame) -> tuple[str, ...]:
    owed = float(others["Balance"].sum())
    opening = (f"{on:%d %B %Y}",
               "Dear Sir or Madam,",
               f"We write on behalf of our client, {client}, about the account with you ({debt.Type.lower()}, "
               f"balance {debt.Balance:,.2f}). Our client is in financial difficulty and has asked us to help.",
               "The enclosed income and expenditure statement, prepared by the Standard Financial Statement "
               "method, shows our client's monthly income and essential spending, and the payments to priority "
               "debts that must come first.")
    if offer > 0:
        middle = (f"After essential spending and priority debts, {available:,.2f} a month is available to share "
                  f"between our client's {len(others)} non-priority creditor{'s' if len(others) != 1 else ''}, "
                  f"in proportion to what each is owed ({owed:,.2f} in total).",
                  f"We therefore offer {offer:,.2f} a month, {share:.2%} of the amount available. With interest "
                  f"and charges frozen, this clears the balance of {debt.Balance:,.2f} in {months} months.",
                  "We ask you to freeze interest and charges and to hold any recovery action while the plan is "
                  "kept. The plan will be reviewed every twelve months, or sooner if our client's circumstances "
                  "change.")
    else:
        middle = ("After essential spending and priority debts, nothing is left for non-priority creditors at "
                  "present, so our client cannot offer a payment now.",
                  "We ask you to freeze interest and charges and to hold any recovery action while our client "
                  "seeks further advice. We will write again when the position changes.")
    return opening + middle + ("Please confirm in writing whether you accept this proposal.", "Yours faithfully,")
