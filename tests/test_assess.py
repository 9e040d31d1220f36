"""Client assessment: DTI reference examples, classification, utilisation, flags, routes."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from debtdesk.assess import DEFAULT_THRESHOLDS, assess, dti, utilisation
from debtdesk.classify import DEBT_TYPES, NON_PRIORITY_TYPES, PRIORITY_TYPES, classify, debt_type
from debtdesk.errors import DebtDeskError


def table(rows):
    return pd.DataFrame(rows[1:], columns=rows[0])


def metrics(frame):
    return {m: (v, f) for m, v, f in frame.itertuples(index=False)}


def test_dti_published_examples():
    # CFPB "What is a debt-to-income ratio?": 1,500 + 100 + 400 = 2,000 on 6,000 gross is 33 %.
    assert dti([1500, 100, 400], 6000) == pytest.approx(1 / 3)
    # Linda on Lending: 2,500 of payments on 5,000 a month is 50 %.
    assert dti(2500, 5000) == 0.5


@pytest.mark.parametrize("value, canonical, label", [
    ("Mortgage arrears", "Mortgage", "Priority"), ("rent", "Rent", "Priority"),
    ("Secured loan", "Secured loan", "Priority"), ("Council Tax", "Council tax", "Priority"),
    ("Gas", "Energy (gas or electricity)", "Priority"), ("electricity", "Energy (gas or electricity)", "Priority"),
    ("Water (Scotland)", "Water (Scotland)", "Priority"), ("Court fine", "Magistrates' court fine", "Priority"),
    ("Child maintenance", "Child maintenance", "Priority"), ("Income tax", "Income tax", "Priority"),
    ("VAT", "VAT", "Priority"), ("national insurance", "National Insurance", "Priority"),
    ("TV licence", "TV licence", "Priority"),
    ("Hire purchase (essential goods)", "Hire purchase (essential goods)", "Priority"),
    ("Conditional sale (essential goods)", "Conditional sale (essential goods)", "Priority"),
    ("Credit card", "Credit card", "Non-priority"), ("Store card", "Store card", "Non-priority"),
    ("Personal loan", "Personal loan", "Non-priority"), ("Overdraft", "Overdraft", "Non-priority"),
    ("Catalogue", "Catalogue", "Non-priority"), ("Payday loan", "Payday loan", "Non-priority"),
    ("BNPL", "Buy now pay later", "Non-priority"),
    ("Water (England and Wales)", "Water (England and Wales)", "Non-priority"),
    ("Benefit overpayment", "Benefit overpayment", "Non-priority"),
    ("Hire purchase (non-essential goods)", "Hire purchase (non-essential goods)", "Non-priority"),
    ("Other", "Other (non-priority)", "Non-priority"),
    # US debts as a US credit counsellor ranks them: secured car loan, property and federal tax first.
    ("Auto loan", "Auto loan", "Priority"), ("car loan", "Auto loan", "Priority"),
    ("Property tax", "Property tax", "Priority"), ("IRS", "Income tax", "Priority"),
    ("Medical", "Medical bill", "Non-priority"), ("Collection account", "Other (non-priority)", "Non-priority"),
])
def test_classification_table(value, canonical, label):
    assert debt_type(value) == canonical
    assert classify(value) == label


def test_dropdown_list_is_every_type_once():
    assert DEBT_TYPES == PRIORITY_TYPES + NON_PRIORITY_TYPES
    assert len(set(DEBT_TYPES)) == len(DEBT_TYPES)
    assert all(debt_type(t) == t for t in DEBT_TYPES)


def test_unknown_type_lists_the_known_ones():
    with pytest.raises(DebtDeskError) as caught:
        classify("Hire purchase", "debts", 4)
    message = str(caught.value)
    assert message.startswith("debts row 4: Type 'Hire purchase' is not a known debt type (expected one of")
    assert "Hire purchase (essential goods)" in message and "Other (non-priority)" in message
    with pytest.raises(DebtDeskError, match=r"^debts row 2: Type is empty"):
        debt_type(None, "debts", 2)


# Worked example (calcnimbus DTI calculator): 6,000 gross; rent 1,500; car 400; student
# loan 300; card minimums 150 -> back-end 2,350 / 6,000 = 39.17 %, front-end 25 %.
INCOME = table([["Source", "Net", "Gross"], ["Salary", 4500.0, 6000.0]])
EXPENSES = table([["Category", "Amount"], ["Rent", 1500.0], ["Food", 500.0], ["Transport", 200.0]])
DEBTS = table([["Name", "Type", "Balance", "APR", "Minimum", "Arrears"],
               ["Car finance", "Hire purchase (essential goods)", 9000.0, 0.07, 400.0, None],
               ["Student loan", "Student loan", 20000.0, 0.05, 300.0, None],
               ["Visa", "Credit card", 4000.0, 0.24, 150.0, None]])


def test_dti_ratios_and_totals():
    out = metrics(assess(INCOME, EXPENSES, DEBTS))
    assert out["Front-end DTI"] == (0.25, None)
    value, flag = out["Back-end DTI"]
    assert value == pytest.approx(2350 / 6000)
    assert flag == "Back-end DTI 39.2% is over the 36% threshold"
    value, flag = out["Consumer DTI"]
    assert value == pytest.approx(850 / 4500) and flag is None
    assert out["Monthly debt payments"][0] == 850.0
    assert out["Disposable income"][0] == 2300.0
    assert out["Surplus after debt payments"][0] == 1450.0
    assert out["Priority debt balances"][0] == 9000.0
    assert out["Non-priority debt balances"][0] == 24000.0
    # Housing costs are what push the back-end ratio over: a loan cannot change them, so no consolidation.
    assert out["Recommended route"][0] == "Budget only"
    assert out["Recommended route"][1].startswith("Every debt payment is affordable and up to date; the ratios a "
                                                  "loan could change are within their thresholds")
    assert "Back-end" not in out["Recommended route"][1]


def test_thresholds_can_be_changed():
    out = metrics(assess(INCOME, EXPENSES, DEBTS, thresholds={"back_end": 0.43}))
    assert out["Back-end DTI"][1] is None
    assert out["Recommended route"][0] == "Budget only"
    assert DEFAULT_THRESHOLDS["front_end"] == 0.28


def test_mortgage_payment_counts_once_as_housing():
    debts = table([["Name", "Type", "Balance", "Minimum"], ["Halifax", "Mortgage", 150000.0, 900.0]])
    expenses = table([["Category", "Amount"], ["Mortgage", 900.0]])
    out = metrics(assess(INCOME, expenses, debts))
    assert out["Monthly debt payments"][0] == 0.0
    assert out["Back-end DTI"][0] == 0.15


def test_utilisation_per_card_and_overall():
    credit = table([["Account", "Credit limit", "Balance", "Missed payments", "Arrears"],
                    ["Visa", 2000.0, 1500.0, 2, 120.0], ["Amex", 3000.0, 300.0, None, None],
                    ["Loan", None, 5000.0, 1, None]])
    accounts = utilisation(credit)
    assert accounts["Utilisation"].tolist()[:2] == [0.75, 0.1] and math.isnan(accounts["Utilisation"][2])
    out = metrics(assess(INCOME, EXPENSES, DEBTS, credit=credit))
    assert out["Utilisation: Visa"] == (0.75, "Over 30%: paying £900.00 off brings it to 30%")
    assert out["Utilisation: Amex"] == (0.1, None)
    assert "Utilisation: Loan" not in out
    assert out["Overall utilisation"] == (0.36, "Overall credit utilisation 36.0% is over 30%")
    assert out["Missed payments"] == (3, "3 missed payments on the credit file")
    assert out["Credit account arrears"][0] == 120.0
    # Behind (arrears and missed payments) but 4,500 - 2,200 outgoings - 850 contractual payments leaves
    # 1,450 a month: the 120.00 arrears clear in one month, so no debt management plan.
    assert out["Recommended route"][0] == "Budget only"
    assert out["Recommended route"][1] == (
        "Contractual payments are affordable; Arrears of £120.00 on the credit file; 3 missed payments on the "
        "credit file; the surplus of £1,450.00 a month clears the arrears of £120.00 in 1 month: pay them off, "
        "no debt management plan is needed")
    # With 1,500 a month more outgoings the payments are unaffordable: 4,500 - 3,700 - 400 priority (essential
    # HP) = 400 a month clears the 24,000 non-priority debts in ceil(60.0) = 60 months, interest frozen.
    tight = table([["Category", "Amount"], ["Rent", 1500.0], ["Food", 500.0], ["Transport", 1700.0]])
    out = metrics(assess(INCOME, tight, DEBTS, credit=credit))
    assert out["Recommended route"] == ("Debt management plan", (
        "Contractual debt payments are £50.00 a month more than is available for debts; Arrears of £120.00 on the "
        "credit file; 3 missed payments on the credit file; £400.00 a month clears the non-priority debts of "
        "£24,000.00 in 60 months with interest frozen on every debt"))


def test_guideline_flags_use_the_firms_own_figures():
    guidelines = table([["Category", "Guideline"], ["food", 450.0], ["Transport", 250.0], ["Clothing", 40.0]])
    out = metrics(assess(INCOME, EXPENSES, DEBTS, guidelines=guidelines))
    assert out["Spending: food"] == (500.0, "£500.00 is £50.00 above the guideline £450.00")
    assert out["Spending: Transport"] == (200.0, None)
    assert out["Spending: Clothing"] == (0.0, None)


def test_deficit_refers_for_insolvency_advice():
    out = metrics(assess(1200.0, 1300.0, DEBTS))
    assert out["Disposable income"] == (-100.0, "Essential spending is £100.00 a month more than take-home income")
    assert out["Available for debts"] == (-100.0, "Deficit budget: essential spending, savings and fee are £100.00 a "
                                                  "month more than take-home income")
    assert out["Recommended route"][0] == "Refer for insolvency advice"
    assert "token payments of £1.00 a month" in out["Recommended route"][1]


def test_long_plan_goes_to_settlement_with_a_lump_sum_else_insolvency_advice():
    debts = table([["Name", "Type", "Balance", "Minimum", "Arrears"],
                   ["Visa", "Credit card", 30000.0, 900.0, 600.0]])
    # 2,000 - 1,800 = 200 a month: 30,000 takes 150 months.
    assert assess(2000.0, 1800.0, debts).iloc[-1]["Value"] == "Refer for insolvency advice"
    route = assess(2000.0, 1800.0, debts, lump_sum=15000).iloc[-1]
    assert route["Value"] == "Settlement"
    assert "a lump sum of £15,000.00 is 50% of the non-priority debts" in route["Flag"]
    shorter = assess(2000.0, 1500.0, debts).iloc[-1]
    assert shorter["Value"] == "Debt management plan"  # 500 a month: 60 months


def test_no_debts_is_budget_only():
    out = assess(2000.0, 1500.0, None)
    assert out.iloc[-1]["Value"] == "Budget only"


@pytest.mark.parametrize("call, message", [
    (lambda: dti(100, 0), "monthly_income: 0 must be greater than 0"),
    (lambda: dti([100, "x"], 1000), "monthly_debt_payments row 2: 'x' is not a number"),
    (lambda: dti([], 1000), "monthly_debt_payments: is empty (expected one or more payments)"),
    (lambda: assess(INCOME, EXPENSES, DEBTS, thresholds={"front": 0.3}),
     "thresholds: 'front' is not one of front_end, back_end, consumer, utilisation, arrears_months, plan_months, "
     "settlement_share, token_payment, review_months, token_review_months, consolidation_apr, consolidation_term, "
     "consolidation_saving, emergency_months, dro_debts, dro_surplus, dro_assets, dro_vehicle, ni_dro_debts, "
     "ni_dro_surplus, ni_dro_assets, ni_dro_vehicle, breathing_space_days"),
    (lambda: assess(INCOME, EXPENSES, DEBTS, thresholds={"front_end": -1}),
     "thresholds: Front-end DTI threshold -1 must be at least 0"),
    (lambda: utilisation(table([["Name", "Limit", "Balance"], ["Visa", 100.0, "lots"]])),
     "credit row 1: Balance 'lots' is not a number"),
    (lambda: utilisation(table([["Name", "Limit", "Balance", "Missed"], ["Visa", 100.0, 5.0, 1.5]])),
     "credit row 1: Missed payments 1.5 is not a whole number"),
    (lambda: utilisation(table([["Name", "Balance"], ["Visa", 5.0]])),
     "credit: missing column Limit (found 'Name', 'Balance')"),
    (lambda: assess(INCOME, EXPENSES, DEBTS, guidelines=table([["Category", "Limit"], ["Food", -1.0]])),
     "guidelines row 1: Monthly limit -1 must be at least 0"),
    (lambda: assess(INCOME, EXPENSES, DEBTS, guidelines=table([["Category", "Limit"], ["Food", 1.0], ["FOOD", 2.0]])),
     "guidelines row 2: Category 'FOOD' appears twice"),
    (lambda: assess(INCOME, EXPENSES, DEBTS, lump_sum=-5), "lump_sum: -5 must be at least 0"),
])
def test_bad_inputs(call, message):
    with pytest.raises(DebtDeskError) as caught:
        call()
    assert str(caught.value) == message
