"""The Client ribbon group run on real client workbooks (FileBook): every macro renders the one case."""

from __future__ import annotations

import copy
import math

import docx
import pandas as pd
import pytest

from debtdesk.case import client_case
from debtdesk.dates import add_months
from debtdesk.dmp import dmp_plan
from debtdesk.errors import DebtDeskError
from debtdesk.macros import client as client_macros
from debtdesk.macros.assess import ROUTE_COLOURS
from debtdesk.macros.client import read_inputs
from debtdesk.macros.registry import run
from debtdesk.macros.strategies import SENTENCES
from debtdesk.money import split_cents, to_cents
from debtdesk.payoff import compare, payoff
from debtdesk.route import ROUTES
from debtdesk.workbooks.samples import sample_clients
from debtdesk.workbooks.template import client_workbook

CLIENTS = sample_clients()


def _book(index=0, documents_dir=None, **changes):
    client = copy.deepcopy(CLIENTS[index])
    client.update(changes)
    return client, client_workbook(client, documents_dir=documents_dir)


def _journal(book):
    return book.read_table("Journal")["Action"].tolist()


def test_assess_client_writes_the_case_assessment_screening_and_route():
    _, book = _book(0)
    result = run("assess_client", book)
    case = client_case(read_inputs(book))
    pd.testing.assert_frame_equal(result, case.assessment)
    sheet = book.read_table("Assessment")
    assert sheet["Metric"].tolist()[: len(result)] == result["Metric"].tolist()
    assert book.read_value("Assessment", "E4") == "Debt management plan"
    # Live lines: disposable = take-home - essentials; available = that - savings - fee.
    rows = {m: i + 4 for i, m in enumerate(result["Metric"])}
    assert book.read_value("Assessment", f"B{rows['Disposable income']}") == "=B4-B6"
    assert book.read_value("Assessment", f"B{rows['Available for debts']}") == (
        f"=B{rows['Disposable income']}-B{rows['Savings contribution']}-B{rows['Debt admin fee']}")
    assert book.read_value("Assessment", f"B{rows['Plan' + chr(39) + 's monthly payment']}") == 417.63
    screening = book.read_table("Screening")
    assert screening["Criterion"].tolist()[:2] == ["Qualifying debts", "Monthly surplus income"]
    assert screening["Met"].tolist()[1] == "No"  # 472.63 a month is over the 75.00 DRO limit
    assert "Assess client" in _journal(book)
    colours = {r.dxf.fill.fgColor.rgb[-6:] for cf in book.wb["Assessment"].conditional_formatting for r in cf.rules
               if r.formula == ["TRUE"]}
    assert colours == {"FFEB9C"}  # a debt management plan is amber, never the green of "all is well"
    assert set(ROUTE_COLOURS) == set(ROUTES) and ROUTE_COLOURS["Refer for insolvency advice"] == "warning"


def test_budget_sheet_offers_sum_exactly_to_the_amount_available():
    _, book = _book(0)
    run("assess_client", book)
    budget = book.read_table("Budget")
    offers = budget.loc[budget["Item"] == "Non-priority offer", "Amount"]
    # 2,450.00 + 43.30 × 52 / 12 (187.63) = 2,637.63; - 2,165.00 essentials - 20.00 savings - 35.00
    # council tax offer = 417.63, split 4,200 : 900 : 6,800 by largest remainder.
    assert sum(to_cents(v) for v in offers) == 41763
    assert [to_cents(v) for v in offers] == split_cents(41763, [4200, 900, 6800]) == [14740, 3158, 23865]
    months = budget.loc[budget["Item"] == "Months to clear non-priority debts", "Amount"].iloc[0]
    assert months == 29  # the plan's months, with the personal loan at its reduced 3 %


def test_build_plan_writes_the_debt_management_plan_reconciling_to_the_cent():
    client, book = _book(0)
    totals = run("build_plan", book)
    debts = pd.DataFrame(client["debts"][:3])
    engine = dmp_plan(debts, 417.63, {"Visa card": 0, "Store card": 0, "Personal loan": 0.03},
                      start_date="2026-12-01", rate_basis="effective", extra_payments={5: 250})
    assert totals["plan"] == {"kind": "Debt management plan", "monthly_payment": 417.63, "months": engine.months,
                              "total_interest": engine.total_interest, "total_paid": engine.total_paid}
    plan = book.read_table("Plan")
    assert plan["Creditor"].tolist() == ["Visa card", "Store card", "Personal loan"]
    assert plan["Monthly payment"].tolist() == [147.40, 31.58, 238.65]
    assert plan["Interest assumption"].tolist() == ["interest frozen", "interest frozen", "interest reduced to 3.0%"]
    paid = sum(to_cents(v) for v in plan["Total paid"])
    assert paid == sum(to_cents(b) for b in debts["Balance"]) + to_cents(engine.total_interest)
    payments = book.read_table("PlanPayments")
    assert len(payments) == engine.months
    assert payments["Visa card"].iloc[4] == 235.64  # month 5 carries the 250.00 tax refund, shared pro rata
    assert "Schedule" in book.sheet_names()  # the loan schedule is still built


