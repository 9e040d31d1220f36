"""Cent arithmetic: half-up rounding and cent-exact pro-rata splits (DESIGN.md §3).

Money is held as whole cents (``int``) wherever sums must reconcile exactly, and shown
as ``float`` amounts rounded to two places.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Iterable, Sequence

import numpy as np

from debtdesk.errors import DebtDeskError


#: Largest amount of money DebtDesk accepts (a thousand trillion): anything bigger is a slip.
MAX_AMOUNT = 1e15


def to_cents(amount: float) -> int:
    """Round an amount half-up to whole cents, never banker's rounding.

    >>> to_cents(2.675), to_cents(0.125), to_cents(-0.125)
    (268, 13, -13)
    >>> to_cents(1e300)
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: amount: 1e+300 is too large for an amount of money (at most 1e+15)
    """
    if not abs(amount) < MAX_AMOUNT:
        raise DebtDeskError("amount", f"{amount:g} is too large for an amount of money (at most {MAX_AMOUNT:g})")
    return int(Decimal(repr(float(amount))).scaleb(2).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_cents_array(amounts, refuse: Callable[[int], object] | None = None) -> np.ndarray:
    """:func:`to_cents` of every amount in an array, as int64 cents, in one vectorised pass.

    An amount times 100 in floating point is within a hair of the amount as written (its
    ``repr``), so where the product lies well clear of a half cent (less than 0.49 cent from a
    whole one) and below :data:`FLOAT_CENTS` its nearest whole cent is ``to_cents``'s half-up
    cent. Near a half cent h + ½ (2.675, whose product is 267.49999…) the amount as written is
    exactly the half when the amount is the float nearest to (h + ½) / 100, which float division
    gives exactly; otherwise it lies on the amount's side of the half. So ``|amount| ≥ (h + ½) / 100``
    says "round up", away from zero as ``to_cents`` does. Below :data:`FLOAT_CENTS` such a half has
    at most 15 significant digits, so no shorter text can stand for the same float. The rest
    (amounts so large that the product may miss a cent; NaN and infinities) go to :func:`to_cents`
    itself, which also refuses what it refuses.

    Parameters
    ----------
    amounts : array_like of float
        Amounts of money, any shape.
    refuse : callable, optional
        Called with the flat position of the first amount :func:`to_cents` refuses (empty, not
        finite, or at least :data:`MAX_AMOUNT`), before anything is rounded, to raise the caller's
        own message naming the row; should it return, ``to_cents``'s refusal follows.

    Returns
    -------
    numpy.ndarray of int64
        Whole cents, the shape of ``amounts``.

    Examples
    --------
    >>> to_cents_array([2.675, 0.125, -0.125, 19.99, 542171450.425, 1.005]).tolist()
    [268, 13, -13, 1999, 54217145043, 101]
    >>> to_cents_array([1.0, 1e300])
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: amount: 1e+300 is too large for an amount of money (at most 1e+15)
    >>> def refuse(pos):
    ...     raise DebtDeskError("ledger", "Amount is empty (expected a number)", row=pos + 2)
    >>> to_cents_array([1.0, float("nan")], refuse)
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: ledger row 3: Amount is empty (expected a number)
    """
    amounts = np.asarray(amounts, dtype=float)
    if refuse is not None:
        fine = np.abs(amounts) < MAX_AMOUNT  # NaN compares False
        if not fine.all():
            pos = int(np.argmin(fine.ravel()))
            refuse(pos)
            to_cents(float(amounts.flat[pos]))
    with np.errstate(invalid="ignore"):  # inf - inf is NaN: such amounts are careful, and to_cents refuses them
        scaled = amounts * 100.0
        cents = np.rint(scaled)
        gap = scaled - cents
        np.abs(gap, out=gap)
        np.abs(scaled, out=scaled)
        careful = ~(scaled < FLOAT_CENTS)  # NaN compares False: careful too
        half = gap >= 0.49
        if half.any():  # near a half cent: away from zero exactly when the amount is at or past the half as a float
            below = np.floor(scaled)
            up = below + 0.5
            up /= 100.0
            np.greater_equal(np.abs(amounts), up, out=up)
            below += up
            np.copysign(below, amounts, out=below)
            np.copyto(cents, below, where=half)
    if careful.any():
        cents[careful] = 0.0
        cents = cents.astype(np.int64)
        for i in np.flatnonzero(careful):
            cents.flat[i] = to_cents(float(amounts.flat[i]))
        return cents
    return cents.astype(np.int64)


#: From this many cents on, an amount times 100 in floating point may miss a cent (its error, ~1.5 ulp,
#: could reach 0.01 cent near 3e13): :func:`to_cents_array` reads those as written.
FLOAT_CENTS = 2.0**53 / 1024


def from_cents(cents: int) -> float:
    """Show whole cents as an amount.

    >>> from_cents(123456)
    1234.56
    """
    return cents / 100


def round_money(amount: float) -> float:
    """Round half-up to the cent.

    >>> round_money(1.005), round_money(2.5)
    (1.01, 2.5)
    """
    return from_cents(to_cents(amount))


def sum_cents(amounts: Iterable[float]) -> int:
    """Total of ``amounts`` in whole cents, each rounded half-up to the cent first.

    The total is the sum of the amounts as shown, so it reconciles with them to the cent.

    >>> sum_cents([0.125, 0.125, 10]), sum_cents([])
    (1026, 0)
    """
    return sum(to_cents(amount) for amount in amounts)


def split_cents(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` cents in proportion to ``weights`` by largest remainder.

    Shares sum exactly to ``total``; the leftover cents go to the largest fractional
    remainders, ties to the earlier weight, so the result does not depend on how the
    list is sorted apart from exact ties.

    >>> split_cents(10000, [1, 1, 1])
    [3334, 3333, 3333]
    >>> split_cents(500, [300.0, 200.0, 0.0])
    [300, 200, 0]
    """
    weights = [float(w) for w in weights]
    if not weights:
        raise DebtDeskError("balances", "needs at least one balance")
    for i, w in enumerate(weights, 1):
        if not w >= 0 or w == float("inf"):
            raise DebtDeskError("balances", f"{w!r} must be a finite number ≥ 0", row=i)
    whole = sum(Decimal(repr(w)) for w in weights)
    if whole == 0:
        raise DebtDeskError("balances", "sum to 0, so there is nothing to split in proportion to")
    exact = [Decimal(total) * Decimal(repr(w)) / whole for w in weights]
    floors = [int(e.to_integral_value(rounding="ROUND_FLOOR")) for e in exact]
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def prorata(amount: float, balances: Iterable[float]) -> list[float]:
    """Split ``amount`` across ``balances`` pro rata, cent-exact (largest remainder).

    Parameters
    ----------
    amount : float
        The sum to share out, e.g. the monthly amount available for non-priority creditors.
    balances : iterable of float
        Each creditor's balance; the weights of the split.

    Returns
    -------
    list of float
        One share per balance, each to the cent, summing exactly to ``amount``.

    Examples
    --------
    >>> prorata(100, [1000, 2000, 3000])
    [16.67, 33.33, 50.0]
    """
    return [from_cents(c) for c in split_cents(to_cents(amount), list(balances))]
