"""Annual percentage rate by the US Regulation Z actuarial method (12 CFR 1026, Appendix J).

For a single advance repaid by a stream of payments:

1. The *unit-period* is the period (time from the advance to the first payment, or between
   two payments) that occurs most often; ties go to the shorter one; with no repeated
   period, the average period rounded to the nearest standard interval (day, week,
   semimonth, month, or a multiple of a week or a month up to a year). A single payment
   has the term as its unit-period, at most a year (App. J (b)(4)).
2. Each payment lies ``t`` whole unit-periods plus a fraction ``f`` after the advance.
   Whole months are counted back from the later date and count 30 days each, the days
   left over count as they fall; the total over 30 × m gives ``t`` and ``f`` for a
   unit-period of ``m`` months, over 15 for a semimonth (App. J (b)(5)(iii): a payment on
   1 March 2024 after an advance on 7 February is 23 days away, 1 semimonth and 8/15, not
   the half-month from 16 February plus 9 days); weeks count 7 days.
3. The unit-period rate ``i`` solves the general equation (App. J (b)(8))::

       A = Σ P_j / ((1 + f_j·i) (1 + i)^t_j)

   and the APR is ``i`` times the number of unit-periods in a year (12 / months,
   24, 52 / weeks, 365 / days, or 1 for a year).

Months follow App. J (b)(3)(iv): all months are equal, and a series on the last day of
the month (or the 29th/30th) is measured month end to month end.
"""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date, datetime
from typing import Sequence

import numpy as np

from debtdesk.errors import DebtDeskError
from debtdesk.values import number

__all__ = ["apr", "unit_period", "unit_periods_per_year", "periods_from_advance"]

_TOLERANCE = 1e-13


def apr(amount_financed: float, advance_date: date, payment_dates: Sequence[date],
        payment_amounts: Sequence[float]) -> float:
    """Annual percentage rate of a single-advance loan, Regulation Z Appendix J actuarial method.

    Parameters
    ----------
    amount_financed : float
        The amount advanced on ``advance_date`` (Regulation Z's amount financed), > 0.
    advance_date : datetime.date
        The date the finance charge starts to be earned.
    payment_dates : sequence of datetime.date
        Scheduled payment dates, in order, each after the previous one and after the advance.
    payment_amounts : sequence of float
        The payment due on each date, > 0; irregular first or last amounts are fine.

    Returns
    -------
    float
        The APR as an annual fraction (0.0969 = 9.69%), unrounded; Regulation Z discloses it
        to 1/8 of a percentage point for regular transactions.

    Examples
    --------
    Appendix J example (c)(1)(i): $5,000 advanced 1978-01-10, 24 monthly payments of $230
    from 1978-02-10, APR 9.69%.

    >>> from debtdesk.dates import add_months
    >>> dates = [add_months(date(1978, 2, 10), k) for k in range(24)]
    >>> round(apr(5000, date(1978, 1, 10), dates, [230.0] * 24) * 100, 2)
    9.69
    """
    amount = number(amount_financed, "amount_financed", above=0)
    advance, dates = _dates(advance_date, payment_dates)
    if isinstance(payment_amounts, (str, bytes)) or not hasattr(payment_amounts, "__len__"):
        raise DebtDeskError("payment_amounts", "expected a list of amounts, one per payment date")
    if len(payment_amounts) != len(dates):
        raise DebtDeskError("payment_amounts", f"has {len(payment_amounts)} amounts for {len(dates)} "
                            "payment dates (expected one amount per date)")
    amounts = np.array([number(p, "payment_amounts", row, above=0) for row, p in enumerate(payment_amounts, 1)])
    total = float(amounts.sum())
    if total < amount - 0.005:
        raise DebtDeskError("payment_amounts", f"total {total:,.2f} is less than the amount financed "
                            f"{amount:,.2f} (expected payments that repay it)")
    unit = unit_period(advance, dates)
    timing = np.array(periods_from_advance(advance, dates, unit))
    rate = _solve(amount, amounts, timing[:, 0], timing[:, 1])
    return rate * unit_periods_per_year(unit)