def test_compare_strategies_summary_matches_the_engine_at_the_one_budget():
    client, book = _book(1)
    out = run("compare_strategies", book)
    debts = pd.DataFrame(client["debts"])[["Name", "Balance", "APR", "Minimum"]]
    engine = compare(debts, 1000, "effective").set_index("Strategy")  # the typed budget, within what is available
    table = out["comparison"].set_index("Plan")
    strategies = ["avalanche", "snowball", "custom", "highest_interest", "cash_flow_index", "minimum"]
    assert list(table.index) == ["Highest interest rate first (your plan)", "Smallest balance first",
                                 "In the order listed", "Largest monthly interest first",
                                 "Smallest balance per pound of minimum first", "Minimum payments only"]
    for strategy, label in zip(strategies, table.index):  # the client reads words, the figures are the engine's
        assert table.loc[label, "Total interest"] == engine.loc[strategy, "Total interest"], strategy
    plan = payoff(debts, 1000, "avalanche", "2027-01-01", rate_basis="effective")
    sentences = [book.read_value("Compare", f"A{row}") for row in range(SENTENCES, SENTENCES + 8)]
    first = sentences[1]
    assert first == (f"Paying £1,000.00 a month (highest interest rate first), you will be debt-free in "
                     f"{plan.months} months, by {plan.date_of(plan.months):%B %Y}.")
    assert "Your budget of £1,000.00; the budget leaves £1,227.88 for debts" in " ".join(filter(None, sentences))
    assert out["page"].headline == f"Priya Shah: debt-free by {plan.date_of(plan.months):%B %Y}"
    months = [m for m in out["what_if"]["Months"]]
    assert months == sorted(months, reverse=True) and months[0] == plan.months
    balances = out["balances"]
    assert balances.iloc[0, 1:].tolist() == [sum(debts["Balance"])] * (balances.shape[1] - 1)
    assert (balances.iloc[-1, 1:] == 0).all()
    assert len(book.wb["Summary"]._charts) == 1


@pytest.mark.parametrize("index, owed, opening", [(0, "Owed to your non-priority creditors", 11_900.00),
                                                  (1, "Total owed", 25_740.00)])
def test_the_balance_curves_say_whose_balances_they_add_up(index, owed, opening):
    """C-1001's debt management plan covers her three non-priority creditors (£11,900.00 of the £12,320.00 the
    Summary says she owes; council tax arrears are paid beside it), so its curves say so; C-1002's self-managed
    plan pays every debt, so its curves are the total owed."""
    _, book = _book(index)
    out = run("compare_strategies", book)
    assert out["balances"].iloc[0, 1:].tolist() == [opening] * (out["balances"].shape[1] - 1)
    titles = [c.value for row in book.wb["Compare"].iter_rows(max_col=1) for c in row
              if isinstance(c.value, str) and c.value.endswith("at the end of each month")]
    assert titles == [f"{owed} at the end of each month"]
    charts = book.wb["Summary"]._charts + book.wb["Compare"]._charts
    assert [chart.y_axis.title.tx.rich.p[0].r[0].t for chart in charts] == [owed, owed]


def test_record_payments_progress_against_the_case_plan():
    _, book = _book(0)
    result = run("record_payments", book)
    case = client_case(read_inputs(book))
    assert result.schedule["Status"].tolist()[:3] == ["Paid", "Part paid", "Future"]
    assert result.schedule["Planned"].tolist()[:5] == [417.63, 417.63, 417.63, 417.63, 667.63]  # + the tax refund
    assert result.schedule["Cumulative variance"].tolist()[1] == -67.63  # 350.00 paid of 417.63
    final = case.plan.schedule.payment_schedule["Total"].iloc[-1]
    assert result.projected_end == add_months(case.plan.debt_free, math.ceil(67.63 / final))
    assert book.read_value("Progress", "D5") == "=C5-B5" and book.read_value("Progress", "E5") == "=E4+D5"
    assert book.read_value("Progress", "D6") is None  # not yet due: no variance
    assert "Record payments" in _journal(book)


def test_creditor_proposals_write_the_case_offers_as_letters(tmp_path):
    client, book = _book(0, documents_dir=tmp_path / "letters")
    found = run("creditor_proposals", book)
    sheet = book.read_table("Proposals")
    assert sheet["Creditor"].tolist() == ["Visa card", "Store card", "Personal loan"]  # council tax is priority
    assert sheet["Letter"].tolist() == ["C-1001 Visa-card.docx", "C-1001 Store-card.docx", "C-1001 Personal-loan.docx"]
    assert [p.offer for p in found] == [147.40, 31.58, 238.65]
    letter = docx.Document(tmp_path / "letters" / "C-1001 Personal-loan.docx")
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Calder Valley Bank plc" in text and "CVB 0041 8827" in text and "Pennine Money Advice" in text
    assert "We therefore offer £238.65 a month, 57.14% of the amount available, from 1 December 2026" in text
    assert "We ask you to reduce the interest rate to 3.0% while the plan is kept" in text


