"""How an annual rate becomes a period's rate: the nominal and the effective basis (DESIGN.md §3).

- ``"nominal"``: a month's rate is APR / 12, as US card and loan agreements state it (the
  default of the cell functions).
- ``"effective"``: a month's rate is (1 + APR)^(1/12) − 1, because UK card and loan APRs
  are effective annual rates (Consumer Credit (Total Charge for Credit) Regulations; UK
  issuers publish the monthly rate this way: 24.9 % APR is 1.870 % a month, not 2.075 %).

A period's interest is then round(balance × period rate, 2) half-up under either basis.
Rates come back as exact fractions: the nominal rate is the decimal the APR was written
as, divided by the periods; the effective rate is the root worked to 40 significant
digits, far beyond any cent a balance below a quadrillion can reach, so interest rounds
the same way every time, on every machine.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

from debtdesk.errors import DebtDeskError

RATE_BASES = ("nominal", "effective")
_DIGITS = 40


def rate_basis(value, argument: str = "rate_basis") -> str:
    """The rate basis named by ``value`` (case and spaces ignored); None means nominal.

    >>> rate_basis(" Effective "), rate_basis(None)
    ('effective', 'nominal')
    >>> rate_basis("monthly")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: rate_basis: 'monthly' is not one of nominal, effective
    """
    if value is None:
        return "nominal"
    key = str(value).strip().lower()
    if key not in RATE_BASES:
        raise DebtDeskError(argument, f"{value!r} is not one of {', '.join(RATE_BASES)}")
    return key


@lru_cache(maxsize=4096)
def period_rate(annual_rate: float, periods_per_year: int = 12, basis: str = "nominal") -> Fraction:
    """The rate of one period, as an exact fraction.

    Parameters
    ----------
    annual_rate : float
        The annual rate as a fraction (24.9 % = 0.249), at least 0.
    periods_per_year : int, default 12
        12 for monthly periods.
    basis : {"nominal", "effective"}, default "nominal"
        ``"nominal"``: ``annual_rate / periods_per_year``; ``"effective"``:
        ``(1 + annual_rate) ** (1 / periods_per_year) - 1``.

    Returns
    -------
    fractions.Fraction

    Examples
    --------
    >>> period_rate(0.12)
    Fraction(1, 100)
    >>> round(float(period_rate(0.249, basis="effective")), 6), round(float(period_rate(0.249)), 6)
    (0.018701, 0.02075)
    """
    exact = Fraction(Decimal(repr(float(annual_rate))))
    if basis == "nominal":
        return exact / periods_per_year
    if basis != "effective":
        raise DebtDeskError("rate_basis", f"{basis!r} is not one of {', '.join(RATE_BASES)}")
    with localcontext() as context:
        context.prec = _DIGITS + 10
        root = (1 + Decimal(exact.numerator) / Decimal(exact.denominator)) ** (Decimal(1) / periods_per_year) - 1
        return Fraction(+root.quantize(Decimal(1).scaleb(-_DIGITS)))
