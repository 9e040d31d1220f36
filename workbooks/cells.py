"""Values from data go into cells as what they are: text stays text, never a formula.

A string that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is what
spreadsheet programs take for a formula (OWASP "CSV injection"). Such strings from data
are stored as text with Excel's quote prefix, so a customer named ``=1+1`` stays
``=1+1`` on screen and is never evaluated.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class Formula(str):
    """A formula a workbook holds, as opposed to data text that merely starts with ``=``.

    Reading a cell range hands formulas back as ``Formula`` and :func:`put` writes a
    ``Formula`` as a formula; plain strings are always written as text.

    >>> Formula("=SUM(A1:A3)"), isinstance(Formula("=A1"), str)
    (Formula('=SUM(A1:A3)'), True)
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Formula({str(self)!r})"


def looks_like_formula(value) -> bool:
    """True for text a spreadsheet would evaluate.

    >>> looks_like_formula("=1+1"), looks_like_formula("@SUM(A1)"), looks_like_formula("Acme")
    (True, True, False)
    """
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def plain(value):
    """A pandas/numpy value as a plain Python cell value (``None`` for missing).

    >>> plain(np.float64(1.5)), plain(pd.NaT), plain(pd.Timestamp("2024-01-31"))
    (1.5, None, datetime.datetime(2024, 1, 31, 0, 0))
    """
    if value is None or type(value) is str or type(value) is int:
        return value
    if type(value) is float:  # the usual cell: no pandas call needed to see that it is not NaN
        return None if value != value else value
    if type(value) is date:  # a ledger's dates, as read: neither missing nor a pandas value
        return datetime(value.year, value.month, value.day)
    if type(value) is datetime or type(value) is bool:
        return value
    if isinstance(value, str):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def put(cell, value) -> None:
    """Store a data value in an openpyxl cell, formula-looking text as quoted text.

    >>> from openpyxl import Workbook
    >>> c = Workbook().active["A1"]
    >>> put(c, "=1+1"); (c.value, c.data_type, c.quotePrefix)
    ('=1+1', 's', True)
    >>> put(c, Formula("=1+1")); (c.value, c.data_type)
    ('=1+1', 'f')
    """
    if isinstance(value, Formula):
        cell.value, cell.quotePrefix = str(value), False
        return
    value = plain(value)
    cell.value = value
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