def test_a_self_managed_plan_sends_no_letters_and_says_why(tmp_path):
    _, book = _book(1, documents_dir=tmp_path / "letters")
    assert run("creditor_proposals", book) == []
    assert not (tmp_path / "letters").exists()
    assert "no proposal is sent" in book.read_value("Proposals", "A6")


def test_breathing_space_letters_hold_action(tmp_path):
    _, book = _book(2, documents_dir=tmp_path / "letters")
    found = run("creditor_proposals", book)
    assert {p.kind for p in found} == {"Holding"}
    text = "\n".join(p.text for p in docx.Document(tmp_path / "letters" / "C-1003 Catalogue.docx").paragraphs)
    assert "standard breathing space under the Debt Respite Scheme from 20 October 2026 until 19 December 2026" in text
    assert "a token payment of £1.00 a month from 15 January 2027" in text


def test_creditor_proposals_without_a_folder_say_so():
    _, book = _book(0)
    run("creditor_proposals", book)
    assert any("save the workbook first" in m for m in book.messages)
    assert book.read_table("Proposals")["Letter"].isna().all()


def test_regenerate_computes_the_case_once_and_every_step_renders_it(monkeypatch):
    calls = []

    def counted(inputs):
        calls.append(inputs.details.client_id)
        return client_case(inputs)

    monkeypatch.setattr(client_macros, "client_case", counted)
    _, book = _book(0)
    run("regenerate", book)
    assert calls == ["C-1001"]
    run("build_plan", book)  # one ribbon button on its own computes the case for itself
    assert calls == ["C-1001", "C-1001"]


def _set(book, label, value):
    table = book.read_table("Client")
    row = table.index[table["Input"] == label][0] + 3
    book.write_value("Client", f"B{row}", value)


@pytest.mark.parametrize("label, value, button, expected", [
    ("Strategy", "zigzag", "compare_strategies", "Client Strategy: 'zigzag' is not one of avalanche, snowball"),
    ("Monthly budget", "lots", "build_plan", "Client: Monthly budget 'lots' is not a number"),
    ("As of", "someday", "assess_client", "Client: 'someday' is not a date (expected YYYY-MM-DD"),
    ("Savings contribution", -5, "assess_client", "Client: Savings contribution -5 must be at least 0"),
    ("Country", "UK", "assess_client", "Country: 'UK' is not specific enough: debt solutions differ between England"),
    ("Rate basis", "monthly", "build_plan", "Rate basis: 'monthly' is not one of nominal, effective"),
    ("Home owner", "perhaps", "assess_client", "Client: Home owner 'perhaps' is not yes or no"),
    ("Breathing Space type", "Standard", "assess_client",
     "Breathing Space start: is empty (expected the date the standard breathing space started)"),
])
def test_bad_client_inputs_are_refused_with_the_input_named(label, value, button, expected):
    _, book = _book(0)
    _set(book, label, value)
    with pytest.raises(DebtDeskError) as error:
        run(button, book)
    assert expected in str(error.value)


def test_bad_debt_rows_are_named():
    _, book = _book(0)
    book.write_value("Debts", "E3", "Spaceship")
    with pytest.raises(DebtDeskError, match=r"debts row 2: Type 'Spaceship' is not a known debt type"):
        run("assess_client", book)
    _, book = _book(0)
    book.write_value("Debts", "L2", "maybe")
    with pytest.raises(DebtDeskError, match=r"debts row 1: Concession 'maybe' is not one of Interest frozen, "
                                            r"Reduced rate, None"):
        run("build_plan", book)


def test_no_debts_means_no_plan_and_a_message():
    client = copy.deepcopy(CLIENTS[0])
    client["debts"], client["payments"], client["extra_payments"] = [], [], []
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


def test_a_summary_of_the_earlier_layout_gives_its_tables_to_the_compare_sheet():
    """Workbooks written before the Summary became the client's page hold the comparison tables on
    the Summary; Compare strategies (and Regenerate) moves them, with no clash of table names."""
    from debtdesk.macros.book import TableSpec

    _, book = _book(0)
    book.write_table("Summary", pd.DataFrame({"Plan": ["avalanche"], "Months": [29]}), TableSpec("Compare"))
    book.write_table("Summary", pd.DataFrame({"Month": [0], "avalanche": [100.0]}),
                     TableSpec("Balances", anchor="A10", replace_sheet=False))
    run("compare_strategies", book)
    assert sorted(book.wb["Summary"].tables) == ["FreeAdvice", "Glance", "NextSteps", "PriorityDebts"]
    assert sorted(book.wb["Compare"].tables) == ["Balances", "Compare", "Utilisation", "WhatIf"]
    assert book.wb.sheetnames[:2] == ["Summary", "Compare"] and len(book.wb["Summary"]._charts) == 1
