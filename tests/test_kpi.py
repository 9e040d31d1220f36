"""KPIs against published worked examples."""

import pandas as pd
import pytest

from debtdesk import udfs
from debtdesk.collections import (add, allowance, best_dso, cei, credit_sales, dso, dso_countback, pct_current,
                                  recovery_rates, roll_rates)
from debtdesk.errors import DebtDeskError


def test_dso_simple_method():  # trymesha.com: 150,000 AR, 1,800,000 annual sales -> 30.4 days
    assert round(dso(150_000, 1_800_000, 365), 1) == 30.4


def test_countback_dso():  # benjipays.com / trymesha.com: 212,000 AR over 100k, 80k, 70k -> 73.7 days
    assert round(dso_countback(212_000, [100_000, 80_000, 70_000], [30, 30, 30]), 1) == 73.7
    assert dso_countback(100_000, [100_000, 80_000], 31) == 31


def test_best_possible_dso_and_add():
    assert round(best_dso(8_000, 30_000, 28), 2) == 7.47  # growfin.ai: (10,000 - 2,000 past due) / 30,000 x 28
    # paidnice.com: 120k book with 40k overdue -> DSO 36, best possible 24, ADD 12
    assert add(120_000, 80_000, 100_000, 30) == pytest.approx(12.0)


def test_cei_multi_month_form():  # creditguru.com Jan-Mar illustration: 55.9%
    assert round(cei(6_200, 10_890, 6_340, 3_590, months=3) * 100, 1) == 55.9
    assert cei(100, 50, 30, 30) == 1.0


def test_allowance_by_ageing():  # simplestudies.com Company XYZ: 3,310
    assert allowance([76_000, 14_000, 6_000, 3_000, 1_000], [0.01, 0.05, 0.10, 0.25, 0.50]) == 3310.0
    assert allowance({"Current": 1000.005, "91+": 10}, {"91+": 0.5, "Current": 1}) == 1005.01  # half-up


def items(rows):
    return pd.DataFrame(rows, columns=["Customer", "Invoice", "Outstanding", "Bucket"])


def test_roll_rate_worked_example_with_the_last_bucket():
    # A month ago (edges 30, 60, 90): 2,000 current, 800 in 1-30, 500 in 31-60, 20 in 61-90, 9,990 already in 91+.
    before = items([["A", "1", 1200.0, "Current"], ["B", "2", 800.0, "Current"], ["A", "3", 800.0, "1-30"],
                    ["C", "4", 500.0, "31-60"], ["D", "5", 20.0, "61-90"], ["D", "6", 9990.0, "91+"]])
    # Now: invoice 1 paid, 2 rolled to 1-30, 3 rolled with 300 paid off, 4 rolled, 5 rolled into 91+; 6 still there.
    now = items([["B", "2", 800.0, "1-30"], ["A", "3", 500.0, "31-60"], ["C", "4", 500.0, "61-90"],
                 ["D", "5", 20.0, "91+"], ["D", "6", 9990.0, "91+"], ["E", "7", 300.0, "Current"]])
    rates = roll_rates(before, now)
    assert rates["Previous balance"].tolist() == [2000.0, 800.0, 500.0, 20.0]
    assert rates["Rolled balance"].tolist() == [800.0, 500.0, 500.0, 20.0]
    assert rates["Roll rate"].tolist() == [0.4, 0.625, 1.0, 1.0]
    # Issue 12: the old rate into 91+ was all of 91+ now over 61-90 before: 10,010 ÷ 20 = 50,050 %.
    assert round(10010.0 / 20.0 * 100) == 50050 and rates["Roll rate"].iloc[-1] == 1.0


def test_a_roll_rate_never_exceeds_100_percent_and_an_empty_bucket_has_none():
    before = items([["A", "1", 100.0, "1-30"]])
    grown = items([["A", "1", 180.0, "31-60"]])  # a balance that grew (a charge added) rolls only what was there
    rates = roll_rates(before, grown)
    assert rates.set_index("From").loc["1-30", "Roll rate"] == 1.0
    assert rates.set_index("From")["Roll rate"].isna().tolist() == [True, False, True, True]
    with pytest.raises(DebtDeskError, match=r"previous_items: bucket '31\+' is not one of Current, 1-30, 31-60, 61-90, 91\+"):
        roll_rates(items([["A", "1", 1.0, "31+"]]), grown)


def test_pct_current():
    now = pd.DataFrame({"Customer": ["A", "B"], "Current": [500.0, 500.0], "1-30": [150.0, 50.0], "31+": [100.0, 100.0],
                        "Unallocated": [0.0, -10.0], "Total": [750.0, 640.0]})
    assert pct_current(now) == 1000 / 1400


def test_count_back_dso_refuses_a_blank_month():
    # Issue 12: a blank month was dropped silently, 85.2 days instead of 115.2.
    assert round(dso_countback(217.2, [100, 0, 50, 80], 30), 1) == 115.2
    assert round(dso_countback(217.2, [100, 50, 80], 30), 1) == 85.2  # what dropping the blank month gave
    assert round(udfs.DD_DSO_COUNTBACK(217.2, [[100.0], [0.0], [50.0], [80.0]], 30), 1) == 115.2
    with pytest.raises(DebtDeskError, match=r"^DD_DSO_COUNTBACK: monthly_sales row 2: is empty"):
        udfs.DD_DSO_COUNTBACK(217.2, [[100.0], [None], [50.0], [80.0]], 30)


