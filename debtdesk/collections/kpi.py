"""Receivables KPIs: DSO (standard and count-back), best possible DSO, average days
delinquent, collection effectiveness index, % current, roll rates and the ageing allowance.

Formulas (published forms; see tests for the worked examples they reproduce):

* DSO = ending AR ÷ credit sales × days in the period.
* Best possible DSO = current (not yet due) AR ÷ credit sales × days.
* Average days delinquent (ADD) = DSO − best possible DSO.
* CEI = (beginning AR + credit sales/months − ending AR) ÷
  (beginning AR + credit sales/months − ending current AR), as a fraction.
* Count-back DSO: walk back month by month from the newest, taking each month's full
  days while AR covers that month's sales, then the fraction of the month still covered.
  A month without sales is a month of 0, given as 0: a blank is refused, never skipped.
* Roll rate *k* → *k+1*: what is now in bucket *k+1* that came from bucket *k*, over what
  was in *k* one bucket-width before (item by item).
* A third-party collector has placements, not credit sales: recovery and liquidation
  rates instead of DSO and CEI.

A zero denominator is a :class:`~debtdesk.errors.DebtDeskError` saying what is zero.
"""

from __future__ import annotations

from datetime import date
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from debtdesk.collections.ageing import DEFAULT_EDGES, UNALLOCATED, bucket_labels, ledger_items
from debtdesk.columns import select_columns
from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError
from debtdesk.money import from_cents, to_cents, to_cents_array
from debtdesk.values import cell_text, data_row, data_rows, number



_EPOCH = date(1970, 1, 1)


def dso(ending_ar: float, credit_sales: float, days: float) -> float:
    """Days sales outstanding: ``ending_ar / credit_sales * days``.

    Examples
    --------
    >>> round(dso(150_000, 1_800_000, 365), 1)
    30.4
    """
    ending_ar = number(ending_ar, "ending_ar", minimum=0)
    sales = number(credit_sales, "credit_sales", minimum=0)
    days = number(days, "days", above=0)
    if sales == 0:
        raise DebtDeskError("credit_sales", "is 0, so DSO is undefined (no credit sales in the period)")
    return ending_ar / sales * days


def best_dso(current_ar: float, credit_sales: float, days: float) -> float:
    """Best possible DSO: only the current (not yet due) receivables over credit sales.

    Examples
    --------
    >>> round(best_dso(8_000, 30_000, 28), 2)
    7.47
    """
    current_ar = number(current_ar, "current_ar", minimum=0)
    return dso(current_ar, credit_sales, days)


def add(ending_ar: float, current_ar: float, credit_sales: float, days: float) -> float:
    """Average days delinquent: DSO − best possible DSO.

    Examples
    --------
    >>> round(add(120_000, 80_000, 100_000, 30), 6)
    12.0
    """
    ending_ar = number(ending_ar, "ending_ar", minimum=0)
    current_ar = number(current_ar, "current_ar", minimum=0)
    if current_ar > ending_ar:
        raise DebtDeskError("current_ar", f"{current_ar:g} cannot exceed ending_ar {ending_ar:g}")
    return dso(ending_ar, credit_sales, days) - best_dso(current_ar, credit_sales, days)


def dso_countback(ending_ar: float, monthly_sales: Sequence[float],
                  month_days: Sequence[float] | float = 30) -> float:
    """Count-back DSO: days of the most recent sales that the ending AR represents.

    Parameters
    ----------
    ending_ar : float
        Receivables at the end of the newest month.
    monthly_sales : sequence of float
        Credit sales per month, **newest month first**.
    month_days : sequence of float or float, default 30
        Days in each month (same order), or one number for every month.

    Returns
    -------
    float
        Days. An AR larger than all the sales given is an error (give more months).

    Examples
    --------
    >>> round(dso_countback(212_000, [100_000, 80_000, 70_000], 30), 2)
    73.71
    """
    ar = number(ending_ar, "ending_ar", minimum=0)
    sales = [number(s, "monthly_sales", minimum=0, row=i) for i, s in enumerate(monthly_sales, 1)]
    if not sales:
        raise DebtDeskError("monthly_sales", "is empty (expected credit sales per month, newest first)")
    if isinstance(month_days, (int, float, np.integer, np.floating)) and not isinstance(month_days, bool):
        lengths = [number(month_days, "month_days", above=0)] * len(sales)
    else:
        lengths = [number(d, "month_days", above=0, row=i) for i, d in enumerate(month_days, 1)]
        if len(lengths) != len(sales):
            raise DebtDeskError("month_days", f"has {len(lengths)} values but monthly_sales has {len(sales)} "
                                "(expected one day count per month, or a single number)")
    days = 0.0
    for month, (sale, length) in enumerate(zip(sales, lengths), 1):
        if ar <= 0:
            break
        if ar >= sale:
            ar -= sale
            days += length
        else:
            days += ar / sale * length
            ar = 0.0
    if ar > 1e-9:
        raise DebtDeskError("ending_ar", f"is larger than all {len(sales)} months of sales given "
                            f"({ar:,.2f} not covered); add older months to monthly_sales")
    return days


