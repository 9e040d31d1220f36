"""Excel-shaped ranges converted a column at a time give what the cell-by-cell rules give.

``convert.table`` drops wholly empty rows with one pass per column, ``typed=True`` turns
columns of floats and of date-times into float64 and datetime64 for the collections
engine, ``convert.optional_numbers`` takes a column of plain numbers in one step and
``convert.spill`` writes a DataFrame a column at a time. Each is checked here against
the rule it replaces, written out cell by cell (``values.is_blank`` per row,
``convert.number`` per cell, ``convert.cell`` per value): the same values, or the same
one-line refusal, for ranges full of the awkward cells Excel and exports hand over.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from debtdesk import collections as engine
from debtdesk.collections.ageing import LEDGER_OPTIONAL, LEDGER_REQUIRED
from debtdesk.errors import DebtDeskError
from debtdesk.udfs import convert
from debtdesk.udfs.collections import DD_AGEING, DD_WORKLIST
from debtdesk.udfs.payoff import DD_PAYOFF
from debtdesk.values import is_blank

CHECK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

blankish = st.sampled_from([None, "", "  ", "\u00a0", float("nan")])
customers = st.one_of(blankish, st.sampled_from(["Acme Ltd", " Acme Ltd", "Brook & Sons", "#N/A", "1001"]),
                      st.sampled_from([1001.0, 1002.0, 7.5]))
days = st.one_of(blankish, st.datetimes(datetime(1985, 1, 1), datetime(2030, 12, 31)),
                 st.dates(date(1989, 6, 1), date(2030, 12, 31)), st.sampled_from([45292.0, 30.0, 46000.5]),
                 st.sampled_from(["2026-01-31", "31/01/2026", "soon", "2026-02-30"]))
amounts = st.one_of(blankish, st.floats(-5000, 5000, allow_nan=False).map(lambda v: round(v, 3)),
                    st.sampled_from([float("inf"), 1e16, 1e300, 0.0, True, 12, "1,200.50", "24%", "abc", "#DIV/0!"]))
HEADER = ["Customer", "Invoice", "Invoice Date", "Due Date", "Amount", "Paid"]


TIDY = (st.sampled_from(["Acme Ltd", "Brook & Sons", "Carr"]), st.sampled_from(["INV-1", "INV-2"]),
        st.datetimes(datetime(2024, 1, 1), datetime(2026, 10, 31)),
        st.one_of(st.none(), st.datetimes(datetime(2024, 1, 1), datetime(2026, 12, 31))),
        st.floats(-500, 5000, allow_nan=False).map(lambda v: round(v, 2)),
        st.one_of(st.none(), st.floats(0, 500).map(lambda v: round(v, 2))))
AWKWARD = (customers, st.sampled_from(["INV-1", None, 17.0]), days, days, amounts, st.one_of(st.none(), amounts))


@st.composite
def ledgers(draw, plain: bool = False):
    """A ledger range as Excel hands it over, each column tidy (floats, date-times: what a tidy sheet holds)
    or awkward (text numbers, serials, errors, out-of-era dates); ``plain``: every column tidy."""
    n = draw(st.integers(1, 12))
    kinds = [tidy if plain or draw(st.booleans()) else awkward for tidy, awkward in zip(TIDY, AWKWARD)]
    rows = [[draw(kind) for kind in kinds] for _ in range(n)]
    for i in draw(st.lists(st.integers(0, n), max_size=3)):  # wholly empty rows between the data
        rows.insert(i, [draw(blankish) for _ in HEADER])
    return [HEADER] + rows


def outcome(fn):
    """What a call gives: its result, or its refusal's message."""
    try:
        return "ok", fn()
    except DebtDeskError as error:
        return "refused", str(error)


@CHECK
@given(st.lists(st.lists(st.one_of(blankish, st.just("x"), st.just(0.0), st.just(False), st.datetimes()),
                         min_size=3, max_size=3), min_size=1, max_size=8))
def test_blank_rows_are_the_rows_whose_every_cell_is_blank(rows):
    columns = convert._transposed([["A", "B", "C"]] + rows, 3)
    assert convert._blank_rows(columns, len(rows)).tolist() == [all(is_blank(c) for c in row) for row in rows]


@CHECK
@given(ledgers())
def test_typed_ledger_ages_exactly_as_cells_taken_as_they_came(rows):
    def aged(typed):
        return engine.ageing(convert.table(rows, "ledger", LEDGER_REQUIRED, LEDGER_OPTIONAL,
                                           typed=typed), "2026-11-01").to_dict("records")
    assert outcome(lambda: aged(True)) == outcome(lambda: aged(False))


