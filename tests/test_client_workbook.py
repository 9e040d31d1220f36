"""The client workbook: template inputs and dropdowns, and the demo's output sheets
recalculated by LibreOffice to the engine's numbers."""

from __future__ import annotations

import docx
import openpyxl
import pandas as pd
import pytest

from debtdesk.assess import assess
from debtdesk.budget import budget
from debtdesk.classify import DEBT_TYPES
from debtdesk.payoff import STRATEGIES, compare, payoff
from debtdesk.progress import progress
from debtdesk.workbooks.samples import sample_clients
from debtdesk.workbooks.template import client_workbook
from libreoffice import error_cells

CLIENTS = sample_clients()
IDS = [c["id"] for c in CLIENTS]


def _validations(ws):
    return {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}


def test_template_has_every_input_table_and_dropdowns(tmp_path):
    path = client_workbook(CLIENTS[0]).save(tmp_path / "c.xlsx")
    wb = openpyxl.load_workbook(path)
    assert {"Client", "Income", "Expenses", "Debts", "Credit", "Payments", "Guidelines"} <= set(wb.sheetnames)
    lists = wb["Lists"]
    assert lists.sheet_state == "hidden"
    columns = {tuple(c.value for c in col if c.value is not None) for col in lists.iter_cols()}
    assert tuple(DEBT_TYPES) in columns and tuple(STRATEGIES) in columns
    debts = _validations(wb["Debts"])
    assert list(debts) == ["B2:B200"]  # the Type column
    column = openpyxl.utils.column_index_from_string(debts["B2:B200"].split("$")[1])
    assert [c.value for c in lists[openpyxl.utils.get_column_letter(column)]][: len(DEBT_TYPES)] == list(DEBT_TYPES)
    client = {wb["Client"]["A" + cell[1:]].value: cell for cell in _validations(wb["Client"])}
    assert sorted(client) == ["Date order", "Decimal separator", "Strategy"]  # the locale rows too (debtdesk.reading)
    assert wb["Client"][client["Strategy"]].value == CLIENTS[0]["strategy"]
    assert (wb["Client"][client["Decimal separator"]].value, wb["Client"][client["Date order"]].value) == \
        ("point (1,234.56)", "ISO (2026-04-03)")
    assert "C2:C200" in _validations(wb["Income"]) and "C2:C200" in _validations(wb["Expenses"])


def test_template_reopens_and_keeps_one_list_per_choice_set(tmp_path):
    from debtdesk.workbooks.filebook import FileBook
    path = client_workbook(CLIENTS[0]).save(tmp_path / "c.xlsx")
    book = FileBook(path)
    book.add_validation("Debts", "B2:B300", DEBT_TYPES)  # same list again: reused, not duplicated
    assert book.wb["Lists"].max_column == 6  # strategies, decimal separators, date orders, debt types, frequencies, yes/no
    with pytest.raises(Exception, match="choices: is empty"):
        book.add_validation("Debts", "B2", [])
    with pytest.raises(Exception, match="colour: 'mauve' is not one of warning, caution, good"):
        book.highlight("Debts", "A2:A3", "TRUE", "mauve")


def test_demo_writes_letters_for_every_non_priority_creditor(demo_out):
    for client in CLIENTS:
        folder = demo_out / "clients" / f"{client['id']} documents"
        debts = pd.DataFrame(client["debts"])
        allocation = budget(pd.DataFrame(client["income"]), pd.DataFrame(client["expenses"]), debts,
                            client["savings"], client["fee"])
        offers = allocation[allocation["Item"] == "Non-priority offer"]
        assert sorted(p.name for p in folder.glob("*.docx")) == sorted(
            f"{client['id']} {c.replace(' ', '-')}.docx" for c in offers["Creditor"])
        for creditor, offer in zip(offers["Creditor"], offers["Amount"]):
            document = docx.Document(folder / f"{client['id']} {creditor.replace(' ', '-')}.docx")
            text = "\n".join(p.text for p in document.paragraphs)
            assert client["name"] in text and f"offer {offer:,.2f} a month" in text


def _sheet(recalculated, client, name):
    return openpyxl.load_workbook(recalculated[f"{client['id']}.xlsx"], data_only=True)[name]


def _column(ws, table, header):
    """{first cell: cell under header} of a table's rows (values as LibreOffice computed them)."""
    tab = ws.tables[table]
    min_col, min_row, max_col, max_row = openpyxl.utils.range_boundaries(tab.ref)
    names = [ws.cell(row=min_row, column=c).value for c in range(min_col, max_col + 1)]
    col = min_col + names.index(header)
    return [(ws.cell(row=r, column=min_col).value, ws.cell(row=r, column=col).value) for r in range(min_row + 1, max_row + 2)]


