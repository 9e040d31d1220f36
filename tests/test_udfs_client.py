"""Client cell functions with Excel-shaped arguments, and their error messages."""

from __future__ import annotations

from datetime import datetime

import pytest

from debtdesk.errors import DebtDeskError
from debtdesk.udfs import DD_ASSESS, DD_BUDGET, DD_DTI, DD_PROGRESS, DD_PRORATA
from debtdesk.udfs import client

INCOME = [["Source", "Amount", "Gross", "Frequency"], ["Wages", "1,000", 1240.0, "fortnightly"],
          ["Benefit", 200.0, None, None], [None, None, None, None]]
EXPENSES = [["Category", "Amount"], ["Rent", 800.0], ["Food", 350.0], ["Energy", 120.0]]
DEBTS = [["Creditor", "Debt type", "Outstanding", "Rate", "Min payment", "Arrears"],
         ["Council", "Council tax", 600.0, 0.0, 60.0, 600.0],
         ["Visa", "Credit card", 3000.0, "24%", 90.0, None],
         ["Catalogue", "Catalogue", 1000.0, 0.3, 40.0, None]]


def rows_by_first(spilled):
    return {r[0]: r[1:] for r in spilled[1:] if r[0] is not None}


def test_registered_with_docs():
    assert client.__all__ == ["DD_DTI", "DD_ASSESS", "DD_BUDGET", "DD_PRORATA", "DD_PROGRESS"]
    for fn in (DD_DTI, DD_ASSESS, DD_BUDGET, DD_PRORATA, DD_PROGRESS):
        assert fn.category == "DebtDesk" and "Example" in fn.__doc__
        assert all(fn.argument_docs.values())


def test_dd_dti_scalars_ranges_and_text():
    assert DD_DTI(2000.0, 6000.0) == pytest.approx(1 / 3)  # CFPB example
    assert DD_DTI([[1500.0], [100.0], [400.0], [None]], [[6000.0]]) == pytest.approx(1 / 3)
    assert DD_DTI("2,500", "5000") == 0.5


def test_dd_prorata_is_a_column_summing_exactly():
    assert DD_PRORATA(100.0, [[500.0], [1000.0], [233.0], [200.0]]) == [[25.87], [51.73], [12.05], [10.35]]
    assert DD_PRORATA([[10.0]], [1.0, 1.0, 1.0]) == [[3.34], [3.33], [3.33]]


def test_dd_budget_spills_the_allocation():
    out = DD_BUDGET(INCOME, EXPENSES, DEBTS, 25.0, None)
    assert out[0] == ["Item", "Creditor", "Type", "Balance", "Amount", "Note"]
    # 1,000 fortnightly = 2,166.67 a month; + 200 = 2,366.67; outgoings 1,270.00.
    by_item = {(r[0], r[1]): r[4] for r in out[1:]}
    assert by_item[("Total monthly income", None)] == 2366.67
    assert by_item[("Available for priority debts", None)] == 1071.67
    assert by_item[("Priority offer", "Council")] == 60.0
    assert by_item[("Available for non-priority debts", None)] == 1011.67
    assert by_item[("Non-priority offer", "Visa")] == 758.75
    assert by_item[("Non-priority offer", "Catalogue")] == 252.92
    assert DD_BUDGET(3157.67, [[2972.08]], [["Name", "Type", "Balance"], [None, None, None]], 18)[6][4] == 167.59


def test_dd_assess_spills_metric_value_flag():
    credit = [["Name", "Limit", "Balance", "Missed payments"], ["Visa", 4000.0, 3000.0, 1.0]]
    guidelines = [["Category", "Monthly limit"], ["Food", 300.0]]
    out = DD_ASSESS(INCOME, EXPENSES, DEBTS, credit, guidelines)
    assert out[0] == ["Metric", "Value", "Flag"]
    got = rows_by_first(out)
    assert got["Monthly income (gross)"][0] == 2886.67
    assert got["Utilisation: Visa"] == [0.75, "Over 30%: paying £1,800.00 off brings it to 30%"]
    assert got["Spending: Food"] == [350.0, "£350.00 is £50.00 above the guideline £300.00"]
    # 2,366.67 take-home - 1,270.00 spending - 190.00 contractual payments leaves 906.67 a month: the
    # council tax arrears of 600.00 clear in one month, so no debt management plan.
    route, reasons = got["Recommended route"]
    assert route == "Budget only" and "clears the arrears of £600.00 in 1 month" in reasons
    assert got["Plan's monthly payment"][0] == 1096.67  # all the budget leaves for debts: no budget was typed
    assert DD_ASSESS(2000.0, 1000.0, None)[-1][:2] == ["Recommended route", "Budget only"]


def test_dd_progress_spills_schedule_then_summary():
    plan = [["Month", "Planned"], [datetime(2024, 1, 5), 100.0], [45327.0, 100.0], ["2024-03-05", 100.0]]
    paid = [["Date", "Amount"], ["2024-01-05", 100.0], [45330.0, "40"]]
    out = DD_PROGRESS(plan, paid, [["2024-02-20"]])
    assert out[0] == ["Month", "Planned", "Paid", "Variance", "Cumulative variance", "Status"]
    assert out[1] == [datetime(2024, 1, 5), 100.0, 100.0, 0.0, 0.0, "Paid"]
    assert out[2] == [datetime(2024, 2, 5), 100.0, 40.0, -60.0, -60.0, "Part paid"]
    assert out[3] == [datetime(2024, 3, 5), 100.0, 0.0, None, None, "Future"]
    assert out[4] == [None] * 6
    assert out[7] == ["Projected debt-free date", datetime(2024, 4, 5), None, None, None, None]
    header_only = DD_PROGRESS(plan, [["Date", "Amount"], [None, None]], "2024-01-01")
    assert [r[5] for r in header_only[1:4]] == ["Due", "Future", "Future"]
    assert DD_PROGRESS(plan, None, "2024-01-06")[1][5] == "Missed"


