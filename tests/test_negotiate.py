"""Rate concessions, FTC-compliant settlement fees and DMP distributions."""

import math

import numpy_financial as npf
import pandas as pd
import pytest

from debtdesk.errors import DebtDeskError
from debtdesk.money import to_cents
from debtdesk.negotiate import concession, dmp_distribution, earned_fee, settlement


def items(frame, column="Value"):
    return dict(zip(frame["Item"], frame[column]))


def test_concession_worked_by_hand():
    # 1,000 at 12% over 3 months: payment 340.02; interest 10.00, 6.70 (669.98 × 1%), 3.37 (336.66 × 1%),
    # the last payment 340.03 absorbs the residue. Frozen: 333.33, 333.33, 333.34.
    table = concession(1000, 0.12, 0, 3).set_index("Item")
    assert table.loc["Monthly payment"].tolist() == [340.02, 333.33, 6.69]
    assert table.loc["Total interest"].tolist() == [20.07, 0.00, 20.07]
    assert table.loc["Total paid"].tolist() == [1020.07, 1000.00, 20.07]


def test_concession_on_numpy_financial_documented_loan():
    # numpy-financial's pmt docs: 200,000 over 15 years at 7.5% costs 1,854.02 a month.
    table = concession(200000, 0.075, 0.05, 180).set_index("Item")
    assert table.loc["Monthly payment", "Current"] == 1854.02
    assert table.loc["Monthly payment", "Concession"] == to_cents(-npf.pmt(0.05 / 12, 180, 200000)) / 100
    for side, rate in (("Current", 0.075 / 12), ("Concession", 0.05 / 12)):
        paid, interest = table.loc["Total paid", side], table.loc["Total interest", side]
        assert to_cents(paid) == to_cents(200000) + to_cents(interest)
        # 179 level payments and a last one that absorbs the residue: at most half a cent
        # of rounding a month, accumulated at the loan's rate.
        residue = abs(paid - 180 * table.loc["Monthly payment", side])
        assert residue <= 0.005 * ((1 + rate) ** 180 - 1) / rate
    assert table.loc["Total interest", "Saving"] == pytest.approx(
        table.loc["Total interest", "Current"] - table.loc["Total interest", "Concession"])


@pytest.mark.parametrize("args, message", [
    ((-1, 0.2, 0.1, 12), "balance: -1 must be greater than 0"),
    ((1000, "x", 0.1, 12), "current_apr: 'x' is not a number"),
    ((1000, 0.2, -0.1, 12), "new_apr: -0.1 must be at least 0"),
    ((1000, 0.2, 0.1, 0), "months: 0 must be greater than 0"),
    ((1000, 0.2, 0.1, 2.5), "months: 2.5 must be a whole number of months greater than 0"),
])
def test_concession_bad_inputs(args, message):
    with pytest.raises(DebtDeskError) as caught:
        concession(*args)
    assert str(caught.value) == message


def test_fee_rule_no_fee_before_settlement_and_a_payment():
    # 310.4(a)(5)(i)(A) and (B): nothing until the debt is settled under an executed agreement
    # and the customer has paid at least once under it.
    assert earned_fee(4000, 2000, 0.2, agreement_executed=False, payments_made=0) == 0
    assert earned_fee(4000, 2000, 0.2, agreement_executed=True, payments_made=0) == 0
    assert earned_fee(4000, 2000, 0.2, agreement_executed=False, payments_made=3) == 0
    assert earned_fee(4000, 2000, 0.2, agreement_executed=True, payments_made=1) == 800


def test_fee_rule_proportional_to_the_enrolled_debt():
    # (C)(1): enrolled debts of 4,000 and 6,000; a 20% fee on the whole 10,000 is 2,000. Each
    # debt's fee bears the same proportion to 2,000 as its enrolled amount bears to 10,000.
    total_fee = 0.2 * 10000
    for enrolled, paid in ((4000, 1800), (6000, 3300)):
        assert earned_fee(enrolled, paid, 0.2, agreement_executed=True, payments_made=1) == \
            total_fee * enrolled / 10000
    # The fee does not depend on how good the settlement was.
    assert earned_fee(4000, 100, 0.2, agreement_executed=True, payments_made=1) == 800


