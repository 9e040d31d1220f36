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

import gc
import math
from datetime import date, datetime
from itertools import chain
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from debtdesk.columns import column_map, select_columns
from debtdesk.dates import check_era, to_date
from debtdesk.errors import DebtDeskError
from debtdesk.money import MAX_AMOUNT
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


def table(value, argument: str, required: Iterable[str], optional_columns: Iterable[str] = (), *,
          typed: bool = False) -> pd.DataFrame:
    """A range with a header row as a DataFrame with canonical column names.

    Headers are matched by :func:`debtdesk.columns.select_columns` (case, spaces and
    synonyms ignored). Wholly empty rows are dropped; the index is the 1-based data row,
    so an error can name the row the analyst sees under the header. Cell values are left
    as they came: check them with :func:`number`, :func:`a_date` and :func:`text`.

    With ``typed`` a column of floats (finite, below ``MAX_AMOUNT``, empty cells as NaN),
    as Excel hands numbers over, becomes float64 and a column of naive date-times datetime64, for engines
    that read whole columns (the collections ledger); any other column keeps its cells.

    >>> t = table([["Debt", "Outstanding", "Rate"], ["Visa", 1200.0, 0.2], [None, None, None]],
    ...           "debts", ["Name", "Balance", "APR"])
    >>> t.to_dict("records")
    [{'Name': 'Visa', 'Balance': 1200.0, 'APR': 0.2}]
    >>> table([["Amount", "Due"], [1.5, datetime(2026, 1, 5)], [None, None], [None, datetime(2026, 2, 1)]],
    ...       "ledger", ["Amount"], ["Due Date"], typed=True).dtypes.astype(str).tolist()
    ['float64', 'datetime64[us]']
    """
    if isinstance(value, pd.DataFrame):
        frame = value.reset_index(drop=True)
        keep = ~_blank_rows([frame.iloc[:, j].array for j in range(frame.shape[1])], len(frame))
        frame = frame[keep]
        frame.index = pd.Index(np.flatnonzero(keep) + 1)
        if frame.empty:
            raise DebtDeskError(argument, "has a header row but no data rows")
    else:
        header, cells, kinds, rows = _range(value, argument)
        if typed:
            cells = list(map(_typed, cells, kinds))
        index = pd.RangeIndex(1, len(rows) + 1) if rows[-1] == len(rows) else pd.Index(rows)
        frame = pd.DataFrame({j: pd.Series(c, index, dtype=None if c.dtype != object else object, copy=False)
                              for j, c in enumerate(cells)}, copy=False)
        frame.columns = header
    return values.checked_rates(select_columns(frame, required, optional_columns, argument), argument)


def columns(value, argument: str, required: Iterable[str], optional_columns: Iterable[str] = (), *,
            typed: bool = False, days: Iterable[str] = ()) -> tuple[dict[str, list | np.ndarray], list[int]]:
    """A range with a header row as canonical columns of cells, and the data row of each cell.

    The same reading as :func:`table` (headers, wholly empty rows dropped, rates checked,
    the same messages) without building a DataFrame, for cell functions whose engine takes
    plain columns (a payoff plan of 20 debts costs less than a DataFrame). With ``typed``
    each column is an array as :func:`table` types it (float64, datetime64, or the cells
    as an object array), and the rows an int64 array, for engines that read whole columns
    (the collections ledger); in a range with no empty row a column of text alone is pandas'
    Arrow-backed text, and a column named in ``days`` holding dates or date-times alone is
    each cell's day as datetime64[D] (:func:`_whole_columns`), for an engine that reads whole
    days of such columns (the ledger's Invoice Date and Due Date).

    >>> columns([["Debt", "Outstanding"], ["Visa", 1200.0], [None, None], ["Loan", "950"]],
    ...         "debts", ["Name", "Balance"])
    ({'Name': ['Visa', 'Loan'], 'Balance': [1200.0, '950']}, [1, 3])
    >>> cells, rows = columns([["Amount", "Due"], [1.5, datetime(2026, 1, 5)], [None, None], [2.0, None]],
    ...                       "ledger", ["Amount"], ["Due Date"], typed=True)
    >>> [column.dtype.name for column in cells.values()], rows.tolist()
    (['float64', 'datetime64[us]'], [1, 3])
    """
    if isinstance(value, pd.DataFrame):
        frame = table(value, argument, required, optional_columns, typed=typed)
        if typed:
            return {name: frame[name].to_numpy() for name in frame.columns}, frame.index.to_numpy()
        return {name: frame[name].tolist() for name in frame.columns}, frame.index.tolist()
    whole = _whole_columns(value, argument, required, optional_columns, days) if typed else None
    if whole is not None:
        return whole
    header, cells, kinds, rows = _range(value, argument)
    chosen = column_map(header, required, optional_columns, argument)
    at = {name: header.index(heading) for name, heading in chosen.items()}
    out = {name: _typed(cells[j], kinds[j]) if typed else cells[j].tolist() for name, j in at.items()}
    values.checked_rates(out, argument, rows.tolist())
    return out, rows if typed else rows.tolist()