@pytest.mark.libreoffice
@pytest.mark.parametrize("client", CLIENTS, ids=IDS)
def test_client_workbook_recalculates_without_error_cells(recalculated, client):
    assert error_cells(recalculated[f"{client['id']}.xlsx"]) == []


@pytest.mark.libreoffice
@pytest.mark.parametrize("client", CLIENTS, ids=IDS)
def test_assessment_and_budget_formulas_equal_the_engine(recalculated, client):
    income, expenses, debts = (pd.DataFrame(client[k]) for k in ("income", "expenses", "debts"))
    engine = assess(income, expenses, debts, pd.DataFrame(client["credit"]), pd.DataFrame(client["guidelines"]))
    sheet = dict(_column(_sheet(recalculated, client, "Assessment"), "Assessment", "Value"))
    for metric, value in zip(engine["Metric"], engine["Value"]):
        if isinstance(value, float):
            assert sheet[metric] == pytest.approx(value, abs=1e-9), metric
    allocation = budget(income, expenses, debts, client["savings"], client["fee"])
    cells = _column(_sheet(recalculated, client, "Budget"), "Budget", "Amount")
    for (item, got), want in zip(cells, allocation["Amount"]):
        if want is not None and pd.notna(want):
            assert got == pytest.approx(want, abs=0.001), item


@pytest.mark.libreoffice
@pytest.mark.parametrize("client", CLIENTS, ids=IDS)
def test_plan_summary_progress_and_proposals_recalculate_to_engine_figures(recalculated, client):
    debts = pd.DataFrame(client["debts"])
    plan = payoff(debts, client["monthly_budget"], client["strategy"], client["plan_start"])
    ws = _sheet(recalculated, client, "Plan")
    total = dict(_column(ws, "Plan", "Interest paid"))["Total"]
    assert total == pytest.approx(plan.total_interest, abs=0.001)
    months = _column(ws, "PlanPayments", "Total")
    assert [v for _, v in months[:-1]] == pytest.approx(plan.payment_schedule["Total"].tolist(), abs=0.001)
    assert months[-1][1] == pytest.approx(plan.total_paid, abs=0.001)

    summary = _sheet(recalculated, client, "Summary")
    engine = compare(debts, client["monthly_budget"])
    assert [v for _, v in _column(summary, "Compare", "Total interest")[:-1]] == engine["Total interest"].tolist()
    budgets = [v for _, v in _column(summary, "WhatIf", "Monthly budget")[:-1]]
    assert budgets == [client["monthly_budget"] + e for e in (0, 25, 50, 100, 200)]
    saved = [v for _, v in _column(summary, "WhatIf", "Interest saved")[:-1]]
    interest = [payoff(debts, b, client["strategy"]).total_interest for b in budgets]
    assert saved == pytest.approx([interest[0] - i for i in interest], abs=0.001)

    actual = pd.DataFrame(client["payments"], columns=["Month", "Date", "Paid"])
    result = progress(pd.DataFrame({"Due": plan.payment_schedule["Date"], "Planned": plan.payment_schedule["Total"]}),
                      actual, client.get("progress_as_of") or client["as_of"])
    got = [v for _, v in _column(_sheet(recalculated, client, "Progress"), "Progress", "Cumulative variance")[:-1]]
    want = result.schedule["Cumulative variance"].tolist()
    assert [g for g, w in zip(got, want) if w is not None and pd.notna(w)] == pytest.approx(
        [w for w in want if w is not None and pd.notna(w)], abs=0.001)

    proposals = _sheet(recalculated, client, "Proposals")
    shares = _column(proposals, "Proposals", "Share")
    assert shares[-1][1] == pytest.approx(1.0, abs=1e-9)
    months = dict(_column(proposals, "Proposals", "Months to clear"))
    offers = dict(_column(proposals, "Proposals", "Monthly offer"))
    balances = dict(_column(proposals, "Proposals", "Balance"))
    for creditor in [c for c in months if c != "Total"]:
        assert months[creditor] == -(-round(balances[creditor] * 100) // round(offers[creditor] * 100))


@pytest.mark.libreoffice
def test_injected_client_name_stays_text_on_every_output_sheet(recalculated):
    client = CLIENTS[2]
    wb = openpyxl.load_workbook(recalculated["C-1003.xlsx"], data_only=True)
    assert wb["Assessment"]["A1"].value.endswith(f"{client['name']} as of 01 Nov 2026")
    assert wb["Summary"]["A1"].value == f"Your debt plan: {client['name']}"
    assert wb["Proposals"]["A1"].value.endswith(client["name"])
