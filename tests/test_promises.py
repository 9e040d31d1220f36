"""Promises to pay, kept-rate and instalment arrangements."""

import pandas as pd
import pytest

from debtdesk.collections import arrangement, kept_rate, promise_statuses, ptp_status
from debtdesk.errors import DebtDeskError


@pytest.mark.parametrize("dates, amounts, as_of, tolerance, status", [
    ([], [], "2024-03-15", 0, "Open"),                                  # due today, nothing yet
    (["2024-03-10"], [500], "2024-03-12", 0, "Kept"),                    # paid in full early
    (["2024-03-10"], [200], "2024-03-16", 0, "Partially Kept"),
    ([], [], "2024-03-16", 0, "Broken"),
    ([], [], "2024-03-17", 3, "Open"),                                   # within tolerance
    (["2024-03-18"], [500], "2024-03-20", 3, "Kept"),                    # paid inside grace days
    (["2024-03-19"], [500], "2024-03-20", 3, "Broken"),                  # too late to count
    (["2024-03-10", "2024-03-14"], [250, 250], "2024-03-30", 0, "Kept"),
])
def test_ptp_status(dates, amounts, as_of, tolerance, status):
    assert ptp_status(500, "2024-03-15", dates, amounts, as_of, tolerance) == status


def test_statuses_table_allocates_each_payment_once_and_kept_rate():
    promises = pd.DataFrame({"Customer": ["A", "A", "B", "C"], "Consultant": ["Ann", "Ann", "Bob", "Bob"],
                             "Made on": ["2024-02-01", "2024-02-01", "2024-02-20", "2024-04-01"],
                             "Promised Amount": [100, 100, 50, 70],
                             "Promised Date": ["2024-03-01", "2024-04-01", "2024-03-01", "2024-04-30"]})
    payments = pd.DataFrame({"Customer": ["A", "A", "B"], "Payment Date": ["2024-02-28", "2024-03-20", "2024-03-05"],
                             "Amount": [100, 40, 50]})
    out = promise_statuses(promises, payments, "2024-04-02")
    assert out[["Paid", "Status"]].values.tolist() == [[100.0, "Kept"], [40.0, "Partially Kept"],
                                                       [0.0, "Broken"], [0.0, "Open"]]
    rates = kept_rate(out).set_index("Consultant")
    assert rates.loc["Ann", "Kept rate"] == 0.5 and rates.loc["Bob", "Kept rate"] == 0.0
    assert rates.loc["All", "Promises"] == 4 and rates.loc["All", "Kept rate"] == pytest.approx(1 / 3)


def _instalments(amounts, dates, made="2024-01-20"):
    return pd.DataFrame({"Customer": ["A"] * len(amounts), "Made on": [made] * len(amounts),
                         "Promised Date": dates, "Promised Amount": amounts})


def _paid(dates, amounts):
    return pd.DataFrame({"Customer": ["A"] * len(dates), "Payment Date": dates, "Amount": amounts})


def test_a_surplus_is_carried_to_the_next_instalment():
    # Issue 12: a surplus payment did not roll to the next instalment.
    plan = _instalments([300, 300, 300], ["2024-02-01", "2024-03-01", "2024-04-01"])
    out = promise_statuses(plan, _paid(["2024-01-30", "2024-02-27"], [450, 450]), "2024-04-02")
    assert out[["Paid", "Status"]].values.tolist() == [[300.0, "Kept"], [300.0, "Kept"], [300.0, "Kept"]]


def test_two_promises_on_one_date_are_filled_in_turn():
    # Issue 12: two promises on one date split wrongly.
    both = _instalments([500, 800], ["2024-02-01", "2024-02-01"])
    out = promise_statuses(both, _paid(["2024-01-31"], [1000]), "2024-02-05")
    assert out[["Paid", "Status"]].values.tolist() == [[500.0, "Kept"], [500.0, "Partially Kept"]]


