"""Budget allocation: SFS formulas, published pro-rata worked examples, cent reconciliation."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debtdesk.budget import budget, debt_list, monthly_expenses, monthly_income, to_monthly
from debtdesk.errors import DebtDeskError


def table(rows):
    return pd.DataFrame(rows[1:], columns=rows[0])


def amounts(frame, item):
    return frame.loc[frame["Item"] == item, "Amount"].tolist()


def one(frame, item):
    (value,) = amounts(frame, item)
    return value


# SFS Developer Toolkit v1.1 example summary (dds/v1.1/json/sfs-summary-example-data.json).
# Income as itemised there; outgoings as its published section totals (its itemised fixed
# costs add up to 1,654.85, not the 2,009.59 it prints, so the totals are what we transcribe).
SFS_INCOME = table([["Source", "Amount"], ["Earnings", 3000.0], ["Benefits", 112.67],
                    ["Pensions", 0.0], ["Other income", 45.0]])
SFS_OUTGOINGS = table([["Category", "Amount"], ["Fixed costs", 2009.59], ["Flexible costs", 962.49]])
SFS_DEBTS = table([["Creditor", "Type", "Amount owed", "Repayment offer"],
                   ["HSBC", "Mortgage arrears", 500.00, 10.0],
                   ["RBS", "Secured loan", 1250.00, 12.0],
                   ["Another creditor", "Council tax", 720.0, 11.0],
                   ["New demo Credit Agency", "Credit card", 1250.0, None]])


def test_sfs_toolkit_example_follows_the_published_formulas():
    out = budget(SFS_INCOME, SFS_OUTGOINGS, SFS_DEBTS, savings=18, fee=0)
    assert one(out, "Total monthly income") == 3157.67
    assert one(out, "Total monthly outgoings") == 2972.08
    assert one(out, "Income minus outgoings") == 185.59
    # total-available-for-priority-debts = income - outgoings - savings - fee: 167.59 as published.
    assert one(out, "Available for priority debts") == 167.59
    assert amounts(out, "Priority offer") == [10.0, 12.0, 11.0]
    assert one(out, "Total priority offers") == 33.0
    # ... - total-priority-debt-offers. (The toolkit's sample file prints 157.59 here, which
    # contradicts its own schema formula: 167.59 - 33.00 = 134.59.)
    assert one(out, "Available for non-priority debts") == 134.59
    assert amounts(out, "Non-priority offer") == [134.59]


def test_money_advice_hub_pro_rata_worked_example():
    # moneyadviceservice-era "Debtipedia" (moneyadvicehub.org.uk, Informal offers): £100 a month
    # over £500 card, £1000 loan, £233 catalogue, £200 store card -> 25.87, 51.73, 12.05, 10.35.
    debts = table([["Name", "Type", "Balance"], ["Credit card", "Credit card", 500.0],
                   ["Personal loan", "Personal loan", 1000.0], ["Catalogue", "Catalogue", 233.0],
                   ["Store card", "Store card", 200.0]])
    out = budget(1100.0, 1000.0, debts)
    assert one(out, "Available for non-priority debts") == 100.0
    assert amounts(out, "Non-priority offer") == [25.87, 51.73, 12.05, 10.35]
    assert one(out, "Total non-priority offers") == 100.0
    # 1,933 owed at 100 a month with interest frozen: 20 months.
    assert one(out, "Months to clear non-priority debts") == 20


def test_residual_cent_goes_to_the_largest_remainder_where_rounding_each_share_loses_it():
    # Published example (Angel Advance, "Offers to creditors"): £160 over 4,550 / 6,700 / 1,200
    # prints 58.47, 86.10, 15.42, which sums to 159.99: rounding each share alone loses a cent.
    debts = table([["Name", "Type", "Balance"], ["Bank loan", "Personal loan", 4550.0],
                   ["Credit card", "Credit card", 6700.0], ["Store card", "Store card", 1200.0]])
    out = budget(160.0, 0.0, debts)
    shares = amounts(out, "Non-priority offer")
    # exact shares in cents: 5847.39, 8610.44, 1542.17 -> floors 5847, 8610, 1542 = 15999;
    # the one leftover cent goes to the largest fraction, .44 (the credit card).
    assert shares == [58.47, 86.11, 15.42]
    assert round(sum(shares), 2) == 160.0


def test_deficit_is_stated_and_no_offer_is_negative():
    debts = table([["Name", "Type", "Balance", "Offer"], ["Council", "Council tax", 900.0, 80.0],
                   ["Visa", "Credit card", 2000.0, None]])
    out = budget(1500.0, 1450.0, debts, savings=10)
    assert one(out, "Available for priority debts") == 40.0
    assert one(out, "Available for non-priority debts") == 0.0
    assert one(out, "Deficit") == 40.0
    note = out.loc[out["Item"] == "Available for non-priority debts", "Note"].item()
    assert "exceed income by 40.00" in note
    assert amounts(out, "Non-priority offer") == [0.0]
    assert out.loc[out["Item"] == "Months to clear non-priority debts", "Amount"].isna().all()

    worse = budget(1000.0, 1200.0, debts)
    assert one(worse, "Available for priority debts") == 0.0
    assert "exceed income by 200.00" in worse.loc[worse["Item"] == "Available for priority debts", "Note"].item()
    assert one(worse, "Deficit") == 280.0


def test_emergency_fund_goal():
    out = budget(2000.0, 1500.0, None, savings=50, emergency_months=3)
    assert one(out, "Emergency fund target") == 4500.0
    assert one(out, "Months to build emergency fund") == 90
    assert amounts(out, "Non-priority offer") == []


@pytest.mark.parametrize("amount, frequency, monthly", [
    (100, "weekly", 433.33), (100, "Fortnightly", 216.67), (100, "4-weekly", 108.33),
    (100, "four weekly", 108.33), (100, "monthly", 100.0), (300, "quarterly", 100.0),
    (1200, "annual", 100.0), (1200, "Yearly", 100.0), (100, None, 100.0),
    (0.06, "annual", 0.01),  # exactly half a cent: half-up, never banker's 0.00
    # US pay frequencies: biweekly is every two weeks (26 a year), semimonthly twice a month (24).
    (1200, "biweekly", 2600.0), (1200, "Bi-weekly", 2600.0), (2000, "semimonthly", 4000.0),
    (2000, "twice monthly", 4000.0),
])
def test_to_monthly(amount, frequency, monthly):
    assert to_monthly(amount, frequency) == monthly


def test_income_table_with_gross_and_net_columns():
    income = table([["Income", "Gross", "Net", "Period"], ["Wages", 620.0, 500.0, "week"],
                    ["Child benefit", None, 102.4, "4-weekly"]])
    assert monthly_income(income).to_dict("records") == [
        {"Source": "Wages", "Net": 2166.67, "Gross": 2686.67},
        {"Source": "Child benefit", "Net": 110.93, "Gross": 110.93}]


def test_housing_from_flag_or_category_name():
    flagged = table([["Category", "Amount", "Housing"], ["Lodging", 500.0, "yes"], ["Food", 200.0, "no"]])
    assert monthly_expenses(flagged)["Housing"].tolist() == [True, False]
    named = table([["Category", "Amount"], ["Mortgage", 500.0], ["Council Tax", 120.0], ["Parent care", 50.0]])
    assert monthly_expenses(named)["Housing"].tolist() == [True, True, False]


@given(st.lists(st.integers(1, 10_000_000), min_size=1, max_size=12, unique=True),
       st.integers(0, 10_000_000))
@settings(max_examples=150, deadline=None)
def test_offers_sum_exactly_and_do_not_depend_on_order(balance_cents, available_cents):
    names = [f"C{i}" for i in range(len(balance_cents))]
    rows = [["Name", "Type", "Balance"]] + [[n, "Credit card", b / 100] for n, b in zip(names, balance_cents)]
    available = available_cents / 100
    out = budget(available, 0.0, table(rows))
    offers = out[out["Item"] == "Non-priority offer"]
    assert sum(round(v * 100) for v in offers["Amount"]) == available_cents
    reversed_out = budget(available, 0.0, table([rows[0]] + rows[:0:-1]))
    back = reversed_out[reversed_out["Item"] == "Non-priority offer"]
    assert dict(zip(offers["Creditor"], offers["Amount"])) == dict(zip(back["Creditor"], back["Amount"]))


@pytest.mark.parametrize("call, message", [
    (lambda: to_monthly(10, "hourly", "income", 2),
     "income row 2: Frequency 'hourly' is not one of weekly, fortnightly, semimonthly, 4-weekly, monthly, quarterly, "
     "annual"),
    (lambda: to_monthly(10, "bi-monthly", "income", 3),
     "income row 3: Frequency 'bi-monthly' could mean twice a month (semimonthly) or every two months: write one of"),
    (lambda: monthly_income(table([["Source", "Amount"], ["Wages", -5.0]])),
     "income row 1: Amount -5 must be at least 0"),
    (lambda: monthly_income(table([["Source", "Amount"], ["Wages", "lots"]])),
     "income row 1: Amount 'lots' is not a number"),
    (lambda: monthly_income(table([["Source", "Gross"], ["Wages", 100.0]])),
     "income: missing column Amount (or Net) (found 'Source', 'Gross')"),
    (lambda: monthly_income(table([["Source", "Net", "Gross"], ["Wages", 900.0, 800.0]])),
     "income row 1: Gross 800 is less than the take-home amount 900"),
    (lambda: monthly_expenses(table([["Category", "Amount", "Housing"], ["Rent", 5.0, "maybe"]])),
     "expenses row 1: Housing 'maybe' is not yes or no"),
    (lambda: monthly_expenses(table([["What", "Amount"], ["Rent", 5.0]])),
     "expenses: missing column Category (found 'What', 'Amount')"),
    (lambda: monthly_expenses(None), "expenses: is empty (expected a number)"),
    (lambda: debt_list(table([["Name", "Type", "Balance"], ["A", "Credit card", 1.0], ["B", "Card", None]])),
     "debts row 2: Balance is empty (expected a number)"),
    (lambda: debt_list(table([["Name", "Type", "Balance"], ["A", "Gambling", 1.0]])),
     "debts row 1: Type 'Gambling' is not a known debt type (expected one of Mortgage, Rent,"),
    (lambda: debt_list(table([["Name", "Type", "Balance", "Minimum"], ["A", "Overdraft", 1.0, -2.0]])),
     "debts row 1: Minimum -2 must be at least 0"),
    (lambda: budget(100.0, 50.0, None, savings=-1), "savings: -1 must be at least 0"),
    (lambda: budget(100.0, 50.0, None, fee="x"), "fee: 'x' is not a number"),
])
def test_bad_inputs_name_argument_row_and_expectation(call, message):
    with pytest.raises(DebtDeskError) as caught:
        call()
    assert str(caught.value).startswith(message)
