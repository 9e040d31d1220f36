"""A small table's rows as Python values, as pandas gives them, without pandas' per-column indexing.

A client's tables are 1-30 rows, and the engine reads most of them row by row. pandas 3's
``DataFrame.itertuples`` and ``DataFrame.to_dict("records")`` take each column with ``iloc[:, k]``, which on
such tables costs more than the rows themselves (~60 µs a column; a client's Regenerate reads ~30 tables this
way). :func:`row_tuples` and :func:`records` take the columns once through ``DataFrame.items`` and give the
same values, the same types, in the same order.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype


def row_tuples(frame: pd.DataFrame) -> Iterator[tuple]:
    """Each row as a plain tuple of its values: ``frame.itertuples(index=False, name=None)``.

    Examples
    --------
    >>> t = pd.DataFrame({"Name": ["Visa", "Loan"], "Balance": [1200.5, 300.0], "Months": [3, 4]})
    >>> list(row_tuples(t))
    [('Visa', 1200.5, 3), ('Loan', 300.0, 4)]
    >>> list(row_tuples(t)) == list(t.itertuples(index=False, name=None))
    True
    """
    columns = [column for _, column in frame.items()]
    return zip(*columns) if columns else iter([()] * len(frame))


def records(frame: pd.DataFrame) -> list[dict]:
    """Each row as a ``{column: value}`` dict: ``frame.to_dict("records")``, values in object and extension
    columns made native Python scalars as pandas makes them (a NumPy float a ``float``, ``pd.NA`` None, ...;
    a missing text is NaN in pandas' text dtype, None where the column holds objects).

    Examples
    --------
    >>> t = pd.DataFrame({"Name": ["Visa", None], "Balance": [1200.5, 300.0],
    ...                   "Limit": pd.Series([np.float64(2000), None], dtype=object)})
    >>> records(t)
    [{'Name': 'Visa', 'Balance': 1200.5, 'Limit': 2000.0}, {'Name': nan, 'Balance': 300.0, 'Limit': None}]
    >>> type(records(t)[0]["Limit"]), records(t) == t.to_dict("records")
    (<class 'float'>, True)
    """
    if not frame.columns.is_unique:  # pandas keeps the last of a repeated name, and warns: its rule, its way
        return frame.to_dict("records")
    names, columns = frame.columns.tolist(), []
    for _, column in frame.items():
        native = column.dtype == np.dtype(object) or isinstance(column.dtype, ExtensionDtype)
        columns.append(map(_native, column) if native else column)
    return [dict(zip(names, row)) for row in zip(*columns)] if names else [{} for _ in range(len(frame))]


def _native(value):
    """pandas' ``maybe_box_native``: a NumPy scalar as the Python one, ``pd.NA`` as None."""
    kind = type(value)
    if kind is str or kind is float or kind is int:
        return value
    if isinstance(value, (np.datetime64, np.timedelta64)):  # before integers: a timedelta64 is a NumPy integer
        return pd.Timestamp(value) if isinstance(value, np.datetime64) else pd.Timedelta(value)
    if isinstance(value, (np.floating, float)):
        return float(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if value is pd.NA:
        return None
    return value
