"""The Client ribbon group run on real client workbooks (FileBook), against the engine."""

from __future__ import annotations

import copy
import math

import docx
import pandas as pd
import pytest

from debtdesk.assess import assess
from debtdesk.dates import add_months
from debtdesk.errors import DebtDeskError
from debtdesk.macros.registry import run
from debtdesk.macros.strategies import balance_curves, what_if
from debtdesk.money import to_cents
from debtdesk.payoff import compare, payoff
from debtdesk.workbooks.samples import sample_clients
from debtdesk.workbooks.template import client_workbook

CLIENTS = sample_clients()


def _book(index=0, documents_dir=None, **changes):
    client = copy.deepcopy(CLIENTS[index])
    client.update(changes)
    return client, client_workbook(client, documents_dir=documents_dir)


def _frames(client):
    return (pd.DataFrame(client["income"]), pd.DataFrame(client["expenses"]), pd.DataFrame(client["debts"]))


def _journal(book):
    return book.read_table("Journal")["Action"].tolist()


def test_assess_client_writes_the_engine_assessment_and_highlights_flags():
    client, book = _book(0)
    result = run("assess_client", book)
    income, expenses, debts = _frames(client)
    engine = assess(income, expenses, debts, pd.DataFrame(client["credit"]), pd.DataFrame(client["guidelines"]))
    pd.testing.assert_frame_equal(result, engine)
    sheet = book.read_table("Assessment")
    assert sheet["Metric"].tolist() == engine["Metric"].tolist()
    assert book.read_value("Assessment", "E4") == "Debt management plan"
    # Disposable income is live: take-home minus essential expenses.
    row = sheet.index[sheet["Metric"] == "Disposable income"][0] + 3
    assert book.read_value("Assessment", f"B{row}") == f"=B4-B6"
    assert "Assess client" in _journal(book)
    rules = book.wb["Assessment"].conditional_formatting
    assert any("LEN($C4)>0" in r.formula[0] for cf in rules for r in cf.rules)


def test_budget_sheet_offers_sum_exactly_to_the_amount_available():
    _, book = _book(0)
    run("assess_client", book)
    budget = book.read_table("Budget")
    offers = budget.loc[budget["Item"] == "Non-priority offer", "Amount"]
    # 2,560.93 - 1,705.00 - 20.00 savings - 35.00 council tax offer = 800.93
    assert sum(to_cents(v) for v in offers) == 80093
    assert offers.tolist() == [282.68, 60.58, 457.67]  # 4,200 : 900 : 6,800 of 800.93, largest remainder


def test_build_plan_writes_plan_sheet_reconciling_to_the_cent():
    client, book = _book(0)
    totals = run("build_plan", book)
    debts = pd.DataFrame(client["debts"])
    plan = payoff(debts, client["monthly_budget"], client["strategy"], client["plan_start"])
    assert totals["plan"] == {"months": plan.months, "total_interest": plan.total_interest, "total_paid": plan.total_paid}
    summary = book.read_table("Plan")
    assert summary["Debt"].tolist() == debts["Name"].tolist()
    paid = sum(to_cents(v) for v in summary["Total paid"])
    assert paid == sum(to_cents(b) for b in debts["Balance"]) + to_cents(plan.total_interest)
    payments = book.read_table("PlanPayments")
    assert len(payments) == plan.months
    assert str(book.read_value("Plan", f"G{14}")).startswith("=SUM(C14:F14)")
    assert "Schedule" in book.sheet_names()  # the loan schedule is still built


def test_compare_strategies_summary_matches_the_engine_and_reads_plainly():
    client, book = _book(1)
    out = run("compare_strategies", book)
    debts = pd.DataFrame(client["debts"])
    engine = compare(debts, client["monthly_budget"])
    assert out["comparison"]["Strategy"].tolist() == engine["Strategy"].tolist()
    assert out["comparison"]["Total interest"].tolist() == engine["Total interest"].tolist()
    plan = payoff(debts, client["monthly_budget"], "snowball", client["plan_start"])
    minimum = engine.set_index("Strategy").loc["minimum"]
    first, _, third, fourth = out["sentences"]
    assert f"debt-free in {plan.months} months, by {plan.date_of(plan.months):%B %Y}" in first
    saved = round(minimum["Total interest"] - plan.total_interest, 2)
    assert f"this plan saves you {saved:,.2f}" in third
    months = out["what_if"]["Months"].tolist()
    assert months == sorted(months, reverse=True) and months[0] == plan.months
    balances = out["balances"]
    assert balances.iloc[0, 1:].tolist() == [sum(debts["Balance"])] * (balances.shape[1] - 1)
    assert (balances.iloc[-1, 1:] == 0).all()
    assert len(book.wb["Summary"]._charts) == 1


def test_what_if_worked_by_hand():
    # 1,000 at 24% (min 50) and 500 at 6% (min 25), avalanche. At 325 a month: month 1
    # interest 20.00 + 2.50; the card takes 275.00 -> 745.00 ... cleared in month 4, the
    # loan in month 5; interest 20+2.50+14.40+2.39+8.69+2.27+2.86+2.16+1.28 = 56.55.
    debts = pd.DataFrame({"Name": ["Card", "Loan"], "Balance": [1000, 500], "APR": [0.24, 0.06], "Minimum": [50, 25]})
    table = what_if(debts, 300, "avalanche", "2026-01-01")
    assert table.loc[1, ["Monthly budget", "Months", "Total interest"]].tolist() == [325, 5, 56.55]
    assert table.loc[1, "Interest saved"] == round(60.4 - 56.55, 2)
    assert table.loc[1, "Debt-free date"] == add_months(pd.Timestamp("2026-01-01").date(), 4)


