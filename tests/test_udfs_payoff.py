"""DD_PAYOFF, DD_PAYOFF_SCHEDULE, DD_COMPARE, DD_BUDGET_FOR, DD_CONCESSION, DD_SETTLEMENT as Excel calls them."""

import inspect
from datetime import datetime

import pytest

import debtdesk.udfs as udfs
from debtdesk.errors import DebtDeskError
from debtdesk.udfs import (DD_BUDGET_FOR, DD_COMPARE, DD_CONCESSION, DD_PAYOFF, DD_PAYOFF_SCHEDULE,
                           DD_SETTLEMENT)

HEADER = ["Name", "Balance", "APR", "Minimum"]
DEBTS = [HEADER, ["Card", 1000.0, 0.24, 50.0], ["Loan", 500.0, 0.06, 25.0]]
PLAN_FUNCTIONS = (DD_PAYOFF, DD_PAYOFF_SCHEDULE)


def test_catalogue_names_arguments_and_docs():
    expected = {
        "DD_PAYOFF": ["debts", "monthly_budget", "strategy", "start_date", "rate_basis"],
        "DD_PAYOFF_SCHEDULE": ["debts", "monthly_budget", "strategy", "start_date", "rate_basis"],
        "DD_COMPARE": ["debts", "monthly_budget", "rate_basis"],
        "DD_BUDGET_FOR": ["debts", "months", "strategy", "rate_basis"],
        "DD_CONCESSION": ["balance", "current_apr", "new_apr", "months", "rate_basis"],
        "DD_SETTLEMENT": ["enrolled_balance", "settlement_pct", "monthly_deposit", "fee_pct", "fee_basis"],
    }
    from debtdesk.udfs import payoff as module
    assert sorted(module.__all__) == sorted(expected)
    for name, arguments in expected.items():
        function = getattr(udfs, name)
        assert list(inspect.signature(function).parameters) == arguments
        assert set(function.argument_docs) == set(arguments) and function.category == "DebtDesk"
        assert "Example: =" + name in function.__doc__


def test_payoff_summary_with_total_row_and_dates():
    # Worked month by month in tests/test_payoff.py: card cleared in month 4, loan in month 6.
    result = DD_PAYOFF(DEBTS, 300.0, None, 45322.0)  # serial 45322 = 2024-01-31
    assert result == [
        ["Debt", "Payoff month", "Payoff date", "Interest paid", "Total paid"],
        ["Card", 4, datetime(2024, 4, 30), 48.99, 1048.99],
        ["Loan", 6, datetime(2024, 6, 30), 11.41, 511.41],
        ["Total", 6, datetime(2024, 6, 30), 60.40, 1560.40],
    ]
    assert DD_PAYOFF(DEBTS, 300.0, "avalanche", "2024-01-31") == result
    assert DD_PAYOFF(DEBTS, [[300.0]], [[None]], datetime(2024, 1, 31)) == result


def test_payoff_without_start_date_leaves_dates_empty():
    rows = DD_PAYOFF(DEBTS, 300.0)
    assert [r[2] for r in rows[1:]] == [None, None, None]


def test_excel_shaped_cells_in_the_debts_range():
    # Synonym headers, a percentage as text, a blank row, numbers as text.
    debts = [["Creditor", "Outstanding", "Interest rate", "Min payment"],
             ["Card", "1,000", "24%", 50.0], [None, None, None, None], ["Loan", 500.0, "6%", "25"]]
    assert DD_PAYOFF(debts, "300") == DD_PAYOFF(DEBTS, 300.0)


def test_schedule_spills_balances_by_month():
    rows = DD_PAYOFF_SCHEDULE(DEBTS, 300.0, "snowball", "2024-01-31")
    assert rows[0] == ["Month", "Date", "Card", "Loan", "Total"]
    assert rows[1] == [1, datetime(2024, 1, 31), 970.0, 252.5, 1222.5]
    assert rows[-1][2:] == [0.0, 0.0, 0.0] and len(rows) == 7