#: Cell types a column of optional numbers takes as they are (after the finite and size check).
_PLAIN_NUMBERS = frozenset({float, int, type(None)})


def optional_numbers(cells: Sequence, argument: str, rows: Sequence[int], label: str) -> list[float | None]:
    """A column's cells as numbers, None where the cell is empty, each checked by :func:`number`.

    A column of plain finite numbers (the usual case: Excel hands numbers over as floats)
    is taken in one step; any other goes cell by cell, so text such as "24%" is read and a
    bad cell raises :func:`number`'s message naming its row.

    >>> optional_numbers([1200.0, None, "24%", " "], "debts", [1, 2, 3, 4], "APR")
    [1200.0, None, 0.24, None]
    >>> optional_numbers([1.0, "abc"], "debts", [1, 3], "Balance")
    Traceback (most recent call last):
    ...
    debtdesk.errors.DebtDeskError: debts row 3: Balance 'abc' is not a number
    """
    if set(map(type, cells)) <= _PLAIN_NUMBERS:
        present = [c for c in cells if c is not None]
        if not present or (math.isfinite(sum(present)) and max(map(abs, present)) < MAX_AMOUNT):
            return [None if c is None else float(c) for c in cells]
    return [None if optional(cell, None) is None else number(cell, argument, row, label=label)
            for cell, row in zip(cells, rows)]


def _range(value, argument: str) -> tuple[list[str], list[np.ndarray], list[str], np.ndarray]:
    """Headers, each column's cells (object arrays, wholly empty rows dropped), what each column holds (by
    :func:`pandas.api.types.infer_dtype`) and the data rows kept."""
    if not isinstance(value, (list, tuple)) or not value or not isinstance(value[0], (list, tuple)):
        raise DebtDeskError(argument, "expected a range with a header row and at least one data row")
    if len(set(map(len, value))) > 1:
        raise DebtDeskError(argument, "rows have different lengths (expected a rectangular range)")
    header = [("" if h is None else str(h).strip()) for h in value[0]]
    if not any(header):
        raise DebtDeskError(argument, "the first row must hold the column headers")
    cells = _transposed(value, len(header))
    kinds = list(map(_kind, cells))
    keep = np.flatnonzero(~_blank_rows(cells, len(value) - 1, kinds))
    if not len(keep):
        raise DebtDeskError(argument, "has a header row but no data rows")
    if len(keep) < len(value) - 1:  # what a column holds once its empty rows are gone (" " is not text then)
        cells = [column[keep] for column in cells]
        kinds = list(map(_kind, cells))
    return header, cells, kinds, keep + 1