@CHECK
@given(ledgers())
def test_a_dataframe_argument_loses_the_same_empty_rows_as_its_range(rows):
    frame = pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
    read = [outcome(lambda v=v: convert.table(v, "ledger", LEDGER_REQUIRED, LEDGER_OPTIONAL)) for v in (rows, frame)]
    if read[0][0] == "ok":
        assert read[1][1].index.tolist() == read[0][1].index.tolist()
        pd.testing.assert_frame_equal(read[1][1], read[0][1])
    else:
        assert read[1] == read[0]


@CHECK
@given(ledgers(plain=True))
def test_a_tidy_ledger_is_read_as_typed_columns(rows):
    ledger = convert.table(rows, "ledger", LEDGER_REQUIRED, LEDGER_OPTIONAL, typed=True)
    assert ledger["Amount"].dtype == np.float64 and ledger["Invoice Date"].dtype.kind == "M"
    assert ledger["Paid"].dtype == np.float64 or ledger["Paid"].isna().all()
    kept = [row for row in rows[1:] if not all(is_blank(c) for c in row)]
    assert ledger["Amount"].tolist() == [row[4] for row in kept]
    assert [d.to_pydatetime() for d in ledger["Invoice Date"]] == [row[2] for row in kept]


@CHECK
@given(st.lists(st.one_of(blankish, st.floats(allow_nan=True), st.integers(-10**20, 10**20),
                          st.sampled_from(["24%", "1,234.50", "abc", "(12)", True, 1e16])), min_size=1, max_size=6))
def test_optional_numbers_are_number_of_each_cell(cells):
    rows = list(range(2, 2 + len(cells)))

    def one_by_one():
        return [None if convert.optional(c, None) is None else convert.number(c, "debts", r, label="Balance")
                for c, r in zip(cells, rows)]
    assert outcome(lambda: convert.optional_numbers(cells, "debts", rows, "Balance")) == outcome(one_by_one)


@CHECK
@given(st.lists(st.tuples(st.one_of(st.none(), st.floats(allow_infinity=False)), st.integers(-5, 5),
                          st.one_of(st.none(), st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1))),
                          st.one_of(st.none(), st.text(max_size=3), st.dates())), min_size=1, max_size=6))
def test_spill_by_column_is_cell_of_every_value(rows):
    frame = pd.DataFrame(rows, columns=["Amount", "Count", "When", "Note"])
    frame["When"] = pd.to_datetime(frame["When"])
    expected = [list(frame.columns)] + [[convert.cell(v) for v in row]
                                        for row in frame.astype(object).itertuples(index=False, name=None)]
    spilled = convert.spill(frame)
    assert [[type(c) for c in row] for row in spilled] == [[type(c) for c in row] for row in expected]
    assert repr(spilled) == repr(expected)


def test_cell_functions_refuse_bad_cells_by_row_whichever_path():
    ledger = [HEADER, ["Acme Ltd", "INV-1", datetime(2026, 1, 5), datetime(2026, 2, 4), 120.0, None],
              [None] * 6, ["Brook & Sons", "INV-2", datetime(2026, 1, 9), datetime(2026, 2, 8), float("inf"), None]]
    with pytest.raises(DebtDeskError, match=r"^DD_AGEING: ledger row 3: Amount inf is not a finite number$"):
        DD_AGEING(ledger, "2026-11-01")
    ledger[3][4] = 80.0
    ledger[3][3] = datetime(1985, 2, 8)
    with pytest.raises(DebtDeskError, match=r"^DD_AGEING: ledger row 3: Due Date 1985-02-08 is before 1990"):
        DD_AGEING(ledger, "2026-11-01")
    debts = [["Name", "Balance", "APR", "Minimum"], ["Visa", 1200.0, 0.199, 36.0], [None] * 4,
             ["Loan", "1.234,50", 0.06, 25.0]]
    with pytest.raises(DebtDeskError, match=r"^DD_PAYOFF: debts row 3: Balance '1.234,50' is written with a "
                                            r"decimal comma"):
        DD_PAYOFF(debts, 300)