def test_balance_curves_pad_cleared_strategies_with_zero():
    debts = pd.DataFrame({"Name": ["Card"], "Balance": [100], "APR": [0.0], "Minimum": [40]})
    curves = balance_curves(debts, 60, pd.DataFrame({"Strategy": ["avalanche", "minimum"], "Months": [2, 3]}), None)
    assert curves["avalanche"].tolist() == [100, 40, 0, 0] and curves["minimum"].tolist() == [100, 60, 20, 0]


def test_record_payments_progress_against_the_plan():
    client, book = _book(0)
    result = run("record_payments", book)
    plan = payoff(pd.DataFrame(client["debts"]), 820, "avalanche", "2026-12-01")
    assert result.schedule["Status"].tolist()[:3] == ["Paid", "Part paid", "Future"]
    assert result.schedule["Cumulative variance"].tolist()[1] == -120.0
    final = plan.payment_schedule["Total"].iloc[-1]
    assert result.projected_end == add_months(plan.date_of(plan.months), math.ceil(120 / final))
    assert book.read_value("Progress", "D5") == "=C5-B5" and book.read_value("Progress", "E5") == "=E4+D5"
    assert book.read_value("Progress", "D6") is None  # not yet due: no variance
    assert "Record payments" in _journal(book)


def test_creditor_proposals_write_sheet_and_letters(tmp_path):
    client, book = _book(2, documents_dir=tmp_path / "letters")
    found = run("creditor_proposals", book)
    sheet = book.read_table("Proposals")
    assert sheet["Creditor"].tolist() == ["Payday loan", "Credit card"]  # energy arrears is priority
    assert sheet["Letter"].tolist() == ["C-1003 Payday-loan.docx", "C-1003 Credit-card.docx"]
    offers = [p.offer for p in found]
    # 980 + 160 × 52/12 (693.33) - 950 essentials - 20 energy offer = 703.33, split 600 : 2,100
    assert offers == [156.30, 547.03] and sum(to_cents(o) for o in offers) == 70333
    letter = docx.Document(tmp_path / "letters" / "C-1003 Credit-card.docx")
    text = "\n".join(p.text for p in letter.paragraphs)
    assert client["name"] in text and f"We therefore offer {offers[1]:,.2f} a month" in text


def test_creditor_proposals_without_a_folder_say_so():
    _, book = _book(0)
    run("creditor_proposals", book)
    assert any("save the workbook first" in m for m in book.messages)
    assert book.read_table("Proposals")["Letter"].isna().all()


def _set(book, label, value):
    table = book.read_table("Client")
    row = table.index[table["Input"] == label][0] + 3
    book.write_value("Client", f"B{row}", value)


@pytest.mark.parametrize("label, value, button, expected", [
    ("Strategy", "zigzag", "compare_strategies", "Client Strategy: 'zigzag' is not one of avalanche, snowball"),
    ("Monthly budget", "lots", "build_plan", "Client: Monthly budget 'lots' is not a number"),
    ("Monthly budget", 100, "build_plan", "monthly_budget: 100.00 is below the sum of the minimum payments"),
    ("As of", "someday", "assess_client", "Client: 'someday' is not a date (expected YYYY-MM-DD"),
    ("Savings contribution", -5, "assess_client", "Client: Savings contribution -5 must be at least 0"),
])
def test_bad_client_inputs_are_refused_with_the_input_named(label, value, button, expected):
    _, book = _book(0)
    _set(book, label, value)
    with pytest.raises(DebtDeskError) as error:
        run(button, book)
    assert expected in str(error.value)


def test_bad_debt_row_is_named():
    _, book = _book(0)
    book.write_value("Debts", "B3", "Spaceship")
    with pytest.raises(DebtDeskError, match=r"debts row 2: Type 'Spaceship' is not a known debt type"):
        run("assess_client", book)


def test_no_debts_means_no_plan_and_a_message():
    client = copy.deepcopy(CLIENTS[0])
    client["debts"], client["payments"] = [], []
    book = client_workbook(client)
    assert "plan" not in run("build_plan", book)
    run("compare_strategies", book)
    assert any("no debts" in m for m in book.messages)


@pytest.mark.parametrize("label, first_date", [("Start date", "2027-01-01"), ("First payment", "2026-12-01"),
                                               ("First payment date", "2026-12-01")])
def test_loan_first_payment_is_the_first_payment_date_not_the_loan_start(label, first_date):
    client = copy.deepcopy(CLIENTS[0])
    loan = {k: v for k, v in client["loan"].items() if k != "Start date"}
    client["loan"] = {**loan, label: "2026-12-01"}
    book = client_workbook(client)
    run("build_plan", book)
    schedule = book.read_table("Schedule")
    assert pd.Timestamp(schedule["Date"].iloc[0]).date().isoformat() == first_date
    assert len(schedule) == client["loan"]["Term (months)"]
