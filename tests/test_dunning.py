"""Dunning charges and levels; disputes held out of dunning."""

import pandas as pd
import pytest

from debtdesk.collections import DunningLevel, dunning_charge, dunning_level, dunning_run, open_disputes
from debtdesk.errors import DebtDeskError


def test_erpnext_dunning_example():
    # ERPNext test_dunning: outstanding 100, 8% a year, fee 20, 20 days overdue -> interest 0.44, dunning 20.44
    assert dunning_charge(100, 20, 0.08, 0) == 0.44
    assert dunning_charge(100, 20, 0.08, 20) == 20.44
    assert dunning_charge(100, 20, 0.0, 20) == 20.0


def test_interest_rounds_half_up():
    assert dunning_charge(365, 1, 0.005, 0) == 0.01  # exactly 0.005 -> 0.01, not banker's 0.00
    assert dunning_charge(1000, -5, 0.08, 10) == 0.0


def test_levels_and_run_with_disputes_and_history():
    assert dunning_level(14).level == 1 and dunning_level(15).channel == "letter" and dunning_level(60).channel == "phone"
    ledger = pd.DataFrame({"Customer": ["A", "A", "B", "C"], "Invoice": ["1", "2", "3", "4"],
                           "Invoice Date": ["2024-01-01"] * 4,
                           "Due Date": ["2024-01-31", "2024-02-20", "2024-01-31", "2024-01-31"],
                           "Amount": [100.0, 200.0, 50.0, 80.0]})
    disputes = pd.DataFrame({"Customer": ["A", "C"], "Invoice": ["1", None], "Opened": ["2024-02-01", "2024-02-01"],
                             "Resolved": [None, "2024-02-15"]})
    assert open_disputes(disputes, "2024-03-01")["Customer"].tolist() == ["A"]
    run = dunning_run(ledger, "2024-03-01", 0.08, disputes=disputes, history=pd.DataFrame({"Customer": ["C"], "Level": [3]}))
    rows = run.set_index("Customer")
    assert list(rows.index) == ["A", "B", "C"]
    assert rows.loc["A", "Amount overdue"] == 200.0 and rows.loc["A", "Level"] == 1  # invoice 1 held by dispute
    assert rows.loc["B", "Interest"] == dunning_charge(50, 30, 0.08, 0) == 0.33 and rows.loc["B", "Fee"] == 10.0
    assert rows.loc["C", "Fee"] == 0.0  # level 3 fee already charged once
    custom = dunning_run(ledger, "2024-03-01", levels=[DunningLevel(1, 10, "Email", 5.0)])
    assert custom["Fee"].tolist() == [5.0, 5.0, 5.0]


@pytest.mark.parametrize("call, message", [
    (lambda: dunning_charge(-1, 10, 0.08, 0), "outstanding: -1 must be at least 0"),
    (lambda: dunning_charge("x", 10, 0.08, 0), "outstanding: 'x' is not a number"),
    (lambda: dunning_charge(1, 1.5, 0.08, 0), "days_overdue: 1.5 is not a whole number"),
    (lambda: dunning_charge(1, 10, -0.08, 0), "annual_rate: -0.08 must be at least 0"),
    (lambda: dunning_charge(1, 10, 0.08, None), "fee: is empty (expected a number)"),
    (lambda: dunning_level(5, [DunningLevel(1, 1, "fax")]), "levels row 1: channel 'fax' is not one of email, letter, phone"),
    (lambda: dunning_level(5, []), "levels: needs at least one dunning level"),
    (lambda: dunning_level(5, [DunningLevel(1, 1, "email"), DunningLevel(2, 1, "phone")]), "levels: two levels start"),
])
def test_bad_inputs(call, message):
    with pytest.raises(DebtDeskError) as error:
        call()
    assert str(error.value).startswith(message)
