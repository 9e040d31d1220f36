"""Multi-debt payoff plans against the pinned month of DESIGN.md §3, worked by hand."""

from datetime import date

import numpy_financial as npf
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debtdesk.errors import DebtDeskError
from debtdesk.money import to_cents
from debtdesk.payoff import MAX_MONTHS, STRATEGIES, budget_for, compare, payoff, prepare_debts


def debts(*rows, **optional):
    """Name, Balance, APR, Minimum rows, plus optional columns given as lists."""
    frame = pd.DataFrame(rows, columns=["Name", "Balance", "APR", "Minimum"])
    for column, values in optional.items():
        frame[column.replace("_", " ")] = values
    return frame


CARD_LOAN = debts(("Card", 1000, 0.24, 50), ("Loan", 500, 0.06, 25))


def test_avalanche_two_debts_worked_by_hand():
    # Budget 300. Card 2%/month, loan 0.5%/month; interest rounded half-up each month.
    # m1 card 1000+20.00-50-225=745.00        loan 500+2.50-25=477.50
    # m2 card 745+14.90-50-225=484.90          loan 477.50+2.39(2.3875)-25=454.89
    # m3 card 484.90+9.70(9.698)-50-225=219.60 loan 454.89+2.27(2.27445)-25=432.16
    # m4 card 219.60+4.39(4.392)=223.99 cleared with 223.99; the other 51.01 rolls to the loan:
    #        loan 432.16+2.16(2.1608)-25-51.01=358.31
    # m5 loan 358.31+1.79(1.79155)-300=60.10;  m6 loan 60.10+0.30(0.3005)=60.40 paid.
    plan = payoff(CARD_LOAN, 300)
    assert plan.schedule["Card"].tolist() == [745.00, 484.90, 219.60, 0, 0, 0]
    assert plan.schedule["Loan"].tolist() == [477.50, 454.89, 432.16, 358.31, 60.10, 0]
    assert plan.schedule["Total"].tolist() == [1222.50, 939.79, 651.76, 358.31, 60.10, 0]
    assert plan.months == 6
    assert plan.total_interest == pytest.approx(20 + 14.90 + 9.70 + 4.39 + 2.50 + 2.39 + 2.27 + 2.16 + 1.79 + 0.30)
    summary = plan.summary.set_index("Debt")
    assert summary.loc["Card", "Payoff month"] == 4 and summary.loc["Loan", "Payoff month"] == 6
    assert summary.loc["Card", "Interest paid"] == 48.99
    assert summary.loc["Card", "Total paid"] == 1048.99
    assert summary.loc["Loan", "Interest paid"] == 11.41
    # Roll-over: once the card is cleared its minimum and share go to the loan.
    payments = plan.payment_schedule
    assert payments.loc[3, ["Card", "Loan"]].tolist() == [223.99, 76.01]
    assert payments.loc[4, "Loan"] == 300.00
    assert payments.loc[5, "Loan"] == 60.40


def test_snowball_pays_smallest_balance_first_worked_by_hand():
    # m1 loan 502.50-25-225=252.50; card 1020-50=970.00
    # m2 loan 252.50+1.26(1.2625)-250=3.76;    card 970+19.40-50=939.40
    # m3 loan 3.76+0.02(0.0188) = 3.78 paid as its minimum, so 246.22 goes to the card:
    #        card 939.40+18.79(18.788)-50-246.22=661.97
    # m4 card 661.97+13.24(13.2394)-300=375.21; m5 375.21+7.50(7.5042)-300=82.71
    # m6 card 82.71+1.65(1.6542)=84.36 paid.
    plan = payoff(CARD_LOAN, 300, strategy="snowball")
    assert plan.schedule["Loan"].tolist() == [252.50, 3.76, 0, 0, 0, 0]
    assert plan.schedule["Card"].tolist() == [970.00, 939.40, 661.97, 375.21, 82.71, 0]
    assert plan.total_interest == pytest.approx(20 + 19.40 + 18.79 + 13.24 + 7.50 + 1.65 + 2.50 + 1.26 + 0.02)
    assert plan.payment_schedule.loc[2, "Loan"] == 3.78


def test_interest_rounds_half_up_not_to_even():
    # 1.00 at 6%: 100 cents × 0.06 / 12 = 0.5 cent exactly -> 1 cent (banker's rounding would give 0).
    plan = payoff(debts(("Tiny", 1.00, 0.06, 0)), 0.50)
    assert plan.interest[0] == [1]
    # 0.51 × 0.005 = 0.00255 -> 0.00, so month 2 leaves 0.01 and month 3 pays it.
    assert plan.schedule["Tiny"].tolist() == [0.51, 0.01, 0]
    assert plan.total_paid == 1.01