def cei(beginning_ar: float, credit_sales: float, ending_ar: float, ending_current_ar: float,
        months: int = 1) -> float:
    """Collection effectiveness index as a fraction (0.559 = 55.9%).

    With ``months`` > 1, ``credit_sales`` is the period's total and is divided by
    ``months`` (the published multi-month form).

    Examples
    --------
    >>> round(cei(6_200, 10_890, 6_340, 3_590, months=3), 3)
    0.559
    """
    begin = number(beginning_ar, "beginning_ar", minimum=0)
    sales = number(credit_sales, "credit_sales", minimum=0)
    end = number(ending_ar, "ending_ar", minimum=0)
    current = number(ending_current_ar, "ending_current_ar", minimum=0)
    months = number(months, "months", minimum=1)
    if months != int(months):
        raise DebtDeskError("months", f"{months:g} is not a whole number of months")
    if current > end:
        raise DebtDeskError("ending_current_ar", f"{current:g} cannot exceed ending_ar {end:g}")
    available = begin + sales / months
    denominator = available - current
    if denominator == 0:
        raise DebtDeskError("ending_current_ar", "equals beginning_ar + credit sales, so nothing was "
                            "collectable and CEI is undefined")
    return (available - end) / denominator


def allowance(bucket_balances, loss_rates) -> float:
    """Required bad-debt allowance: Σ bucket balance × loss rate, to the cent (half-up).

    Parameters
    ----------
    bucket_balances : sequence of float, or mapping / Series keyed by bucket label
    loss_rates : sequence of float (fractions, same order), or mapping keyed by bucket label

    Examples
    --------
    >>> allowance([76_000, 14_000, 6_000, 3_000, 1_000], [0.01, 0.05, 0.10, 0.25, 0.50])
    3310.0
    """
    if isinstance(bucket_balances, (Mapping, pd.Series)) or isinstance(loss_rates, (Mapping, pd.Series)):
        if not (isinstance(bucket_balances, (Mapping, pd.Series)) and isinstance(loss_rates, (Mapping, pd.Series))):
            raise DebtDeskError("loss_rates", "must be keyed by bucket like bucket_balances (or both plain lists)")
        missing = [k for k in dict(bucket_balances) if k not in dict(loss_rates)]
        if missing:
            raise DebtDeskError("loss_rates", f"has no rate for bucket {', '.join(map(str, missing))}")
        keys = list(dict(bucket_balances))
        balances = [dict(bucket_balances)[k] for k in keys]
        rates = [dict(loss_rates)[k] for k in keys]
    else:
        balances, rates = list(bucket_balances), list(loss_rates)
    if not balances:
        raise DebtDeskError("bucket_balances", "is empty (expected one balance per bucket)")
    if len(balances) != len(rates):
        raise DebtDeskError("loss_rates", f"has {len(rates)} rates but there are {len(balances)} bucket balances")
    total = 0
    for i, (balance, rate) in enumerate(zip(balances, rates), 1):
        balance = number(balance, "bucket_balances", row=i)
        rate = number(rate, "loss_rates", minimum=0, row=i)
        if rate > 1:
            raise DebtDeskError("loss_rates", f"{rate:g} must be at most 1 (rates are fractions: 25% = 0.25)", i)
        total += to_cents(balance * rate)
    return from_cents(total)


def _bucket_columns(ageing: pd.DataFrame, argument: str) -> list[str]:
    if not isinstance(ageing, pd.DataFrame):
        raise DebtDeskError(argument, f"expected an ageing report (DataFrame), got {type(ageing).__name__}")
    columns = [c for c in ageing.columns if c not in ("Customer", UNALLOCATED, "Total")]
    if len(columns) < 2 or columns[0] != "Current":
        raise DebtDeskError(argument, "expected an ageing report with Current and overdue bucket columns "
                            f"(found {', '.join(map(str, ageing.columns))})")
    return columns


def pct_current(ageing: pd.DataFrame) -> float:
    """Share of the aged receivables that is Current (unallocated credits excluded).

    Examples
    --------
    >>> report = pd.DataFrame({"Customer": ["A", "B"], "Current": [300.0, 100.0], "1-30": [100.0, 0.0],
    ...                        "31+": [0.0, 0.0], "Unallocated": [0.0, -50.0], "Total": [400.0, 50.0]})
    >>> pct_current(report)
    0.8
    """
    columns = _bucket_columns(ageing, "ageing")
    aged = float(ageing[columns].to_numpy(dtype=float).sum())
    if aged == 0:
        raise DebtDeskError("ageing", "has no aged receivables, so % current is undefined")
    return float(ageing["Current"].sum()) / aged


