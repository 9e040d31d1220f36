"""debtdesk.rows gives what pandas' own row iteration gives: the same values, of the same types, in order."""

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from debtdesk.rows import records, row_tuples


def _typed(values):
    """Each value as (type, repr): NaN, NaT and NA compare as themselves."""
    return [(type(v), repr(v)) for v in values]


FRAMES = {
    "numbers and text": pd.DataFrame({"Name": ["Visa", None, "Loan"], "Balance": [1.5, np.nan, 3.0],
                                      "Months": [1, 2, 3], "Priority": [True, False, True]}),
    "objects as a workbook gives them": pd.DataFrame(
        {"Name": pd.Series(["Visa", None, "Car"], dtype=object),
         "Balance": pd.Series([np.float64(2.5), 7, None], dtype=object),
         "Count": pd.Series([np.int64(4), np.bool_(True), pd.NA], dtype=object),
         "Due": pd.Series([np.datetime64("2026-11-27"), datetime(2026, 1, 2), np.timedelta64(3, "D")], dtype=object)}),
    "dates and nullable": pd.DataFrame({"Date": pd.to_datetime(["2026-01-01", None, "2026-03-01"]),
                                        "Paid": pd.array([1, None, 3], dtype="Int64"),
                                        "Flag": pd.array([True, None, False], dtype="boolean")}),
    "one row": pd.DataFrame({"A": [1.0]}),
    "no rows": pd.DataFrame({"A": pd.Series([], dtype=float), "B": pd.Series([], dtype=object)}),
    "no columns": pd.DataFrame(index=range(2)),
}


@pytest.mark.parametrize("name", FRAMES)
def test_records_are_pandas_records(name):
    frame = FRAMES[name]
    ours, theirs = records(frame), frame.to_dict("records")
    assert [list(r) for r in ours] == [list(r) for r in theirs]
    assert [_typed(r.values()) for r in ours] == [_typed(r.values()) for r in theirs]


@pytest.mark.parametrize("name", FRAMES)
def test_row_tuples_are_pandas_tuples(name):
    frame = FRAMES[name]
    ours, theirs = list(row_tuples(frame)), list(frame.itertuples(index=False, name=None))
    assert [_typed(r) for r in ours] == [_typed(r) for r in theirs]


def test_repeated_names_are_left_to_pandas():
    frame = pd.DataFrame([[1, 2]], columns=["Amount", "Amount"])
    with pytest.warns(UserWarning, match="not unique"):
        assert records(frame) == [{"Amount": 2}]
