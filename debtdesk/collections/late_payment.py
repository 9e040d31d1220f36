"""UK commercial debts: the Late Payment of Commercial Debts (Interest) Act 1998.

Between businesses, a supplier may claim on a debt paid late:

- statutory interest at 8 % a year over the reference rate (the Bank of England base rate
  in force on 31 December or 30 June immediately before the day the debt became late:
  the Late Payment of Commercial Debts (Rate of Interest) (No. 3) Order 2002), simple
  interest counted daily from the day after the due date until payment (s.1, s.4);
- fixed compensation per invoice of 40.00 below 1,000.00, 70.00 below 10,000.00 and
  100.00 from 10,000.00 (s.5A, as inserted by the Late Payment of Commercial Debts
  Regulations 2002).

Amounts are pounds; interest is rounded half-up to the penny on the exact product.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError
from debtdesk.money import from_cents, to_cents
from debtdesk.values import number

#: Statutory interest is this much a year over the reference rate.
STATUTORY_MARGIN = 0.08
#: Fixed compensation: (debt below this amount, compensation), the last for any larger debt.
COMPENSATION = ((1000.00, 40.00), (10000.00, 70.00), (float("inf"), 100.00))
COLUMNS = ["Item", "Amount"]


def compensation(amount: float) -> float:
    """Fixed compensation for one late invoice of ``amount``.

    >>> compensation(999.99), compensation(1000), compensation(9999.99), compensation(10000)
    (40.0, 70.0, 70.0, 100.0)
    """
    return next(fixed for below, fixed in COMPENSATION if amount < below)


def late_payment(amount: float, due_date, as_of, reference_rate: float) -> pd.DataFrame:
    """What the Late Payment Act lets a supplier claim on one invoice paid (or still unpaid) late.

    Parameters
    ----------
    amount : float
        The invoice amount, greater than 0.
    due_date : date, datetime, Excel serial or ISO text
        When payment was due (the agreed date, or 30 days after the invoice by default).
    as_of : date, datetime, Excel serial or ISO text
        The day it was paid, or the day the claim is worked out to.
    reference_rate : float
        The Bank of England base rate for the half-year, as a fraction (4.25 % = 0.0425).

    Returns
    -------
    pandas.DataFrame
        Item, Amount: Days late, Statutory interest rate, Daily interest, Statutory
        interest, Fixed compensation, Total claim. Nothing is claimable for a debt not
        yet late.

    Examples
    --------
    2,000.00 paid 45 days late with a 4.25 % reference rate: 2,000 × 12.25 % / 365 × 45
    = 30.21 interest, plus 70.00 compensation.

    >>> late_payment(2000, "2024-03-01", "2024-04-15", 0.0425).values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Days late', 45], ['Statutory interest rate', 0.1225], ['Daily interest', 0.67],
     ['Statutory interest', 30.21], ['Fixed compensation', 70.0], ['Total claim', 100.21]]
    """
    amount = number(amount, "amount", above=0)
    due, day = to_date(due_date, "due_date"), to_date(as_of, "as_of")
    reference = number(reference_rate, "reference_rate", minimum=0, maximum=1,
                       hint="(rates are fractions: 4.25% is 0.0425)")
    days = max(0, (day - due).days)
    rate = Decimal(repr(STATUTORY_MARGIN)) + Decimal(repr(reference))
    yearly = Decimal(to_cents(amount)) * rate
    interest = _half_up(yearly * days / 365)
    fixed = to_cents(compensation(amount)) if days else 0
    rows = [("Days late", days), ("Statutory interest rate", float(rate)),
            ("Daily interest", from_cents(_half_up(yearly / 365))),
            ("Statutory interest", from_cents(interest)), ("Fixed compensation", from_cents(fixed)),
            ("Total claim", from_cents(interest + fixed))]
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


def _half_up(cents: Decimal) -> int:
    return int(cents.quantize(Decimal(1), rounding=ROUND_HALF_UP))

