"""Checking single values from cells, tables and files: numbers, with one set of messages.

Every engine function and every cell function checks its numeric inputs here, so
"``APR 'abc' is not a number``" reads the same whether it comes from ``DD_PAYOFF``,
``debtdesk regenerate`` or a Python caller. The data row such a message quotes is
decided here too (:func:`data_rows`), as are the few ways a cell's text is read
(:func:`cell_text`, :func:`match_key`).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from typing import Sequence

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


def data_rows(index: pd.Index, positions: Sequence[int] | None = None) -> list[int]:
    """The data-row numbers an error message quotes for a table's rows.

    A table read from cells (``debtdesk.udfs.convert.table``, ``FileBook.read_table``) is
    indexed by the 1-based data row under the header, blank rows dropped, so its index is
    quoted as it is. Any other index (pandas' default 0-based one, one holding a 0 or a
    negative number, text, floats, booleans, dates, a missing label) says nothing about
    where the row sits in a sheet, so the row's position + 1 is quoted instead. The rule
    takes the whole index at once: one row is never quoted by label and another by position.
    (A 0-based index filtered so that it no longer holds 0 cannot be told from data rows,
    and is quoted as it is.)

    Parameters
    ----------
    index : pandas.Index
        The table's index.
    positions : sequence of int, optional
        0-based positions of the rows wanted; all rows by default.

    Returns
    -------
    list of int
        One 1-based data-row number per position.

    Examples
    --------
    >>> data_rows(pd.RangeIndex(3))                  # pandas' default index: positions + 1
    [1, 2, 3]
    >>> data_rows(pd.Index([1, 3, 4]))               # rows of a range, blank row 2 dropped
    [1, 3, 4]
    >>> data_rows(pd.Index([0, 2, 3]))               # a filtered 0-based index: positions + 1
    [1, 2, 3]
    >>> data_rows(pd.Index(["Visa", "Loan"]))        # not row numbers: positions + 1
    [1, 2]
    >>> data_rows(pd.Index([1, 3, 4]), [2, 0])
    [4, 1]
    """
    wanted = np.arange(len(index)) if positions is None else np.asarray(positions, dtype=np.int64)
    rows = index.take(wanted) if _counts_data_rows(index) else wanted + 1
    return [int(row) for row in rows.tolist()]


def data_row(index: pd.Index, position: int) -> int:
    """The data-row number to quote for the row at 0-based ``position``, by :func:`data_rows`' rule.

    >>> data_row(pd.RangeIndex(2), 1), data_row(pd.Index([3, 7]), 1)
    (2, 7)
    """
    return data_rows(index, (position,))[0]


def _counts_data_rows(index: pd.Index) -> bool:
    """True when every label is an integer of at least 1 (read as the sheet's data rows)."""
    return (len(index) > 0 and pd.api.types.infer_dtype(index, skipna=False) == "integer"
            and not index.hasnans and index.min() >= 1)


def cell_text(value, default: str) -> str:
    """A cell's text with the spaces around it trimmed, or ``default`` for an empty cell.

    >>> cell_text("  Visa ", "Debt 1"), cell_text(None, "Debt 1"), cell_text(1001, "Debt 2")
    ('Visa', 'Debt 1', '1001')
    """
    return default if is_blank(value) else str(value).strip()


def match_key(text) -> str:
    """``text`` reduced to lower-case letters and digits, so names typed differently match.

    >>> match_key("Council Tax"), match_key(" council-tax "), match_key("TV licence") == match_key("tv_licence")
    ('counciltax', 'counciltax', True)
    """
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())