def _whole_columns(value, argument: str, required: Iterable[str], optional_columns: Iterable[str],
                   days: Iterable[str] = ()) -> tuple[dict[str, np.ndarray], np.ndarray] | None:
    """:func:`columns`' typed reading of a range with no empty row, each chosen column typed in one pass over its
    cells when they are all of one plain type (:func:`_whole_column`; a column named in ``days`` holding dates
    or date-times as their days); None for any other range (rows of different lengths, no headers, a
    missing column, or no column that shows every row holds something), which the general reading reads and
    refuses in its own order.

    A column of dates, or of floats with no empty cell, shows that no row is wholly empty: then no row is
    dropped and no row's cells need looking at. Ranges from Excel have rows of one length, so the rows are laid
    into columns by one ``zip``, whose ``strict`` check is the range's rectangle check.

    >>> cells, rows = _whole_columns([["Customer", "Due", "Amount"], ["A", datetime(2026, 1, 5, 13), 1.5],
    ...                               [" B", date(2026, 2, 1), None]], "ledger", ["Customer", "Due Date"], ["Amount"],
    ...                              days=["Due Date"])
    >>> [str(column.dtype) for column in cells.values()], cells["Due Date"].tolist(), rows.tolist()
    (['str', 'datetime64[D]', 'float64'], [datetime.date(2026, 1, 5), datetime.date(2026, 2, 1)], [1, 2])
    """
    if not isinstance(value, (list, tuple)) or len(value) < 2 or not isinstance(value[0], (list, tuple)):
        return None
    enabled = gc.isenabled()
    gc.disable()  # zip holds an iterator per row at once: 10,000 new objects the collector would scan for nothing
    try:
        laid = list(zip(*value, strict=True))
    except (TypeError, ValueError):
        return None
    finally:
        if enabled:
            gc.enable()
    header = [("" if h is None else str(h).strip()) for h in value[0]]
    try:
        chosen = column_map(header, required, optional_columns, argument) if any(header) else None
    except DebtDeskError:
        return None
    if not chosen:
        return None
    days = frozenset(days)
    out, filled = {}, False
    for name, heading in chosen.items():
        cells = laid[header.index(heading)][1:]
        typed = _whole_column(cells, name in days)
        if typed is None:  # not of one plain type: typed as the general reading types it (no row is dropped)
            cells = np.fromiter(cells, dtype=object, count=len(cells))
            out[name] = _typed(cells, _kind(cells))
        else:
            out[name], full = typed
            filled = filled or full
    if not filled:
        return None
    values.checked_rates(out, argument, range(1, len(value)))
    return out, np.arange(1, len(value), dtype=np.int64)


#: pandas' text dtype backed by Arrow, as pandas' readers give text.
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
_UNIX_ORDINAL = date(1970, 1, 1).toordinal()
_FLOAT_CELLS = frozenset({float, type(None)})


