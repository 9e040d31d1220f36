"""Worklist: amount x days ranking, promise and contact adjustments, dispute holds, Regulation F."""

import pandas as pd
import pytest

from debtdesk.collections import worklist
from debtdesk.errors import DebtDeskError

AS_OF = "2024-04-10"


def ledger():
    return pd.DataFrame({"Customer": ["A", "B", "C", "D", "E"], "Invoice": ["1", "2", "3", "4", "5"],
                         "Invoice Date": ["2024-01-01"] * 5,
                         "Due Date": ["2024-03-11", "2024-03-11", "2024-03-11", "2024-03-11", "2024-05-01"],
                         "Amount": [1000.0, 1000.0, 1000.0, 1000.0, 500.0]})


def test_plain_ranking_is_amount_times_days():
    out = worklist(ledger(), AS_OF)
    assert out["Customer"].tolist() == ["A", "B", "C", "D"]  # ties by name; E not overdue
    assert out["Score"].tolist() == [30000.0] * 4
    assert out["Reason"].iloc[0] == "1,000.00 overdue, oldest 30 days (amount × days 30,000)"


def test_promises_disputes_and_contacts_change_the_order():
    promises = pd.DataFrame({"Customer": ["B", "C"], "Status": ["Broken", "Open"],
                             "Promised Date": ["2024-04-01", "2024-04-15"]})
    disputes = pd.DataFrame({"Customer": ["D"], "Invoice": ["4"]})
    contacts = pd.DataFrame({"Customer": ["A"] * 2, "Contact Time": ["2024-04-08 10:00", "2024-04-09 10:00"],
                             "Type": ["call", "conversation"]})
    out = worklist(ledger(), AS_OF, promises, disputes, contacts)
    assert out["Customer"].tolist() == ["B", "C", "A", "D"]
    rows = out.set_index("Customer")
    assert rows.loc["B", "Score"] == 45000.0 and "1 broken promise (+50%)" in rows.loc["B", "Reason"]
    assert rows.loc["C", "Score"] == 15000.0 and "promise to pay open until 2024-04-15" in rows.loc["C", "Reason"]
    # A had a conversation yesterday: Reg F 1006.14(b)(2)(i)(B) refuses a call until 2024-04-16
    assert rows.loc["A", "Status"] == "Call from 2024-04-16" and "1006.14(b)(2)(i)(B)" in rows.loc["A", "Reason"]
    assert rows.loc["A", "Rank"] == 3 and rows.loc["A", "Score"] == 22500.0
    assert rows.loc["D", "Status"] == "On hold (dispute)" and pd.isna(rows.loc["D", "Rank"])
    assert rows.loc["D", "Amount overdue"] == 1000.0


def test_never_proposes_a_call_the_check_refuses():
    contacts = pd.DataFrame({"Customer": ["A"] * 7, "Contact Time": [f"2024-04-0{d} 10:00" for d in range(4, 10)] + ["2024-04-10 09:00"],
                             "Type": ["call"] * 7})
    rows = worklist(ledger(), AS_OF, contacts=contacts).set_index("Customer")
    assert rows.loc["A", "Status"] != "Call now" and "1006.14(b)(2)(i)(A)" in rows.loc["A", "Reason"]


@pytest.mark.parametrize("kwargs, message", [
    ({"promises": pd.DataFrame({"Customer": ["A"], "Status": ["Perhaps"]})}, "promises row 1: Status 'Perhaps' is not one of"),
    ({"promises": pd.DataFrame({"Customer": ["A"]})}, "promises: missing column Status (found 'Customer')"),
    ({"contacts": pd.DataFrame({"Customer": ["A"], "Contact Time": ["later"]})}, "contacts row 1: 'later' is not a date-time"),
    ({"disputes": pd.DataFrame({"Invoice": ["1"]})}, "disputes: missing column Customer (found 'Invoice')"),
    ({"as_of": None}, "as_of: is empty"),
])
def test_bad_inputs(kwargs, message):
    args = {"as_of": AS_OF, **kwargs}
    with pytest.raises(DebtDeskError) as error:
        worklist(ledger(), **args)
    assert str(error.value).startswith(message)