def test_fee_rule_percentage_of_the_amount_saved():
    # (C)(2): amount saved = owed when enrolled − amount actually paid; the same 25% on each debt.
    assert earned_fee(4000, 1800, 0.25, "savings", agreement_executed=True, payments_made=1) == 0.25 * 2200
    assert earned_fee(6000, 3300, 0.25, "savings", agreement_executed=True, payments_made=1) == 0.25 * 2700
    assert earned_fee(6000, 6000, 0.25, "savings", agreement_executed=True, payments_made=1) == 0  # nothing saved


def test_settlement_enrolled_basis_worked_example():
    # 10,000 enrolled, settled at 40%: 4,000, funded by 250 a month in month 16 (16 × 250 = 4,000).
    # Fee 15% of enrolled = 1,500, collected only after the settlement payment: 5,500 / 250 = 22 months.
    table = items(settlement(10000, 0.4, 250, 0.15))
    assert table == {"Months to fund": 22, "Settlement month": 16, "Settlement amount": 4000.0, "Fee": 1500.0,
                     "Total cost": 5500.0, "Amount forgiven": 6000.0, "1099-C reportable": True}


def test_settlement_savings_basis_worked_example():
    # 7,345.67 enrolled at 45%: 3,305.5515 -> 3,305.55; saved 4,040.12; 27% of it = 1,090.8324 -> 1,090.83.
    table = items(settlement(7345.67, 0.45, 180, 0.27, "savings"))
    assert table["Settlement amount"] == 3305.55
    assert table["Fee"] == 1090.83
    assert table["Total cost"] == 4396.38
    assert table["Amount forgiven"] == 4040.12
    assert table["Settlement month"] == math.ceil(3305.55 / 180) == 19
    assert table["Months to fund"] == math.ceil(4396.38 / 180) == 25


def test_fee_never_collected_before_the_settlement_month():
    # A deposit large enough to fund settlement and fee at once still pays the settlement first,
    # in the same month; with no fee the plan is funded when the settlement is.
    table = items(settlement(1000, 0.5, 5000, 0.2))
    assert table["Months to fund"] == table["Settlement month"] == 1
    no_fee = items(settlement(9000, 0.5, 400, 0))
    assert no_fee["Months to fund"] == no_fee["Settlement month"] == 12 and no_fee["Fee"] == 0


def test_1099c_flag_at_600_forgiven():
    assert items(settlement(1200, 0.5, 100, 0.1))["1099-C reportable"] is True      # 600.00 forgiven
    assert items(settlement(1199.98, 0.5, 100, 0.1))["1099-C reportable"] is False  # 599.99 forgiven


@pytest.mark.parametrize("args, message", [
    ((0, 0.5, 100, 0.2), "enrolled_balance: 0 must be greater than 0"),
    (("lots", 0.5, 100, 0.2), "enrolled_balance: 'lots' is not a number"),
    ((1000, 0, 100, 0.2), "settlement_pct: 0 must be greater than 0"),
    ((1000, 50, 100, 0.2), "settlement_pct: 50 must be at most 1 (a fraction: 20% is 0.2)"),
    ((1000, 0.5, 0, 0.2), "monthly_deposit: 0 must be greater than 0"),
    ((1000, 0.5, None, 0.2), "monthly_deposit: is empty (expected a number)"),
    ((1000, 0.5, 100, -0.1), "fee_pct: -0.1 must be at least 0"),
    ((1000, 0.5, 100, 0.2, "flat"), "fee_basis: 'flat' is not one of enrolled, savings"),
])
def test_settlement_bad_inputs(args, message):
    with pytest.raises(DebtDeskError) as caught:
        settlement(*args)
    assert str(caught.value) == message