def _whole_column(cells: Sequence, days: bool = False):
    """A column's cells typed in one pass when they are all of one plain type, and whether every cell holds
    something; None otherwise.

    * text (``str``, empty text included, None for an empty cell): Arrow-backed text, the same text;
    * with ``days``, dates and date-times (no None, no NaT, none on 1 January of year 1): the day of each as datetime64[D] (a date-time's own
      day, time zone or not, as :func:`debtdesk.dates.to_date` reads it);
    * floats and empty cells (at least one finite float, all below ``MAX_AMOUNT``): float64, NaN where empty.

    >>> _whole_column(("A", " B"))[0].tolist(), _whole_column(("A", b"B")), _whole_column((1.5, None))
    (['A', ' B'], None, (array([1.5, nan]), False))
    >>> _whole_column((datetime(2026, 1, 5, 13), date(2026, 2, 1)), days=True)[0]
    array(['2026-01-05', '2026-02-01'], dtype='datetime64[D]')
    """
    first = type(cells[0])
    if first is str:
        try:  # pyarrow infers the type as it copies: text only if every cell is text or None (bytes: binary)
            text = pa.array(cells)
        except (pa.ArrowException, ValueError):  # numbers, NaN, NaT; a lone surrogate has no UTF-8 (UnicodeError)
            return None
        if not pa.types.is_string(text.type):
            return None
        return pd.arrays.ArrowStringArray(text, dtype=_TEXT), False
    if days and (first is datetime or first is date):
        try:  # date.toordinal refuses anything but a date or date-time (None, text, numbers), in C
            ordinals = np.fromiter(map(date.toordinal, cells), dtype=np.int64, count=len(cells))
        except TypeError:
            return None
        if (ordinals == 1).any():  # pandas' NaT is a date-time of 1 January of year 1 to date.toordinal
            return None
        ordinals -= _UNIX_ORDINAL
        return ordinals.astype("datetime64[D]"), True
    if first is float or cells[0] is None:
        kinds = set(map(type, cells))
        if float not in kinds or not kinds <= _FLOAT_CELLS:
            return None
        numbers = pa.array(cells, type=pa.float64()).to_numpy(zero_copy_only=False)
        empty = np.isnan(numbers)
        full = not empty.any()
        present = numbers if full else numbers[~empty]
        if not len(present) or not np.abs(present).max() < MAX_AMOUNT:  # an infinity is not below it either
            return None
        return numbers, full
    return None


#: Sets of cell types :func:`_kind` names without :func:`pandas.api.types.infer_dtype` (which reads every
#: date-time cell's fields: 0.8 ms for 10,000 dates, against 0.2 ms for their types).
_KINDS = {frozenset({datetime}): "datetime", frozenset({datetime, type(None)}): "datetime"}


def _kind(cells: np.ndarray) -> str:
    """What a column of cells holds, as :func:`pandas.api.types.infer_dtype` (skipping NA) says.

    >>> _kind(np.array([datetime(2026, 1, 5), None])), _kind(np.array([1.5, "x"], dtype=object))
    ('datetime', 'mixed')
    """
    if len(cells) and type(cells[0]) is datetime:  # only date-times are cheaper to name by their types
        return _KINDS.get(frozenset(map(type, cells))) or pd.api.types.infer_dtype(cells, skipna=True)
    return pd.api.types.infer_dtype(cells, skipna=True)


def _transposed(value: Sequence[Sequence], width: int) -> list[np.ndarray]:
    """The columns under a rectangular range's header row, each a contiguous 1-D object array of its cells.

    The cells are laid into one rows-by-columns object array in a single pass (``zip(*rows)`` would build a tuple
    per column first, then an array from each: 10,000 rows of six cells 1.05 ms against 1.33).

    >>> [column.tolist() for column in _transposed([["A", "B"], [1, "x"], [None, [2, 3]]], 2)]
    [[1, None], ['x', [2, 3]]]
    """
    n = len(value) - 1
    grid = np.fromiter(chain.from_iterable(value[1:]), dtype=object, count=n * width).reshape(n, width)
    return [np.ascontiguousarray(grid[:, j]) for j in range(width)]


#: What :func:`pandas.api.types.infer_dtype` says of a column that holds no text.
_NO_TEXT = frozenset({"empty", "floating", "integer", "mixed-integer-float", "decimal", "boolean", "datetime",
                      "datetime64", "date", "timedelta", "timedelta64", "period", "interval"})