def test_ageing_and_worklist_from_a_typed_range_match_the_engine_on_the_frame():
    ledger = [HEADER, ["Acme Ltd", "INV-1", datetime(2026, 1, 5), datetime(2026, 2, 4), 120.0, None],
              ["Acme Ltd", "INV-2", datetime(2026, 9, 5), None, 80.5, 20.25],
              [None] * 6,
              ["Brook & Sons", "CN-3", datetime(2026, 10, 1), datetime(2026, 10, 31), -40.0, None]]
    frame = pd.DataFrame(ledger[1:], columns=HEADER, dtype=object).drop(index=2)
    spilled = DD_AGEING(ledger, datetime(2026, 11, 1))
    assert spilled[1:-1] == convert.spill(engine.ageing(frame, "2026-11-01"))[1:]
    # INV-1 is 270 days past due; INV-2 has no due date, so it ages from its invoice date: 57 days.
    assert spilled[1] == ["Acme Ltd", 0.0, 0.0, 60.25, 0.0, 120.0, 0.0, 180.25]
    assert spilled[-1] == ["Total", 0.0, 0.0, 60.25, 0.0, 120.0, -40.0, 140.25]
    assert DD_WORKLIST(ledger, datetime(2026, 11, 1)) == convert.spill(engine.worklist(frame, "2026-11-01"))


def careful_ageing(ledger, as_of, edges=None, basis=None):
    """``DD_AGEING`` as it was before it read plain columns: the range as a DataFrame of cells as they came,
    the engine's public ``ageing``, the total rows summed by pandas."""
    try:
        basis = convert.text(basis, "basis", engine.ageing.__globals__["BASES"]) \
            if convert.optional(basis, None) is not None else "due"
        table = convert.table(ledger, "ledger", LEDGER_REQUIRED, LEDGER_OPTIONAL)
        as_of = convert.a_date(as_of, "as_of")
        edges = engine.DEFAULT_EDGES if convert.optional(edges, None) is None else \
            tuple(int(e) for e in convert.numbers(edges, "edges", minimum=1, whole=True, text_list=True))
        report = engine.ageing(table, as_of, edges, basis)
    except DebtDeskError as error:
        raise error.in_function("DD_AGEING") from None
    if "Currency" in report:
        grand = report.drop(columns="Customer").groupby("Currency", sort=True).sum().round(2).reset_index()
        grand.insert(0, "Customer", "Total")
    else:
        grand = pd.DataFrame([["Total", *report.drop(columns="Customer").sum().round(2).tolist()]],
                             columns=report.columns)
    return convert.spill(pd.concat([report, grand[report.columns]], ignore_index=True))


@st.composite
def ledgers_in_currencies(draw):
    """:func:`ledgers`, sometimes with a Currency column (codes in any case, empty cells, a bad code)."""
    rows = draw(ledgers(plain=draw(st.sampled_from([True, True, True, False]))))
    if draw(st.integers(0, 3)):  # mostly one row per document, so that most ledgers are aged, not refused
        rows = [rows[0]] + [row if all(is_blank(c) for c in row) else [row[0], f"INV-{i}", *row[2:]]
                            for i, row in enumerate(rows[1:])]
    if draw(st.booleans()):
        codes = st.sampled_from(["GBP", "EUR", "eur ", None, ""] + (["GB1"] if draw(st.integers(0, 5)) == 0 else []))
        rows = [rows[0] + ["Currency"]] + [row + [None if all(is_blank(c) for c in row) else draw(codes)]
                                           for row in rows[1:]]
    return rows


@CHECK
@given(ledgers_in_currencies(), st.datetimes(datetime(2024, 6, 1), datetime(2027, 1, 1)),
       st.sampled_from([None] * 4 + [[30, 60, 90], [7, 14], "15, 45", [0]]),
       st.sampled_from([None] * 4 + ["due", "invoice", "x"]))
def test_dd_ageing_from_plain_columns_is_the_careful_path(rows, as_of, edges, basis):
    """The same spilled report, to the type of every cell, or the same refusal, on tidy and awkward ledgers."""
    ours, careful = outcome(lambda: DD_AGEING(rows, as_of, edges, basis)), \
        outcome(lambda: careful_ageing(rows, as_of, edges, basis))
    assert ours == careful
    if ours[0] == "ok":
        assert [[type(c) for c in row] for row in ours[1]] == [[type(c) for c in row] for row in careful[1]]


