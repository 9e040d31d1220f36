"""Vectorised column readers shared by the collections engine.

Ledgers arrive as DataFrames whose cells may be numbers or text, dates or Excel
serials or ISO text. These helpers turn a whole column into numpy arrays at once and,
when a cell cannot be read, raise a :class:`~debtdesk.errors.DebtDeskError` naming the
argument, the row and what was expected. ``frame`` is the table the column came from, or
the column itself: only its index is used, to number the rows errors quote
(:func:`debtdesk.values.data_rows`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from debtdesk.dates import cell_days, era_days, to_date
from debtdesk.errors import DebtDeskError
from debtdesk.money import MAX_AMOUNT, to_cents
from debtdesk.values import column_numbers, data_row, data_rows

_UNIX_SERIAL = 25569  # Excel serial of 1970-01-01


def blank(series: pd.Series) -> np.ndarray:
    """True where a cell is empty (None, NaN, NaT or whitespace text).

    >>> blank(pd.Series([None, " ", "x", 1.0])).tolist()
    [True, True, False, False]
    """
    mask = series.isna().to_numpy()
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        text = series.map(lambda v: isinstance(v, str) and not v.strip()).to_numpy(dtype=bool)
        mask = mask | text
    return mask


def money_cents(series: pd.Series, argument: str, label: str, frame: pd.DataFrame | pd.Series,
                empty_is_zero: bool = False) -> np.ndarray:
    """A money column as int64 cents, rounded half-up; text numbers like ``"1,200.50"`` accepted.

    >>> money_cents(pd.Series([2.675, -0.125, "1,000"]), "ledger", "Amount", pd.DataFrame(index=range(3))).tolist()
    [268, -13, 100000]
    """
    if series.dtype.kind in "iuf":  # plain numpy numbers: only NaN can be empty
        values = series.to_numpy(dtype=float)
        empty = np.isnan(values)
    elif pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        empty = blank(series)
    else:  # text and mixed columns: the one reader of numbers from text (debtdesk.values), in the current locale
        values = column_numbers(series, argument, label, frame.index)
        empty = np.isnan(values)
    bad = ~np.isfinite(values) & ~empty
    if empty.any() and not empty_is_zero:
        pos = int(np.flatnonzero(empty)[0])
        raise DebtDeskError(argument, f"{label} is empty (expected a number)", data_row(frame.index, pos))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        value = series.iloc[pos]
        what = (f"holds the Excel error {value.strip()}" if isinstance(value, str) and value.strip().startswith("#")
                else f"{value!r} is not a number")
        raise DebtDeskError(argument, f"{label} {what}", data_row(frame.index, pos))
    scaled = values * 100.0
    if empty.any():
        scaled[empty] = 0.0
    nearest = np.rint(scaled)
    gap = scaled - nearest
    np.abs(gap, out=gap)
    cents = nearest.astype(np.int64)  # the half-up cent, but where an amount lies near a half cent
    careful = gap >= 0.49  # 2.675 * 100 = 267.4999…: to_cents reads the amount as written
    careful |= (np.abs(scaled) >= _FLOAT_CENTS) & (np.abs(values) < MAX_AMOUNT)  # a product's error may pass a cent
    for i in np.flatnonzero(careful):
        cents[i] = to_cents(float(values[i]))
    return cents


#: From this many cents on, an amount times 100 in floating point may miss a cent: read those as written.
_FLOAT_CENTS = 2.0**53 / 1024


def day_numbers(series: pd.Series, argument: str, label: str, frame: pd.DataFrame | pd.Series) -> np.ndarray:
    """A date column as float days since 1970-01-01 (NaN where empty).

    Cells may be dates, datetimes, Excel serial numbers or text read by :func:`debtdesk.dates.to_date`
    in the current locale; a date outside 1990-2100 is refused (:func:`debtdesk.dates.check_era`).

    >>> day_numbers(pd.Series(["2024-01-01", 45292.0, None]), "ledger", "Due Date", pd.DataFrame(index=range(3))).tolist()
    [19723.0, 19723.0, nan]
    """
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        stamps = series.dt.tz_localize(None) if getattr(series.dt, "tz", None) is not None else series
        days = stamps.to_numpy().astype("datetime64[D]")  # numpy floors to the day, NaT stays NaT
        out = days.view(np.int64).astype(float)
        out[np.isnat(days)] = np.nan
        return era_days(out, argument, label, frame.index)
    if (series.dtype == object or pd.api.types.is_string_dtype(series.dtype)) and len(series) > 1:
        # Ledgers repeat a few hundred dates over many rows: read each distinct value once.
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        if len(uniques) < len(series):
            # Codes number values in order of appearance: a value's first row is where the running maximum rises.
            first = np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)
            rows = pd.Index(data_rows(frame.index, first), dtype=np.int64)
            days = day_numbers(pd.Series(np.asarray(uniques, dtype=object), dtype=object), argument, label,
                               pd.DataFrame(index=rows))
            return np.where(codes < 0, np.nan, days[np.maximum(codes, 0)] if len(days) else np.nan)
    empty = blank(series)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        serial = series.to_numpy(dtype=float, na_value=np.nan)
        out = np.floor(serial) - _UNIX_SERIAL
        ok = empty | ((serial >= 61) & (serial < 2958466))
    else:
        out = np.full(len(series), np.nan)
        is_num = series.map(lambda v: isinstance(v, (int, float, np.number)) and not isinstance(v, bool)).to_numpy(dtype=bool)
        if is_num.any():
            serial = series[is_num].to_numpy(dtype=float)
            good = (serial >= 61) & (serial < 2958466)
            out[np.flatnonzero(is_num)[good]] = np.floor(serial[good]) - _UNIX_SERIAL
        rest = ~is_num & ~empty
        if rest.any():  # text and date objects: the one reader of dates (debtdesk.dates), in the current locale
            out[np.flatnonzero(rest)] = cell_days(series[rest].tolist())
        ok = empty | np.isfinite(out)
    for pos in np.flatnonzero(~ok):  # only the cells the vectorised pass could not read
        row = data_row(frame.index, int(pos))
        try:
            day = to_date(series.iloc[int(pos)], argument, row)
        except DebtDeskError as error:
            raise DebtDeskError(argument, f"{label} {error.expected}", row) from None
        out[pos] = float((np.datetime64(day, "D") - np.datetime64("1970-01-01", "D")).astype(np.int64))
    return era_days(np.where(empty, np.nan, out), argument, label, frame.index)


#: Text columns at least this long are hashed in Arrow (measured: 1M ids 0.19 s as objects, 0.14 s copied to Arrow).
ARROW_FROM = 100_000


def factorize_text(series: pd.Series, argument: str, label: str,
                   frame: pd.DataFrame | pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A required text column (e.g. Customer) as integer codes and sorted unique labels.

    Only the distinct values are checked and cleaned (stripped; Excel's ``1001.0`` read
    as ``1001``), so 50,000 customers over a million rows cost 50,000 checks. An empty
    cell or an Excel error is a :class:`DebtDeskError` naming its row.

    >>> codes, names = factorize_text(pd.Series(["B", " A", 7.0, "A"]), "ledger", "Customer",
    ...                               pd.DataFrame(index=range(4)))
    >>> codes.tolist(), names.tolist()
    ([2, 1, 0, 1], ['7', 'A', 'B'])
    """
    values = series
    if series.dtype == object or getattr(series.dtype, "storage", "") == "python":
        values = series.to_numpy(dtype=object)
        if len(values) >= ARROW_FROM and pd.api.types.infer_dtype(values, skipna=True) == "string":
            # Copying a long column of Python strings into Arrow and hashing it there beats pandas' object hash table.
            values = pd.array(values, dtype=pd.StringDtype("pyarrow"))
    codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=True)
    if codes.min(initial=0) < 0:
        pos = int(np.argmax(codes < 0))
        raise DebtDeskError(argument, f"{label} is empty", data_row(frame.index, pos))
    uniques = np.asarray(uniques, dtype=object)
    if pd.api.types.infer_dtype(uniques, skipna=False) == "string":
        cleaned = [value.strip() for value in uniques]
    else:
        cleaned = [str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()
                   for value in uniques]  # Excel hands over customer number 1001 as 1001.0
    for i in [i for i, value in enumerate(cleaned) if not value or value[0] == "#"]:  # few or none
        value = cleaned[i]
        if value and value.upper() not in _EXCEL_ERRORS:
            continue
        problem = f"holds the Excel error {value}" if value else "is empty"
        raise DebtDeskError(argument, f"{label} {problem}", data_row(frame.index, int(np.argmax(codes == i))))
    remap, labels = _sort_labels(cleaned)
    return remap[codes], labels


def _sort_labels(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Codes into the sorted distinct ``texts``, and those labels (as :func:`pandas.factorize` with sort=True).

    Sorting a fixed-width numpy unicode array compares code points in C, as Python's ``<`` on
    str does, several times faster than sorting Python objects. numpy drops trailing NULs, so
    texts holding one take the object path.

    >>> codes, labels = _sort_labels(["b", "a", "b", "c"])
    >>> codes.tolist(), labels.tolist()
    ([1, 0, 1, 2], ['a', 'b', 'c'])
    """
    if not texts or any("\0" in text for text in texts):
        codes, labels = pd.factorize(pd.Index(texts, dtype=object), sort=True)
        return codes, np.asarray(labels, dtype=object)
    fixed = np.array(texts, dtype=str)
    order = np.argsort(fixed)  # equal texts sort next to each other; which of them comes first does not matter
    ordered = fixed[order]
    new = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    codes = np.empty(len(texts), dtype=np.int64)
    codes[order] = np.cumsum(new) - 1
    return codes, np.asarray(texts, dtype=object)[order[new]]


_EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!")