def _blank_rows(columns: Sequence, n: int, kinds: Sequence[str] | None = None) -> np.ndarray:
    """True for each row whose every cell is empty (:func:`debtdesk.values.is_blank`).

    Columns without text are judged by one missing-value pass; text cells are looked at
    only in rows every other column left empty (usually none), so a ledger with an amount
    on every row costs one pass per column.

    ``kinds`` says what each column holds, by :func:`pandas.api.types.infer_dtype` (found when not given).

    >>> _blank_rows(_transposed([["Name", "Amount"], [None, None], ["x", None], [" ", float("nan")], [None, 2.0]], 2), 4).tolist()
    [True, False, True, False]
    """
    kinds = kinds or [pd.api.types.infer_dtype(column, skipna=True) for column in columns]
    blank = np.ones(n, dtype=bool)
    for kind, column in sorted(zip(kinds, columns), key=lambda pair: pair[0] not in _NO_TEXT):
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
        cells = column[rows] if len(rows) < n else column
        empty = np.asarray(pd.isna(cells), dtype=bool)
        if kind not in _NO_TEXT:
            for i in np.flatnonzero(~empty):  # text: only the rows still empty everywhere else
                empty[i] = is_blank(cells[i])
        blank[rows] = empty
    return blank


def _typed(cells: np.ndarray, kind: str):
    """A column of floats as float64 (NaN where empty), of naive date-times as datetime64; else ``cells``.

    ``kind`` is what :func:`pandas.api.types.infer_dtype` says of the cells.
    """
    if kind == "floating":
        try:
            numbers = cells.astype(float)
        except (OverflowError, TypeError, ValueError):
            return cells
        present = numbers[~np.isnan(numbers)]
        if np.isfinite(present).all() and np.abs(present).max(initial=0) < MAX_AMOUNT:
            return numbers
    elif kind == "datetime":
        try:
            stamps = pd.to_datetime(cells)
        except (TypeError, ValueError, OverflowError):
            return cells
        if stamps.tz is None:
            return stamps.to_numpy()
    return cells


def spill(frame: pd.DataFrame | Mapping[str, np.ndarray] | Sequence[Sequence],
          header: Sequence[str] | None = None) -> list[list]:
    """Engine result -> 2-D list with a header row, ready to spill into cells.

    NaN/NaT/None become empty cells, dates become ``datetime``, numpy scalars become
    Python numbers. A DataFrame, or a mapping of column name to numpy array (an engine's
    plain columns), is converted a column at a time; a sequence of rows cell by cell.

    >>> spill(pd.DataFrame({"Month": [1], "Paid": [np.float64(2.5)], "When": [pd.NaT]}))
    [['Month', 'Paid', 'When'], [1, 2.5, None]]
    >>> spill({"Customer": np.array(["A"], dtype=object), "Total": np.array([np.nan])})
    [['Customer', 'Total'], ['A', None]]
    """
    if isinstance(frame, pd.DataFrame):
        header = [str(c) for c in frame.columns]
        rows = zip(*(_spill_column(frame.iloc[:, j]) for j in range(frame.shape[1])))
    elif isinstance(frame, Mapping):
        header = [str(c) for c in frame]
        rows = zip(*map(_spill_column, frame.values()))
    else:
        rows = ([cell(v) for v in row] for row in frame)
    out = [list(header)] if header is not None else []
    out.extend(map(list, rows))
    return out


def _spill_column(column: pd.Series | np.ndarray) -> list:
    """One column's cells as :func:`cell` makes them: numpy numbers in one step, other cells one by one.

    >>> _spill_column(pd.Series([1.5, np.nan])), _spill_column(pd.Series([pd.Timestamp("2024-01-01"), pd.NaT]))
    ([1.5, None], [datetime.datetime(2024, 1, 1, 0, 0), None])
    """
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else ""
    if kind in "iub" and kind:
        return np.asarray(column).tolist()
    if kind == "f":
        numbers = np.asarray(column)
        out = numbers.tolist()
        for i in np.flatnonzero(np.isnan(numbers)):
            out[i] = None
        return out
    if kind == "M":
        column = pd.Series(column)
        out = list(column.dt.to_pydatetime())
        for i in np.flatnonzero(column.isna().to_numpy()):
            out[i] = None
        return out
    out = column.tolist()
    if all(type(v) is str for v in out):  # cell() keeps text as it is (an all-space cell too)
        return out
    return [cell(v) for v in out]


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
