"""The client's one page, from the case: the headline, the plan at a glance, next steps, priority
debts and where to get free advice, in the client's country's words and currency."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from debtdesk.case import ClientDetails, ClientInputs, client_case
from debtdesk.client_page import client_page

DEBTS = pd.DataFrame({"Name": ["Visa", "Loan", "Council tax"], "Type": ["Credit card", "Personal loan", "Council tax"],
                      "Balance": [4200.0, 6800.0, 420.0], "APR": [0.249, 0.089, 0.0],
                      "Minimum": [126.0, 215.0, 35.0], "Arrears": [252.0, 0.0, 420.0]})


def page(income=2300, expenses=1950, debts=DEBTS, **details):
    d = ClientDetails(as_of=date(2026, 11, 1), name="Joanne Whitfield", **details)
    return client_page(client_case(ClientInputs(d, income, expenses, debts)))


def test_a_plan_heads_the_page_with_its_debt_free_month_and_says_the_same_below():
    p = page()
    glance = dict(p.glance.values.tolist())
    assert p.headline == "Joanne Whitfield: debt-free by October 2029" and p.promises_date
    assert glance["Debt-free by"] == "October 2029, in 35 months, if your creditors agree"
    assert glance["You pay each month"] == "£315.00 from 1 December 2026"
    assert glance["You owe now"] == "£11,420.00 to 3 creditors"
    assert p.steps[1] == "Set up your payment of £315.00 a month, starting on 1 December 2026."
    assert p.steps[2] == "Keep paying your priority debts yourself every month: Council tax £35.00."


@pytest.mark.parametrize("income, headline, line", [
    (1900, "Joanne Whitfield: your budget is £50.00 a month short",
     "£50.00 short: your essential spending is more than your income"),
    (1980, "Joanne Whitfield: your budget is £5.00 a month short of your priority debts",
     "£5.00 short of your priority debts' payments"),
])
def test_a_deficit_says_what_it_is_and_what_comes_next_never_a_date(income, headline, line):
    p = page(income)
    text = " ".join([p.headline, *p.glance.iloc[:, 1], *p.steps])
    assert p.headline == headline and dict(p.glance.values.tolist())["Your budget each month"] == line
    assert "debt-free" not in text and not p.promises_date
    assert p.steps[0].startswith("Keep paying your priority debts first (Council tax)")
    assert dict(p.glance.values.tolist())["Your other creditors"] == \
        "a token £1.00 a month each, interest frozen if they agree"


@pytest.mark.parametrize("country, who", [
    ("England", ["MoneyHelper (government-backed)", "StepChange Debt Charity", "National Debtline", "Citizens Advice"]),
    ("Wales", ["MoneyHelper (government-backed)", "StepChange Debt Charity", "National Debtline", "Citizens Advice"]),
    ("Scotland", ["MoneyHelper (government-backed)", "StepChange Debt Charity", "National Debtline",
                  "Citizens Advice Scotland"]),
    ("Northern Ireland", ["MoneyHelper (government-backed)", "StepChange Debt Charity", "Advice NI"]),
    ("United States", ["Non-profit credit counseling (NFCC)", "Consumer Financial Protection Bureau",
                       "Agencies approved by the U.S. Trustee"]),
])
def test_free_advice_follows_the_country(country, who):
    p = page(country=country)
    assert p.help.iloc[:, 0].tolist() == who
    assert ("$" if country == "United States" else "£") in dict(p.glance.values.tolist())["You pay each month"]


def test_each_priority_debt_says_why_it_comes_first():
    debts = pd.concat([DEBTS, pd.DataFrame({"Name": ["Car"], "Type": ["Hire purchase (essential goods)"],
                                            "Balance": [3000.0], "APR": [0.1], "Minimum": [120.0]})])
    rows = dict(page(2600, debts=debts).priority.values.tolist())
    assert rows["Council tax"] == ("You owe £420.00; pay £35.00 a month. The council can take it from your wages or "
                                   "benefits, or send enforcement agents.")
    assert rows["Car"].endswith("The goods you need (often a car) can be taken back.")
    assert page(debts=DEBTS.iloc[:2]).priority.empty


def test_a_crisis_breathing_space_protects_and_waits_with_the_plan():
    p = page(breathing_space="Mental health crisis", breathing_space_start=date(2026, 10, 5))
    glance = dict(p.glance.values.tolist())
    assert p.headline == "Joanne Whitfield: you are protected by a breathing space" and not p.promises_date
    assert glance["Breathing space"].startswith("while your crisis treatment lasts")
    assert glance["You will pay"] == "£315.00 a month once the breathing space ends"
    assert p.steps[-1].startswith("When it ends we set up your plan of £315.00 a month")
