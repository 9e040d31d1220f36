"""Checking single values from cells, tables and files: numbers, with one set of messages.

Every engine function and every cell function checks its numeric inputs here, so
"``APR 'abc' is not a number``" reads the same whether it comes from ``DD_PAYOFF``,
``debtdesk regenerate`` or a Python caller.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from debtdesk.errors import DebtDeskError
from debtdesk.money import MAX_AMOUNT

EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!",
                "#SPILL!", "#CALC!", "#GETTING_DATA")


def number(value, argument: str, row: int | None = None, *, minimum: float | None = None,
           above: float | None = None, maximum: float | None = None,
           whole: bool = False, label: str = "", blank=..., hint: str = "") -> float:
    """One finite number, checked against bounds.

    Parameters
    ----------
    value : float, int, str
        A number or numeric text (``"1,234.50"``, ``"24%"``).
    argument : str
        Argument name for the error message.
    row : int, optional
        Data row for the error message.
    minimum, above, maximum : float, optional
        ``value >= minimum``, ``value > above``, ``value <= maximum``.
    whole : bool
        Require a whole number.
    label : str
        Column name to quote in the message, e.g. ``"APR"``.
    blank : float, optional
        Returned for an empty value (None, NaN, blank text); without it an empty value is an error.
    hint : str
        Added to the ``maximum`` error, e.g. ``"(rates are fractions: 24% is 0.24)"``.

    Examples
    --------
    >>> number("24%", "annual_rate"), number(" 1,234.5 ", "principal")
    (0.24, 1234.5)
    >>> number("abc", "debts", 3, label="APR")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: debts row 3: APR 'abc' is not a number
    """
    what = f"{label} " if label else ""
    if is_blank(value):
        if blank is not ...:
            return blank
        raise DebtDeskError(argument, f"{what}is empty (expected a number)", row)
    if isinstance(value, bool):
        raise DebtDeskError(argument, f"{what}{value!r} is not a number", row)
    if isinstance(value, str):
        text = value.strip()
        if text.upper() in EXCEL_ERRORS:
            raise DebtDeskError(argument, f"{what}holds the Excel error {text} (expected a number)", row)
        try:
            result = float(text.rstrip("%").replace(",", "")) / (100 if text.endswith("%") else 1)
        except ValueError:
            raise DebtDeskError(argument, f"{what}{value!r} is not a number", row) from None
    elif isinstance(value, (int, float, np.integer, np.floating, Decimal, Fraction)):
        result = float(value)
    else:
        raise DebtDeskError(argument, f"{what}{value!r} is not a number", row)
    if not math.isfinite(result):
        raise DebtDeskError(argument, f"{what}{value!r} is not a finite number", row)
    if abs(result) >= MAX_AMOUNT:
        raise DebtDeskError(argument, f"{what}{result:g} is too large (at most {MAX_AMOUNT:g})", row)
    if whole and result != int(result):
        raise DebtDeskError(argument, f"{what}{result:g} is not a whole number", row)
    if minimum is not None and result < minimum:
        raise DebtDeskError(argument, f"{what}{result:g} must be at least {minimum:g}", row)
    if above is not None and result <= above:
        raise DebtDeskError(argument, f"{what}{result:g} must be greater than {above:g}", row)
    if maximum is not None and result > maximum:
        tail = f" {hint}" if hint else ""
        raise DebtDeskError(argument, f"{what}{result:g} must be at most {maximum:g}{tail}", row)
    return result


def is_blank(value) -> bool:
    """True for an empty cell: None, blank text, NaN or NaT.

    >>> is_blank(None), is_blank("  "), is_blank(float("nan")), is_blank(0)
    (True, True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
