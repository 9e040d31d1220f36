"""Promises to pay and instalment arrangements.

A promise is **Kept** once the payments counted toward it reach the promised amount;
until ``promised_date + tolerance_days`` has passed a promise short of that is **Open**;
after it, a promise with some payment is **Partially Kept** and one with none **Broken**.
Payments made after the deadline do not count toward the promise.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Sequence

import numpy as np
import pandas as pd

from debtdesk.collections._frames import day_numbers, factorize_text, money_cents
from debtdesk.columns import select_columns
from debtdesk.dates import add_months, to_date
from debtdesk.errors import DebtDeskError
from debtdesk.values import data_rows, number
from debtdesk.money import from_cents, to_cents

STATUSES = ("Open", "Kept", "Partially Kept", "Broken")
FREQUENCIES = {"weekly": 7, "fortnightly": 14, "monthly": None}


def _status(promised: int, paid: int, as_of: int, deadline: int) -> str:
    if paid >= promised:
        return "Kept"
    if as_of <= deadline:
        return "Open"
    return "Partially Kept" if paid > 0 else "Broken"


def _tolerance(value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value) or value != int(value) or value < 0:
        raise DebtDeskError("tolerance_days", f"{value!r} must be a whole number of days ≥ 0")
    return int(value)


def ptp_status(promised_amount: float, promised_date, payment_dates: Sequence = (),
               payment_amounts: Sequence[float] = (), as_of=None, tolerance_days: int = 0,
               amount_tolerance: float = 0.0) -> str:
    """Status of one promise to pay: Open, Kept, Partially Kept or Broken.

    Parameters
    ----------
    promised_amount : float
        Amount promised (> 0).
    promised_date : date, Excel serial or ISO text
        Date the money was promised by.
    payment_dates, payment_amounts : sequences of the same length
        Payments received from the customer; those after ``promised_date +
        tolerance_days`` or after ``as_of`` are not counted.
    as_of : date, Excel serial or ISO text
        The date of the check (required).
    tolerance_days : int, default 0
        Grace days after the promised date.
    amount_tolerance : float, default 0
        A promise paid to within this amount of what was promised counts as Kept.

    Examples
    --------
    >>> ptp_status(500, "2024-03-15", ["2024-03-14"], [500], "2024-03-20")
    'Kept'
    >>> ptp_status(500, "2024-03-15", ["2024-03-14"], [200], "2024-03-15")
    'Open'
    >>> ptp_status(500, "2024-03-15", ["2024-03-14", "2024-03-19"], [200, 300], "2024-03-20", 3)
    'Partially Kept'
    >>> ptp_status(500, "2024-03-15", [], [], "2024-03-16")
    'Broken'
    """
    promised = to_cents(number(promised_amount, "promised_amount", above=0))
    due = to_date(promised_date, "promised_date")
    if as_of is None:
        raise DebtDeskError("as_of", "is empty (expected the date of the check)")
    today = to_date(as_of, "as_of")
    deadline = due + timedelta(days=_tolerance(tolerance_days))
    dates_ = list(payment_dates)
    amounts = list(payment_amounts)
    if len(dates_) != len(amounts):
        raise DebtDeskError("payment_amounts", f"has {len(amounts)} values but payment_dates has {len(dates_)}")
    paid = 0
    for i, (when, amount) in enumerate(zip(dates_, amounts), 1):
        when = to_date(when, "payment_dates", i)
        amount = number(amount, "payment_amounts", i, minimum=0)
        if when <= min(deadline, today):
            paid += to_cents(amount)
    slack = to_cents(number(amount_tolerance, "amount_tolerance", minimum=0))
    return _status(promised - slack, paid, today.toordinal(), deadline.toordinal())




def promise_statuses(promises: pd.DataFrame, payments: pd.DataFrame | None, as_of,
                     tolerance_days: int = 0, amount_tolerance: float = 0.0) -> pd.DataFrame:
    """Status of every promise (or instalment of an arrangement) in a table.

    Each customer's payments are shared out over that customer's promises in order of
    deadline (promised date + ``tolerance_days``), then the date the promise was made,
    then row order. A payment counts toward a promise only if it came on or after the day
    the promise was made and by its deadline (and by ``as_of``); what a payment leaves
    over after filling one promise is carried to the next, so an instalment overpaid is
    credited to the following one and two promises due the same day are filled in turn.

    Parameters
    ----------
    promises : pandas.DataFrame
        Customer, Promised Amount, Promised Date, Made on (a promise cannot be kept by
        money paid before it was made, so the date it was made is required); optional
        Consultant.
    payments : pandas.DataFrame or None
        Customer, Payment Date, Amount.
    as_of : date
    tolerance_days : int
        Grace days after the promised date.
    amount_tolerance : float
        A promise paid to within this amount of what was promised counts as Kept.

    Returns
    -------
    pandas.DataFrame
        The promises with ``Deadline`` (promised date + tolerance), ``Paid`` and ``Status``
        columns added.

    Examples
    --------
    Two monthly instalments of 100; 150 paid before the first is due: the first is kept and
    the 50 over it is carried to the second.

    >>> promises = pd.DataFrame({"Customer": ["A", "A"], "Made on": ["2024-02-01"] * 2,
    ...     "Promised Date": ["2024-03-01", "2024-04-01"], "Promised Amount": [100, 100]})
    >>> payments = pd.DataFrame({"Customer": ["A", "A"], "Payment Date": ["2024-02-28", "2024-03-30"],
    ...     "Amount": [150, 49]})
    >>> promise_statuses(promises, payments, "2024-04-02")[["Paid", "Status"]].values.tolist()
    [[100.0, 'Kept'], [99.0, 'Partially Kept']]
    >>> promise_statuses(promises, payments, "2024-04-02", amount_tolerance=1)["Status"].tolist()
    ['Kept', 'Kept']
    """
    tolerance = _tolerance(tolerance_days)
    slack = to_cents(number(amount_tolerance, "amount_tolerance", minimum=0))
    today = (to_date(as_of, "as_of") - date(1970, 1, 1)).days
    table = select_columns(promises, ["Customer", "Promised Amount", "Promised Date", "Made on"],
                           ["Consultant"], "promises")
    rows = data_rows(promises.index)
    codes, names = factorize_text(table["Customer"], "promises", "Customer", promises)
    promised = money_cents(table["Promised Amount"], "promises", "Promised Amount", promises)
    if (promised <= 0).any():
        raise DebtDeskError("promises", "Promised Amount must be greater than 0", rows[int(np.flatnonzero(promised <= 0)[0])])
    due = day_numbers(table["Promised Date"], "promises", "Promised Date", promises)
    made = day_numbers(table["Made on"], "promises", "Made on", promises)
    for label, days in (("Promised Date", due), ("Made on", made)):
        if np.isnan(days).any():
            raise DebtDeskError("promises", f"{label} is empty", rows[int(np.flatnonzero(np.isnan(days))[0])])
    late = made > due
    if late.any():
        raise DebtDeskError("promises", "Made on is after the Promised Date", rows[int(np.flatnonzero(late)[0])])
    deadline = due + tolerance
    paid = np.zeros(len(table), dtype=np.int64)
    order = np.lexsort((np.arange(len(table)), made, deadline, codes))  # by customer, deadline, made on, row
    queue = {int(c): order[codes[order] == c] for c in np.unique(codes)}
    for customer, day, cents in _payments(payments, names, today):
        left = cents
        for i in queue[customer]:
            if left == 0:
                break
            if made[i] <= day <= deadline[i] and paid[i] < promised[i]:
                take = min(left, promised[i] - paid[i])
                paid[i] += take
                left -= take
    out = promises.copy()
    out["Deadline"] = [date(1970, 1, 1) + timedelta(days=int(d)) for d in deadline]
    out["Paid"] = paid / 100.0
    out["Status"] = [_status(p - slack, q, today, d) for p, q, d in zip(promised, paid, deadline)]
    return out


def _payments(payments: pd.DataFrame | None, names: np.ndarray, today: int):
    """(customer code, day, cents) of each payment by ``today`` from a promised customer, oldest first."""
    if payments is None or not len(payments):
        return []
    pay = select_columns(payments, ["Customer", "Payment Date", "Amount"], (), "payments")
    pay_codes, pay_names = factorize_text(pay["Customer"], "payments", "Customer", payments)
    pay_day = day_numbers(pay["Payment Date"], "payments", "Payment Date", payments)
    if np.isnan(pay_day).any():
        raise DebtDeskError("payments", "Payment Date is empty", data_rows(payments.index)[int(np.flatnonzero(np.isnan(pay_day))[0])])
    pay_cents = money_cents(pay["Amount"], "payments", "Amount", payments)
    customer = pd.Index(names).get_indexer(pay_names)[pay_codes]
    order = np.lexsort((np.arange(len(pay_day)), pay_day))
    return [(int(customer[i]), pay_day[i], int(pay_cents[i])) for i in order
            if customer[i] >= 0 and pay_day[i] <= today and pay_cents[i] > 0]


def kept_rate(statuses: pd.DataFrame, by: str = "Consultant") -> pd.DataFrame:
    """Kept-rate per consultant and overall: Kept ÷ promises whose outcome is known.

    Open promises are not yet decided and are left out of the rate (they are counted).

    Returns
    -------
    pandas.DataFrame
        ``by``, Promises, Open, Kept, Partially Kept, Broken, Kept rate; last row "All".

    Examples
    --------
    >>> s = pd.DataFrame({"Consultant": ["Ann", "Ann", "Bob", "Bob"],
    ...                   "Status": ["Kept", "Broken", "Kept", "Open"]})
    >>> kept_rate(s)[["Consultant", "Kept rate"]].values.tolist()
    [['Ann', 0.5], ['Bob', 1.0], ['All', 0.6666666666666666]]
    """
    table = select_columns(statuses, ["Status"], [by], "statuses")
    unknown = ~table["Status"].isin(STATUSES)
    if unknown.any():
        pos = int(np.flatnonzero(unknown.to_numpy())[0])
        raise DebtDeskError("statuses", f"Status {table['Status'].iloc[pos]!r} is not one of {', '.join(STATUSES)}",
                            pos + 1)
    group = table[by].fillna("(none)").astype(str) if by in table else pd.Series("(none)", index=table.index)
    counts = pd.crosstab(group, table["Status"]).reindex(columns=list(STATUSES), fill_value=0)
    counts = pd.concat([counts, counts.sum().to_frame("All").T])
    decided = counts[["Kept", "Partially Kept", "Broken"]].sum(axis=1).to_numpy()
    out = pd.DataFrame({by: counts.index.astype(str), "Promises": counts.sum(axis=1).to_numpy()})
    for status in STATUSES:
        out[status] = counts[status].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["Kept rate"] = np.where(decided > 0, out["Kept"].to_numpy() / decided, np.nan)
    return out


def arrangement(amount: float, instalments: int, first_due, frequency: str = "monthly") -> pd.DataFrame:
    """Instalment arrangement: ``amount`` in ``instalments`` equal payments, cent-exact.

    Every instalment but the last is the amount ÷ n rounded down to the cent; the last
    absorbs the remainder, so the schedule sums exactly to ``amount``.

    Parameters
    ----------
    amount : float
    instalments : int
    first_due : date, Excel serial or ISO text
    frequency : {"monthly", "fortnightly", "weekly"}
        Monthly dates follow Excel's EDATE (31 Jan → 29 Feb).

    Examples
    --------
    >>> arrangement(100, 3, "2024-01-31").values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[1, datetime.date(2024, 1, 31), 33.33], [2, datetime.date(2024, 2, 29), 33.33],
     [3, datetime.date(2024, 3, 31), 33.34]]
    """
    total = to_cents(number(amount, "amount", above=0))
    if isinstance(instalments, bool) or not isinstance(instalments, (int, float, np.integer, np.floating)) \
            or instalments != int(instalments) or instalments < 1:
        raise DebtDeskError("instalments", f"{instalments!r} must be a whole number of at least 1")
    n = int(instalments)
    if frequency not in FREQUENCIES:
        raise DebtDeskError("frequency", f"{frequency!r} is not one of {', '.join(FREQUENCIES)}")
    regular = total // n
    if regular == 0:
        raise DebtDeskError("instalments", f"{n} instalments of {from_cents(total):.2f} would be under one cent each")
    start = to_date(first_due, "first_due")
    step = FREQUENCIES[frequency]
    due = [add_months(start, i) if step is None else start + timedelta(days=step * i) for i in range(n)]
    cents = [regular] * (n - 1) + [total - regular * (n - 1)]
    return pd.DataFrame({"Instalment": range(1, n + 1), "Due Date": due, "Amount": [from_cents(c) for c in cents]})