def unit_period(advance_date: date, payment_dates: Sequence[date]) -> tuple[str, int]:
    """The Appendix J unit-period of a payment schedule.

    Returns
    -------
    tuple
        ``("month", m)`` for m months (1..12), ``("semimonth", 1)``, ``("week", m)`` for m weeks
        (1..52), ``("day", d)`` for d days, or ``("year", 1)`` for a single payment more than a
        year away.

    Examples
    --------
    >>> unit_period(date(1978, 3, 20), [date(1978, 4, 21), date(1978, 4, 28), date(1978, 5, 5)])
    ('week', 1)
    >>> unit_period(date(1978, 2, 23), [date(1978, 3, 1), date(1978, 3, 16), date(1978, 4, 1)])
    ('semimonth', 1)
    >>> unit_period(date(1978, 1, 3), [date(1978, 9, 15)]), unit_period(date(1978, 1, 3), [date(1978, 7, 3)])
    (('day', 255), ('month', 6))
    """
    advance, dates = _dates(advance_date, payment_dates)
    if len(dates) == 1:
        months = _whole_months(advance, dates[0])
        if months is not None and months >= 12 or months is None and _add_months(advance, 12) <= dates[0]:
            return ("year", 1)
        return ("month", months) if months is not None else ("day", (dates[0] - advance).days)
    periods = [_interval(a, b) for a, b in zip([advance] + dates[:-1], dates)]
    counts = Counter(periods)
    common = [p for p, c in counts.items() if c > 1]
    if common:
        most = max(counts[p] for p in common)
        return min((p for p in common if counts[p] == most), key=_length)
    average = (dates[-1] - advance).days / len(dates)
    return min(_STANDARD, key=lambda p: (abs(_length(p) - average), _length(p)))


def unit_periods_per_year(unit: tuple[str, int]) -> float:
    """Unit-periods in a year: 12 / months, 24, 52 / weeks, 365 / days, or 1.

    >>> unit_periods_per_year(("month", 3)), unit_periods_per_year(("week", 2)), unit_periods_per_year(("day", 255))
    (4.0, 26.0, 1.4313725490196079)
    """
    kind, size = unit
    return {"month": 12 / size, "semimonth": 24.0, "week": 52 / size, "day": 365 / size, "year": 1.0}[kind]


def periods_from_advance(advance_date: date, payment_dates: Sequence[date],
                         unit: tuple[str, int]) -> list[tuple[int, float]]:
    """Whole unit-periods ``t`` and fraction ``f`` from the advance to each payment (App. J (b)(5)).

    Examples
    --------
    Appendix J (c)(1)(ii): advance 1978-02-10, first monthly payment 1978-04-01 is one month
    and 19 days later (t = 1, f = 19/30); (c)(1)(iv), quarterly from 1978-05-23 to 1978-10-01,
    is 4 months and 9 days = 129 days: t = 1, f = 39/90.

    >>> periods_from_advance(date(1978, 2, 10), [date(1978, 4, 1)], ("month", 1))
    [(1, 0.6333333333333333)]
    >>> periods_from_advance(date(1978, 5, 23), [date(1978, 10, 1)], ("month", 3))
    [(1, 0.43333333333333335)]
    >>> periods_from_advance(date(2024, 2, 7), [date(2024, 3, 1), date(2024, 3, 16)], ("semimonth", 1))
    [(1, 0.5333333333333333), (2, 0.6)]
    """
    kind, size = unit
    series_day = max(d.day for d in payment_dates)
    out = []
    for paid in payment_dates:
        if kind in ("month", "year"):
            anchor = series_day if _is_month_end(paid) else paid.day
            months = 0
            while _back(paid, months + 1, anchor) >= advance_date:
                months += 1
            days = (_back(paid, months, anchor) - advance_date).days
            if kind == "year":  # whole years, then months / 12 or, if not whole months, days / 365
                years, left = divmod(months, 12)
                rest = left / 12 if days == 0 else (_back(paid, 12 * years, anchor) - advance_date).days / 365
                out.append((years, rest))
                continue
            whole, rest = divmod(30 * months + days, 30 * size)
            out.append((whole, rest / (30 * size)))
        elif kind == "semimonth":  # (b)(5)(iii): 30 days a full month back, then the days left, over 15
            anchor = 31 if _is_month_end(paid) else paid.day
            months = 0
            while _back(paid, months + 1, anchor) >= advance_date:
                months += 1
            whole, rest = divmod(30 * months + (_back(paid, months, anchor) - advance_date).days, 15)
            out.append((whole, rest / 15))
        else:
            length = 7 * size if kind == "week" else size
            whole, rest = divmod((paid - advance_date).days, length)
            out.append((whole, rest / length))
    return out


