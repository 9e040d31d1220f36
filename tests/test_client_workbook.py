"""The client workbook: template inputs, settings and dropdowns, and the demo's output sheets
recalculated by LibreOffice to the figures of the client's case."""

from __future__ import annotations

import docx
import openpyxl
import pandas as pd
import pytest

from debtdesk.breathing_space import KINDS
from debtdesk.case import LETTERS
from debtdesk.classify import DEBT_TYPES
from debtdesk.dmp import CONCESSIONS
from debtdesk.jurisdiction import COUNTRIES
from debtdesk.macros.client import current_case
from debtdesk.macros.inputs import LOCALE_ROWS
from debtdesk.macros.strategies import SENTENCES
from debtdesk.payoff import STRATEGIES
from debtdesk.thresholds import SETTINGS
from debtdesk.workbooks.samples import sample_clients
from debtdesk.workbooks.template import FIRM_ROWS, client_workbook
from libreoffice import error_cells

CLIENTS = sample_clients()
IDS = [c["id"] for c in CLIENTS]
CASES = {c["id"]: current_case(client_workbook(c)) for c in CLIENTS}


def _validations(ws):
    return {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"}


def _listed(wb, formula):
    letter = formula.split("$")[1]
    return [c.value for c in wb["Lists"][letter] if c.value is not None]


def test_template_has_every_input_table_settings_and_dropdowns(tmp_path):
    path = client_workbook(CLIENTS[0]).save(tmp_path / "c.xlsx")
    wb = openpyxl.load_workbook(path)
    assert {"Client", "Firm", "Settings", "Income", "Expenses", "Debts", "Credit", "Payments", "Extra payments",
            "Guidelines"} <= set(wb.sheetnames)
    assert wb["Lists"].sheet_state == "hidden"
    debts = _validations(wb["Debts"])
    header = [c.value for c in wb["Debts"][1]]
    assert header[:5] == ["Name", "Legal name", "Creditor address", "Account number", "Type"]
    assert _listed(wb, debts["E2:E25"]) == list(DEBT_TYPES)  # the Type column: four debts and twenty rows to add more
    assert _listed(wb, debts["L2:L25"]) == list(CONCESSIONS)  # each debt's concession
    client = {wb["Client"]["A" + cell[1:]].value: _listed(wb, f) for cell, f in _validations(wb["Client"]).items()}
    assert client == {"Strategy": list(STRATEGIES), "Country": list(COUNTRIES),
                      "Rate basis": ["nominal", "effective"], "Home owner": ["Yes", "No"],
                      "Breathing Space type": list(KINDS), "Decimal separator": list(LOCALE_ROWS["Decimal separator"]),
                      "Date order": list(LOCALE_ROWS["Date order"])}  # the locale rows too (debtdesk.reading)
    rows = {r[0]: r[1] for r in wb["Client"].iter_rows(min_row=4, values_only=True)}
    assert (rows["Decimal separator"], rows["Date order"]) == ("point (1,234.56)", "ISO (2026-04-03)")
    assert "C2:C23" in _validations(wb["Income"]) and "C2:C28" in _validations(wb["Expenses"])
    assert "Guidelines" in _validations(wb["Expenses"])["A2:A28"]  # categories come from the Guidelines
    firm = {r[0]: r[1] for r in wb["Firm"].iter_rows(min_row=4, values_only=True)}
    assert list(firm) == list(FIRM_ROWS) and firm["Firm name"] == "Pennine Money Advice"


def test_settings_sheet_lists_every_figure_with_its_source_and_date(tmp_path):
    path = client_workbook(CLIENTS[0]).save(tmp_path / "c.xlsx")
    rows = list(openpyxl.load_workbook(path)["Settings"].iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == [s.label for s in SETTINGS]
    dro = {r[0]: r for r in rows if r[0].startswith("DRO") and "England" in r[0]}
    assert [r[1] for r in dro.values()] == [50000, 75, 2000, 4000]
    assert {r[3].date().isoformat() for r in dro.values()} == {"2024-06-28"}
    assert all("Insolvency Service" in r[2] for r in dro.values())


def test_a_changed_setting_changes_the_case(tmp_path):
    client = dict(CLIENTS[2], settings={"Token payment per creditor": 2.0})
    case = current_case(client_workbook(client))
    assert case.plan.kind == "Token payments" and case.plan.monthly_payment == 2.0 * len(case.plan.creditors)


def test_template_reopens_and_keeps_one_list_per_choice_set(tmp_path):
    from debtdesk.workbooks.filebook import FileBook
    path = client_workbook(CLIENTS[0]).save(tmp_path / "c.xlsx")
    book = FileBook(path)
    columns = book.wb["Lists"].max_column
    book.add_validation("Debts", "E2:E300", DEBT_TYPES)  # same list again: reused, not duplicated
    assert book.wb["Lists"].max_column == columns
    with pytest.raises(Exception, match="choices: is empty"):
        book.add_validation("Debts", "B2", [])
    with pytest.raises(Exception, match="colour: 'mauve' is not one of warning, caution, good"):
        book.highlight("Debts", "A2:A3", "TRUE", "mauve")


def test_demo_writes_a_letter_for_each_creditor_the_plan_writes_to(demo_out):
    for client in CLIENTS:
        case = CASES[client["id"]]
        folder = demo_out / "clients" / f"{client['id']} documents"
        wanted = case.offers["Creditor"].tolist() if case.plan.kind in LETTERS else []
        assert sorted(p.name for p in folder.glob("*.docx")) == sorted(
            f"{client['id']} {c.replace(' ', '-')}.docx" for c in wanted)
        assert sorted(p.stem for p in folder.glob("*.pdf")) == sorted(p.stem for p in folder.glob("*.docx"))
        for offer in case.offers.to_dict("records"):
            document = docx.Document(folder / f"{client['id']} {offer['Creditor'].replace(' ', '-')}.docx")
            text = "\n".join(p.text for p in document.paragraphs)
            assert client["name"] in text and offer["Legal name"] in text and case.money(offer["Offer"]) in text


def _sheet(recalculated, client, name):
    return openpyxl.load_workbook(recalculated[f"{client['id']}.xlsx"], data_only=True)[name]


def _column(ws, table, header):
    """[(first cell, cell under header)] of a table's rows and the row below (values as LibreOffice computed them)."""
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
def test_assessment_and_budget_formulas_equal_the_case(recalculated, client):
    case = CASES[client["id"]]
    sheet = dict(_column(_sheet(recalculated, client, "Assessment"), "Assessment", "Value"))
    for metric, value in zip(case.assessment["Metric"], case.assessment["Value"]):
        if isinstance(value, float):
            assert sheet[metric] == pytest.approx(value, abs=1e-9), metric
    cells = _column(_sheet(recalculated, client, "Budget"), "Budget", "Amount")
    for (item, got), want in zip(cells, case.budget["Amount"]):
        if want is not None and pd.notna(want):
            assert got == pytest.approx(want, abs=0.001), item


@pytest.mark.libreoffice
@pytest.mark.parametrize("client", CLIENTS, ids=IDS)
def test_plan_summary_progress_and_proposals_recalculate_to_the_case(recalculated, client):
    case = CASES[client["id"]]
    plan = case.plan
    ws = _sheet(recalculated, client, "Plan")
    creditors = _column(ws, "Plan", "Monthly payment")
    assert [v for _, v in creditors[:-1]] == pytest.approx(plan.creditors["Monthly payment"].tolist(), abs=0.001)
    assert creditors[-1][1] == pytest.approx(plan.creditors["Monthly payment"].sum(), abs=0.001)
    months = _column(ws, "PlanPayments", "Total")
    assert [v for _, v in months[:-1]] == pytest.approx(plan.schedule.payment_schedule["Total"].tolist(), abs=0.001)
    assert months[-1][1] == pytest.approx(plan.schedule.total_paid, abs=0.001)
    summary = _sheet(recalculated, client, "Compare")
    lines = [summary[f"A{i}"].value for i in range(SENTENCES, SENTENCES + len(case.sentences))]
    assert lines == list(case.sentences)
    if case.what_if is not None:
        budgets = [v for _, v in _column(summary, "WhatIf", "Monthly budget")[:-1]]
        assert budgets == pytest.approx([plan.monthly_payment + e for e in (0, 25, 50, 100, 200)], abs=0.001)
        saved = [v for _, v in _column(summary, "WhatIf", "Interest saved")[:-1]]
        assert saved == pytest.approx(case.what_if["Interest saved"].tolist(), abs=0.001)
    if case.progress is not None:
        got = [v for _, v in _column(_sheet(recalculated, client, "Progress"), "Progress", "Cumulative variance")[:-1]]
        want = case.progress.schedule["Cumulative variance"].tolist()
        assert [g for g, w in zip(got, want) if w is not None and pd.notna(w)] == pytest.approx(
            [w for w in want if w is not None and pd.notna(w)], abs=0.001)
    if len(case.offers):
        proposals = _sheet(recalculated, client, "Proposals")
        assert _column(proposals, "Proposals", "Share")[-1][1] == pytest.approx(1.0, abs=1e-9)
        offers = [v for _, v in _column(proposals, "Proposals", "Monthly offer")]
        assert offers[:-1] == case.offers["Offer"].tolist() and offers[-1] == pytest.approx(sum(offers[:-1]))
