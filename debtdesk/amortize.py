"""Single-loan amortisation schedules, cent-exact (DESIGN.md §3 "Money").

The level payment is numpy-financial's ``pmt`` rounded half-up to the cent. Each period's
interest is ``balance × annual_rate / payments_per_year`` rounded half-up to the cent; the
rest of the payment reduces the balance. The loop runs in whole cents, and the final
payment absorbs the rounding residue, so the last balance is exactly 0.00, the principal
column sums to the amount borrowed and every payment is its interest plus its principal.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy_financial as npf
import pandas as pd

from debtdesk.dates import add_months
from debtdesk.errors import DebtDeskError
from debtdesk.money import from_cents, to_cents
from debtdesk.rates import period_rate, rate_basis as _basis
from debtdesk.values import number

#: Payments a year that a schedule may use.
PAYMENTS_PER_YEAR = (1, 2, 4, 12, 24, 26, 52)
#: The two annuity timings: ordinary (payment at each period's end) and due (at its start).
WHEN = ("end", "begin")
#: Columns of :func:`amortize`'s result, in order.
COLUMNS = ["Period", "Date", "Payment", "Interest", "Principal", "Balance"]

_MAX_RATE = 10.0  # 1000% a year: anything above is taken for a typing slip (24 for 24%)


def level_payment(principal: float, annual_rate: float, months: int, payments_per_year: int = 12,
                  when: str = "end", *, rate_basis: str = "nominal") -> float:
    """The level payment that repays ``principal`` over ``months``, to the cent.

    Parameters
    ----------
    principal : float
        Amount borrowed, > 0.
    annual_rate : float
        Nominal annual rate as a fraction (7.5% = 0.075), ≥ 0.
    months : int
        Term in months; ``months × payments_per_year / 12`` must be a whole number of payments.
    payments_per_year : int, default 12
        One of 1, 2, 4, 12, 24, 26, 52.
    when : {"end", "begin"}, default "end"
        Payments at the end of each period (ordinary annuity) or at its start (annuity due).
    rate_basis : {"nominal", "effective"}, default "nominal"
        The period's rate, as for :func:`amortize`.

    Returns
    -------
    float
        ``-numpy_financial.pmt(rate, n, principal, when=when)`` rounded half-up to the cent,
        where ``rate`` is the period's rate (``annual_rate / payments_per_year`` on the
        nominal basis); ``principal / n`` at a zero rate.

    Examples
    --------
    >>> level_payment(200000, 0.075, 15 * 12)   # npf.pmt(0.075/12, 12*15, 200000) = -1854.0247...
    1854.02
    >>> level_payment(10000, 0.08, 10), level_payment(10000, 0.08, 10, when="begin")
    (1037.03, 1030.16)
    >>> level_payment(4200, 0.249, 36, rate_basis="effective")   # npf.pmt(1.249 ** (1/12) - 1, 36, -4200)
    161.36
    """
    principal, annual_rate, n, payments_per_year, when = _terms(principal, annual_rate, months,
                                                                payments_per_year, when)
    return from_cents(_level_cents(principal, _period(annual_rate, payments_per_year, rate_basis), n, when))


def amortize(principal: float, annual_rate: float, months: int, start_date: date | None = None,
             extra_payment: float = 0.0, payments_per_year: int = 12, when: str = "end", *,
             rate_basis: str = "nominal", first_payment: date | None = None) -> pd.DataFrame:
    """Repayment schedule of a fixed-rate loan, one row per payment.

    Parameters
    ----------
    principal : float
        Amount borrowed, > 0.
    annual_rate : float
        Nominal annual rate as a fraction (24% = 0.24), ≥ 0.
    months : int
        Term in months. The number of payments is ``months × payments_per_year / 12`` and
        must be whole (e.g. 26 payments a year need a term in multiples of 6 months).
    start_date : datetime.date, optional
        The loan's start. With ``when="end"`` the first payment falls one period later;
        with ``when="begin"`` it falls on the start date. Without it, ``Date`` is None.
    extra_payment : float, default 0
        Paid on top of every level payment, all of it against principal; it shortens the
        schedule.
    payments_per_year : int, default 12
        1, 2, 4 or 12 (dates step by whole months, Excel's EDATE), 24 (semimonthly: half a
        month, i.e. 15 days, then the next month's same day), 26 or 52 (every 14 or 7 days).
    when : {"end", "begin"}, default "end"
        Ordinary annuity, or annuity due (no interest in period 1).
    rate_basis : {"nominal", "effective"}, default "nominal"
        A period's rate: ``annual_rate / payments_per_year``, or the effective annual
        rate's root ``(1 + annual_rate) ** (1 / payments_per_year) - 1``
        (:mod:`debtdesk.rates`).
    first_payment : datetime.date, optional
        The date of the first payment, for a schedule described that way (a loan sheet's
        "First payment"): the payments fall on it and step from it. With ``start_date`` as
        well, it must be the date the start and ``when`` give.

    Returns
    -------
    pandas.DataFrame
        Columns ``Period`` (1..n), ``Date`` (``datetime.date`` or None), ``Payment``,
        ``Interest``, ``Principal``, ``Balance`` (floats to the cent). The final ``Balance``
        is 0.00, ``Principal`` sums to ``principal`` and ``Payment`` to ``Interest`` plus
        ``Principal``, all exactly to the cent.

    Examples
    --------
    >>> s = amortize(1000, 0.12, 3, start_date=date(2024, 1, 31))
    >>> print(s.to_string(index=False))
     Period       Date  Payment  Interest  Principal  Balance
          1 2024-02-29   340.02     10.00     330.02   669.98
          2 2024-03-31   340.02      6.70     333.32   336.66
          3 2024-04-30   340.03      3.37     336.66     0.00
    >>> amortize(1000, 0.12, 3, first_payment=date(2024, 1, 31))["Date"].tolist()
    [datetime.date(2024, 1, 31), datetime.date(2024, 2, 29), datetime.date(2024, 3, 31)]
    """
    principal, annual_rate, n, payments_per_year, when = _terms(principal, annual_rate, months,
                                                                payments_per_year, when)
    extra = number(extra_payment, "extra_payment", minimum=0.0)
    start_date = _start(start_date)
    dates_from, timing = start_date, when
    if first_payment is not None:
        first_payment = _start(first_payment, "first_payment")
        implied = None if start_date is None else _payment_date(start_date, 1, payments_per_year, when)
        if implied is not None and implied != first_payment:
            raise DebtDeskError("first_payment", f"{first_payment.isoformat()} is not the first payment date of a loan "
                                f"starting {start_date.isoformat()} with payments at the period's {when} "
                                f"({implied.isoformat()}); give one of them")
        dates_from, timing = first_payment, "begin"  # the first payment falls on it
    rate = _period(annual_rate, payments_per_year, rate_basis)
    payment = _level_cents(principal, rate, n, when) + to_cents(extra)
    balance = to_cents(principal)
    rows = []
    for period in range(1, n + 1):
        interest = 0 if (when == "begin" and period == 1) else (2 * balance * rate.numerator + rate.denominator) \
            // (2 * rate.denominator)
        paid_principal = payment - interest
        if period == n or paid_principal >= balance:
            paid_principal = balance
        balance -= paid_principal
        rows.append((period, _payment_date(dates_from, period, payments_per_year, timing),
                     from_cents(interest + paid_principal), from_cents(interest),
                     from_cents(paid_principal), from_cents(balance)))
        if balance == 0:
            break
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["Date"] = frame["Date"].astype(object)
    return frame


def _terms(principal, annual_rate, months, payments_per_year, when):
    """Check the loan terms; return them with the number of payments in place of months."""
    principal = number(principal, "principal", above=0.0)
    annual_rate = number(annual_rate, "annual_rate", minimum=0.0)
    if annual_rate > _MAX_RATE:
        raise DebtDeskError("annual_rate", f"{annual_rate:g} is above {_MAX_RATE:g} (1000% a year); "
                            "give the rate as a fraction, e.g. 0.24 for 24%")
    months = number(months, "months", above=0.0)
    if months != int(months):
        raise DebtDeskError("months", f"{months:g} must be a whole number of months greater than 0")
    if payments_per_year not in PAYMENTS_PER_YEAR or isinstance(payments_per_year, bool):
        raise DebtDeskError("payments_per_year", f"{payments_per_year!r} must be one of "
                            + ", ".join(map(str, PAYMENTS_PER_YEAR)))
    payments_per_year = int(payments_per_year)
    if when not in WHEN:
        raise DebtDeskError("when", f"{when!r} must be one of {', '.join(WHEN)}")
    count = int(months) * payments_per_year
    if count % 12:
        raise DebtDeskError("months", f"{int(months)} months at {payments_per_year} payments a year is "
                            f"{count / 12:g} payments; choose a term that gives a whole number")
    return principal, annual_rate, count // 12, payments_per_year, when


def _start(start_date, argument: str = "start_date") -> date | None:
    if start_date is None:
        return None
    if isinstance(start_date, datetime):
        return start_date.date()
    if isinstance(start_date, date):
        return start_date
    raise DebtDeskError(argument, f"{start_date!r} is not a date")


def _period(annual_rate: float, payments_per_year: int, rate_basis) -> Fraction:
    """The period's rate as an exact fraction (:func:`debtdesk.rates.period_rate`)."""
    return period_rate(annual_rate, payments_per_year, _basis(rate_basis))


def _level_cents(principal: float, rate: Fraction, n: int, when: str) -> int:
    if rate == 0:
        return _cents_of(Decimal(to_cents(principal)) / n)
    return to_cents(-npf.pmt(float(rate), n, principal, when=when))


def _cents_of(amount: Decimal) -> int:
    """Half-up rounding of an exact amount in cents to whole cents."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _payment_date(start: date | None, period: int, payments_per_year: int, when: str) -> date | None:
    if start is None:
        return None
    step = period if when == "end" else period - 1
    if payments_per_year in (26, 52):
        return start + timedelta(days=step * 364 // payments_per_year)
    if payments_per_year == 24:
        day = add_months(start, step // 2)
        return day + timedelta(days=15) if step % 2 else day
    return add_months(start, step * 12 // payments_per_year)
