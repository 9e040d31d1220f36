"""KPIs against published worked examples."""

import pandas as pd
import pytest

from debtdesk.collections import add, allowance, best_dso, cei, dso, dso_countback, pct_current, roll_rates
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


def test_roll_rates_and_pct_current():
    prev = pd.DataFrame({"Customer": ["A", "B"], "Current": [600.0, 400.0], "1-30": [300.0, 100.0], "31+": [0.0, 0.0],
                         "Unallocated": [0.0, 0.0], "Total": [900.0, 500.0]})
    now = pd.DataFrame({"Customer": ["A", "B"], "Current": [500.0, 500.0], "1-30": [150.0, 50.0], "31+": [100.0, 100.0],
                        "Unallocated": [0.0, -10.0], "Total": [750.0, 640.0]})
    rates = roll_rates(prev, now)
    assert rates[["From", "To", "Roll rate"]].values.tolist() == [["Current", "1-30", 0.2], ["1-30", "31+", 0.5]]
    assert pct_current(now) == 1000 / 1400


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
    (lambda: roll_rates(pd.DataFrame({"x": [1]}), pd.DataFrame({"x": [1]})), "previous_ageing: expected an ageing report"),
])
def test_bad_inputs(call, message):
    with pytest.raises(DebtDeskError) as error:
        call()
    assert str(error.value).startswith(message)
