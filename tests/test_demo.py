"""`debtdesk demo` end to end: real workbooks that LibreOffice recalculates to the engine's numbers."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from debtdesk.amortize import amortize
from debtdesk.dates import to_date
from debtdesk.workbooks.samples import sample_clients
from libreoffice import error_cells

CLIENTS = sample_clients()


def _total_row(ws) -> dict[str, object]:
    """Header name -> value of the row whose first cell is "Total" (below the sheet's table)."""
    table = next(iter(ws.tables.values()))
    first = openpyxl.utils.range_boundaries(table.ref)
    header = [ws.cell(row=first[1], column=c).value for c in range(first[0], first[2] + 1)]
    for row in ws.iter_rows(min_row=first[3] + 1, max_row=first[3] + 1, min_col=first[0], max_col=first[2], values_only=True):
        assert row[0] == "Total"
        return dict(zip(header, row))
    raise AssertionError(f"{ws.title} has no total row")


def test_demo_writes_every_output(demo_out):
    names = sorted(p.relative_to(demo_out).as_posix() for p in demo_out.rglob("*")
                   if p.is_file() and not p.parent.name.endswith(" documents"))  # letters: test_client_workbook
    assert names == [".debtdesk.lock", "DebtDesk.xlam", "clients/C-1001.xlsx", "clients/C-1002.xlsx", "clients/C-1003.xlsx",
                     "collections.xlsx"]  # the lock stays: removing it would race the next run


def test_outputs_carry_no_macros(demo_out):
    for path in demo_out.rglob("*.xlsx"):
        with zipfile.ZipFile(path) as z:
            assert not [n for n in z.namelist() if "vbaProject" in n], path


@pytest.mark.libreoffice
def test_libreoffice_finds_no_error_cell(recalculated):
    assert len(recalculated) == 4
    for name, copy in recalculated.items():
        assert error_cells(copy) == [], name


@pytest.mark.libreoffice
@pytest.mark.parametrize("client", CLIENTS, ids=[c["id"] for c in CLIENTS])
def test_schedule_totals_recalculate_to_engine_figures(recalculated, client):
    loan = client["loan"]
    dates = {"start_date": to_date(loan["Start date"], "start")} if "Start date" in loan else \
        {"first_payment": to_date(loan["First payment"], "first")}
    engine = amortize(loan["Principal"], loan["Annual rate"], loan["Term (months)"], extra_payment=loan["Extra payment"],
                      payments_per_year=loan["Payments per year"], **dates)
    ws = openpyxl.load_workbook(recalculated[f"{client['id']}.xlsx"], data_only=True)["Schedule"]
    totals = _total_row(ws)
    assert totals["Principal"] == pytest.approx(loan["Principal"], abs=0.001)
    assert totals["Interest"] == pytest.approx(float(engine["Interest"].sum()), abs=0.001)
    assert totals["Payment"] == pytest.approx(float(engine["Payment"].sum()), abs=0.001)
    assert totals["Payment"] == pytest.approx(totals["Principal"] + totals["Interest"], abs=0.001)
    # the sheet names the loan it schedules, never "Repayment schedule for <client>", which read as the client's plan
    assert ws["A1"].value == (f"Repayment schedule of the loan on the Loan sheet: £{loan['Principal']:,.2f} at "
                              f"{loan['Annual rate']:.2%} over {loan['Term (months)']} months")


@pytest.mark.libreoffice
def test_formula_looking_data_stays_text_after_recalculation(recalculated):
    client = openpyxl.load_workbook(recalculated["C-1003.xlsx"], data_only=True)["Client"]
    names = [row[1] for row in client.iter_rows(values_only=True) if row[0] == "Client name"]
    assert names == [CLIENTS[2]["name"]]  # (formula-looking client names: tests/test_one_case.py)
