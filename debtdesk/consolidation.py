"""Would one consolidation loan help? The client's plan now against the same plan with a loan.

A loan can change three things: the contractual payments (one level payment replacing
several minimums, so the unsecured debt burden on take-home pay falls), card utilisation
(the cards are paid off) and the interest rate. It cannot change housing costs or income.
So the comparison keeps everything else as it is: the same monthly budget, the same
strategy, the priority debts as they are, and replaces the non-priority debts with one
loan of their total at the assumed APR (a setting: replace it with a real quotation) over
the current plan's length rounded up to whole years, at most the longest term set.

The result shows current against consolidated side by side: contractual monthly payments,
months to clear at the budget, the debt-free month and the total interest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from debtdesk.amortize import level_payment
from debtdesk.money import from_cents, sum_cents
from debtdesk.payoff import PayoffPlan, payoff

LOAN = "Consolidation loan"
TABLE_COLUMNS = ["Item", "Current", "Consolidated"]


@dataclass(frozen=True)
class Consolidation:
    """The current plan and the consolidated one, with the loan's terms and what it saves."""

    loan_amount: float
    loan_apr: float
    loan_term: int
    loan_payment: float
    monthly_budget: float
    current: PayoffPlan
    consolidated: PayoffPlan
    contractual_now: float
    contractual_after: float

    @property
    def saving(self) -> float:
        """Interest the loan saves over the plan (negative: it costs more)."""
        return round(self.current.total_interest - self.consolidated.total_interest, 2)

    def table(self) -> pd.DataFrame:
        """Item, Current, Consolidated: payments, months, debt-free month and interest side by side.

        >>> debts = pd.DataFrame({"Name": ["Card", "Store"], "Balance": [6000, 2000], "APR": [0.299, 0.349],
        ...                       "Minimum": [180, 60]})
        >>> c = consolidate(debts, [], 400, "avalanche", 0.12, 60, "nominal", "2027-01-01")
        >>> c.table().values.tolist()[:3]  # doctest: +NORMALIZE_WHITESPACE
        [['Contractual monthly payments', 240.0, 265.71], ['Monthly budget', 400.0, 400.0],
         ['Months to clear', 29, 23]]
        """
        rows = [("Contractual monthly payments", self.contractual_now, self.contractual_after),
                ("Monthly budget", float(self.monthly_budget), float(self.monthly_budget)),
                ("Months to clear", self.current.months, self.consolidated.months),
                ("Debt-free", self.current.date_of(self.current.months),
                 self.consolidated.date_of(self.consolidated.months)),
                ("Total interest", self.current.total_interest, self.consolidated.total_interest)]
        return pd.DataFrame(rows, columns=TABLE_COLUMNS, dtype=object)


def consolidate(debts: pd.DataFrame, priority: list[str], monthly_budget: float, strategy: str,
                loan_apr: float, longest_term: int, rate_basis: str, start_date=None,
                current: PayoffPlan | None = None) -> Consolidation | None:
    """The client's plan with the non-priority debts replaced by one loan.

    Parameters
    ----------
    debts : DataFrame
        Name, Balance, APR, Minimum (and any other :func:`debtdesk.payoff.payoff` column).
    priority : list of str
        Names of the priority debts, which a consolidation loan leaves as they are.
    monthly_budget, strategy, rate_basis, start_date
        The client's plan, as for :func:`debtdesk.payoff.payoff`.
    loan_apr, longest_term
        The loan's assumed APR and its longest term in months.
    current : PayoffPlan, optional
        The client's plan as it stands, when already worked out.

    Returns
    -------
    Consolidation or None
        None when there is nothing to consolidate (no non-priority balance).

    Examples
    --------
    6,000 at 29.9 % and 2,000 at 34.9 %, 400 a month by avalanche: 29 months now; a loan
    of 8,000 at 12 % over 36 months (29 rounded up to whole years) pays 265.71 a month
    (numpy-financial's ``pmt(0.01, 36, -8000)`` = 265.7143), and the same 400 clears it in 23.

    >>> debts = pd.DataFrame({"Name": ["Card", "Store"], "Balance": [6000, 2000], "APR": [0.299, 0.349],
    ...                       "Minimum": [180, 60]})
    >>> c = consolidate(debts, [], 400, "avalanche", 0.12, 60, "nominal", "2027-01-01")
    >>> c.loan_term, c.loan_payment, c.current.months, c.consolidated.months, c.saving
    (36, 265.71, 29, 23, 2334.8)
    """
    current = current or payoff(debts, monthly_budget, strategy, start_date, rate_basis=rate_basis)
    others = debts[~debts["Name"].isin(priority)]
    amount = from_cents(sum_cents(others["Balance"]))
    if amount <= 0:
        return None
    term = min(max(12, 12 * math.ceil(current.months / 12)), int(longest_term))
    payment = level_payment(amount, loan_apr, term, rate_basis=rate_basis)
    kept = debts[debts["Name"].isin(priority)]
    loan = pd.DataFrame({"Name": [LOAN], "Balance": [amount], "APR": [loan_apr], "Minimum": [payment]})
    table = pd.concat([kept[["Name", "Balance", "APR", "Minimum"]], loan], ignore_index=True)
    after = payoff(table, max(monthly_budget, from_cents(sum_cents(table["Minimum"]))), strategy, start_date,
                   rate_basis=rate_basis)
    return Consolidation(amount, loan_apr, term, payment, monthly_budget, current, after,
                         from_cents(sum_cents(debts["Minimum"])), from_cents(sum_cents(table["Minimum"])))
