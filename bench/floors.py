"""Floors under issue 15's two conversion-bound targets: the single calls a conversion cannot do without, each timed
alone (best of N) and summed, set against the engine and DuckDB timed in the same run.

* ``DD_AGEING`` <= 2x its engine: a range of Python cells must be laid into columns and each column typed, one
  C-level pass per column at the least (:func:`range_floor`). The sum is what any pure-Python conversion pays
  before the engine starts; with the engine's own time on top, ``(floor + engine) / engine`` is the best ratio a
  cell function can reach on this stack. On Windows, xlwings has already made a Python pass over every cell
  before the function is called (:func:`xlwings_cleaning`).
* Ageing with one Python object per id <= DuckDB: beyond what Arrow text ids need, a million separate Python
  strings must be copied into something hashable without the GIL (:func:`object_ids_floor`): one call holding the
  GIL throughout, so the thread beside cannot use the time.

Used by ``python -m bench udfs`` and ``python -m bench ageing``.
"""

from __future__ import annotations

import gc
from datetime import date
from typing import Sequence

import numpy as np

#: The cell types xlwings' Windows reader rebuilds field by field (its ``time_types``; pywintypes' time type is a
#: datetime subclass, absent here).
_DATE_TYPES = (date,)


def range_floor(sheet: Sequence[Sequence], text: Sequence[int], dates: Sequence[int], floats: Sequence[int],
                repeat: int = 15) -> dict[str, float]:
    """Seconds (best of ``repeat``) of each single call typing ``sheet`` (a header row and rows of cells) needs:
    the rows laid into columns (``zip``, the garbage collector paused), each text column copied into Arrow (``pyarrow.array``), each date column
    read as day numbers (``date.toordinal`` mapped in C), each float column's type scan (``set(map(type))``,
    without which pyarrow would take True as 1.0) and copy into float64.

    >>> parts = range_floor([["A", "B"], ["x", 1.5]], text=[0], dates=[], floats=[1], repeat=1)
    >>> sorted(parts)
    ['column 0: text to Arrow', 'column 1: float copy', 'column 1: type scan', 'rows into columns']
    """
    import pyarrow as pa

    from bench.__main__ import timed

    columns = list(zip(*sheet[1:]))

    def laid_out():  # without the garbage collector scanning zip's iterator per row, as DebtDesk lays them out
        gc.disable()
        try:
            return list(zip(*sheet))
        finally:
            gc.enable()
    parts = {"rows into columns": laid_out}
    for j in text:
        parts[f"column {j}: text to Arrow"] = lambda j=j: pa.array(columns[j], type=pa.large_string())
    for j in dates:
        parts[f"column {j}: day numbers"] = lambda j=j: np.fromiter(map(date.toordinal, columns[j]), np.int64,
                                                                   len(columns[j]))
    for j in floats:
        parts[f"column {j}: type scan"] = lambda j=j: set(map(type, columns[j]))
        parts[f"column {j}: float copy"] = lambda j=j: pa.array(columns[j], type=pa.float64())
    return dict(zip(parts, timed(*parts.values(), repeat=repeat)))


def xlwings_cleaning(sheet: Sequence[Sequence]) -> list[list]:
    """The pass xlwings makes on Windows over a range argument's cells before a cell function sees them, written
    out: one Python call per cell (taking xlwings' five arguments) that turns empty text into None, rebuilds each
    date field by field as a ``datetime``, maps a COM error code, and leaves numbers and text as they are
    (xlwings' ``_xlwindows.clean_value_data`` with its default options, read at xlwings commit aee5b72 and in
    the 0.37.8 installed here). The COM transfer of the cells from Excel's process into Python's, before it,
    only Windows can time.

    >>> from datetime import datetime
    >>> xlwings_cleaning([["Due", "Amount"], [datetime(2026, 1, 5), ""]])
    [['Due', 'Amount'], [datetime.datetime(2026, 1, 5, 0, 0), None]]
    """
    from datetime import datetime

    errors = {-2146826281: "#DIV/0!", -2146826246: "#N/A", -2146826259: "#NAME?", -2146826288: "#NULL!",
              -2146826252: "#NUM!", -2146826265: "#REF!", -2146826273: "#VALUE!"}

    def cell(value, builder, empty, number, error_text):
        if value in ("", None):
            return empty
        if isinstance(value, _DATE_TYPES):
            return builder(month=value.month, day=value.day, year=value.year, hour=value.hour, minute=value.minute,
                           second=value.second, microsecond=value.microsecond, tzinfo=None)
        if number is not None and isinstance(value, float):
            return number(value)
        if isinstance(value, int) and value in errors:
            return errors[value] if error_text else None
        return value
    return [[cell(c, datetime, None, None, False) for c in row] for row in sheet]


def object_ids_floor(ids: np.ndarray, repeat: int = 7) -> dict[str, float]:
    """Seconds (best of ``repeat``) of the single calls that take Python strings (one object a cell) to where they
    can be hashed without the GIL, and of hashing them as objects instead: pyarrow's copy into Arrow text (it
    checks every cell is text in the same pass: what DebtDesk does), numpy's copy into fixed-width bytes (no
    check, ASCII only: a lower bound, not a reading), Python's own hash of each string and pandas' object hash
    table, these two on strings made afresh for each round (a string keeps its hash once computed, and a cell
    function or reader is handed new strings each time).

    >>> parts = object_ids_floor(np.array(["CUST-1", "CUST-2"], dtype=object), repeat=1)
    >>> sorted(parts)
    ['Python hash of each', 'bytes copy (numpy)', 'copy into Arrow (pyarrow)', 'pandas object factorize']
    """
    import time

    import pandas as pd
    import pyarrow as pa

    from bench.__main__ import timed

    width = max(map(len, ids[:1000].tolist()), default=1)
    parts = dict(zip(("copy into Arrow (pyarrow)", "bytes copy (numpy)"),
                     timed(lambda: pa.array(ids, from_pandas=True), lambda: ids.astype(f"S{width}"), repeat=repeat)))
    text = pa.array(ids, from_pandas=True)
    for label, call in (("Python hash of each", lambda cells: np.fromiter(map(hash, cells), np.int64, len(cells))),
                        ("pandas object factorize", pd.factorize)):
        best = float("inf")
        for _ in range(repeat):
            fresh = text.to_numpy(zero_copy_only=False)  # new str objects, no hash computed yet
            start = time.perf_counter()
            call(fresh)
            best = min(best, time.perf_counter() - start)
        parts[label] = best
    return parts
