"""Excel-shaped values in, engine types out; engine results out as spilled 2-D lists.

A cell-function argument may arrive as a scalar, a 1-D list (a row or a column) or a
2-D list of lists (a range), with or without a header row; numbers as float, empty
cells as ``None``, dates as ``datetime``/``date``, an Excel serial or ISO text
(DESIGN.md §3). Every ``DD_*`` function converts its arguments here, so the rules and
the error messages are the same everywhere.

Text is read by :mod:`debtdesk.values` and :mod:`debtdesk.dates` in the current locale
(:mod:`debtdesk.reading`; the default is a decimal point and ISO dates): in live Excel a
number typed in a cell arrives as a number whatever Excel's own locale, so the locale
matters for text pasted from exports, and there text that could mean two numbers is
refused. A list argument given as one text cell ("30,60,90") is a list (:func:`numbers`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from debtdesk.columns import select_columns
from debtdesk.dates import check_era, to_date
from debtdesk.errors import DebtDeskError
from debtdesk import values
from debtdesk.values import is_blank

def number(value, argument: str, row: int | None = None, **bounds) -> float:
    """One number from a scalar or a 1×1 range, checked by :func:`debtdesk.values.number`.

    >>> number([["24%"]], "annual_rate"), number(" 1,234.5 ", "principal", minimum=0)
    (0.24, 1234.5)
    """
    return values.number(single(value, argument), argument, row, **bounds)


def rate(value, argument: str, row: int | None = None) -> float:
    """An annual rate as a fraction from a scalar or a 1×1 range (see :func:`debtdesk.values.rate`).

    >>> rate("7.5%", "annual_rate"), rate([[0.075]], "annual_rate")
    (0.075, 0.075)
    """
    return values.rate(single(value, argument), argument, row)


def optional(value, default):
    """``default`` when an optional argument was left empty, else ``value``.

    A range whose cells are all empty is empty too (a payments column with no payments yet).

    >>> optional(None, 12), optional("", 12), optional([[None]], 12), optional([], 12), optional(6.0, 12)
    (12, 12, 12, 12, 6.0)
    >>> optional([[None], [" "]], 12)
    12
    """
    if isinstance(value, list) and all(is_blank(c) for c in flatten(value)):
        return default
    if isinstance(value, list) and len(flatten(value)) == 1:
        value = flatten(value)[0]  # a 1x1 range is its cell
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    return value


def text(value, argument: str, choices: Sequence[str] | None = None) -> str:
    """Text, matched case-insensitively against ``choices`` when given.

    >>> text(" Snowball ", "strategy", ["avalanche", "snowball"])
    'snowball'
    """
    value = single(value, argument)
    if value is None or not str(value).strip():
        raise DebtDeskError(argument, "is empty" + (f" (expected one of {', '.join(choices)})" if choices else ""))
    result = str(value).strip()
    if choices is None:
        return result
    for choice in choices:
        if result.lower().replace(" ", "_") == choice.lower():
            return choice
    raise DebtDeskError(argument, f"{result!r} is not one of {', '.join(choices)}")


def a_date(value, argument: str, row: int | None = None, *, era: bool = False) -> date:
    """One date in any Excel form (see :func:`debtdesk.dates.to_date`).

    With ``era`` the date must lie in 1990-2100 (:func:`debtdesk.dates.check_era`), as a
    due date must: the serial 30 is 1900-01-30, not "30 days".

    >>> a_date([[45292.0]], "as_of")
    datetime.date(2024, 1, 1)
    >>> a_date(30, "due_date", era=True)
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: due_date: 1900-01-30 is before 1990: a date that old is a typing or export error (the Excel serial 30 is 1900-01-30)
    """
    day = to_date(single(value, argument), argument, row)
    return check_era(day, argument, row) if era else day


def single(value, argument: str):
    """The one value of a scalar or a 1×1 range.

    >>> single([[5.0]], "months"), single(5.0, "months")
    (5.0, 5.0)
    """
    if isinstance(value, (list, tuple)):
        cells = flatten(value)
        if len(cells) != 1:
            raise DebtDeskError(argument, f"expected one cell, got a range of {len(cells)} cells")
        return cells[0]
    return value


def flatten(value) -> list:
    """Cells of a scalar, 1-D or 2-D value, row by row.

    >>> flatten([[1, 2], [3, 4]]), flatten(7)
    ([1, 2, 3, 4], [7])
    """
    if not isinstance(value, (list, tuple)):
        return [value]
    out = []
    for item in value:
        out.extend(item if isinstance(item, (list, tuple)) else [item])
    return out


def vector(value, argument: str, *, drop_empty: bool = True) -> list:
    """A row or a column as one list; a 2-D block with more than one row and column is refused.

    Trailing (and, with ``drop_empty``, all) empty cells are dropped, so a column
    selected a little too long still works.

    >>> vector([[1.0], [2.0], [None]], "balances"), vector([1.0, 2.0], "balances")
    ([1.0, 2.0], [1.0, 2.0])
    >>> vector([[1.0], [None], [2.0], [None]], "balances", drop_empty=False)
    [1.0, None, 2.0]
    """
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple)):
        widths = {len(r) for r in value}
        if len(widths) > 1:
            raise DebtDeskError(argument, "rows have different lengths (expected a row or a column)")
        if len(value) > 1 and widths.pop() > 1:
            raise DebtDeskError(argument, f"expected a single row or column, got {len(value)} rows × {len(value[0])} columns")
    cells = flatten(value)
    if drop_empty:
        cells = [c for c in cells if not is_blank(c)]
    while cells and is_blank(cells[-1]):
        cells.pop()
    if not cells:
        raise DebtDeskError(argument, "is empty (expected a row or a column of values)")
    return cells


def numbers(value, argument: str, *, drop_empty: bool = True, text_list: bool = False, **bounds) -> list[float]:
    """A row or column of numbers, each checked like :func:`number`; errors name the row.

    With ``drop_empty=False`` an empty cell inside the range is an error naming its row,
    for results that spill beside the range row by row. With ``text_list`` (arguments that
    are lists by nature, such as bucket edges) one text cell may hold the whole list
    ("30,60,90", "30; 60; 90"), read by :func:`debtdesk.values.number_list`; otherwise
    one text cell is one number ("2,500" is 2500).

    >>> numbers([[100.0], ["200"]], "balances", minimum=0)
    [100.0, 200.0]
    >>> numbers("30, 60, 90", "edges", whole=True, text_list=True), numbers([["15,45"]], "edges", text_list=True, whole=True)
    ([30.0, 60.0, 90.0], [15.0, 45.0])
    >>> numbers([[100.0], [None], [200.0]], "balances", drop_empty=False)
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: balances row 2: is empty (expected a number)
    """
    cells = vector(value, argument, drop_empty=drop_empty)
    if text_list and len(cells) == 1 and isinstance(cells[0], str):
        return values.number_list(cells[0], argument, 1, **bounds)
    return [number(v, argument, i, **bounds) for i, v in enumerate(cells, 1)]


def dates(value, argument: str) -> list[date]:
    """A row or column of dates; errors name the row.

    >>> dates(["2024-01-31", 45350.0], "payment_dates")
    [datetime.date(2024, 1, 31), datetime.date(2024, 2, 28)]
    """
    return [to_date(v, argument, i) for i, v in enumerate(vector(value, argument), 1)]


def table(value, argument: str, required: Iterable[str], optional_columns: Iterable[str] = ()) -> pd.DataFrame:
    """A range with a header row as a DataFrame with canonical column names.

    Headers are matched by :func:`debtdesk.columns.select_columns` (case, spaces and
    synonyms ignored). Wholly empty rows are dropped; the index is the 1-based data row,
    so an error can name the row the analyst sees under the header. Cell values are left
    as they came: check them with :func:`number`, :func:`a_date` and :func:`text`.

    >>> t = table([["Debt", "Outstanding", "Rate"], ["Visa", 1200.0, 0.2], [None, None, None]],
    ...           "debts", ["Name", "Balance", "APR"])
    >>> t.to_dict("records")
    [{'Name': 'Visa', 'Balance': 1200.0, 'APR': 0.2}]
    """
    if isinstance(value, pd.DataFrame):
        frame = value.reset_index(drop=True)
    else:
        if not isinstance(value, (list, tuple)) or not value or not isinstance(value[0], (list, tuple)):
            raise DebtDeskError(argument, "expected a range with a header row and at least one data row")
        widths = {len(r) for r in value}
        if len(widths) > 1:
            raise DebtDeskError(argument, "rows have different lengths (expected a rectangular range)")
        header = [("" if h is None else str(h).strip()) for h in value[0]]
        if not any(header):
            raise DebtDeskError(argument, "the first row must hold the column headers")
        frame = pd.DataFrame([list(r) for r in value[1:]], columns=header, dtype=object)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    frame = frame[~frame.apply(lambda r: all(is_blank(c) for c in r), axis=1)] if len(frame) else frame
    if frame.empty:
        raise DebtDeskError(argument, "has a header row but no data rows")
    return values.checked_rates(select_columns(frame, required, optional_columns, argument), argument)


def spill(frame: pd.DataFrame | Sequence[Sequence], header: Sequence[str] | None = None) -> list[list]:
    """Engine result -> 2-D list with a header row, ready to spill into cells.

    NaN/NaT/None become empty cells, dates become ``datetime``, numpy scalars become
    Python numbers.

    >>> spill(pd.DataFrame({"Month": [1], "Paid": [np.float64(2.5)], "When": [pd.NaT]}))
    [['Month', 'Paid', 'When'], [1, 2.5, None]]
    """
    if isinstance(frame, pd.DataFrame):
        header = [str(c) for c in frame.columns]
        rows = frame.itertuples(index=False, name=None)
    else:
        rows = frame
    out = [list(header)] if header is not None else []
    out.extend([cell(v) for v in row] for row in rows)
    return out


def cell(value):
    """One engine value as Excel wants it.

    >>> cell(np.int64(3)), cell(float("nan")), cell(date(2024, 1, 1))
    (3, None, datetime.datetime(2024, 1, 1, 0, 0))
    """
    if value is None or is_blank(value):
        return None if not isinstance(value, str) else value
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value
