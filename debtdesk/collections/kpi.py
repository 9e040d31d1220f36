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

A zero denominator is a :class:`~debtdesk.errors.DebtDeskError` saying what is zero.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from debtdesk.collections.ageing import UNALLOCATED
from debtdesk.errors import DebtDeskError
from debtdesk.values import number
from debtdesk.money import from_cents, to_cents




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


def roll_rates(previous_ageing: pd.DataFrame, current_ageing: pd.DataFrame) -> pd.DataFrame:
    """Roll rates between buckets from two ageing snapshots one bucket-width apart.

    The rate from bucket *k* to *k+1* is the portfolio balance now in *k+1* divided by the
    balance that was in *k* at the previous snapshot (the standard delinquency roll
    rate). A bucket that was empty before has no rate (NaN) rather than a false 0.

    Returns
    -------
    pandas.DataFrame
        From, To, Previous balance, Rolled balance, Roll rate.

    Examples
    --------
    >>> prev = pd.DataFrame({"Customer": ["A"], "Current": [1000.0], "1-30": [400.0], "31+": [100.0]})
    >>> now = pd.DataFrame({"Customer": ["A"], "Current": [900.0], "1-30": [250.0], "31+": [300.0]})
    >>> roll_rates(prev, now)["Roll rate"].tolist()
    [0.25, 0.75]
    """
    before = _bucket_columns(previous_ageing, "previous_ageing")
    after = _bucket_columns(current_ageing, "current_ageing")
    if before != after:
        raise DebtDeskError("current_ageing", f"buckets {', '.join(after)} differ from previous_ageing's "
                            f"{', '.join(before)} (age both snapshots with the same edges)")
    prev = previous_ageing[before].to_numpy(dtype=float).sum(axis=0)
    now = current_ageing[after].to_numpy(dtype=float).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(prev[:-1] != 0, now[1:] / np.where(prev[:-1] != 0, prev[:-1], 1), np.nan)
    return pd.DataFrame({"From": before[:-1], "To": before[1:], "Previous balance": np.round(prev[:-1], 2),
                         "Rolled balance": np.round(now[1:], 2), "Roll rate": rates})