def test_earned_fee_bad_inputs():
    with pytest.raises(DebtDeskError, match=r"^amount_paid: 5000.00 is more than the enrolled amount 4000.00"):
        earned_fee(4000, 5000, 0.2, agreement_executed=True, payments_made=1)
    with pytest.raises(DebtDeskError, match=r"^payments_made: -1 must be a whole number ≥ 0$"):
        earned_fee(4000, 2000, 0.2, agreement_executed=True, payments_made=-1)


DEBTS = pd.DataFrame({"Creditor": ["Bank", "Card", "Store"], "Outstanding": [6000, 3000, 1000],
                      "Rate": [0.09, 0.24, 0.30]})


def test_dmp_offers_are_cent_exact_pro_rata():
    table = dmp_distribution(DEBTS, 101.01)
    # 101.01 × 6/10 = 60.606, × 3/10 = 30.303, × 1/10 = 10.101: floors 60.60, 30.30, 10.10 and the
    # one cent left goes to the largest remainder (Bank's 0.6 cent).
    assert table["Monthly offer"].tolist() == [60.61, 30.30, 10.10]
    assert to_cents(table["Monthly offer"].sum()) == 10101
    assert table["Share"].tolist() == [0.6, 0.3, 0.1]


def test_dmp_frozen_and_reduced_rates_give_months_to_clear():
    table = dmp_distribution(DEBTS, 250, {"card": 0, "Store": 0.05}).set_index("Creditor")
    assert table["Plan APR"].tolist() == [0.09, 0.0, 0.05]
    # Card frozen: 3,000 / 75 = 40 months, no interest (its share is the same every month until it clears).
    assert table.loc["Card", "Months to clear"] == 40 and table.loc["Card", "Interest"] == 0
    # Bank keeps 9 %: on its own 150.00 it would take n = -ln(1 - 6000 × 0.0075 / 150) / ln(1.0075) = 47.7
    # -> 48 months; the plan passes the card's 75.00 on to it from month 41, so it clears sooner.
    alone = math.ceil(-math.log(1 - 6000 * 0.0075 / 150) / math.log(1.0075))
    assert alone == 48 and 40 < table.loc["Bank", "Months to clear"] < alone
    # Store at 5 %: 1,000 at 25 a month would take 42 months; the card's share reaches it too.
    store_alone = math.ceil(-math.log(1 - 1000 * 0.05 / 12 / 25) / math.log(1 + 0.05 / 12))
    assert table.loc["Store", "Months to clear"] <= store_alone
    # Every cent of 250.00 a month is paid until the last month, and it all goes on balances and interest.
    plan_total = 10000 + table["Interest"].sum()
    months = int(table["Months to clear"].max())
    assert (months - 1) * 250 < plan_total <= months * 250


def test_dmp_offer_below_interest_never_clears():
    table = dmp_distribution(DEBTS, 30).set_index("Creditor")  # Bank's 18.00 offer < 45.00 interest
    assert pd.isna(table.loc["Bank", "Months to clear"]) and pd.isna(table.loc["Bank", "Interest"])


@pytest.mark.parametrize("available, concessions, message", [
    (0, None, "available: 0 must be greater than 0"),
    (100, {"Visa": 0}, "concessions: 'Visa' is not one of the debts (Bank, Card, Store)"),
    (100, {"Card": -0.01}, "concessions: Card rate -0.01 must be at least 0"),
    (100, {"Card": "low"}, "concessions: Card rate 'low' is not a number"),
])
def test_dmp_bad_inputs(available, concessions, message):
    with pytest.raises(DebtDeskError) as caught:
        dmp_distribution(DEBTS, available, concessions)
    assert str(caught.value) == message


def test_dmp_bad_table():
    with pytest.raises(DebtDeskError, match=r"^debts: missing column APR"):
        dmp_distribution(DEBTS.drop(columns="Rate"), 100)
    with pytest.raises(DebtDeskError, match=r"^debts row 2: Balance -3 must be at least 0$"):
        dmp_distribution(DEBTS.assign(Outstanding=[6000, -3, 1000]), 100)