def test_credit_sales_by_window_and_currency():
    ledger = pd.DataFrame({"Customer": ["A"] * 4, "Invoice": ["1", "2", "3", "CN"],
                           "Invoice Date": ["2024-01-15", "2024-02-10", "2024-02-11", "2024-02-12"],
                           "Due Date": [None] * 4, "Amount": [100.0, 50.0, 70.0, -20.0],
                           "Currency": ["GBP", "GBP", "USD", "GBP"]})
    assert credit_sales(ledger, [("2024-01-31", "2024-02-29"), ("2023-12-31", "2024-01-31")], "GBP") == [50.0, 100.0]
    assert credit_sales(ledger, [("2024-01-31", "2024-02-29")], "USD") == [70.0]


def test_recovery_rates_for_a_third_party_collector():
    # 120,000 placed to date, 30,000 of it in the period; 21,000 collected to date, 9,000 in the period
    # from 90,000 owed at the period's start: recovery 17.5 %, liquidation 9,000 ÷ 120,000 = 7.5 %.
    assert recovery_rates(120_000, 21_000, 9_000, 90_000, 30_000) == {"Recovery rate": 0.175, "Liquidation rate": 0.075}
    with pytest.raises(DebtDeskError, match="placed: is 0"):
        recovery_rates(0, 0, 0, 0, 0)


@pytest.mark.parametrize("call, message", [
    (lambda: dso(100, 0, 30), "credit_sales: is 0, so DSO is undefined"),
    (lambda: dso(100, 50, 0), "days: 0 must be greater than 0"),
    (lambda: dso("abc", 50, 30), "ending_ar: 'abc' is not a number"),
    (lambda: dso(-1, 50, 30), "ending_ar: -1 must be at least 0"),
    (lambda: best_dso(None, 50, 30), "current_ar: is empty (expected a number)"),
    (lambda: add(100, 150, 50, 30), "current_ar: 150 cannot exceed ending_ar 100"),
    (lambda: dso_countback(500, [100, 100], 30), "ending_ar: is larger than all 2 months of sales given"),
    (lambda: dso_countback(50, [100, 100], [30]), "month_days: has 1 values but monthly_sales has 2"),
    (lambda: dso_countback(50, [100, -1], 30), "monthly_sales row 2: -1 must be at least 0"),
    (lambda: cei(100, 0, 100, 100), "ending_current_ar: equals beginning_ar + credit sales"),
    (lambda: cei(100, 10, 50, 60), "ending_current_ar: 60 cannot exceed ending_ar 50"),
    (lambda: cei(100, 10, 50, 20, months=0), "months: 0 must be at least 1"),
    (lambda: allowance([1, 2], [0.1]), "loss_rates: has 1 rates but there are 2 bucket balances"),
    (lambda: allowance([1], [1.5]), "loss_rates row 1: 1.5 must be at most 1"),
    (lambda: allowance([], []), "bucket_balances: is empty"),
    (lambda: pct_current(pd.DataFrame({"Customer": [], "Current": [], "1-30": []})), "ageing: has no aged receivables"),
    (lambda: roll_rates(pd.DataFrame({"x": [1]}), pd.DataFrame({"x": [1]})), "previous_items: missing column Customer"),
])
def test_bad_inputs(call, message):
    with pytest.raises(DebtDeskError) as error:
        call()
    assert str(error.value).startswith(message)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 1e20, -2e15])
def test_a_bad_float_outstanding_in_a_snapshot_is_refused_as_the_same_cell_read_alone(bad):
    """A float Outstanding column is rounded in one pass; its first bad cell gets the message reading that cell alone
    gives (the column as plain cells, read one by one)."""
    from debtdesk.collections.kpi import roll_rates

    now = pd.DataFrame({"Customer": ["A", "B", "C"], "Invoice": ["1", "2", "3"], "Outstanding": [10.0, 2.675, 5.0],
                        "Bucket": ["1-30", "31-60", "61-90"]})
    floats = now.assign(Outstanding=[10.0, bad, bad])
    cells = floats.astype({"Outstanding": object})
    messages = []
    for previous in (floats, cells):
        with pytest.raises(DebtDeskError) as error:
            roll_rates(previous, now)
        messages.append(str(error.value))
    assert messages[0] == messages[1] and messages[0].startswith("previous_items row 2: ")
    assert roll_rates(now, now)["Previous balance"].tolist() == [0.0, 10.0, 2.68, 5.0]  # 2.675 rounded half up


def test_roll_rates_match_items_by_customer_and_invoice_together():
    # Invoice "1" of A rolled; B's invoice "1" was paid; C's invoice "1" is new: only A's counts as rolled.
    prev = pd.DataFrame({"Customer": ["A", "B"], "Invoice": ["1", "1"], "Outstanding": [100.0, 50.0],
                         "Bucket": ["Current", "Current"]})
    now = pd.DataFrame({"Customer": ["A", "C"], "Invoice": ["1", "1"], "Outstanding": [100.0, 70.0],
                        "Bucket": ["1-30", "1-30"]})
    rates = roll_rates(prev, now, [30])
    assert rates[["Previous balance", "Rolled balance"]].values.tolist() == [[150.0, 100.0], [0.0, 0.0]]
    assert rates["Roll rate"].iloc[0] == 100 / 150 and pd.isna(rates["Roll rate"].iloc[1])