def roll_rates(previous_items: pd.DataFrame, current_items: pd.DataFrame,
               edges: Sequence[int] = DEFAULT_EDGES) -> pd.DataFrame:
    """Roll rates between delinquency buckets from two item-level snapshots one bucket-width apart.

    The rate from bucket *k* to *k+1* is what is now in *k+1* that was in *k* at the
    previous snapshot, over what was in *k* then. An item counts with the smaller of its
    two balances (a part payment rolls only what is left), so no rate exceeds 100 %; into
    the last bucket only items that arrived from the one before count — the stock already
    there is not "rolled". A bucket that was empty before has no rate (NaN), not a false 0.

    Parameters
    ----------
    previous_items, current_items : pandas.DataFrame
        Open items (as from :func:`~debtdesk.collections.ageing_detail` by due date):
        Customer, Invoice, Outstanding, Bucket.
    edges : sequence of int
        The bucket edges both snapshots were aged with.

    Returns
    -------
    pandas.DataFrame
        From, To, Previous balance, Rolled balance, Roll rate.

    Examples
    --------
    Last month 1,000 was current, 400 in 1-30 and 100 already in 31+ (edges 30); now 250
    of the current has rolled to 1-30 and 300 of the 1-30 to 31+, where the old 100 still sits:

    >>> prev = pd.DataFrame({"Customer": ["A"] * 4, "Invoice": ["1", "2", "3", "4"],
    ...     "Outstanding": [750.0, 250.0, 400.0, 100.0], "Bucket": ["Current", "Current", "1-30", "31+"]})
    >>> now = pd.DataFrame({"Customer": ["A"] * 3, "Invoice": ["2", "3", "4"],
    ...     "Outstanding": [250.0, 300.0, 100.0], "Bucket": ["1-30", "31+", "31+"]})
    >>> roll_rates(prev, now, [30])["Roll rate"].tolist()
    [0.25, 0.75]
    """
    labels = bucket_labels(edges)
    before = _snapshot(previous_items, "previous_items", labels)
    after = _snapshot(current_items, "current_items", labels)
    # Each item's customer and invoice as one integer, coded over both snapshots: an integer merge instead of two
    # text ones (200,000 items: 62 ms against 172).
    customer, _ = pd.factorize(np.concatenate([before["Customer"].to_numpy(dtype=object),
                                               after["Customer"].to_numpy(dtype=object)]))
    invoice, invoices = pd.factorize(np.concatenate([before["Invoice"].to_numpy(dtype=object),
                                                     after["Invoice"].to_numpy(dtype=object)]))
    key = customer.astype(np.int64) * (len(invoices) + 1) + invoice
    both = before[["cents", "Bucket"]].assign(key=key[:len(before)]).merge(
        after[["cents", "Bucket"]].assign(key=key[len(before):]), on="key", suffixes=(" then", " now"))
    rolled = np.minimum(both["cents then"].to_numpy(), both["cents now"].to_numpy())
    cents, bucket = before["cents"].to_numpy(), before["Bucket"].to_numpy()
    then, now = both["Bucket then"].to_numpy(), both["Bucket now"].to_numpy()
    rows = []
    for k in range(len(labels) - 1):  # buckets as their indexes into labels: whole-array integer comparisons
        base = int(cents[bucket == k].sum())
        moved = int(rolled[(then == k) & (now == k + 1)].sum())
        rows.append([labels[k], labels[k + 1], base / 100, moved / 100, moved / base if base else np.nan])
    return pd.DataFrame(rows, columns=["From", "To", "Previous balance", "Rolled balance", "Roll rate"])


def _snapshot(items: pd.DataFrame, argument: str, labels: list[str]) -> pd.DataFrame:
    """Positive items in an age bucket: Customer, Invoice (as text), cents, Bucket (its index into ``labels``)."""
    if not isinstance(items, pd.DataFrame):
        raise DebtDeskError(argument, f"expected open items (a DataFrame), got {type(items).__name__}")
    table = select_columns(items, ["Customer", "Invoice", "Outstanding", "Bucket"], (), argument)
    unknown = sorted({str(b) for b in pd.unique(table["Bucket"])} - set(labels) - {UNALLOCATED})  # a few distinct
    if unknown:
        raise DebtDeskError(argument, f"bucket {unknown[0]!r} is not one of {', '.join(labels)} "
                            "(age both snapshots with the same edges)")
    outstanding = table["Outstanding"]
    if outstanding.dtype.kind == "f":  # a float column in one pass; its first bad cell refused as a cell would be
        cents = to_cents_array(outstanding.to_numpy(dtype=float), lambda pos: to_cents(
            number(float(outstanding.iloc[pos]), argument, data_row(table.index, pos), label="Outstanding")))
    else:
        cents = [to_cents(number(v, argument, r, label="Outstanding"))
                 for r, v in zip(data_rows(table.index), outstanding)]
    bucket = pd.Index(labels).get_indexer(table["Bucket"].astype(object))  # -1: Unallocated, not aged
    out = pd.DataFrame({"Customer": _cell_texts(table["Customer"]), "Invoice": _cell_texts(table["Invoice"]),
                        "cents": cents, "Bucket": bucket})
    return out[(out["cents"] > 0) & (bucket >= 0)]