# --- time intervals -------------------------------------------------------------------------

#: Standard intervals (App. J (b)(3)(iii)) for rounding an average period.
_STANDARD = ([("day", 1), ("semimonth", 1)] + [("week", w) for w in range(1, 53)]
             + [("month", m) for m in range(1, 13)])


def _length(period: tuple[str, int]) -> float:
    kind, size = period
    return {"month": 365 / 12, "semimonth": 365 / 24, "week": 7, "day": 1, "year": 365}[kind] * size


def _interval(a: date, b: date) -> tuple[str, int]:
    months = _whole_months(a, b)
    if months is not None and months <= 12:
        return ("month", months)
    if _half_before(b) == a:
        return ("semimonth", 1)
    days = (b - a).days
    if days % 7 == 0 and days <= 364:
        return ("week", days // 7)
    return ("day", days)


def _whole_months(a: date, b: date) -> int | None:
    """Months from ``a`` to ``b`` when they are a whole number of months apart (month ends match)."""
    months = (b.year - a.year) * 12 + b.month - a.month
    if months < 1:
        return None
    same = a.day == b.day or (a.day < b.day and _is_month_end(a)) or (a.day > b.day and _is_month_end(b))
    return months if same else None


def _is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _back(day: date, months: int, anchor: int) -> date:
    """``months`` before ``day``, on the series' day of the month ``anchor`` (clamped)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(anchor, calendar.monthrange(year, month + 1)[1]))


def _add_months(day: date, months: int) -> date:
    return _back(day, -months, day.day)


def _half_before(day: date) -> date:
    """Half a month earlier: the 16th -> the 1st, the 1st -> the 16th before, month end -> the 15th."""
    if _is_month_end(day) and day.day > 15:
        return day.replace(day=15)
    if day.day > 15:
        return day.replace(day=day.day - 15)
    previous = _back(day, 1, 31)
    if day.day == 15:
        return previous
    return previous.replace(day=min(day.day + 15, previous.day))


# --- solving the general equation ---------------------------------------------------------


def _solve(amount: float, payments: np.ndarray, whole: np.ndarray, fraction: np.ndarray) -> float:
    """Unit-period rate i with Σ P / ((1 + f i)(1 + i)^t) = A, by bisection on a bracket."""

    def excess(i: float) -> float:
        with np.errstate(over="ignore"):  # (1 + i)^t beyond float range: that payment is worth 0
            return float(np.sum(payments / ((1 + fraction * i) * (1 + i) ** whole))) - amount

    if excess(0.0) <= 0:
        return 0.0
    low, high = 0.0, 0.01
    while excess(high) > 0:
        low, high = high, high * 2
        if high > 1e4:
            raise DebtDeskError("payment_amounts", "imply a unit-period rate above 1,000,000% "
                                "(expected a real loan)")
    while high - low > _TOLERANCE * max(1.0, high):
        middle = (low + high) / 2
        if excess(middle) > 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


# --- checking inputs ----------------------------------------------------------------------




def _dates(advance_date, payment_dates) -> tuple[date, list[date]]:
    advance = _a_date(advance_date, "advance_date")
    if isinstance(payment_dates, (str, bytes, date)) or not hasattr(payment_dates, "__iter__"):
        raise DebtDeskError("payment_dates", "expected a list of dates")
    dates = [_a_date(d, "payment_dates", row) for row, d in enumerate(payment_dates, 1)]
    if not dates:
        raise DebtDeskError("payment_dates", "is empty (expected at least one payment date)")
    previous = advance
    for row, day in enumerate(dates, 1):
        if day <= previous:
            after = "the advance_date" if row == 1 else f"the payment date in row {row - 1}"
            raise DebtDeskError("payment_dates", f"{day.isoformat()} must be after {after} "
                                f"({previous.isoformat()})", row)
        previous = day
    return advance, dates


def _a_date(value, argument: str, row: int | None = None) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise DebtDeskError(argument, f"{value!r} is not a date", row)
