"""Cent arithmetic: half-up rounding and cent-exact pro-rata splits (DESIGN.md §3).

Money is held as whole cents (``int``) wherever sums must reconcile exactly, and shown
as ``float`` amounts rounded to two places.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

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