def _cell_texts(column: pd.Series) -> pd.Series:
    """:func:`~debtdesk.values.cell_text` of every cell ("" when empty), in one pass for a text column.

    >>> _cell_texts(pd.Series([" A ", None, "B"], dtype="str")).tolist()
    ['A', '', 'B']
    """
    if pd.api.types.is_string_dtype(column.dtype) and column.dtype != object:
        return column.str.strip().fillna("").astype(object)
    return column.map(lambda v: cell_text(v, ""))


def credit_sales(ledger: pd.DataFrame, windows: Sequence[tuple], currency: str = "") -> list[float]:
    """Credit sales (invoices with a positive Amount) dated in each window ``(start, end]``, in one currency.

    >>> ledger = pd.DataFrame({"Customer": ["A"] * 3, "Invoice": ["1", "2", "CN"], "Invoice Date": ["2024-01-01", "2024-02-01", "2024-02-02"],
    ...                        "Due Date": [None] * 3, "Amount": [100.0, 50.0, -20.0]})
    >>> credit_sales(ledger, [("2023-12-31", "2024-01-31"), ("2024-01-31", "2024-02-29")])
    [100.0, 50.0]
    """
    if not windows:
        return []
    last = max(to_date(end, "windows") for _, end in windows)
    return sales_in_windows(ledger_items(ledger, last, currency=currency), windows, currency)


def sales_in_windows(read: dict, windows: Sequence[tuple], currency: str = "") -> list[float]:
    """:func:`credit_sales` from a ledger already read (:func:`~debtdesk.collections.ageing.read_ledger`, e.g. a
    run's ``LedgerState.read``): items whose Currency cell is empty count in ``currency``.

    >>> from debtdesk.collections.ageing import read_ledger
    >>> read = read_ledger(pd.DataFrame({"Customer": ["A", "B"], "Invoice": ["1", "2"], "Invoice Date": ["2024-01-05"] * 2,
    ...                                  "Due Date": [None] * 2, "Amount": [100.0, 70.0], "Currency": ["USD", None]}))
    >>> sales_in_windows(read, [("2023-12-31", "2024-01-31")], "GBP"), sales_in_windows(read, [("2023-12-31", "2024-01-31")], "USD")
    ([70.0], [170.0])
    """
    currency = str(currency or "").strip().upper()
    mine = (read["no_currency"] | (read["currencies"] == currency)[read["currency_codes"]]) & (read["amount"] > 0)
    day, amount = read["invoice_day"][mine], read["amount"][mine]
    out = []
    for start, end in windows:
        low = (to_date(start, "windows") - _EPOCH).days
        high = (to_date(end, "windows") - _EPOCH).days
        out.append(int(amount[(day > low) & (day <= high)].sum()) / 100)
    return out


def recovery_rates(placed: float, collected: float, collected_in_period: float, balance_at_start: float,
                   placed_in_period: float) -> dict[str, float]:
    """Recovery KPIs of a third-party collector (who has placements, not credit sales).

    * Recovery rate = collected to date ÷ placed to date.
    * Liquidation rate = collected in the period ÷ (balance at the period's start +
      placed in the period): the share of what could be worked that was recovered.

    >>> recovery_rates(100_000, 18_000, 6_000, 60_000, 20_000)
    {'Recovery rate': 0.18, 'Liquidation rate': 0.075}
    """
    placed = number(placed, "placed", minimum=0)
    collected = number(collected, "collected", minimum=0)
    in_period = number(collected_in_period, "collected_in_period", minimum=0)
    start = number(balance_at_start, "balance_at_start", minimum=0)
    new = number(placed_in_period, "placed_in_period", minimum=0)
    if placed == 0:
        raise DebtDeskError("placed", "is 0: nothing has been placed, so there is no recovery rate")
    workable = start + new
    return {"Recovery rate": collected / placed,
            "Liquidation rate": in_period / workable if workable else float("nan")}