def test_compare_and_budget_for():
    rows = DD_COMPARE(DEBTS, 300.0)
    assert rows[0] == ["Strategy", "Months", "Total interest", "Interest saved vs minimum", "Note"]
    assert rows[1][:3] == ["avalanche", 6, 60.40] and rows[2][:3] == ["snowball", 6, 84.36]
    assert rows[-1][0] == "minimum" and rows[-1][3] == 0
    assert DD_BUDGET_FOR([HEADER, ["Loan", 1000.0, 0.12, 0.0]], 12.0) == 88.85  # PMT(1%,12,-1000)=88.8488
    assert DD_BUDGET_FOR([HEADER, ["Loan", 1000.0, 0.12, 0.0]], [[12.0]], "Snowball") == 88.85
    # The smallest budget in cents even where a larger one fails (cash-flow index with % minimums).
    card_rows = [HEADER + ["Min %"], ["A", 2400.0, 0.12, 10.0, "5%"], ["B", 6000.0, 0.069, 5.0, None],
                 ["C", 500.0, 0.249, 10.0, "5%"]]
    assert DD_BUDGET_FOR(card_rows, 48, "cash_flow_index") == 215.55


def test_concession_and_settlement_tables():
    assert DD_CONCESSION(1000.0, "12%", 0.0, 3.0) == [
        ["Item", "Current", "Concession", "Saving"],
        ["Monthly payment", 340.02, 333.33, 6.69],
        ["Total interest", 20.07, 0.0, 20.07],
        ["Total paid", 1020.07, 1000.0, 20.07],
    ]
    assert DD_SETTLEMENT(10000.0, "50%", 300.0, 0.2, None) == [
        ["Item", "Value"], ["Months to fund", 24], ["Settlement month", 17], ["Settlement amount", 5000.0],
        ["Fee", 2000.0], ["Total cost", 7000.0], ["Amount forgiven", 5000.0], ["1099-C reportable", True]]
    savings = dict(DD_SETTLEMENT(10000.0, 0.5, 300.0, 0.25, "Savings")[1:])
    assert savings["Fee"] == 1250.0 and savings["Months to fund"] == 21  # 25% of 5,000 saved; 6,250 / 300


def error(function, *args) -> str:
    with pytest.raises(DebtDeskError) as caught:
        function(*args)
    return str(caught.value)


@pytest.mark.parametrize("function", PLAN_FUNCTIONS, ids=lambda f: f.__name__)
def test_payoff_bad_inputs_name_function_argument_and_row(function):
    name = function.__name__
    bad_apr = [HEADER, ["Card", 1000.0, 0.24, 50.0], ["Loan", 500.0, "abc", 25.0]]
    assert error(function, bad_apr, 300.0) == f"{name}: debts row 2: APR 'abc' is not a number"
    na = [HEADER, ["Card", "#N/A", 0.24, 50.0]]
    assert error(function, na, 300.0) == f"{name}: debts row 1: Balance holds the Excel error #N/A (expected a number)"
    negative = [HEADER, ["Card", -1000.0, 0.24, 50.0]]
    assert error(function, negative, 300.0) == f"{name}: debts row 1: Balance -1000 must be at least 0"
    empty = [HEADER, ["Card", 1000.0, 0.24, None]]
    assert error(function, empty, 300.0) == f"{name}: debts row 1: Minimum is empty (expected a number)"
    missing = [["Name", "Balance", "APR"], ["Card", 1000.0, 0.24]]
    assert error(function, missing, 300.0) == \
        f"{name}: debts: missing column Minimum (found 'Name', 'Balance', 'APR')"
    assert error(function, 1000.0, 300.0) == f"{name}: debts: expected a range with a header row and at least one data row"
    assert error(function, DEBTS, None) == f"{name}: monthly_budget: is empty (expected a number)"
    assert error(function, DEBTS, "lots") == f"{name}: monthly_budget: 'lots' is not a number"
    assert error(function, DEBTS, -5.0) == f"{name}: monthly_budget: -5 must be at least 0"
    assert error(function, DEBTS, "#N/A") == f"{name}: monthly_budget: holds the Excel error #N/A (expected a number)"
    assert error(function, DEBTS, 70.0).startswith(f"{name}: monthly_budget: 70.00 is below the sum of the minimum")
    assert error(function, DEBTS, 300.0, "fastest") == (
        f"{name}: strategy: 'fastest' is not one of avalanche, snowball, custom, minimum, highest_interest, "
        "cash_flow_index")
    assert error(function, DEBTS, 300.0, None, "2024-02-30").startswith(
        f"{name}: start_date: '2024-02-30' is not a real date")
    assert error(function, DEBTS, 300.0, None, "#VALUE!").startswith(
        f"{name}: start_date: holds the Excel error #VALUE!")