def test_highest_interest_differs_from_avalanche():
    big_low = ("Big", 10000, 0.12, 200)   # 100.00 interest a month
    small_high = ("Small", 1000, 0.24, 50)  # 20.00 interest a month
    table = debts(big_low, small_high)
    # Budget 500: minimums 250, 250 left over.
    avalanche = payoff(table, 500, "avalanche").schedule.loc[0, ["Big", "Small"]].tolist()
    largest_interest = payoff(table, 500, "highest_interest").schedule.loc[0, ["Big", "Small"]].tolist()
    assert avalanche == [10100 - 200, 1020 - 50 - 250]
    assert largest_interest == [10100 - 200 - 250, 1020 - 50]


def test_cash_flow_index_differs_from_snowball():
    # At 0% APR: A 1000 / 100 = index 9 after its minimum, B 600 / 20 = index 29; snowball prefers B.
    table = debts(("A", 1000, 0, 100), ("B", 600, 0, 20))
    first = lambda strategy: payoff(table, 200, strategy).schedule.loc[0, ["A", "B"]].tolist()
    assert first("snowball") == [900, 500]
    assert first("cash_flow_index") == [820, 580]


def test_custom_order_column_and_listed_order():
    table = debts(("A", 300, 0.10, 10), ("B", 300, 0.20, 10))
    assert payoff(table, 120, "custom").schedule.loc[0, ["A", "B"]].tolist() == [
        300 + 2.50 - 10 - 100, 300 + 5.00 - 10]
    ordered = table.assign(Order=[2, 1])
    assert payoff(ordered, 120, "custom").schedule.loc[0, ["A", "B"]].tolist() == [
        300 + 2.50 - 10, 300 + 5.00 - 10 - 100]


def test_ties_keep_the_listed_order():
    table = debts(("First", 400, 0.12, 20), ("Second", 400, 0.12, 20))
    for strategy in ("avalanche", "snowball", "highest_interest", "cash_flow_index"):
        month1 = payoff(table, 100, strategy).schedule.loc[0, ["First", "Second"]].tolist()
        assert month1 == [404 - 20 - 60, 404 - 20], strategy


def test_minimum_only_pays_minimums_and_leaves_the_rest_of_the_budget():
    plan = payoff(debts(("Store", 100, 0, 30)), 500, "minimum")
    assert plan.payment_schedule["Store"].tolist() == [30, 30, 30, 10]


def test_promo_apr_applies_for_its_months_then_the_standard_rate():
    table = debts(("Card", 1000, 0.24, 100), Promo_APR=[0.0], Promo_months=[2])
    plan = payoff(table, 100, "minimum")
    # m1, m2 at 0%: 900, 800; m3 at 2%/month: 800 + 16 - 100 = 716
    assert plan.schedule["Card"].tolist()[:3] == [900, 800, 716]
    assert plan.interest[:3] == [[0], [0], [1600]]


def test_avalanche_follows_the_rate_in_effect_during_a_promo():
    table = debts(("A", 1000, 0.20, 10), ("B", 1000, 0.25, 10),
                  Promo_APR=[None, 0.0], Promo_months=[None, 2])
    plan = payoff(table, 120, "avalanche")
    paid = plan.payment_schedule
    # Months 1-2: B is at 0%, so A (20%) takes the extra 100; month 3: B at 25% takes it.
    assert paid.loc[0, ["A", "B"]].tolist() == [110, 10]
    assert paid.loc[1, ["A", "B"]].tolist() == [110, 10]
    assert paid.loc[2, ["A", "B"]].tolist() == [10, 110]


def test_min_percent_with_a_floor():
    table = debts(("Big", 1000, 0.24, 25), ("Small", 400, 0.24, 25), **{"Min %": [0.03, 0.03]})
    plan = payoff(table, 55.60, "minimum")
    # Big: 1020 × 3% = 30.60 > 25 floor. Small: 408 × 3% = 12.24 < 25 floor, pays 25.
    assert plan.payment_schedule.loc[0, ["Big", "Small"]].tolist() == [30.60, 25]
    # Big month 2: 989.40 + 19.79 (19.788) = 1009.19; 3% = 30.2757 -> 30.28.
    assert plan.payment_schedule.loc[1, "Big"] == 30.28


