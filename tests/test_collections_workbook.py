"""The demo collections workbook: input and output sheets, formats, and LibreOffice recalculation."""

from __future__ import annotations

import openpyxl
import pytest

import debtdesk.macros  # noqa: F401
from debtdesk.macros.registry import run
from debtdesk.workbooks.samples import SAMPLE_AS_OF, sample_collections_inputs, sample_ledger
from debtdesk.workbooks.template import collections_workbook
from libreoffice import error_cells

INPUTS = ["Settings", "Ledger", "Payments", "Customers", "Contacts", "Promises", "Disputes", "New contact"]
OUTPUTS = ["Ageing", "Ageing detail", "Worklist", "KPIs", "Dashboard", "Journal"]


def _rows(ws, table: str) -> dict[str, list]:
    """Header -> column values of an Excel table on ``ws``."""
    ref = ws.tables[table].ref
    rows = list(ws[ref])
    header = [c.value for c in rows[0]]
    return {h: [r[i].value for r in rows[1:]] for i, h in enumerate(header)}


def test_demo_workbook_has_every_sheet_table_chart_and_format(demo_out):
    book = openpyxl.load_workbook(demo_out / "collections.xlsx")
    assert set(INPUTS + OUTPUTS) <= set(book.sheetnames)
    tables = {name for ws in book.worksheets for name in ws.tables}
    assert {"Settings", "DunningLevels", "LossRates", "Ledger", "Payments", "Contacts", "Promises", "Disputes",
            "NewContact", "Ageing", "AgeingDetail", "Worklist", "KPI", "Allowance", "RollRates", "Buckets",
            "OverdueTrend", "DashKeptRate", "KeptRate", "Journal"} <= tables
    assert len(book["Dashboard"]._charts) == 3
    rules = {str(r.sqref): [x.formula for x in r.rules] for r in book["Ageing"].conditional_formatting}
    assert rules == {"F4:F13": [["F4>0"]],  # the 91+ column, red where it holds money
                     "A2": [['LEFT(A2,11)="Out of date"']]}  # the calculated-on note, red once out of date
    assert book["Ledger"]["D2"].number_format == "d mmm yyyy"  # dates written out
    assert book["Ledger"]["E2"].number_format == '"£"#,##0.00;[Red]-"£"#,##0.00'  # the Settings' currency


@pytest.mark.libreoffice
def test_libreoffice_recalculates_without_errors(recalculated):
    assert error_cells(recalculated["collections.xlsx"]) == []


@pytest.mark.libreoffice
def test_native_kpi_formulas_equal_the_engine(recalculated):
    figures = run("kpi_dashboard", collections_workbook(sample_ledger(), SAMPLE_AS_OF, **sample_collections_inputs()))
    book = openpyxl.load_workbook(recalculated["collections.xlsx"], data_only=True)
    table = _rows(book["KPIs"], "KPI")
    kpi = dict(zip(table["Metric"], table["Value"]))
    assert kpi["DSO"] == pytest.approx(figures["dso"], abs=1e-9)
    assert kpi["Best possible DSO"] == pytest.approx(figures["best"], abs=1e-9)
    assert kpi["Average days delinquent"] == pytest.approx(figures["add"], abs=1e-9)
    assert kpi["CEI"] == pytest.approx(figures["cei"], abs=1e-12)
    assert kpi["% current"] == pytest.approx(figures["pct_current"], abs=1e-12)
    allowance = _rows(book["KPIs"], "Allowance")
    assert allowance["Allowance"] == [a for *_, a in figures["allowance"]]
    rolls = _rows(book["KPIs"], "RollRates")
    engine = figures["rolls"]["Roll rate"].tolist()
    assert [None if v in ("", None) else v for v in rolls["Roll rate"]] == pytest.approx(
        [None if v != v else v for v in engine], abs=1e-12)


@pytest.mark.libreoffice
def test_formula_looking_customers_stay_text_in_collections_outputs(recalculated):
    book = openpyxl.load_workbook(recalculated["collections.xlsx"], data_only=True)
    for sheet in ("Worklist", "Ageing detail", "Promises", "Customers"):
        values = {c for row in book[sheet].iter_rows(values_only=True) for c in row}
        assert "@Iris Salon" in values, sheet
    assert "=1+1" in {c for row in book["Worklist"].iter_rows(values_only=True) for c in row}
