"""The client case as an engine: routes a senior adviser would sign, the plan each implies,
DRO and Breathing Space screening at their limits, rate bases and currencies by country."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from debtdesk.breathing_space import breathing_space
from debtdesk.case import ClientDetails, ClientInputs, client_case
from debtdesk.dmp import concessions
from debtdesk.errors import DebtDeskError
from debtdesk.insolvency import screen
from debtdesk.payoff import payoff
from debtdesk.thresholds import defaults, read_settings

AS_OF = date(2026, 11, 1)


def case(income, expenses, debts, credit=None, extra_payments=None, settings=None, **details):
    details = ClientDetails(as_of=details.pop("as_of", AS_OF), name="Test Client", **details)
    return client_case(ClientInputs(details, income, expenses, debts, credit, extra_payments=extra_payments,
                                    settings=settings))


def debts(*rows, **columns):
    frame = pd.DataFrame(rows, columns=["Name", "Type", "Balance", "APR", "Minimum", "Arrears"])
    for name, values in columns.items():
        frame[name] = values
    return frame


CARDS = debts(("Visa", "Credit card", 4200.0, 0.249, 126.0, 252.0), ("Loan", "Personal loan", 6800.0, 0.089, 215.0, 0.0),
              ("Council tax", "Council tax", 420.0, 0.0, 35.0, 420.0))


# -- routes and the plan each implies -------------------------------------------------------------

def test_unaffordable_payments_make_a_debt_management_plan_of_what_is_left():
    c = case(2300, 1950, CARDS)  # 350 available for 376 of contractual payments
    assert c.route == "Debt management plan" and c.plan.kind == "Debt management plan"
    assert c.plan.monthly_payment == 315.0  # 350 - the council tax offer of 35
    assert c.plan.creditors["Monthly payment"].tolist() == [120.27, 194.73]
    assert c.plan.months == 35 == -(-1100000 // 31500)  # interest frozen: ceil(11,000 / 315)
    assert c.plan.priority.values.tolist() == [["Council tax", 35.0]]
    assert c.offers["Offer"].tolist() == [120.27, 194.73] and set(c.offers["Letter"]) == {"Offer"}


def test_a_large_surplus_and_one_small_arrear_is_budget_only_at_the_clients_budget():
    c = case(2550, 1950, CARDS)  # 600 available: 224 over the payments clears 672 of arrears in 3 months
    assert c.route == "Budget only" and c.plan.kind == "Self-managed plan"
    assert "clears the arrears of £672.00 in 3 months" in c.reasons[-1]
    assert c.plan.monthly_payment == 600.0 and c.offers.empty


def test_arrears_the_surplus_cannot_clear_within_the_set_months_make_a_plan():
    c = case(2320, 1950, CARDS)  # 370 available: surplus 370 - 376 < 0 -> unaffordable anyway
    assert c.route == "Debt management plan"
    c = case(2400, 1950, CARDS)  # surplus 74 a month: 672 of arrears would take 10 months, more than 6
    assert c.route == "Debt management plan"
    c = case(2400, 1950, CARDS, settings={"arrears_months": 12})  # a firm that allows a year
    assert c.route == "Budget only"


def test_priority_only_debts_never_get_a_debt_management_plan():
    owed = debts(("Council tax", "Council tax", 420.0, 0.0, 35.0, 420.0), ("Energy", "Energy", 640.0, 0.0, 40.0, 640.0))
    c = case(2300, 1950, owed)
    assert c.route == "Budget only" and c.plan.kind == "Self-managed plan"
    assert "a debt management plan covers non-priority debts only" in c.reasons[0]
    assert c.offers.empty and "clears 0.00 in 0 months" not in " ".join(c.reasons)
    short = case(2000, 1950, owed)  # 50 available, 75 of priority offers
    assert short.route == "Refer for insolvency advice" and short.plan.kind == "No plan"


def test_a_deficit_promises_no_date_and_no_payment_above_the_token():
    c = case(1200, 1300, CARDS)
    assert c.route == "Refer for insolvency advice" and c.plan.kind == "Token payments"
    assert c.plan.monthly_payment == 2.0 and c.plan.creditors["Monthly payment"].tolist() == [1.0, 1.0]
    assert c.plan.months is None and c.plan.debt_free is None
    assert c.what_if is None and c.comparison.empty and len(c.balances.columns) == 1
    assert set(c.offers["Letter"]) == {"Token payment"} and c.offers["Offer"].max() == 1.0
    assert c.progress is not None and c.progress.projected_end is None
    months = c.budget.set_index("Item").loc["Months to clear non-priority debts"]
    assert pd.isna(months["Amount"]) and "no date can be given" in months["Note"]
    text = " ".join(c.sentences)
    assert "debt-free" not in text and "£100.00 a month short" in text and "What comes next:" in text
    assert "token £1.00 a month" in text  # and the formal options in the client's words, not the screening's
    assert "4. The formal options: we will check with you whether a Debt Relief Order or another of them could " \
           "help." in text and "DRO eligibility cannot be judged" in c.screening.summary


def test_consolidation_only_on_what_a_loan_can_change_and_a_real_saving():
    income = pd.DataFrame({"Source": ["Salary"], "Amount": [4000.0], "Gross": [5200.0]})
    cards = debts(("Card A", "Credit card", 9600.0, 0.279, 288.0, 0.0), ("Card B", "Credit card", 4200.0, 0.349, 126.0, 0.0))
    credit = pd.DataFrame({"Name": ["Card A", "Card B"], "Limit": [10000.0, 4500.0], "Balance": [9600.0, 4200.0]})
    c = case(income, 3300, cards, credit, monthly_budget=650)
    assert c.route == "Consolidation" and c.plan.kind == "Self-managed plan" and c.plan.monthly_payment == 650.0
    assert c.consolidation.saving >= 500 and c.consolidation.table()["Item"].tolist() == [
        "Contractual monthly payments", "Monthly budget", "Months to clear", "Debt-free", "Total interest"]
    # The same cards with a firm's minimum saving above what the loan saves: keep to the budget.
    kept = case(income, 3300, cards, credit, monthly_budget=650, settings={"consolidation_saving": 100000})
    assert kept.route == "Budget only" and "a consolidation loan would save only" in kept.reasons[-1]
    # Housing costs over the back-end ratio: a loan cannot change them, so no consolidation.
    housing = pd.DataFrame({"Category": ["Rent"], "Amount": [2500.0]})
    owed = debts(("Card A", "Credit card", 2000.0, 0.199, 60.0, 0.0))
    c = case(income, housing, owed)
    assert c.assessment.set_index("Metric").loc["Back-end DTI", "Flag"] is not None and c.route == "Budget only"


def test_a_long_plan_with_a_lump_sum_is_a_settlement_else_insolvency_advice():
    owed = debts(("Visa", "Credit card", 20000.0, 0.249, 600.0, 600.0), ("Loan", "Personal loan", 10000.0, 0.09, 300.0, 0.0))
    c = case(2000, 1800, owed, lump_sum=15000)
    assert c.route == "Settlement" and c.plan.monthly_payment == 15000.0
    assert c.offers["Offer"].tolist() == [10000.0, 5000.0] and c.plan.debt_free == date(2026, 12, 1)
    c = case(2000, 1800, owed)
    assert c.route == "Refer for insolvency advice" and c.plan.kind == "Interim payments"
    assert c.plan.debt_free is None and c.offers["Offer"].tolist() == [133.33, 66.67]


def test_the_typed_budget_is_used_only_between_the_payments_and_what_is_available():
    owed = debts(("Visa", "Credit card", 3000.0, 0.199, 90.0, 0.0))
    assert case(2000, 1500, owed, monthly_budget=300).plan.monthly_payment == 300.0
    too_much = case(2000, 1500, owed, monthly_budget=800).plan
    assert too_much.monthly_payment == 500.0 and "more than the £500.00 the budget leaves" in too_much.note
    too_little = case(2000, 1500, owed, monthly_budget=50).plan
    assert too_little.monthly_payment == 500.0 and "below the contractual payments of £90.00" in too_little.note
    assert case(2000, 1500, owed).plan.monthly_payment == 500.0


def test_a_percentage_minimum_card_never_fails_the_comparison():
    owed = debts(("Card", "Credit card", 5000.0, 0.249, 5.0, 0.0), **{"Min %": [0.02]})
    c = case(1500, 1300, owed, monthly_budget=200)
    table = c.comparison.set_index("Plan")
    plan = payoff(owed[["Name", "Balance", "APR", "Minimum", "Min %"]], 200, rate_basis="effective")
    assert table.loc["minimum", "Note"] == "never clears the debts" and table.loc["avalanche", "Months"] == plan.months
    assert "Paying only the minimums would never clear these debts." in c.sentences


def test_uk_clients_plan_on_effective_rates_and_us_clients_on_nominal():
    card = debts(("Card", "Credit card", 4200.0, 0.249, 105.0, 0.0))
    uk = case(1500, 1200, card, monthly_budget=105)
    assert (uk.rate_basis, uk.currency, uk.plan.months, uk.plan.schedule.total_interest) == ("effective", "GBP", 75,
                                                                                              3612.23)
    us = case(1500, 1200, card, monthly_budget=105, country="United States")
    assert (us.rate_basis, us.currency, us.plan.months, us.plan.schedule.total_interest) == ("nominal", "USD", 87,
                                                                                              4859.49)
    assert us.sentences[1].startswith("Paying $105.00 a month")
    chosen = case(1500, 1200, card, monthly_budget=105, rate_basis="nominal")  # a firm may choose the basis
    assert chosen.plan.months == 87


def test_a_us_client_with_us_frequencies_and_debt_types():
    income = pd.DataFrame({"Source": ["Wages", "Side work"], "Amount": [1650.0, 400.0],
                           "Frequency": ["biweekly", "semimonthly"]})
    owed = debts(("Auto loan", "Auto loan", 14200.0, 0.079, 385.0, 0.0), ("Visa", "Credit card", 8600.0, 0.2499, 258.0, 516.0),
                 ("Medical", "Medical bill", 2300.0, 0.0, 75.0, 0.0),
                 Concession=[None, "Reduced rate", None], **{"Concession rate": [None, 0.08, None]})
    c = case(income, 3580, owed, country="United States")
    # 1,650 × 26 / 12 + 400 × 2 = 4,375.00 take-home; 795.00 available for 718.00 of payments and 516.00 arrears.
    assert c.assessment.set_index("Metric").loc["Monthly income (take-home)", "Value"] == 4375.0
    assert c.route == "Debt management plan" and c.plan.monthly_payment == 410.0  # 795 - the auto loan's 385
    assert c.plan.creditors["Interest assumption"].tolist() == ["interest reduced to 8.0%", "interest frozen"]
    assert c.screening.summary == "Debt Relief Orders do not apply in United States"
    assert "Chapter 7 bankruptcy" in c.screening.options["Option"].tolist()


def test_extra_payments_by_month_or_date_go_into_the_plan():
    owed = debts(("Visa", "Credit card", 3000.0, 0.0, 150.0, 150.0), ("Store", "Store card", 1000.0, 0.0, 50.0, 0.0))
    extras = pd.DataFrame({"Month": [2, None], "Date": [None, "2027-03-15"], "Amount": [400.0, 100.0]})
    c = case(1400, 1200, owed, extra_payments=extras)  # 200 a month against 200 due and 150 of arrears
    schedule = c.plan.schedule.payment_schedule
    assert schedule["Total"].tolist()[:4] == [200.0, 600.0, 200.0, 300.0]  # March 2027 is month 4
    assert c.plan.months == 18  # 4,000 less the 500 extra, at 200 a month: ceil(3,500 / 200)
    with pytest.raises(DebtDeskError, match=r"^Extra payments row 1: Date 2026-11-15 is before the plan's first"):
        case(1400, 1200, owed, extra_payments=pd.DataFrame({"Date": ["2026-11-15"], "Amount": [10.0]}))
    with pytest.raises(DebtDeskError, match=r"^Extra payments row 1: needs a Month"):
        case(1400, 1200, owed, extra_payments=pd.DataFrame({"Month": [None], "Amount": [10.0]}))


def test_no_gross_income_means_no_gross_ratios_rather_than_take_home_in_their_place():
    c = case(2000, 1500, CARDS).assessment.set_index("Metric")
    assert c.loc["Front-end DTI", "Value"] is None and c.loc["Front-end DTI", "Flag"] == "Not available: no gross income"
    assert c.loc["Monthly income (gross)", "Flag"].startswith("No gross income given")


@pytest.mark.parametrize("row, message", [
    ({"Concession": "Reduced rate"}, "debts row 1: Concession 'Reduced rate' needs the reduced APR in Concession rate"),
    ({"Concession": "Interest frozen", "Concession rate": 0.05},
     "debts row 1: Concession rate 0.05 is given but the Concession is 'Interest frozen'"),
    ({"Concession": "lower"}, "debts row 1: Concession 'lower' is not one of Interest frozen, Reduced rate, None"),
    ({"Concession rate": 12}, "debts row 1: Concession rate 12 must be at most 10 (rates are fractions: 5% is 0.05)"),
])
def test_bad_concessions_are_named(row, message):
    with pytest.raises(DebtDeskError) as caught:
        concessions(pd.DataFrame([{"Name": "Visa", "APR": 0.2, **row}]))
    assert str(caught.value).startswith(message)


# -- Debt Relief Order screening at and one unit past each limit ----------------------------------

LIMITS = defaults()
AT = {"debts": 50000.0, "surplus": 75.0, "assets": 2000.0, "vehicle": 4000.0}


def _screen(debts_total=50000.0, surplus=75.0, assets=2000.0, vehicle=4000.0, owner=False, where="England and Wales",
            settings=LIMITS):
    owed = pd.DataFrame({"Type": ["Credit card", "Student loan"], "Balance": [debts_total, 9000.0]})
    return screen(where, owed, surplus, assets, vehicle, owner, settings)


def test_dro_limits_in_force_since_28_june_2024_are_dated_editable_settings():
    assert [LIMITS[k] for k in ("dro_debts", "dro_surplus", "dro_assets", "dro_vehicle")] == [50000, 75, 2000, 4000]
    assert read_settings(pd.DataFrame({"Setting": ["DRO debt limit (England and Wales)"], "Value": [60000]}))[
        "dro_debts"] == 60000


def test_every_dro_limit_is_met_at_the_limit():
    s = _screen()
    assert s.eligible is True and s.criteria["Met"].tolist()[:5] == [True] * 5
    assert s.criteria.loc[0, "Note"] == "Not counted: Student loan (a DRO does not cover them)"
    assert s.criteria["Met"].tolist()[5:] == [None] * 4  # residence, previous DRO, other insolvency, transactions


@pytest.mark.parametrize("criterion, changed, why", [
    ("debts", dict(debts_total=50000.01), "qualifying debts £50,000.01 are over the £50,000.00 limit"),
    ("surplus", dict(surplus=75.01), "monthly surplus income £75.01 is over the £75.00 limit"),
    ("assets", dict(assets=2000.01), "assets (not counting a vehicle) £2,000.01 is over the £2,000.00 limit"),
    ("vehicle", dict(vehicle=4000.01), "vehicle value £4,000.01 is over the £4,000.00 limit"),
    ("home", dict(owner=True), "owns their home: a home is an asset far beyond the assets limit"),
])
def test_one_penny_past_a_dro_limit_rules_it_out(criterion, changed, why):
    s = _screen(**changed)
    assert s.eligible is False and s.summary == f"Not eligible for a Debt Relief Order: {why}"


def test_dro_elsewhere_scotland_northern_ireland_and_unknown_figures():
    scotland = _screen(where="Scotland")
    assert scotland.eligible is None and scotland.criteria.empty
    assert {"Minimal Asset Process bankruptcy", "Protected Trust Deed", "Debt Arrangement Scheme"} <= set(
        scotland.options["Option"])
    ni = _screen(where="Northern Ireland")
    assert ni.eligible is None and "Northern Ireland DRO limits are not set in Settings: an adviser must check" in ni.summary
    entered = {**LIMITS, "ni_dro_debts": 50000, "ni_dro_surplus": 75, "ni_dro_assets": 2000, "ni_dro_vehicle": 1000}
    assert _screen(where="Northern Ireland", settings=entered).summary.endswith(
        "vehicle value £4,000.00 is over the £1,000.00 limit")
    unknown = _screen(assets=None)
    assert unknown.eligible is None and unknown.summary.endswith("until these are recorded: assets")


# -- Breathing Space ----------------------------------------------------------------------------

def test_a_standard_breathing_space_lasts_60_days_and_moves_the_first_payment_after_it():
    bs = breathing_space("Standard", date(2026, 10, 20), AS_OF, "England and Wales")
    assert bs.end == date(2026, 10, 20) + timedelta(days=60) == date(2026, 12, 19)
    assert bs.midway_review == (date(2026, 11, 13), date(2026, 11, 23))  # days 25 to 35
    c = case(2300, 1950, CARDS, breathing_space="Standard", breathing_space_start=date(2026, 10, 20))
    assert c.plan.first_payment == date(2027, 1, 1) and set(c.offers["Letter"]) == {"Holding"}
    assert c.reasons[-1].startswith("Standard breathing space from 20 October 2026 until 19 December 2026")
    assert "You are in a breathing space until 19 December 2026" in c.sentences[1]
    ended = case(2300, 1950, CARDS, breathing_space="Standard", breathing_space_start=date(2026, 8, 1))
    assert ended.plan.first_payment == date(2026, 12, 1) and set(ended.offers["Letter"]) == {"Offer"}


def test_a_mental_health_crisis_breathing_space_pauses_the_plan_without_dates():
    c = case(2300, 1950, CARDS, breathing_space="Mental health crisis", breathing_space_start=date(2026, 10, 5))
    assert c.breathing_space.end is None and c.plan.first_payment is None and c.plan.debt_free is None
    assert c.progress is None and set(c.offers["Letter"]) == {"Holding"}
    assert "while your crisis treatment lasts and for 30 days after it ends" in c.sentences[1]


def test_instalments_due_in_a_breathing_space_are_paused_not_missed():
    payments = pd.DataFrame({"Date": ["2026-12-01"], "Paid": [315.0]})
    details = ClientDetails(as_of=AS_OF, payments_as_of=date(2027, 3, 20), breathing_space="Mental health crisis",
                            breathing_space_start=date(2027, 1, 10), breathing_space_end=date(2027, 3, 5),
                            plan_start=date(2026, 12, 1))
    c = client_case(ClientInputs(details, 2300, 1950, CARDS, payments=payments))
    # 1 January falls before the breathing space (missed); 1 February and 1 March within it (paused).
    assert c.progress.schedule["Status"].tolist()[:5] == ["Paid", "Missed", "Paused", "Paused", "Future"]
    assert c.progress.paused == 2 and c.progress.missed == 1


@pytest.mark.parametrize("kind, start, where, message", [
    ("Standard", None, "England and Wales", "Breathing Space start: is empty"),
    (None, date(2026, 10, 1), "England and Wales", "Breathing Space type: is empty but a Breathing Space start"),
    ("Holiday", date(2026, 10, 1), "England and Wales", "Breathing Space type: 'Holiday' is not one of Standard"),
    ("Standard", date(2026, 10, 1), "Northern Ireland", "Northern Ireland has no Breathing Space scheme"),
])
def test_bad_breathing_space_inputs_are_refused(kind, start, where, message):
    with pytest.raises(DebtDeskError, match=message):
        breathing_space(kind, start, AS_OF, where)
