"""The demo collections workbook tells one story: read back from the file, and as LibreOffice recalculates it.

Ageing, Ageing detail, Statements, Worklist, Dunning, KPIs and Dashboard are rendered from one
ledger state, so they agree to the cent; the KPIs' native formulas give the engine's figures;
the Dashboard's headline cells are the KPIs sheet's cells.
"""

from __future__ import annotations

import openpyxl
import pytest

import debtdesk.macros  # noqa: F401
from debtdesk.macros.registry import run
from debtdesk.money import to_cents
from debtdesk.workbooks.samples import sample_collections_workbook
from libreoffice import error_cells

INPUTS = ["Settings", "Ledger", "Payments", "Customers", "Contacts", "Promises", "Disputes", "DunningHistory",
          "New contact"]
OUTPUTS = ["Ageing", "Ageing detail", "Statements", "Worklist", "Worklist Sarah Whitaker", "Worklist Daniel Okafor",
           "Dunning", "KPIs", "Dashboard", "AgeingHistory", "Journal"]


def table(ws, name: str) -> list[dict]:
    """The rows of an Excel table on ``ws`` as dicts."""
    rows = [[c.value for c in row] for row in ws[ws.tables[name].ref]]
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def cents(value) -> int:
    return to_cents(value or 0.0)


@pytest.fixture(scope="module")
def written(demo_out):
    return openpyxl.load_workbook(demo_out / "collections.xlsx")


def test_demo_workbook_has_every_sheet_table_chart_and_format(written):
    assert set(INPUTS + OUTPUTS) <= set(written.sheetnames)
    tables = {name for ws in written.worksheets for name in ws.tables}
    assert {"Settings", "DunningLevels", "LossRates", "ReferenceRates", "KPITargets", "ColumnMap", "Ledger", "Payments",
            "Customers", "Contacts", "Promises", "Disputes", "DunningHistory", "NewContact", "Ageing", "AgeingDetail",
            "StatementSummary", "StatementLines", "Worklist", "Dunning", "KPIInputs", "KPI", "Allowance", "RollRates",
            "Headline", "Buckets", "MonthEndAgeing", "DashKeptRate", "KeptRate", "AgeingHistory", "Journal"} <= tables
    assert len(written["Dashboard"]._charts) == 3
    rules = {str(r.sqref): [x.formula for x in r.rules] for r in written["Ageing"].conditional_formatting}
    oldest = written["Ageing"][written["Ageing"].tables["Ageing"].ref.split(":")[0][0] + "3"].value
    assert oldest == "Customer" and rules.pop("A2") == [['LEFT(A2,11)="Out of date"']]  # red once out of date
    assert list(rules.values()) == [[["F4>0"]]]  # the 91+ column, red where it holds money
    assert written["Ledger"]["D2"].number_format == "d mmm yyyy"  # dates written out
    assert written["Ledger"]["E2"].number_format == '"£"#,##0.00;[Red]-"£"#,##0.00'  # the Settings' currency


def test_every_sheet_agrees_to_the_cent(written):
    ageing = {r["Customer"]: r for r in table(written["Ageing"], "Ageing")}
    summary = {r["Customer"]: r for r in table(written["Statements"], "StatementSummary")}
    lines = table(written["Statements"], "StatementLines")
    detail = table(written["Ageing detail"], "AgeingDetail")
    worklist = {r["Customer"]: r for r in table(written["Worklist"], "Worklist")}
    dunning = {r["Customer"]: r for r in table(written["Dunning"], "Dunning")}
    inputs = {r["Input"]: r["Value"] for r in table(written["KPIs"], "KPIInputs")}
    assert set(ageing) == set(summary) and len(ageing) == 25
    for customer, row in ageing.items():
        balance = cents(row["Total"])
        assert cents(summary[customer]["Balance"]) == balance, customer
        assert sum(cents(r["Net"]) for r in detail if r["Customer"] == customer) == balance, customer
        last = [r for r in lines if r["Customer"] == customer][-1]
        assert cents(last["Balance"]) == balance, customer  # the statement's running balance ends at the balance
        parts = ("Not yet due", "Overdue", "Disputed", "On account")
        assert sum(cents(summary[customer][p]) for p in parts) == balance, customer
    assert sum(cents(r["Total"]) for r in ageing.values()) == cents(inputs["Receivables"])
    assert set(worklist) == set(dunning)  # the same accounts are chased by phone and by letter
    for customer, row in dunning.items():
        assert cents(row["Amount overdue"]) == cents(worklist[customer]["Amount overdue"]), customer
        if not row["Status"].startswith(("Paused", "Held")):
            assert cents(row["Amount overdue"]) == cents(summary[customer]["Overdue"]), customer
    assert cents(summary["Hudson Valley Hospitality LLC"]["Balance"]) == -64000  # in credit: statement, no dunning
    assert "Hudson Valley Hospitality LLC" not in dunning and "Hudson Valley Hospitality LLC" not in worklist
    calder = [r for r in detail if r["Customer"] == "Calder Valley Builders Ltd"]
    assert sum(cents(r["On account applied"]) for r in calder if r["Invoice"] != "RCPT-4471") == -150000
    history = table(written["AgeingHistory"], "AgeingHistory")
    snapshot = {r["Bucket"]: r["Balance"] for r in history}
    assert cents(snapshot["Total"]) == cents(inputs["Receivables"])


