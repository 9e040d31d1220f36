"""Multi-debt payoff plans: strategies, roll-over of freed minimums, strategy comparison.

Every plan follows the pinned multi-debt month of DESIGN.md §3, in whole cents:

1. month 1 is the first payment month;
2. each debt with a balance is charged interest = balance × the month's rate, rounded
   half-up to the cent, where the month's rate is APR / 12 on the ``"nominal"`` basis
   and (1 + APR)^(1/12) − 1 on the ``"effective"`` basis (:mod:`debtdesk.rates`; the
   promo APR while the month is within the debt's promo months);
3. each debt's minimum is paid: the smaller of its minimum and its balance, where the
   minimum is the debt's ``Minimum``, or with a ``Min %`` column the greater of that
   percentage of the balance (after this month's interest, as a statement shows it) and
   the ``Minimum`` floor;
4. the rest of the budget (plus any one-off extra payment for the month) goes to the
   debts in strategy order, spilling to the next debt when one is cleared, so a
   cleared debt's minimum rolls over to the others.

The strategy order is recomputed every month from the balances at the moment the rest
of the budget is shared out: ``avalanche`` highest APR in effect first, ``snowball``
smallest balance first, ``highest_interest`` largest interest charged this month first,
``cash_flow_index`` smallest balance ÷ minimum due first, ``custom`` as listed (or by an
``Order`` column), ties keeping the listed order. ``minimum`` pays the minimums and
nothing else (one-off extra payments go to the debts as listed).

The month loop runs on plain integers; DataFrames are built only when asked for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Mapping

import numpy as np
import pandas as pd

from debtdesk.columns import select_columns
from debtdesk.dates import add_months, to_date
from debtdesk.errors import DebtDeskError
from debtdesk.money import MAX_AMOUNT, from_cents, to_cents
from debtdesk.rates import period_rate, rate_basis as _rate_basis
from debtdesk.values import data_rows, is_blank, number

STRATEGIES = ("avalanche", "snowball", "custom", "minimum", "highest_interest", "cash_flow_index")
#: A plan that has not cleared every debt after this many months is refused (100 years).
MAX_MONTHS = 1200
#: Months the never-pays-off message quotes a sufficient budget for.
SUGGESTED_MONTHS = 60
_UNLIMITED = 10 ** 18  # a budget no minimums reach, in cents

_REQUIRED = ("Name", "Balance", "APR", "Minimum")
_OPTIONAL = ("Min %", "Promo APR", "Promo months", "Order", "Extra month", "Extra payment")
_RESERVED = {"month", "date", "total"}


@dataclass(frozen=True)
class Debts:
    """A debts table checked once and held as plain integers for the month loop.

    Build it with :func:`prepare_debts`; every planning function accepts either this or
    the DataFrame, so a caller that plans the same debts many times parses them once.
    Rates are exact fractions ``(numerator, denominator)`` of the decimal the APR was
    written as, so interest is rounded half-up exactly, with no float residue.
    """

    names: tuple[str, ...]
    balances: tuple[int, ...]
    rates: tuple[tuple[int, int], ...]
    minimums: tuple[int, ...]
    min_pcts: tuple[tuple[int, int] | None, ...]
    promo_rates: tuple[tuple[int, int] | None, ...]
    promo_months: tuple[int, ...]
    order: tuple[int, ...]
    extras: tuple[tuple[int, int, int], ...] = ()
    """One-off payments to a debt: (month, debt index, cents), from the Extra month / Extra payment columns."""


@dataclass(frozen=True, eq=False)
class PayoffPlan:
    """A payoff plan month by month, in cents, with pandas views built on demand.

    Attributes
    ----------
    names : tuple of str
        The debts, as listed.
    strategy : str
        The strategy followed.
    start_date : datetime.date or None
        Date of month 1; dates are empty without it.
    opening : tuple of int
        Opening balances in cents.
    payments, interest, balances : list of list of int
        One row per month (month 1 first), one entry per debt, in cents: what was paid,
        the interest charged, and the balance at the end of the month.
    payoff_months : tuple of int or None
        The month each debt reached 0.00 (0 for a debt that opened at 0.00; None for one a
        plan that stops short never clears).
    cleared : bool
        True when every debt reached 0.00. Only plans that show a period, such as a debt
        management plan's months until a review, stop short; :func:`payoff` never does.
    """

    names: tuple[str, ...]
    strategy: str
    start_date: date | None
    opening: tuple[int, ...]
    payments: list[list[int]]
    interest: list[list[int]]
    balances: list[list[int]]
    payoff_months: tuple[int | None, ...]
    cleared: bool = True

    @property
    def months(self) -> int:
        """Months until every debt is at 0.00."""
        return len(self.payments)

    @property
    def total_interest(self) -> float:
        """Interest charged over the plan, to the cent."""
        return from_cents(sum(map(sum, self.interest)))

    @property
    def total_paid(self) -> float:
        """Everything paid over the plan: opening balances plus interest, to the cent."""
        return from_cents(sum(map(sum, self.payments)))

    def date_of(self, month: int | None) -> date | None:
        """Date of ``month`` (month 1 = ``start_date``), or None without a start date or a month."""
        if self.start_date is None or month is None or month < 1:
            return None
        return add_months(self.start_date, month - 1)

    @cached_property
    def summary(self) -> pd.DataFrame:
        """One row per debt: Debt, Payoff month, Payoff date, Interest paid, Total paid."""
        n = len(self.names)
        interest = [sum(row[i] for row in self.interest) for i in range(n)]
        paid = [sum(row[i] for row in self.payments) for i in range(n)]
        return pd.DataFrame({
            "Debt": list(self.names),
            "Payoff month": pd.array(self.payoff_months, dtype="Int64") if None in self.payoff_months
            else list(self.payoff_months),
            "Payoff date": [self.date_of(m) for m in self.payoff_months],
            "Interest paid": [from_cents(c) for c in interest],
            "Total paid": [from_cents(c) for c in paid],
        })

    @cached_property
    def schedule(self) -> pd.DataFrame:
        """Month, Date, the end-of-month balance of each debt, then Total."""
        return self._by_month(self.balances)

    @cached_property
    def payment_schedule(self) -> pd.DataFrame:
        """Month, Date, what was paid to each debt that month, then Total."""
        return self._by_month(self.payments)

    def _by_month(self, rows: list[list[int]]) -> pd.DataFrame:
        months = range(1, len(rows) + 1)
        frame = pd.DataFrame([[from_cents(c) for c in row] for row in rows],
                             columns=list(self.names), dtype=float)
        frame["Total"] = [from_cents(sum(row)) for row in rows]
        frame.insert(0, "Month", list(months))
        frame.insert(1, "Date", [self.date_of(m) for m in months])
        return frame


def prepare_debts(debts: pd.DataFrame | Debts) -> Debts:
    """Check a debts table and hold it as integers for planning.

    Parameters
    ----------
    debts : pandas.DataFrame or Debts
        Columns Name, Balance, APR, Minimum (found by header, with synonyms), and
        optionally ``Min %`` (minimum as a fraction of the balance; the minimum is then
        the greater of that and the ``Minimum`` floor, which may be empty), ``Promo APR``
        with ``Promo months`` (the promo APR applies in months 1 to N), and ``Order``
        (custom order, smallest first; empty cells after the numbered ones), and ``Extra
        month`` with ``Extra payment`` (a one-off payment to that debt in that month, on top
        of the budget; what it does not need goes on in strategy order). Rows in
        error messages are the frame's index when it counts data rows from 1 (as
        ``debtdesk.udfs.convert.table`` builds it), otherwise positions from 1.

    Returns
    -------
    Debts

    Examples
    --------
    >>> d = prepare_debts(pd.DataFrame({"Name": ["Visa"], "Balance": [1200.5],
    ...                                 "APR": [0.1999], "Minimum": [25]}))
    >>> d.balances, d.rates, d.minimums
    ((120050,), ((1999, 10000),), (2500,))
    """
    if isinstance(debts, Debts):
        return debts
    if not isinstance(debts, pd.DataFrame):
        raise DebtDeskError("debts", f"expected a table (DataFrame) of debts, got {type(debts).__name__}")
    positions = _column_positions(tuple(map(str, debts.columns)))
    if debts.empty:
        raise DebtDeskError("debts", "has no debts (expected one row per debt)")
    cells = debts.to_numpy(dtype=object).T.tolist()
    column = {name: cells[position] for name, position in positions.items()}
    return _prepare_columns(column, len(debts)) or _prepare_rows(column, data_rows(debts.index))


def payoff(debts: pd.DataFrame | Debts, monthly_budget: float, strategy: str = "avalanche",
           start_date=None, extra_payments: Mapping[int, float] | None = None,
           rate_basis: str = "nominal") -> PayoffPlan:
    """Pay several debts from one monthly budget until every debt is at 0.00.

    Parameters
    ----------
    debts : pandas.DataFrame or Debts
        Name, Balance, APR, Minimum, optionally Min %, Promo APR, Promo months, Order
        (see :func:`prepare_debts`).
    monthly_budget : float
        Paid every month in total while any debt remains; at least the minimums due.
    strategy : str
        One of :data:`STRATEGIES` (module docstring explains each).
    start_date : date, datetime, Excel serial or ISO text, optional
        Date of month 1; the plan's dates are empty without it.
    extra_payments : mapping of int to float, optional
        One-off extra payments ``{month: amount}`` on top of the budget.
    rate_basis : {"nominal", "effective"}, default "nominal"
        How an APR becomes a month's rate (:mod:`debtdesk.rates`): APR / 12, or
        (1 + APR)^(1/12) − 1 for the effective annual rates UK lenders quote.

    Returns
    -------
    PayoffPlan
        ``.summary``, ``.schedule``, ``.months``, ``.total_interest`` and the cents.

    Raises
    ------
    DebtDeskError
        Budget below the minimums due (the message gives them), or a plan that has not
        cleared the debts within :data:`MAX_MONTHS` (the message gives a budget that
        clears them in :data:`SUGGESTED_MONTHS` months).

    Examples
    --------
    Two debts, $300 a month, avalanche: month 1 charges 0.24/12 × 1000 = 20.00 on the
    card and 0.06/12 × 500 = 2.50 on the loan; minimums 50 + 25 are paid and the other
    225.00 goes to the card (highest APR).

    >>> debts = pd.DataFrame({"Name": ["Card", "Loan"], "Balance": [1000, 500],
    ...                       "APR": [0.24, 0.06], "Minimum": [50, 25]})
    >>> plan = payoff(debts, 300)
    >>> plan.schedule.loc[0, ["Card", "Loan"]].tolist()
    [745.0, 477.5]
    >>> plan.months, plan.total_interest, plan.total_paid
    (6, 60.4, 1560.4)

    A UK card: 4,200 at 24.9 % APR, 105 a month. The effective monthly rate is
    1.249^(1/12) − 1 = 1.870 %, not 24.9 % / 12 = 2.075 %.

    >>> card = pd.DataFrame({"Name": ["Card"], "Balance": [4200], "APR": [0.249], "Minimum": [105]})
    >>> uk = payoff(card, 105, rate_basis="effective")
    >>> (uk.months, uk.total_interest), (payoff(card, 105).months, payoff(card, 105).total_interest)
    ((75, 3612.23), (87, 4859.49))
    """
    prepared = prepare_debts(debts)
    strategy = _strategy(strategy)
    budget = _budget(monthly_budget)
    start = None if start_date is None else to_date(start_date, "start_date")
    extras = _extras(extra_payments)
    basis = _rate_basis(rate_basis)
    run = _simulate(prepared, budget, strategy, extras, MAX_MONTHS, basis)
    if run.short is not None:
        month, due = run.short
        raise DebtDeskError("monthly_budget", f"{from_cents(budget):.2f} is below the sum of the minimum payments "
                            f"due in month {month} ({from_cents(due):.2f}); the budget must be at least {from_cents(due):.2f}")
    if not run.cleared:
        owed = _left_owing(run, prepared)
        if strategy == "minimum":
            fix = budget_for(prepared, SUGGESTED_MONTHS, "avalanche", basis)
            raise DebtDeskError("strategy", f"minimum payments alone do not clear the debts within {MAX_MONTHS} months "
                                f"({owed}); a budget of {fix:.2f} a month with avalanche clears them "
                                f"in {SUGGESTED_MONTHS} months")
        fix = budget_for(prepared, SUGGESTED_MONTHS, strategy, basis, smallest=False)
        raise DebtDeskError("monthly_budget", f"{from_cents(budget):.2f} a month never clears the debts ({owed} "
                            f"after {MAX_MONTHS} months); a budget of {fix:.2f} clears them in {SUGGESTED_MONTHS} months")
    return PayoffPlan(prepared.names, strategy, start, prepared.balances, run.payments, run.interest,
                      run.balances, tuple(run.payoff_months))


def compare(debts: pd.DataFrame | Debts, monthly_budget: float, rate_basis: str = "nominal") -> pd.DataFrame:
    """Every strategy on the same debts and budget, against paying minimums only.

    Parameters
    ----------
    debts : pandas.DataFrame or Debts
        As for :func:`payoff`.
    monthly_budget : float
        The monthly budget; at least the minimums due in month 1.
    rate_basis : {"nominal", "effective"}, default "nominal"
        As for :func:`payoff`.

    Returns
    -------
    pandas.DataFrame
        Strategy, Months, Total interest, Interest saved vs minimum, Note. A strategy
        that never clears the debts (not within :data:`MAX_MONTHS` months, or its
        minimums outgrow the budget) has empty figures and a note saying why; the
        minimum-only baseline pays each debt's minimum whatever the budget, and often
        never clears a card whose minimum is a percentage of the balance.

    Examples
    --------
    >>> debts = pd.DataFrame({"Name": ["Card", "Loan"], "Balance": [1000, 500],
    ...                       "APR": [0.24, 0.06], "Minimum": [50, 25]})
    >>> compare(debts, 300).iloc[:2, :4].values.tolist()
    [['avalanche', 6, 60.4, 257.6], ['snowball', 6, 84.36, 233.64]]

    A card whose 2 % minimum never outruns its interest: every other strategy still
    clears it, and minimum-only says "never" instead of failing the comparison.

    >>> card = pd.DataFrame({"Name": ["Card"], "Balance": [5000], "APR": [0.249],
    ...                      "Minimum": [5], "Min %": [0.02]})
    >>> table = compare(card, 200).set_index("Strategy")
    >>> int(table.loc["avalanche", "Months"]), table.loc["minimum", "Note"]
    (36, 'never clears the debts (the balances grow instead of falling)')
    """
    prepared = prepare_debts(debts)
    budget = _budget(monthly_budget)
    basis = _rate_basis(rate_basis)
    runs = {}
    for strategy in STRATEGIES:
        run = _simulate(prepared, _UNLIMITED if strategy == "minimum" else budget, strategy, {}, MAX_MONTHS, basis)
        if run.short is not None and run.short[0] == 1:
            raise DebtDeskError("monthly_budget", f"{from_cents(budget):.2f} is below the sum of the minimum payments "
                                f"due in month 1 ({from_cents(run.short[1]):.2f})")
        runs[strategy] = run
    baseline = runs["minimum"]
    order = [s for s in STRATEGIES if s != "minimum"] + ["minimum"]
    records = []
    for strategy in order:
        run = runs[strategy]
        interest = sum(map(sum, run.interest))
        if run.short is not None:
            month, due = run.short
            records.append((strategy, None, None, None, f"never clears the debts (the minimums due in month {month}, "
                            f"{from_cents(due):.2f}, are more than the budget)"))
        elif not run.cleared:
            records.append((strategy, None, None, None, f"never clears the debts ({_left_owing(run, prepared)})"))
        elif not baseline.cleared:
            records.append((strategy, len(run.payments), from_cents(interest), None,
                            "minimum payments alone never clear the debts, so there is no baseline to save against"))
        else:
            saved = sum(map(sum, baseline.interest)) - interest
            records.append((strategy, len(run.payments), from_cents(interest), from_cents(saved), None))
    return pd.DataFrame.from_records(records, columns=["Strategy", "Months", "Total interest",
                                                       "Interest saved vs minimum", "Note"])


def budget_for(debts: pd.DataFrame | Debts, months: int, strategy: str = "avalanche",
               rate_basis: str = "nominal", *, smallest: bool = True) -> float:
    """Smallest monthly budget, to the cent, that clears every debt within ``months``.

    Searches whole cents. The budget that pays everything in month 1 always works, and
    bisection below it finds a budget that clears the debts in time where a cent less
    does not. For ``avalanche`` and ``custom`` that is the smallest: their order never
    depends on the balances, so a larger budget leaves every debt's balance no higher,
    month by month, and clearing in time is monotone in the budget. ``snowball``,
    ``highest_interest`` and ``cash_flow_index`` reorder the debts by their balances, so
    a larger budget can change the order for the worse and a smaller one can still clear
    in time; for them every budget between a proven lower bound and the bisection's
    answer is tried, smallest first (each run stops as soon as what is owed exceeds the
    budget times the months left).

    Parameters
    ----------
    debts : pandas.DataFrame or Debts
        As for :func:`payoff`.
    months : int
        Months to be debt-free in, 1 to :data:`MAX_MONTHS`.
    strategy : str
        Any of :data:`STRATEGIES` except ``minimum`` (whose payments ignore the budget).
    rate_basis : {"nominal", "effective"}, default "nominal"
        As for :func:`payoff`.
    smallest : bool, default True
        False settles for the bisection's answer, a budget that clears the debts in time
        where a cent less does not (what an error message suggests), without trying every
        cent below it for the strategies that reorder the debts.

    Returns
    -------
    float

    Examples
    --------
    A single 1,000.00 debt at 12% over 12 months needs the level payment that
    numpy-financial's ``pmt(0.01, 12, -1000)`` gives, 88.85 (rounded up to clear in time).

    >>> debts = pd.DataFrame({"Name": ["Loan"], "Balance": [1000], "APR": [0.12], "Minimum": [0]})
    >>> budget_for(debts, 12)
    88.85

    With cash-flow-index order and percentage minimums a smaller budget can clear in time
    where a larger one does not: 215.55 clears these in 48 months, 215.68 is where
    bisection alone would stop.

    >>> debts = pd.DataFrame({"Name": ["A", "B", "C"], "Balance": [2400, 6000, 500],
    ...                       "APR": [0.12, 0.069, 0.249], "Minimum": [10, 5, 10], "Min %": [0.05, None, 0.05]})
    >>> budget_for(debts, 48, "cash_flow_index")
    215.55
    """
    prepared = prepare_debts(debts)
    strategy = _strategy(strategy)
    if strategy == "minimum":
        raise DebtDeskError("strategy", "'minimum' pays the minimums only, so no budget changes when the debts clear; "
                            f"choose one of {', '.join(s for s in STRATEGIES if s != 'minimum')}")
    if isinstance(months, bool) or not isinstance(months, (int, float)) or months != int(months) \
            or not 1 <= months <= MAX_MONTHS:
        raise DebtDeskError("months", f"{months!r} must be a whole number of months from 1 to {MAX_MONTHS}")
    months = int(months)
    basis = _rate_basis(rate_basis)
    # Paying every balance plus its first month's interest clears everything in month 1.
    high = sum(b + _interest(b, r if not pm else (pr or r), basis)
               for b, r, pr, pm in zip(prepared.balances, prepared.rates, prepared.promo_rates, prepared.promo_months))
    low = -1  # largest budget known not to clear in time

    def clears(budget: int) -> bool:
        run = _simulate(prepared, budget, strategy, {}, months, basis, prune=True)
        return run.short is None and run.cleared

    high = _smallest(low, high, clears)
    if smallest and strategy in _BALANCE_ORDERED:
        high = next(b for b in range(_lower_bound(prepared, months, basis), high + 1) if clears(b))
    return from_cents(high)


#: Strategies whose order depends on the balances, so clearing in time is not monotone in the budget.
_BALANCE_ORDERED = ("snowball", "highest_interest", "cash_flow_index")


def _lower_bound(d: Debts, months: int, basis: str) -> int:
    """A budget in cents below which no strategy can clear the debts within ``months``.

    Every month each debt with a balance is charged at least its balance times the lowest
    month's rate of any debt, less half a cent (half-up rounding), and at most the budget
    is paid; so the total owed ``s`` falls no faster than ``s + max(0, r·s − n/2) − budget``.
    The smallest budget that takes that recursion to 0.00 within ``months``, less a cent for
    float rounding, is the bound (one-off payments taken off what is owed at the start); the
    month-1 minimums due are one too.

    >>> d = prepare_debts(pd.DataFrame({"Name": ["Loan"], "Balance": [1000], "APR": [0.12], "Minimum": [0]}))
    >>> _lower_bound(d, 12, "nominal") <= 8885
    True
    """
    opening = max(0, sum(d.balances) - sum(cents for _, _, cents in d.extras))  # one-off payments lower it
    rates = [r for r, b in zip(d.rates, d.balances) if b] + [r for r, b in zip(d.promo_rates, d.balances) if b and r]
    low_rate = min(float(period_rate(r[0] / r[1], 12, basis)) for r in rates) if rates else 0.0
    half = len(d.balances) / 2

    def reaches_zero(budget: int) -> bool:
        owed = float(opening)
        for _ in range(months):
            owed += max(0.0, owed * low_rate - half) - budget
            if owed <= 0:
                return True
        return False

    high = _smallest(0, opening + 1, reaches_zero)  # paying everything in month 1 reaches zero
    first = _simulate(d, _UNLIMITED, "minimum", {}, 1, basis)
    due = sum(first.payments[0]) if first.payments else 0
    return max(high - 1, _relaxed_bound(d, months, basis), -(-opening // months), due, 0)


def _relaxed_bound(d: Debts, months: int, basis: str) -> int:
    """The tighter bound of :func:`_lower_bound` where no debt has a promo rate: the budget the
    debts need when each is paid only its fixed ``Minimum`` floor and the rest of the budget
    goes to the highest rates first, with exact interest.

    Every strategy pays each debt at least its floor (a ``Min %`` only adds to it), and of all
    ways to pay at least the floors, paying the highest rate first needs the least (moving a
    payment from a higher-rate debt to a lower-rate one, or later, only leaves more interest).
    Half-up rounding can charge up to half a cent less than exact interest on each debt each
    month; all of that, and the one-off payments, is taken as paid at the start to the highest
    rates, where it is worth most. Less a cent for float rounding. 0 when a promo rate makes
    the order change over time.

    >>> d = prepare_debts(pd.DataFrame({"Name": ["Loan"], "Balance": [1000], "APR": [0.12], "Minimum": [0]}))
    >>> _relaxed_bound(d, 12, "nominal")   # the level payment is 88.85
    8884
    """
    if any(d.promo_rates):
        return 0
    rates = [float(period_rate(num / den, 12, basis)) for num, den in d.rates]
    order = sorted(range(len(rates)), key=lambda i: -rates[i])
    gift = len(rates) * months / 2 + sum(cents for _, _, cents in d.extras)

    def clears(budget: int) -> bool:
        owed, left = [float(b) for b in d.balances], gift
        for i in order:  # the gift, spilling down the rates
            paid = min(left, owed[i])
            owed[i] -= paid
            left -= paid
        for _ in range(months):
            owed = [o * (1 + r) for o, r in zip(owed, rates)]
            floors = [min(float(f), o) for f, o in zip(d.minimums, owed)]
            left = budget - sum(floors)
            if left < 0:
                return False
            owed = [o - f for o, f in zip(owed, floors)]
            for i in order:
                paid = min(left, owed[i])
                owed[i] -= paid
                left -= paid
            if all(o <= 1e-9 for o in owed):
                return True
        return False

    return _smallest(-1, sum(d.balances) * 2 + 1, clears) - 1


def _smallest(low: int, high: int, works) -> int:
    """Bisection: the smallest whole number in (low, high] for which ``works`` holds, given that
    it holds at ``high`` and not at ``low`` (and, between them, from some point on).

    >>> _smallest(0, 100, lambda x: x * x >= 50)
    8
    """
    while high - low > 1:
        middle = (low + high) // 2
        if works(middle):
            high = middle
        else:
            low = middle
    return high


def minimum_only(debts: pd.DataFrame | Debts, rate_basis: str = "nominal") -> pd.DataFrame:
    """Each debt paid its minimum and nothing more, independently of any budget.

    Parameters
    ----------
    debts : pandas.DataFrame or Debts
        As for :func:`payoff`.
    rate_basis : {"nominal", "effective"}, default "nominal"
        As for :func:`payoff`.

    Returns
    -------
    pandas.DataFrame
        Debt, Months to clear and Interest paid; both empty for a debt its minimum
        does not clear within :data:`MAX_MONTHS` months.

    Examples
    --------
    >>> minimum_only(pd.DataFrame({"Name": ["Card", "Store"], "Balance": [100, 5000],
    ...                            "APR": [0.12, 0.30], "Minimum": [50, 100]}))
        Debt  Months to clear  Interest paid
    0   Card                3           1.53
    1  Store             <NA>            NaN
    """
    prepared = prepare_debts(debts)
    run = _simulate(prepared, _UNLIMITED, "minimum", {}, MAX_MONTHS, _rate_basis(rate_basis))
    n = len(prepared.names)
    return pd.DataFrame({
        "Debt": list(prepared.names),
        "Months to clear": pd.array(run.payoff_months, dtype="Int64"),
        "Interest paid": [None if run.payoff_months[i] is None else from_cents(sum(row[i] for row in run.interest))
                          for i in range(n)],
    })


@lru_cache(maxsize=256)
def _column_positions(headers: tuple[str, ...]) -> dict[str, int]:
    """Canonical column name -> position, found by :func:`select_columns` once per header row."""
    probe = pd.DataFrame([list(range(len(headers)))], columns=list(headers))
    found = select_columns(probe, _REQUIRED, _OPTIONAL, "debts")
    return {name: int(found[name].iloc[0]) for name in found.columns}


def _prepare_columns(column: dict[str, list], n: int) -> Debts | None:
    """The same :class:`Debts` as :func:`_prepare_rows`, checked a column at a time.

    Returns None when any cell is not plainly valid (text, an empty or out-of-range number, a
    bad or repeated name): :func:`_prepare_rows` then converts the table or raises the first
    bad cell's message, exactly as it always has.
    """
    names = column["Name"]
    if set(map(type, names)) != {str}:
        return None
    names = [name.strip() for name in names]
    lowered = {name.lower() for name in names}
    if len(lowered) != n or "" in lowered or lowered & _RESERVED:
        return None
    balance, apr = _plain(column["Balance"]), _plain(column["APR"], maximum=10.0)
    floor, pct = _plain(column["Minimum"]), _plain(column.get("Min %", [None] * n), maximum=1.0)
    promo_apr = _plain(column.get("Promo APR", [None] * n), maximum=10.0)
    months = _plain(column.get("Promo months", [None] * n), maximum=MAX_MONTHS, whole=True)
    key = _plain(column.get("Order", [None] * n), minimum=None)
    if "Extra month" in column or "Extra payment" in column:
        return None  # rarely given: checked cell by cell
    if None in (balance, apr, floor, pct, promo_apr, months, key) or None in balance or None in apr \
            or any(f is None and p is None for f, p in zip(floor, pct)) \
            or any((r is None) != (m is None) for r, m in zip(promo_apr, months)):
        return None
    order_keys = [(k is None, k or 0.0, i) for i, k in enumerate(key)]
    return Debts(tuple(names), tuple(_cents(balance)), tuple(map(_ratio, apr)),
                 tuple(_cents([f or 0.0 for f in floor])),
                 tuple(None if p is None else _ratio(p) for p in pct),
                 tuple(None if r is None else _ratio(r) for r in promo_apr),
                 tuple(0 if m is None else int(m) for m in months),
                 tuple(sorted(range(n), key=order_keys.__getitem__)))


#: Cell types the column-wise check takes as they are; anything else goes cell by cell.
_PLAIN = frozenset({int, float, type(None), np.float64, np.int64})


def _plain(cells: list, minimum: float | None = 0.0, maximum: float | None = None,
           whole: bool = False) -> list[float | None] | None:
    """A column's cells as floats, None where empty, if every cell is a plain finite number
    within the bounds and below :data:`~debtdesk.money.MAX_AMOUNT` (the checks :func:`_number`
    makes); otherwise None.

    >>> _plain([1, 2.5, None, float("nan")]), _plain([1, -2]), _plain([1, "2"])
    ([1.0, 2.5, None, None], None, None)
    """
    if not set(map(type, cells)) <= _PLAIN:
        return None
    try:
        values = [None if v is None or v != v else float(v) for v in cells]
    except OverflowError:  # an integer beyond any float: the cell-by-cell path says so
        return None
    present = [v for v in values if v is not None]
    if present and (not math.isfinite(sum(present)) or max(map(abs, present)) >= MAX_AMOUNT
                    or (minimum is not None and min(present) < minimum)
                    or (maximum is not None and max(present) > maximum)
                    or (whole and any(v != int(v) for v in present))):
        return None
    return values


def _cents(values: list[float]) -> list[int]:
    """:func:`~debtdesk.money.to_cents` of each value, exactly: half-up of the decimal each float
    was written as. Values within rounding noise of half a cent go through ``to_cents`` itself.

    >>> _cents([1.005, 2.675, 0.125, 1200.5, 19.99, 0.0, -2.5])
    [101, 268, 13, 120050, 1999, 0, -250]
    """
    cents = []
    for value in values:
        scaled = abs(value) * 100
        if abs(scaled - math.floor(scaled) - 0.5) <= scaled * 1e-13:
            cents.append(to_cents(value))
        else:
            whole = math.floor(scaled + 0.5)
            cents.append(whole if value >= 0 else -whole)
    return cents


def _prepare_rows(column: dict[str, list], rows: list[int]) -> Debts:
    """The debts table checked cell by cell, in row order: the first bad cell raises its message."""
    has_pct = "Min %" in column
    has_promo = "Promo APR" in column or "Promo months" in column
    names, balances, rates, minimums, pcts, promo_rates, promo_months, order_keys, extras = ([] for _ in range(9))
    seen: dict[str, int] = {}
    for k, row in enumerate(rows):
        name = column["Name"][k]
        name = "" if is_blank(name) else str(name).strip()
        if not name:
            raise DebtDeskError("debts", "Name is empty (every debt needs a name)", row)
        if name.lower() in _RESERVED:
            raise DebtDeskError("debts", f"Name {name!r} is reserved for a column of the schedule; rename the debt", row)
        if name.lower() in seen:
            raise DebtDeskError("debts", f"Name {name!r} is already used in row {seen[name.lower()]} (names must be unique)", row)
        seen[name.lower()] = row
        names.append(name)
        balances.append(to_cents(_number(column["Balance"][k], "Balance", row)))
        rates.append(_ratio(_number(column["APR"][k], "APR", row, maximum=10.0)))
        pct = _number(column["Min %"][k], "Min %", row, maximum=1.0, blank=None) if has_pct else None
        floor = _number(column["Minimum"][k], "Minimum", row, blank=None if pct is not None else ...)
        minimums.append(0 if floor is None else to_cents(floor))
        pcts.append(None if pct is None else _ratio(pct))
        promo_rate, months = (None, 0)
        if has_promo:
            promo_rate = _number(column.get("Promo APR", [None] * len(rows))[k], "Promo APR", row, maximum=10.0, blank=None)
            months = _number(column.get("Promo months", [None] * len(rows))[k], "Promo months", row,
                             maximum=MAX_MONTHS, whole=True, blank=None)
            if (promo_rate is None) != (months is None):
                raise DebtDeskError("debts", "needs both Promo APR and Promo months, or neither", row)
        promo_rates.append(None if promo_rate is None else _ratio(promo_rate))
        promo_months.append(int(months or 0))
        key = _number(column["Order"][k], "Order", row, minimum=None, blank=None) if "Order" in column else None
        order_keys.append((key is None, key or 0.0, k))
        month = _number(column.get("Extra month", [None] * len(rows))[k], "Extra month", row, minimum=1,
                        maximum=MAX_MONTHS, whole=True, blank=None)
        amount = _number(column.get("Extra payment", [None] * len(rows))[k], "Extra payment", row, blank=None)
        if (month is None) != (amount is None):
            raise DebtDeskError("debts", "needs both Extra month and Extra payment, or neither", row)
        if amount:
            extras.append((int(month), k, to_cents(amount)))
    order = sorted(range(len(rows)), key=order_keys.__getitem__)
    return Debts(tuple(names), tuple(balances), tuple(rates), tuple(minimums), tuple(pcts),
                 tuple(promo_rates), tuple(promo_months), tuple(order), tuple(extras))


@dataclass
class _Run:
    payments: list[list[int]]
    interest: list[list[int]]
    balances: list[list[int]]
    payoff_months: list[int | None]
    cleared: bool
    short: tuple[int, int] | None  # (month, minimums due) when the budget fell short


def _simulate(d: Debts, budget: int, strategy: str, extras: Mapping[int, int], cap: int,
              basis: str = "nominal", prune: bool = False) -> _Run:
    """The pinned month, repeated until every debt is at 0.00 or ``cap`` months have run.

    With ``prune`` (no extra payments) the run stops, not cleared, as soon as what is owed
    is more than the budget times the months left: interest never lowers a balance.
    """
    prune = prune and not extras and not d.extras
    targeted: dict[int, list[tuple[int, int]]] = {}
    for when, i, cents in d.extras:
        targeted.setdefault(when, []).append((i, cents))
    n = len(d.names)
    bal = list(d.balances)
    payoff_months: list[int | None] = [0 if b == 0 else None for b in bal]
    active = [i for i in range(n) if bal[i] > 0]
    payments, interest, balances = [], [], []
    # Interest is (b·2num + den) // 2den, half-up of b·num / den for the month's rate num / den;
    # each rate is held as (2num, den, 2den), each Min % as (2num, den, 2den).
    standard = [_month_rate(r, basis) for r in d.rates]
    promo = [None if r is None else _month_rate(r, basis) for r in d.promo_rates]
    last_promo = max(d.promo_months, default=0)
    floors, promo_months = d.minimums, d.promo_months
    pcts = [None if p is None else (2 * p[0], p[1], 2 * p[1]) for p in d.min_pcts]
    # Orders that only change when a promo rate ends are sorted once per rate regime.
    fixed = fixed_avalanche = None
    if strategy == "custom":
        fixed = list(d.order)
    elif strategy == "minimum":
        fixed = list(range(n))
    rate_now = standard
    month = 0
    while active and month < cap:
        month += 1
        if month <= last_promo + 1:  # rates change only while a promo runs, and the month after
            rate_now = [(promo[i] if month <= promo_months[i] else standard[i]) for i in range(n)]
        pay = [0] * n  # the minimums due, until the rest of the budget is shared out
        charged = [0] * n
        due_total = 0
        for i in active:
            two_num, den12, two_den12 = rate_now[i]
            b = bal[i]
            it = (b * two_num + den12) // two_den12
            b += it
            m = floors[i]
            pct = pcts[i]
            if pct is not None:
                share = (b * pct[0] + pct[1]) // pct[2]
                if share > m:
                    m = share
            if m > b:
                m = b
            bal[i] = b - m
            pay[i] = m
            charged[i] = it
            due_total += m
        if due_total > budget:
            return _Run(payments, interest, balances, payoff_months, False, (month, due_total))
        left = extras.get(month, 0) + (0 if strategy == "minimum" else budget - due_total)
        for i, cents in targeted.get(month, ()):  # a one-off payment to its own debt; the rest goes on
            paid = min(cents, bal[i])
            bal[i] -= paid
            pay[i] += paid
            left += cents - paid
        if left:
            if fixed is not None:
                order = fixed
            elif strategy == "avalanche":
                if fixed_avalanche is None or month <= last_promo + 1:
                    fixed_avalanche = sorted(range(n), key=lambda i: -rate_now[i][0] / rate_now[i][2])
                order = fixed_avalanche
            elif strategy == "snowball":
                order = sorted(active, key=bal.__getitem__)
            elif strategy == "highest_interest":
                order = sorted(active, key=lambda i: -charged[i])
            else:  # cash_flow_index
                order = sorted(active, key=lambda i: bal[i] / pay[i] if pay[i] else float("inf"))
            for i in order:
                b = bal[i]
                if b:
                    if left < b:
                        bal[i] = b - left
                        pay[i] += left
                        break
                    bal[i] = 0
                    pay[i] += b
                    left -= b
                    if not left:
                        break
        payments.append(pay)
        interest.append(charged)
        balances.append(bal[:])
        if prune and sum(bal) > budget * (cap - month):
            return _Run(payments, interest, balances, payoff_months, False, None)
        if 0 in bal:
            still = []
            for i in active:
                if bal[i]:
                    still.append(i)
                else:
                    payoff_months[i] = month
            active = still
    return _Run(payments, interest, balances, payoff_months, not active, None)


def _left_owing(run: _Run, d: Debts) -> str:
    """What an unfinished plan leaves, in words: an amount, or that the balances grew."""
    owed = sum(run.balances[-1]) if run.balances else sum(d.balances)
    if owed >= sum(d.balances):
        return "the balances grow instead of falling"
    return f"{from_cents(owed):.2f} still owed"


def _interest(balance: int, rate: tuple[int, int], basis: str) -> int:
    """One month's interest in cents, half-up: balance × the month's rate."""
    two_num, den, two_den = _month_rate(rate, basis)
    return (balance * two_num + den) // two_den


def _month_rate(rate: tuple[int, int], basis: str) -> tuple[int, int, int]:
    """(2num, den, 2den) of the month's rate num / den for an APR held as an exact fraction.

    >>> _month_rate((12, 100), "nominal")
    (24, 1200, 2400)
    """
    num, den = rate
    if basis == "nominal":
        return 2 * num, 12 * den, 24 * den
    month = period_rate(num / den, 12, basis)
    return 2 * month.numerator, month.denominator, 2 * month.denominator


@lru_cache(maxsize=4096)
def _ratio(value: float) -> tuple[int, int]:
    """The decimal a float was written as, as an exact fraction: 0.1999 -> (1999, 10000)."""
    return Decimal(repr(float(value))).as_integer_ratio()


def _strategy(strategy) -> str:
    key = str(strategy).strip().lower().replace(" ", "_").replace("-", "_") if strategy is not None else ""
    if key not in STRATEGIES:
        raise DebtDeskError("strategy", f"{strategy!r} is not one of {', '.join(STRATEGIES)}")
    return key


def _budget(value) -> int:
    return to_cents(_number(value, "", None, argument="monthly_budget"))


def _extras(extra_payments) -> dict[int, int]:
    if extra_payments is None:
        return {}
    if not isinstance(extra_payments, Mapping):
        raise DebtDeskError("extra_payments", "expected a mapping {month: amount}")
    out: dict[int, int] = {}
    for month, amount in extra_payments.items():
        if isinstance(month, bool) or not isinstance(month, (int, float)) or month != int(month) or month < 1:
            raise DebtDeskError("extra_payments", f"month {month!r} must be a whole number from 1")
        out[int(month)] = out.get(int(month), 0) + to_cents(
            _number(amount, f"month {int(month)} amount", None, argument="extra_payments"))
    return out


def _number(value, label: str, row: int | None, *, minimum: float | None = 0.0, argument: str = "debts", **bounds):
    """A number from a cell of the debts table, at least 0 unless told otherwise (:func:`debtdesk.values.number`)."""
    hint = "(rates are fractions: 24% is 0.24)" if "APR" in label else ""
    return number(value, argument, row, label=label, minimum=minimum, hint=hint, **bounds)
