"""One rule for the data row an error quotes, and the shared cell-text and cent helpers of debtdesk.values/money."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from debtdesk.assess import utilisation
from debtdesk.budget import debt_list, monthly_expenses
from debtdesk.collections import ageing, promise_statuses
from debtdesk.errors import DebtDeskError
from debtdesk.money import sum_cents
from debtdesk.payoff import prepare_debts
from debtdesk.progress import progress
from debtdesk.udfs.convert import table
from debtdesk.values import cell_text, data_row, data_rows, match_key


@pytest.mark.parametrize("index, rows", [
    (pd.RangeIndex(3), [1, 2, 3]),                          # pandas' default index
    (pd.RangeIndex(1, 4), [1, 2, 3]),                       # a range read by FileBook.read_table
    (pd.Index([1, 3, 4]), [1, 3, 4]),                       # convert.table after dropping blank row 2
    (pd.Index([3, 7], dtype=object), [3, 7]),
    (pd.Index([np.int64(2), 5], dtype=object), [2, 5]),
    (pd.Index([0, 2, 3]), [1, 2, 3]),                       # a filtered 0-based index still holding 0
    (pd.RangeIndex(0, 6, 2), [1, 2, 3]),
    (pd.Index([-1, 5]), [1, 2]),
    (pd.Index(["Visa", "Loan"]), [1, 2]),
    (pd.Index([1.0, 2.0]), [1, 2]),
    (pd.Index([True, False]), [1, 2]),
    (pd.Index([1, True], dtype=object), [1, 2]),
    (pd.Index([1, "x"], dtype=object), [1, 2]),
    (pd.Index([4, None], dtype="Int64"), [1, 2]),
    (pd.DatetimeIndex(["2024-01-31", "2024-02-29"]), [1, 2]),
    (pd.Index([], dtype=object), []),
])
def test_data_rows_quote_the_index_only_when_every_label_is_a_row_number(index, rows):
    assert data_rows(index) == rows
    assert all(type(row) is int for row in data_rows(index))
    assert [data_row(index, position) for position in range(len(index))] == rows
    assert data_rows(index, list(range(len(index)))[::-1]) == rows[::-1]


def test_rows_of_a_range_read_from_cells_are_the_rows_under_its_header():
    cells = [["Name", "Balance", "APR", "Minimum"], ["Visa", 1200.0, 0.2, 25.0], [None, None, None, None],
             ["Loan", 900.0, 0.06, 50.0], ["Store card", 300.0, 0.29, 10.0]]
    frame = table(cells, "debts", ["Name", "Balance", "APR", "Minimum"])
    assert data_rows(frame.index) == [1, 3, 4]
    assert data_rows(frame.index, [2]) == [4] and data_row(frame.index, 1) == 3


def _debts(balance):
    return pd.DataFrame({"Name": ["Visa", "Loan", "Store card"], "Type": ["card"] * 3,
                         "Balance": [1200.0, 900.0, balance], "APR": [0.2, 0.06, 0.29], "Minimum": [25.0, 50.0, 10.0]})


def _ledger(column, value):
    ledger = pd.DataFrame({"Customer": ["Acme", "Acme", "Bolt"], "Invoice": ["I1", "I2", "I3"],
                           "Invoice Date": ["2024-01-01"] * 3, "Due Date": ["2024-01-31"] * 3,
                           "Amount": [100.0, 250.0, 75.0]}, dtype=object)
    ledger.loc[2, column] = value
    return ledger


# Every engine reader, given a table whose third data row is bad: the message must quote that row by the one rule.
ENGINE = [
    pytest.param(debt_list, lambda: _debts("abc"), "debts row {}: Balance 'abc' is not a number", id="budget"),
    pytest.param(utilisation, lambda: pd.DataFrame({"Name": ["Visa", "Amex", "Store card"], "Limit": [2000.0, 1500.0, 500.0],
                                                    "Balance": [1500.0, 200.0, "abc"]}),
                 "credit row {}: Balance 'abc' is not a number", id="assess"),
    pytest.param(lambda plan: progress(plan, None, "2024-04-01"),
                 lambda: pd.DataFrame({"Plan Date": ["2024-01-05", "2024-02-05", "2024-03-05"], "Planned": [100.0, 100.0, "abc"]}),
                 "plan row {}: Planned 'abc' is not a number", id="progress"),
    pytest.param(prepare_debts, lambda: _debts("abc"), "debts row {}: Balance 'abc' is not a number", id="payoff"),
    pytest.param(lambda ledger: ageing(ledger, "2024-03-31"), lambda: _ledger("Amount", "abc"),
                 "ledger row {}: Amount 'abc' is not a number", id="ageing-amount"),
    pytest.param(lambda ledger: ageing(ledger, "2024-03-31"), lambda: _ledger("Customer", None),
                 "ledger row {}: Customer is empty", id="ageing-customer"),
    pytest.param(lambda ledger: ageing(ledger, "2024-03-31"), lambda: _ledger("Due Date", "soon"),
                 "ledger row {}: Due Date 'soon' ", id="ageing-due-date"),
    pytest.param(lambda ledger: ageing(ledger, "2024-03-31"), lambda: _ledger("Invoice Date", "later"),
                 "ledger row {}: Invoice Date 'later' ", id="ageing-invoice-date"),
    pytest.param(lambda promises: promise_statuses(promises, None, "2024-03-01"),
                 lambda: pd.DataFrame({"Customer": ["Acme", "Bolt", "Cole"], "Promised Amount": [100.0, 50.0, "#N/A"],
                                       "Promised Date": ["2024-02-01"] * 3, "Made on": ["2024-01-15"] * 3}, dtype=object),
                 "promises row {}: Promised Amount holds the Excel error #N/A", id="promises"),
]


@pytest.mark.parametrize("index, row", [
    (None, 3),                  # pandas' default 0-based index: position + 1
    ([1, 2, 4], 4),             # rows of a range with blank row 3 dropped: the index
    ([3, 7, 8], 8),
    ([0, 2, 4], 3),             # a filtered 0-based index: position + 1
    (["a", "b", "c"], 3),       # text labels are not rows: position + 1
])
@pytest.mark.parametrize("call, build, message", ENGINE)
def test_every_engine_reader_quotes_the_same_row(call, build, message, index, row):
    frame = build()
    if index is not None:
        frame.index = pd.Index(index)
    with pytest.raises(DebtDeskError, match="^" + re.escape(message.format(row))) as error:
        call(frame)
    assert error.value.row == row and type(error.value.row) is int


def test_a_blank_name_is_named_by_its_data_row():
    debts = _debts(300.0).set_axis(pd.Index([2, 5, 9]))
    debts.loc[9, "Name"] = "  "
    assert debt_list(debts)["Name"].tolist() == ["Visa", "Loan", "Debt 9"]
    assert debt_list(debts.reset_index(drop=True).assign(Name=["Visa", None, "Card"]))["Name"].tolist() == \
        ["Visa", "Debt 2", "Card"]


def test_cell_text_trims_or_falls_back():
    assert cell_text("  Visa ", "Debt 1") == "Visa"
    assert [cell_text(v, "Debt 4") for v in (None, "", "   ", float("nan"), pd.NaT)] == ["Debt 4"] * 5
    assert cell_text(1001, "Debt 2") == "1001"


def test_match_key_matches_names_typed_differently():
    assert match_key("Council Tax") == match_key(" council-tax ") == match_key("COUNCIL_TAX") == "counciltax"
    assert match_key("Ground rent") != match_key("Service charge")
    housing = monthly_expenses(pd.DataFrame({"Category": ["council-tax", "Food"], "Amount": [120.0, 300.0]}))
    assert housing["Housing"].tolist() == [True, False]


def test_sum_cents_adds_the_amounts_as_shown():
    # Microsoft's ROUND examples: ROUND(23.7825, 2) = 23.78 and ROUND(-1.475, 2) = -1.48 (half away from zero).
    assert sum_cents([23.7825, -1.475]) == 2378 - 148
    # Three amounts shown as 0.13 total 0.39, though their exact sum 0.375 would round to 0.38.
    assert sum_cents([0.125, 0.125, 0.125]) == 39
    assert sum_cents(pd.Series([1200.5, 19.99, 0.0])) == 122049
    assert sum_cents([]) == 0


def test_sum_cents_refuses_an_amount_beyond_any_real_debt():
    with pytest.raises(DebtDeskError, match=r"^amount: 1e\+300 is too large for an amount of money \(at most 1e\+15\)$"):
        sum_cents([10.0, 1e300])