def test_never_paying_off_is_an_error_in_the_cell():
    debts = [HEADER, ["Card", 10000.0, 0.30, 50.0]]
    message = error(DD_PAYOFF, debts, 200.0)
    assert message.startswith("DD_PAYOFF: monthly_budget: 200.00 a month never clears the debts")
    assert message.endswith(f"a budget of {DD_BUDGET_FOR(debts, 60.0):.2f} clears them in 60 months")


def test_compare_and_budget_for_bad_inputs():
    assert error(DD_COMPARE, DEBTS, "x") == "DD_COMPARE: monthly_budget: 'x' is not a number"
    assert error(DD_COMPARE, [HEADER, ["Card", 1000.0, 24.0, 50.0]], 300.0) == \
        ("DD_COMPARE: debts row 1: APR 24 would be 2400% a year: rates are fractions (24% is 0.24); "
         "write 24% or 0.24, or '2400%' as text if that is meant")
    assert error(DD_BUDGET_FOR, DEBTS, 0.0) == "DD_BUDGET_FOR: months: 0 must be at least 1"
    assert error(DD_BUDGET_FOR, DEBTS, 1.5) == "DD_BUDGET_FOR: months: 1.5 is not a whole number"
    assert error(DD_BUDGET_FOR, DEBTS, None) == "DD_BUDGET_FOR: months: is empty (expected a number)"
    assert error(DD_BUDGET_FOR, DEBTS, 1201.0) == "DD_BUDGET_FOR: months: 1201 must be at most 1200"
    assert error(DD_BUDGET_FOR, DEBTS, 12.0, "minimum").startswith(
        "DD_BUDGET_FOR: strategy: 'minimum' pays the minimums only")
    assert error(DD_BUDGET_FOR, [HEADER, ["Card", "#REF!", 0.2, 1.0]], 12.0) == \
        "DD_BUDGET_FOR: debts row 1: Balance holds the Excel error #REF! (expected a number)"


@pytest.mark.parametrize("args, message", [
    ((None, 0.2, 0.1, 12.0), "balance: is empty (expected a number)"),
    ((0.0, 0.2, 0.1, 12.0), "balance: 0 must be greater than 0"),
    ((1000.0, "#N/A", 0.1, 12.0), "current_apr: holds the Excel error #N/A (expected a number)"),
    ((1000.0, 0.2, -0.1, 12.0), "new_apr: -0.1 must be at least 0"),
    ((1000.0, 0.2, "low", 12.0), "new_apr: 'low' is not a number"),
    ((1000.0, 0.2, 0.1, 2.5), "months: 2.5 is not a whole number"),
    ((1000.0, 0.2, 0.1, None), "months: is empty (expected a number)"),
])
def test_concession_bad_inputs(args, message):
    assert error(DD_CONCESSION, *args) == "DD_CONCESSION: " + message