#: Columns of one odd type throughout, as a column typed in one pass (``convert._whole_column``) may meet them:
#: text with edges to strip, an Excel error, empty text, a lone surrogate (no UTF-8) or bytes; dates, date-times
#: with a time zone or a time of day, pandas' Timestamp and NaT; numpy floats, NaN, infinities, amounts too large,
#: integers and booleans where floats belong; and text mixed with bytes, numbers and empty cells.
ODD_WHOLE = {
    "text": st.sampled_from(["Acme Ltd", " Acme Ltd ", "Carr", "#N/A", "", "\ud800x", "1001"]),
    "invoice": st.sampled_from(["INV-1", " INV-1", "#REF!", ""]),
    "bytes": st.just(b"Acme Ltd"),
    "mixed": st.one_of(st.sampled_from(["Acme Ltd", "Carr"]), st.sampled_from([b"Carr", None, 1001.0, " "])),
    "date": st.dates(date(1988, 1, 1), date(2027, 1, 1)),
    "datetime": st.datetimes(datetime(1988, 1, 1), datetime(2027, 1, 1),
                             timezones=st.sampled_from([None, timezone.utc, timezone(timedelta(hours=-5))])),
    "timestamp": st.datetimes(datetime(1989, 12, 1), datetime(2027, 1, 1)).map(pd.Timestamp),
    "nat": st.sampled_from([pd.NaT, datetime(2026, 1, 5)]),
    "float": st.one_of(st.none(), st.floats(-5000, 5000).map(lambda v: round(v, 2)),
                       st.sampled_from([float("nan"), float("inf"), 1e16])),
    "numpy": st.floats(0, 5000).map(lambda v: np.float64(round(v, 2))),
    "int": st.one_of(st.integers(0, 5000), st.floats(0, 5000).map(lambda v: round(v, 2))),
    "bool": st.one_of(st.booleans(), st.floats(0, 5000).map(lambda v: round(v, 2))),
}
WHOLE_PLACES = {"Customer": ["text", "mixed", "bytes", "float", "int"],
                "Invoice": ["invoice", "mixed", "bytes", "float", "numpy"],
                "Invoice Date": ["datetime", "date", "timestamp", "nat", "text"],
                "Due Date": ["datetime", "date", "timestamp", "nat", "float"],
                "Amount": ["float", "numpy", "int", "bool", "datetime"], "Paid": ["float", "numpy", "int", "bool"]}


@CHECK
@given(st.data())
def test_columns_of_one_odd_type_age_as_the_general_reading_reads_them(data):
    """A range typed a column at a time in one pass (``convert._whole_columns``) gives ``DD_AGEING`` the report, to
    the type of every cell, or the refusal that the general reading of the range (object cells, each column's
    kind, the blank-row pass) gives, whatever single type each column holds."""
    n = data.draw(st.integers(1, 8))
    kinds = {name: data.draw(st.sampled_from(choices)) for name, choices in WHOLE_PLACES.items()}
    columns = {name: [data.draw(ODD_WHOLE[kind]) for _ in range(n)] for name, kind in kinds.items()}
    if data.draw(st.booleans()):  # mostly distinct documents, so that ledgers are aged and not only refused
        columns["Invoice"] = [f"INV-{i}" for i in range(n)]
    rows = [HEADER] + [list(row) for row in zip(*columns.values())]
    ours = outcome(lambda: DD_AGEING(rows, "2026-11-01"))
    with mock.patch.object(convert, "_whole_columns", lambda *args: None):
        general = outcome(lambda: DD_AGEING(rows, "2026-11-01"))
    assert ours == general
    if ours[0] == "ok":
        assert [[type(c) for c in row] for row in ours[1]] == [[type(c) for c in row] for row in general[1]]


def test_nat_in_a_date_column_is_an_empty_cell_when_typed_in_one_pass():
    """pandas' NaT is a date-time (of 1 January of year 1, to ``date.toordinal``): an empty Due Date, so the item
    ages from its invoice date, as an empty cell does, not a date before 1990."""
    rows = [HEADER, ["Acme Ltd", "INV-1", datetime(2026, 1, 5), datetime(2026, 2, 4), 120.0, None],
            ["Acme Ltd", "INV-2", datetime(2026, 9, 5), pd.NaT, 80.5, 20.25]]
    empty = [rows[0], rows[1], rows[2][:3] + [None] + rows[2][4:]]
    assert DD_AGEING(rows, datetime(2026, 11, 1)) == DD_AGEING(empty, datetime(2026, 11, 1))
    assert DD_AGEING(rows, datetime(2026, 11, 1))[1] == ["Acme Ltd", 0.0, 0.0, 60.25, 0.0, 120.0, 0.0, 180.25]