@pytest.mark.libreoffice
def test_libreoffice_recalculates_without_errors(recalculated):
    assert error_cells(recalculated["collections.xlsx"]) == []


@pytest.mark.libreoffice
def test_native_kpi_formulas_and_the_dashboard_equal_the_engine(recalculated):
    figures = run("kpi_dashboard", sample_collections_workbook())
    book = openpyxl.load_workbook(recalculated["collections.xlsx"], data_only=True)
    kpi = {r["Metric"]: r for r in table(book["KPIs"], "KPI")}
    for metric in ("DSO", "Best possible DSO", "Average days delinquent", "CEI", "% current"):
        assert kpi[metric]["Value"] == pytest.approx(figures["kpis"][metric], abs=1e-9), metric
    assert kpi["DSO"]["Against target"] == ("on target" if figures["kpis"]["DSO"] <= 45 else "off target")
    allowance = table(book["KPIs"], "Allowance")
    assert [r["Allowance"] for r in allowance] == [a for *_, a in figures["allowance"]]
    assert kpi["Allowance required"]["Value"] == pytest.approx(sum(a for *_, a in figures["allowance"]), abs=1e-9)
    rolls = table(book["KPIs"], "RollRates")
    assert [r["Roll rate"] for r in rolls] == pytest.approx(figures["rolls"]["Roll rate"].tolist(), abs=1e-12)
    assert all(0 <= r["Roll rate"] <= 1 for r in rolls)
    inputs = {r["Input"]: r["Value"] for r in table(book["KPIs"], "KPIInputs")}
    headline = {r["Metric"]: r for r in table(book["Dashboard"], "Headline")}
    assert headline["Receivables"]["This period"] == pytest.approx(inputs["Receivables"], abs=1e-9)
    assert headline["DSO"]["This period"] == pytest.approx(kpi["DSO"]["Value"], abs=1e-12)
    assert headline["CEI"]["Last period"] == pytest.approx(kpi["CEI"]["Last period"], abs=1e-12)
    # Issue 12: the dashboard's buckets (85,572) disagreed with its headline (85,006); the Unallocated row closes it.
    ws = book["Dashboard"]
    buckets = table(ws, "Buckets")
    assert buckets[-1]["Bucket"] == "Unallocated"
    total_row = ws.tables["Buckets"].ref.split(":")[1]
    total = ws[f"B{int(total_row[1:]) + 1}"].value
    assert total == pytest.approx(headline["Receivables"]["This period"], abs=0.001)


@pytest.mark.libreoffice
def test_ageing_totals_recalculate_and_tie_out_to_the_ledger(recalculated):
    from debtdesk.collections import ageing
    from debtdesk.workbooks.samples import SAMPLE_AS_OF, sample_ledger

    ledger = sample_ledger()
    engine = ageing(ledger, SAMPLE_AS_OF)
    ws = openpyxl.load_workbook(recalculated["collections.xlsx"], data_only=True)["Ageing"]
    last = int(ws.tables["Ageing"].ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    header = [c.value for c in ws[3]]
    totals = dict(zip(header, [c.value for c in ws[last + 1]]))
    assert totals["Customer"] == "Total"
    for column in engine.columns.drop("Customer"):
        assert totals[column] == pytest.approx(round(float(engine[column].sum()), 2), abs=0.001), column
    outstanding = (ledger["Amount"] - ledger["Paid"] - ledger["Credit"]).sum()
    assert totals["Total"] == pytest.approx(round(float(outstanding), 2), abs=0.001)