def test_payments_before_the_promise_was_made_do_not_count():
    # Issue 12: without "Made on", earlier payments counted.
    promise = _instalments([500], ["2024-03-01"], made="2024-02-15")
    assert promise_statuses(promise, _paid(["2024-02-10"], [500]), "2024-03-05")["Status"].tolist() == ["Broken"]
    with pytest.raises(DebtDeskError, match=r"^promises: missing column Made on"):
        promise_statuses(promise.drop(columns="Made on"), None, "2024-03-05")
    with pytest.raises(DebtDeskError, match=r"^promises row 1: Made on is empty"):
        promise_statuses(promise.assign(**{"Made on": [None]}), None, "2024-03-05")


def test_an_amount_tolerance_counts_a_payment_a_little_short_as_kept():
    # Issue 12: there was no amount tolerance.
    promise = _instalments([500], ["2024-03-01"])
    short = _paid(["2024-02-28"], [499.50])
    assert promise_statuses(promise, short, "2024-03-05")["Status"].tolist() == ["Partially Kept"]
    assert promise_statuses(promise, short, "2024-03-05", amount_tolerance=1.0)["Status"].tolist() == ["Kept"]
    assert ptp_status(500, "2024-03-01", ["2024-02-28"], [499.50], "2024-03-05", amount_tolerance=0.5) == "Kept"


def test_arrangement_is_cent_exact():
    plan = arrangement(1000, 7, "2024-01-31")
    assert round(plan["Amount"].sum(), 2) == 1000.0
    assert plan["Amount"].tolist() == [142.85] * 6 + [142.90]
    assert [d.isoformat() for d in plan["Due Date"][:3]] == ["2024-01-31", "2024-02-29", "2024-03-31"]
    assert arrangement(90, 3, "2024-01-01", "fortnightly")["Due Date"].iloc[2].isoformat() == "2024-01-29"


@pytest.mark.parametrize("call, message", [
    (lambda: ptp_status(0, "2024-03-15", [], [], "2024-03-16"), "promised_amount: 0 must be greater than 0"),
    (lambda: ptp_status("x", "2024-03-15", [], [], "2024-03-16"), "promised_amount: 'x' is not a number"),
    (lambda: ptp_status(5, "2024-13-01", [], [], "2024-03-16"), "promised_date: '2024-13-01' is not a real date"),
    (lambda: ptp_status(5, "2024-03-15", ["2024-03-01"], [], "2024-03-16"), "payment_amounts: has 0 values but payment_dates has 1"),
    (lambda: ptp_status(5, "2024-03-15", ["bad"], [1], "2024-03-16"), "payment_dates row 1: 'bad' is not a date"),
    (lambda: ptp_status(5, "2024-03-15", ["2024-03-01"], [-1], "2024-03-16"), "payment_amounts row 1: -1 must be at least 0"),
    (lambda: ptp_status(5, "2024-03-15", [], [], None), "as_of: is empty"),
    (lambda: ptp_status(5, "2024-03-15", [], [], "2024-03-16", -1), "tolerance_days: -1 must be a whole number"),
    (lambda: arrangement(0.02, 3, "2024-01-01"), "instalments: 3 instalments of 0.02 would be under one cent each"),
    (lambda: arrangement(100, 2.5, "2024-01-01"), "instalments: 2.5 must be a whole number"),
    (lambda: arrangement(100, 2, "2024-01-01", "daily"), "frequency: 'daily' is not one of"),
    (lambda: promise_statuses(pd.DataFrame({"Customer": ["A"], "Promised Amount": [10]}), None, "2024-01-01"),
     "promises: missing column Promised Date, Made on (found 'Customer', 'Promised Amount')"),
    (lambda: promise_statuses(pd.DataFrame({"Customer": ["A"], "Promised Amount": ["ten"], "Promised Date": ["2024-01-01"],
                                            "Made on": ["2023-12-01"]}), None, "2024-01-01"),
     "promises row 1: Promised Amount 'ten' is not a number"),
    (lambda: promise_statuses(_instalments([5], ["2024-01-01"], made="2024-02-01"), None, "2024-03-01"),
     "promises row 1: Made on is after the Promised Date"),
    (lambda: kept_rate(pd.DataFrame({"Status": ["Kept", "Maybe"]})), "statuses row 2: Status 'Maybe' is not one of"),
])
def test_bad_inputs(call, message):
    with pytest.raises(DebtDeskError) as error:
        call()
    assert str(error.value).startswith(message)