@pytest.mark.parametrize("call, message", [
    (lambda: DD_DTI("abc", 100), "DD_DTI: monthly_debt_payments row 1: 'abc' is not a number"),
    (lambda: DD_DTI(-5, 100), "DD_DTI: monthly_debt_payments row 1: -5 must be at least 0"),
    (lambda: DD_DTI(100, 0), "DD_DTI: monthly_income: 0 must be greater than 0"),
    (lambda: DD_DTI(100, "#N/A"), "DD_DTI: monthly_income: holds the Excel error #N/A"),
    (lambda: DD_PRORATA(-1, [1.0]), "DD_PRORATA: amount: -1 must be at least 0"),
    (lambda: DD_PRORATA(10, [[1.0], ["x"]]), "DD_PRORATA: balances row 2: 'x' is not a number"),
    (lambda: DD_PRORATA(10, [[0.0], [0.0]]), "DD_PRORATA: balances: sum to 0"),
    (lambda: DD_PRORATA(10, [[None]]), "DD_PRORATA: balances: is empty"),
    (lambda: DD_BUDGET([["Source", "Amount"], ["Wages", "lots"]], 100, None),
     "DD_BUDGET: income row 1: Amount 'lots' is not a number"),
    (lambda: DD_BUDGET(1000, [["Category", "Amount"], ["Rent", -1.0]], None),
     "DD_BUDGET: expenses row 1: Amount -1 must be at least 0"),
    (lambda: DD_BUDGET(1000, 100, [["Name", "Type", "Balance"], ["A", "Loan", 5.0], ["B", "Gambling", 1.0]]),
     "DD_BUDGET: debts row 2: Type 'Gambling' is not a known debt type"),
    (lambda: DD_BUDGET(1000, 100, None, "x"), "DD_BUDGET: savings: 'x' is not a number"),
    (lambda: DD_BUDGET(1000, 100, None, 0, -3), "DD_BUDGET: fee: -3 must be at least 0"),
    (lambda: DD_ASSESS(1000, 100, [["Name", "Balance"], ["A", 1.0]]),
     "DD_ASSESS: debts: missing column Type (found 'Name', 'Balance')"),
    (lambda: DD_ASSESS(1000, 100, None, [["Name", "Limit", "Balance"], ["Visa", "big", 1.0]]),
     "DD_ASSESS: credit row 1: Limit 'big' is not a number"),
    (lambda: DD_ASSESS(1000, [["Category", "Amount"], ["Food", 100.0]], None, None,
                       [["Category", "Monthly limit"], ["Food", "#VALUE!"]]),
     "DD_ASSESS: guidelines row 1: Monthly limit holds the Excel error #VALUE!"),
    (lambda: DD_ASSESS([1.0, 2.0], 100, None), "DD_ASSESS: income: expected a range with a header row"),
    (lambda: DD_PROGRESS([["Month", "Planned"], ["2024-01-05", "x"]], None, "2024-02-01"),
     "DD_PROGRESS: plan row 1: Planned 'x' is not a number"),
    (lambda: DD_PROGRESS(100, None, "2024-02-01"), "DD_PROGRESS: plan: expected a range with a header row"),
    (lambda: DD_PROGRESS([["Month", "Planned"], ["2024-01-05", 5.0]], [["Date", "Amount"], ["2024-01-06", -5.0]],
                         "2024-02-01"), "DD_PROGRESS: actuals row 1: Amount -5 must be at least 0"),
    (lambda: DD_PROGRESS([["Month", "Planned"], ["2024-01-05", 5.0]], None, "soon"),
     "DD_PROGRESS: as_of: 'soon' is not a date"),
])
def test_bad_inputs_name_function_argument_row(call, message):
    with pytest.raises(DebtDeskError) as caught:
        call()
    assert str(caught.value).startswith(message)


def test_dd_budget_months_follow_each_debts_concession():
    debts = [["Name", "Type", "Balance", "APR", "Concession", "Concession rate"],
             ["Visa", "Credit card", 3000.0, 0.24, None, None], ["Loan", "Personal loan", 1000.0, 0.12, "None", None]]
    frozen = rows_by_first(DD_BUDGET(1250.0, 1000.0, [debts[0], debts[1], ["Loan", "Personal loan", 1000.0, 0.12,
                                                                           None, None]]))
    assert frozen["Months to clear non-priority debts"][3] == 16  # ceil(4,000 / 250) with interest frozen
    charged = rows_by_first(DD_BUDGET(1250.0, 1000.0, debts))
    assert charged["Months to clear non-priority debts"][3] == 17  # the loan's 1 % a month costs a month
    assert "Loan: interest charged at 12.0% (no concession)" in charged["Months to clear non-priority debts"][4]
    with pytest.raises(DebtDeskError, match=r"^DD_BUDGET: debts row 1: Concession 'Reduced rate' needs the reduced"):
        DD_BUDGET(1250.0, 1000.0, [debts[0], ["Visa", "Credit card", 3000.0, 0.24, "Reduced rate", None]])
