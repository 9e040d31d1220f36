"""The openpyxl adapter: tables, native totals, text that stays text, and nothing lost."""

from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest
from openpyxl.chart import BarChart, Reference

from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import Chart, TableSpec
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.package import lossy_parts

PAYLOADS = ["=1+1", "+1+1", "-1+1", "@SUM(1,1)", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x.invalid\",\"click\")",
            "=cmd|' /C calc'!A0"]


def test_table_round_trip_with_formats_and_native_totals(tmp_path):
    book = FileBook()
    frame = pd.DataFrame({"Month": [1, 2, 3], "Paid": [100.0, 250.5, 0.25]})
    ref = book.write_table("Plan", frame, TableSpec("Plan", title="Plan", formats={"Paid": "money"}, totals={"Paid": "sum"}))
    assert ref == "A3:B6"
    path = book.save(tmp_path / "plan.xlsx")
    ws = openpyxl.load_workbook(path)["Plan"]
    assert ws["B7"].value == "=SUM(B4:B6)" and ws["A7"].value == "Total"
    assert ws["B4"].number_format == "#,##0.00;[Red]-#,##0.00"
    assert ws.tables["Plan"].ref == "A3:B6"
    again = FileBook(path).read_table("Plan")
    assert again["Paid"].tolist() == [100.0, 250.5, 0.25] and list(again.index) == [1, 2, 3]


def test_formula_payloads_from_data_are_stored_as_text(tmp_path):
    book = FileBook()
    book.write_table("Names", pd.DataFrame({"Customer": PAYLOADS}), TableSpec("Names"))
    book.append_rows("Names", [{"Customer": "=2+2"}])
    book.write_value("Names", "D1", "=3+3")
    path = book.save(tmp_path / "names.xlsx")
    with zipfile.ZipFile(path) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # not one formula in the sheet
    values = [row[0] for row in openpyxl.load_workbook(path)["Names"].iter_rows(min_row=2, max_row=10, max_col=1, values_only=True)]
    assert values == PAYLOADS + ["=2+2"]


def test_append_rows_extends_the_table_and_checks_columns(tmp_path):
    book = FileBook()
    book.append_rows("Journal", [{"When": "2026-11-01", "Action": "one"}])
    book.append_rows("Journal", [{"When": "2026-11-02", "Action": "two"}])
    assert book.read_table("Journal")["Action"].tolist() == ["one", "two"]
    with pytest.raises(DebtDeskError, match=r"Journal: has no column Who \(columns: When, Action\)"):
        book.append_rows("Journal", [{"Who": "ana"}])


def test_missing_table_names_what_exists():
    book = FileBook()
    book.write_table("Ledger", pd.DataFrame({"A": [1]}), TableSpec("Ledger"))
    with pytest.raises(DebtDeskError, match=r"Debts: no table or sheet named 'Debts' in the workbook \(sheets: Ledger\)"):
        book.read_table("Debts")


def _workbook_with_chart(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    for i in range(1, 5):
        ws.append([i, i * i])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=4))
    ws.add_chart(chart, "D2")
    wb.create_sheet("Plan")
    wb.save(path)
    return path


def test_content_openpyxl_would_drop_is_refused_and_nothing_is_written(tmp_path):
    source = _workbook_with_chart(tmp_path / "in.xlsx")
    before = source.read_bytes()
    assert lossy_parts(source) == {"Notes": ["chart"]}
    book = FileBook(source)
    book.write_table("Plan", pd.DataFrame({"A": [1]}), TableSpec("Plan"))
    with pytest.raises(DebtDeskError, match=r"in.xlsx holds content openpyxl would drop on save \(Notes: chart\)"):
        book.save(tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]  # no temp files left behind
    assert source.read_bytes() == before


def test_a_sheet_the_run_rewrites_may_hold_a_chart(tmp_path):
    source = _workbook_with_chart(tmp_path / "in.xlsx")
    book = FileBook(source)
    book.write_table("Notes", pd.DataFrame({"x": [1, 2], "y": [1, 4]}), TableSpec("Notes"))
    book.add_chart("Notes", Chart("line", "y over x", table="Notes", x="x", series=("y",)))
    out = book.save(tmp_path / "out.xlsx")
    assert lossy_parts(out) == {"Notes": ["chart"]}


def test_vba_is_never_copied_and_in_place_saving_of_a_macro_workbook_is_refused(tmp_path):
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    macro_book = tmp_path / "client.xlsm"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(macro_book, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"not really VBA")
    assert lossy_parts(macro_book) == {"(workbook)": ["VBA macros"]}
    out = FileBook(macro_book).save(tmp_path / "client.xlsx")
    with zipfile.ZipFile(out) as z:
        assert not [n for n in z.namelist() if "vba" in n.lower()]
    with pytest.raises(DebtDeskError, match="DebtDesk writes .xlsx workbooks only"):
        FileBook(macro_book).save(macro_book)


def test_a_failed_save_leaves_no_partial_file(tmp_path, monkeypatch):
    book = FileBook()
    book.write_table("Plan", pd.DataFrame({"A": [1]}), TableSpec("Plan"))

    def crash(path):
        with open(path, "wb") as handle:
            handle.write(b"PK\x03\x04 half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(book.wb, "save", crash)
    with pytest.raises(OSError, match="disk full"):
        book.save(tmp_path / "plan.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_unreadable_input_is_a_clear_error(tmp_path):
    bad = tmp_path / "ledger.xlsx"
    bad.write_text("this is not a workbook")
    with pytest.raises(DebtDeskError, match=r"workbook: ledger.xlsx is not a readable .xlsx/.xlsm workbook"):
        FileBook(bad)
    with pytest.raises(DebtDeskError, match=r"workbook: missing.xlsx does not exist"):
        FileBook(tmp_path / "missing.xlsx")


def test_chart_and_totals_refuse_unknown_columns():
    book = FileBook()
    book.write_table("T", pd.DataFrame({"a": [1]}), TableSpec("T"))
    with pytest.raises(DebtDeskError, match="chart: table 'T' has no column 'b'"):
        book.add_chart("T", Chart("line", "t", table="T", x="a", series=("b",)))
    with pytest.raises(DebtDeskError, match="totals: column 'z' is not in the table"):
        book.write_table("U", pd.DataFrame({"a": [1]}), TableSpec("U", totals={"z": "sum"}))