def test_min_percent_without_a_floor():
    table = debts(("Card", 1000, 0.0, None), **{"Min %": [0.5]})
    plan = payoff(table, 1000, "minimum")
    # 50% of 1000, 500, 250 ... down to the last cent.
    assert plan.payment_schedule["Card"].tolist()[:3] == [500, 250, 125]
    assert plan.schedule["Card"].iloc[-1] == 0


def test_one_off_extra_payment_goes_in_strategy_order():
    plan = payoff(CARD_LOAN, 300, extra_payments={1: 100})
    assert plan.schedule.loc[0, ["Card", "Loan"]].tolist() == [645.00, 477.50]
    assert plan.payment_schedule.loc[0, "Total"] == 400
    assert plan.total_interest < payoff(CARD_LOAN, 300).total_interest


def test_dates_follow_edate_from_the_start_date():
    plan = payoff(CARD_LOAN, 300, start_date="2024-01-31")
    assert plan.schedule["Date"].tolist()[:3] == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]
    assert plan.summary.set_index("Debt").loc["Card", "Payoff date"] == date(2024, 4, 30)
    assert payoff(CARD_LOAN, 300).summary["Payoff date"].isna().all()


def test_a_debt_already_at_zero_is_paid_off_in_month_zero():
    plan = payoff(debts(("Done", 0, 0.2, 10), ("Open", 50, 0, 10)), 50)
    assert plan.summary["Payoff month"].tolist() == [0, 1]