@pytest.mark.parametrize("args, message", [
    ((None, 0.5, 300.0, 0.2), "enrolled_balance: is empty (expected a number)"),
    ((-1.0, 0.5, 300.0, 0.2), "enrolled_balance: -1 must be greater than 0"),
    ((10000.0, 0.0, 300.0, 0.2), "settlement_pct: 0 must be greater than 0"),
    ((10000.0, 45.0, 300.0, 0.2), "settlement_pct: 45 must be at most 1"),
    ((10000.0, 0.5, "#DIV/0!", 0.2), "monthly_deposit: holds the Excel error #DIV/0! (expected a number)"),
    ((10000.0, 0.5, 0.0, 0.2), "monthly_deposit: 0 must be greater than 0"),
    ((10000.0, 0.5, 300.0, "x"), "fee_pct: 'x' is not a number"),
    ((10000.0, 0.5, 300.0, 1.5), "fee_pct: 1.5 must be at most 1"),
    ((10000.0, 0.5, 300.0, 0.2, "flat"), "fee_basis: 'flat' is not one of enrolled, savings"),
])
def test_settlement_bad_inputs(args, message):
    assert error(DD_SETTLEMENT, *args) == "DD_SETTLEMENT: " + message


def test_compare_shows_never_for_a_two_percent_minimum_card():
    """A 2 % minimum never outruns 24.9 % interest: minimum-only is "never", the rest still compare."""
    card = [["Name", "Balance", "APR", "Minimum", "Min %"], ["Card", 5000.0, 0.249, 5.0, 0.02]]
    table = {row[0]: row for row in DD_COMPARE(card, 200.0)[1:]}
    assert table["minimum"][1:4] == ["never", None, None]
    assert table["avalanche"][1] == 36
    assert DD_PAYOFF(card, 200.0)[-1][:2] == ["Total", 36]


def test_rate_basis_argument_on_every_planning_function():
    card = [HEADER, ["Card", 4200.0, 0.249, 105.0]]
    assert DD_PAYOFF(card, 105.0, None, None, "effective")[-1][1::2] == [75, 3612.23]
    assert DD_PAYOFF(card, 105.0, None, None, "Nominal")[-1][1::2] == [87, 4859.49]
    assert DD_PAYOFF_SCHEDULE(card, 105.0, None, None, "effective")[1][2] == 4173.55  # 4200 + 78.55 - 105
    assert DD_BUDGET_FOR(card, 75.0, None, "effective") <= 105.0
    assert DD_CONCESSION(4200.0, 0.249, 0.0, 36.0, "effective")[1][1] == 161.36
    with pytest.raises(DebtDeskError, match=r"^DD_COMPARE: rate_basis: 'apr' is not one of nominal, effective$"):
        DD_COMPARE(card, 105.0, "apr")


def test_one_off_extra_payment_columns_and_a_settlement_lump_sum():
    # A 400.00 refund paid to the Loan in month 2 (debtdesk.payoff test worked by hand): both clear in month 4.
    rows = DD_PAYOFF([HEADER + ["Extra month", "Extra payment"], ["Card", 1000.0, 0.24, 50.0, None, None],
                      ["Loan", 500.0, 0.06, 25.0, 2.0, "400"]], 300.0)
    assert [r[1] for r in rows[1:]] == [4, 4, 4]
    # 4,000 already saved and 300 a month: the 5,000 settlement is there in month 4, the 2,000 fee in month 10.
    table = dict(DD_SETTLEMENT(10000.0, "50%", [["Lump sum", "Monthly deposit"], [4000.0, 300.0]], 0.2)[1:])
    assert (table["Settlement month"], table["Months to fund"]) == (4, 10)
    assert dict(DD_SETTLEMENT(10000.0, 0.5, [["Lump sum", "Monthly deposit"], [7000.0, 0.0]], 0.2)[1:])[
        "Months to fund"] == 0  # a lump sum that covers settlement and fee: paid at once
    with pytest.raises(DebtDeskError, match=r"^DD_SETTLEMENT: monthly_deposit: 0.00 with a lump sum of 1,000.00 never"):
        DD_SETTLEMENT(10000.0, 0.5, [["Lump sum", "Monthly deposit"], [1000.0, 0.0]], 0.2)
    with pytest.raises(DebtDeskError, match=r"^DD_SETTLEMENT: monthly_deposit: missing column Monthly deposit"):
        DD_SETTLEMENT(10000.0, 0.5, [["Lump sum", "Monthly"], [1000.0, 10.0]], 0.2)