debt_rows = st.lists(
    st.tuples(st.integers(0, 2_000_000), st.sampled_from([0, 0.0499, 0.12, 0.1999, 0.24, 0.3599]),
              st.integers(0, 20_000)),
    min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(rows=debt_rows, spare=st.integers(1, 300_000), strategy=st.sampled_from(STRATEGIES),
       extra=st.integers(0, 50_000))
def test_reconciliation_invariants(rows, spare, strategy, extra):
    table = debts(*[(f"D{k}", c / 100, apr, m / 100) for k, (c, apr, m) in enumerate(rows)])
    minimums = sum(min(m, c + c * apr / 12 + 1) for c, apr, m in rows)
    budget = (int(minimums) + spare) / 100
    try:
        plan = payoff(table, budget, strategy, extra_payments={2: extra / 100})
    except DebtDeskError as error:
        assert "minimum payments alone" in str(error) or "never clears" in str(error)
        return
    opening = sum(c for c, _, _ in rows)
    paid = sum(map(sum, plan.payments))
    charged = sum(map(sum, plan.interest))
    assert paid == opening + charged                      # Σ payments = Σ balances + Σ interest
    assert plan.balances == [] or set(plan.balances[-1]) == {0}  # every debt ends at 0.00
    assert to_cents(plan.summary["Total paid"].sum()) == paid
    if strategy != "minimum":
        # Freed minimums roll over: every month but the last spends the whole budget.
        for month, row in enumerate(plan.payments[:-1], 1):
            assert sum(row) == to_cents(budget) + (extra if month == 2 else 0)
    for i, month in enumerate(plan.payoff_months):
        assert month == 0 if rows[i][0] == 0 else plan.balances[month - 1][i] == 0


def test_budget_for_single_loan_matches_numpy_financial_pmt():
    table = debts(("Loan", 1000, 0.12, 0))
    assert npf.pmt(0.01, 12, -1000) == pytest.approx(88.8488, abs=1e-4)
    assert budget_for(table, 12) == 88.85
    assert payoff(table, 88.85).months == 12
    assert payoff(table, 88.84).months == 13


@pytest.mark.parametrize("strategy", ["avalanche", "snowball", "custom", "highest_interest", "cash_flow_index"])
@pytest.mark.parametrize("months", [1, 7, 24, 60])
def test_budget_for_is_exact_to_the_cent(strategy, months):
    table = debts(("Card", 3200, 0.2299, 60), ("Store", 850, 0.2999, 25), ("Car", 7400, 0.069, 210),
                  **{"Min %": [0.02, None, None]})
    budget = budget_for(table, months, strategy)
    assert payoff(table, budget, strategy).months <= months
    try:
        assert payoff(table, round(budget - 0.01, 2), strategy).months > months
    except DebtDeskError as error:  # a cent less may also fall below the minimums
        assert "below the sum of the minimum payments" in str(error)


# Percentage minimums with a balance-dependent order: a larger budget can reorder the debts for
# the worse, so bisection alone stopped at 215.68 (and at 580.44) although 215.55 (560.18) clears.
NON_MONOTONE = [
    (debts(("A", 2400, 0.12, 10), ("B", 6000, 0.069, 5), ("C", 500, 0.249, 10), **{"Min %": [0.05, None, 0.05]}),
     48, 215.55),
    (debts(("A", 4200, 0.399, 10), ("B", 8000, 0.12, 5), ("C", 500, 0.299, 100), ("D", 2400, 0.299, 25),
           **{"Min %": [0.01] * 4}), 36, 560.18),
]


@pytest.mark.parametrize("table, months, smallest", NON_MONOTONE)
def test_budget_for_is_the_smallest_budget_even_when_a_larger_one_fails(table, months, smallest):
    assert budget_for(table, months, "cash_flow_index") == smallest
    prepared = prepare_debts(table)
    # Every whole-cent budget from what the balances alone need (no interest) up to it, tried one by one with
    # payoff's plain run (the table read once: reading it each time was half of each try's cost).
    floor = -(-sum(prepared.balances) // months)
    clearing = [b for b in range(floor, round(smallest * 100) + 1)
                if _clears(prepared, b / 100, months)]
    assert clearing == [round(smallest * 100)]
    assert not _clears(prepared, round(smallest + 0.01, 2), months)  # a cent more does not clear in time


def _clears(debts, budget, months):
    try:
        return payoff(debts, budget, "cash_flow_index").months <= months
    except DebtDeskError:
        return False


def test_compare_lists_every_strategy_against_minimum_only():
    table = compare(CARD_LOAN, 300).set_index("Strategy")
    assert list(table.index) == ["avalanche", "snowball", "custom", "highest_interest", "cash_flow_index", "minimum"]
    minimum_only = payoff(CARD_LOAN, 300, "minimum")
    assert table.loc["minimum", "Months"] == minimum_only.months
    assert table.loc["minimum", "Interest saved vs minimum"] == 0
    assert table.loc["avalanche", "Total interest"] == 60.40
    assert table.loc["snowball", "Total interest"] == 84.36
    assert table.loc["avalanche", "Interest saved vs minimum"] == pytest.approx(minimum_only.total_interest - 60.40)


def test_compare_shows_minimum_only_never_paying_off_plainly():
    # 5,000 at 30% is charged 125.00 a month; a 100.00 minimum never reduces it.
    table = compare(debts(("Card", 5000, 0.30, 100)), 400).set_index("Strategy")
    assert pd.isna(table.loc["minimum", "Months"]) and pd.isna(table.loc["minimum", "Total interest"])
    assert table.loc["minimum", "Note"] == "never clears the debts (the balances grow instead of falling)"
    assert table.loc["avalanche", "Months"] == payoff(debts(("Card", 5000, 0.30, 100)), 400).months
    assert "no baseline" in table.loc["avalanche", "Note"]


# ---- refusals -------------------------------------------------------------------------

def test_budget_below_the_minimums_says_so_and_gives_the_minimum_budget():
    with pytest.raises(DebtDeskError, match=r"^monthly_budget: 70.00 is below the sum of the minimum payments "
                                            r"due in month 1 \(75.00\); the budget must be at least 75.00$"):
        payoff(CARD_LOAN, 70)


def test_a_plan_that_never_pays_off_gives_a_budget_that_would():
    table = debts(("Card", 10000, 0.30, 50))  # 250.00 interest a month
    fix = budget_for(table, 60)
    with pytest.raises(DebtDeskError, match=rf"^monthly_budget: 200.00 a month never clears the debts \(the balances "
                                            rf"grow instead of falling after 1200 months\); "
                                            rf"a budget of {fix:.2f} clears them in 60 months$"):
        payoff(table, 200)
    assert payoff(table, fix).months == 60
    with pytest.raises(DebtDeskError, match=rf"^strategy: minimum payments alone do not clear .* "
                                            rf"a budget of {fix:.2f} a month with avalanche clears them in 60 months$"):
        payoff(table, 200, "minimum")


def test_missing_column_lists_what_was_found():
    with pytest.raises(DebtDeskError, match=r"^debts: missing column Minimum \(found 'Name', 'Balance', 'APR'\)$"):
        payoff(pd.DataFrame({"Name": ["A"], "Balance": [1], "APR": [0.1]}), 100)


@pytest.mark.parametrize("column, value, message", [
    ("Balance", "abc", "debts row 2: Balance 'abc' is not a number"),
    ("Balance", -5, "debts row 2: Balance -5 must be at least 0"),
    ("Balance", None, "debts row 2: Balance is empty (expected a number)"),
    ("APR", 24, "debts row 2: APR 24 must be at most 10 (rates are fractions: 24% is 0.24)"),
    ("APR", -0.1, "debts row 2: APR -0.1 must be at least 0"),
    ("Minimum", None, "debts row 2: Minimum is empty (expected a number)"),
    ("Minimum", True, "debts row 2: Minimum True is not a number"),
    ("Name", None, "debts row 2: Name is empty (every debt needs a name)"),
    ("Name", "card", "debts row 2: Name 'card' is already used in row 1 (names must be unique)"),
    ("Name", "Total", "debts row 2: Name 'Total' is reserved for a column of the schedule; rename the debt"),
])
def test_bad_cells_name_the_row_and_the_column(column, value, message):
    table = debts(("Card", 1000, 0.24, 50), ("Loan", 500, 0.06, 25)).astype(object)
    table.loc[1, column] = value
    with pytest.raises(DebtDeskError) as caught:
        payoff(table, 300)
    assert str(caught.value) == message


def test_bad_optional_columns():
    with pytest.raises(DebtDeskError, match=r"^debts row 1: needs both Promo APR and Promo months, or neither$"):
        payoff(debts(("Card", 1000, 0.24, 50), Promo_APR=[0.0]), 300)
    with pytest.raises(DebtDeskError, match=r"^debts row 1: Promo months 1.5 is not a whole number$"):
        payoff(debts(("Card", 1000, 0.24, 50), Promo_APR=[0.0], Promo_months=[1.5]), 300)
    with pytest.raises(DebtDeskError, match=r"^debts row 1: Min % 3 must be at most 1$"):
        payoff(debts(("Card", 1000, 0.24, 50), **{"Min %": [3]}), 300)


@pytest.mark.parametrize("budget, message", [
    (None, "monthly_budget: is empty (expected a number)"),
    ("lots", "monthly_budget: 'lots' is not a number"),
    (-1, "monthly_budget: -1 must be at least 0"),
])
def test_bad_budget(budget, message):
    with pytest.raises(DebtDeskError) as caught:
        payoff(CARD_LOAN, budget)
    assert str(caught.value) == message


def test_bad_strategy_start_date_and_extras():
    with pytest.raises(DebtDeskError, match=r"^strategy: 'quickest' is not one of avalanche, snowball, custom, "
                                            r"minimum, highest_interest, cash_flow_index$"):
        payoff(CARD_LOAN, 300, "quickest")
    assert payoff(CARD_LOAN, 300, " Cash flow index ").strategy == "cash_flow_index"
    with pytest.raises(DebtDeskError, match=r"^start_date: '2024-13-01' is not a real date"):
        payoff(CARD_LOAN, 300, start_date="2024-13-01")
    with pytest.raises(DebtDeskError, match=r"^extra_payments: month 0 must be a whole number from 1$"):
        payoff(CARD_LOAN, 300, extra_payments={0: 10})
    with pytest.raises(DebtDeskError, match=r"^extra_payments: month 2 amount -10 must be at least 0$"):
        payoff(CARD_LOAN, 300, extra_payments={2: -10})


@pytest.mark.parametrize("months", [0, 1.5, "x", MAX_MONTHS + 1, True])
def test_budget_for_bad_months(months):
    with pytest.raises(DebtDeskError, match=rf"^months: {months!r} must be a whole number of months from 1 to 1200$".replace("(", r"\(")):
        budget_for(CARD_LOAN, months)


def test_budget_for_refuses_minimum_only():
    with pytest.raises(DebtDeskError, match=r"^strategy: 'minimum' pays the minimums only"):
        budget_for(CARD_LOAN, 12, "minimum")


def test_rows_are_positions_for_a_zero_based_index_and_labels_for_a_one_based_one():
    table = debts(("Card", 1000, 0.24, 50), ("Loan", -1, 0.06, 25))
    with pytest.raises(DebtDeskError, match="row 2:"):
        prepare_debts(table)
    table.index = [3, 7]  # data rows 3 and 7 of a range whose blank rows were dropped
    with pytest.raises(DebtDeskError, match="row 7:"):
        prepare_debts(table)


def test_headers_are_found_by_synonym():
    table = pd.DataFrame({"Creditor": ["Visa"], "Outstanding": [100], "Interest rate": [0.12],
                          "Min payment": [10], "Intro APR": [0], "Intro months": [3], "Pay order": [1]})
    prepared = prepare_debts(table)
    assert prepared.promo_months == (3,) and prepared.promo_rates == ((0, 1),)


@pytest.mark.parametrize("balance", [1e15, 1e300])
def test_an_amount_beyond_any_real_debt_is_refused_by_row(balance):
    debts = pd.DataFrame({"Name": ["Card", "Loan"], "Balance": [500.0, balance], "APR": [0.2, 0.1], "Minimum": [25.0, 50.0]})
    with pytest.raises(DebtDeskError, match=r"^debts row 2: Balance 1e\+\d+ is too large \(at most 1e\+15\)$"):
        payoff(debts, 1000)


# ---- rate basis (DESIGN.md §3) ---------------------------------------------------------
UK_CARD = debts(("Card", 4200, 0.249, 105))


def test_uk_card_on_the_effective_monthly_rate():
    """4,200 at 24.9 % APR paying 105: (1.249)^(1/12) - 1 = 1.870 % a month, as UK issuers publish."""
    plan = payoff(UK_CARD, 105, rate_basis="effective")
    assert (plan.months, plan.total_interest) == (75, 3612.23)
    assert plan.interest[0] == [7855]  # 4,200.00 × 1.87013 % = 78.5455 -> 78.55
    nominal = payoff(UK_CARD, 105)
    assert (nominal.months, nominal.total_interest) == (87, 4859.49)
    assert nominal.interest[0] == [8715]  # 4,200.00 × 24.9 % / 12 = 87.15


def test_rate_basis_reaches_compare_and_budget_for():
    table = compare(UK_CARD, 105, "effective").set_index("Strategy")
    assert table.loc["avalanche", ["Months", "Total interest"]].tolist() == [75, 3612.23]
    target = budget_for(UK_CARD, 60, rate_basis="effective")
    assert payoff(UK_CARD, target, rate_basis="effective").months <= 60
    assert payoff(UK_CARD, round(target - 0.01, 2), rate_basis="effective").months > 60
    # The level payment over 60 months at 1.870 % a month, npf.pmt(1.249**(1/12) - 1, 60, -4200) = 117.0564,
    # rounded up to the cent so that it clears in time.
    assert target == 117.06 and -npf.pmt(1.249 ** (1 / 12) - 1, 60, 4200) == pytest.approx(117.0564, abs=1e-4)


def test_unknown_rate_basis_is_refused():
    with pytest.raises(DebtDeskError, match=r"^rate_basis: 'monthly' is not one of nominal, effective$"):
        payoff(UK_CARD, 105, rate_basis="monthly")


def test_one_off_extra_payments_go_to_their_own_debt_first():
    # Card 1,000 at 24 % (min 50), Loan 500 at 6 % (min 25), 300 a month by avalanche; a 400.00 tax refund
    # paid to the Loan in month 2. Month 2: interest 14.90 and 2.39 on 745.00 and 477.50, minimums 50 + 25,
    # the refund takes the Loan from 454.89 to 54.89 and the card gets the other 225. In month 4 the card's
    # 173.99 clears and the 51.01 left clears the Loan's 5.31: both in month 4, not 4 and 6 as without it.
    table = debts(("Card", 1000, 0.24, 50), ("Loan", 500, 0.06, 25), **{"Extra month": [None, 2],
                                                                      "Extra payment": [None, 400]})
    plan = payoff(table, 300)
    assert plan.payment_schedule.loc[1, ["Card", "Loan"]].tolist() == [275.0, 425.0]
    assert plan.schedule.loc[1, ["Card", "Loan"]].tolist() == [484.9, 54.89]
    assert plan.payoff_months == (4, 4)
    big = payoff(table.assign(**{"Extra payment": [None, 600]}), 300)  # more than the Loan needs: the rest goes on
    assert big.payment_schedule.loc[1, ["Card", "Loan"]].tolist() == [420.11, 479.89]
    assert sum(map(sum, plan.payments)) == 150000 + sum(map(sum, plan.interest))  # every cent accounted for
    assert budget_for(table, 4) <= budget_for(debts(("Card", 1000, 0.24, 50), ("Loan", 500, 0.06, 25)), 4)
    with pytest.raises(DebtDeskError, match=r"^debts row 1: needs both Extra month and Extra payment, or neither$"):
        payoff(table.assign(**{"Extra month": [3, 2]}, **{"Extra payment": [None, 400]}), 300)
