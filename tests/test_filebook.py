"""The openpyxl adapter: tables, native totals, text that stays text, and nothing of the firm's lost."""

from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.table import Table

from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import Chart, TableSpec
from debtdesk.workbooks.filebook import FileBook

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


def _workbook_with_chart(path, sheet="Notes", extra=("Plan",)):
    """A firm's workbook: numbers and a chart on ``sheet``, and empty sheets ``extra``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for i in range(1, 5):
        ws.append([i, i * i])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=4))
    ws.add_chart(chart, "D2")
    for name in extra:
        wb.create_sheet(name)
    wb.save(path)
    return path


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


#: The parts a save may change besides DebtDesk's own sheets and theirs.
PACKAGE_PARTS = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}


def test_the_firms_chart_and_every_other_part_stay_byte_identical(tmp_path):
    source = _workbook_with_chart(tmp_path / "in.xlsx")
    before = _parts(source)
    book = FileBook(source)
    book.write_table("Plan", pd.DataFrame({"A": [1.5]}), TableSpec("Plan", formats={"A": "money"}))
    after = _parts(book.save(tmp_path / "out.xlsx"))
    changed = {n for n in before if after.get(n) != before[n]}
    assert changed == PACKAGE_PARTS | {"xl/worksheets/sheet2.xml"}  # Plan: the empty sheet DebtDesk took over
    assert after["xl/charts/chart1.xml"] == before["xl/charts/chart1.xml"]
    out = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert out.sheetnames == ["Notes", "Plan"] and out["Plan"].tables["Plan"].ref == "A1:A2"
    assert out["Plan"]["A2"].value == 1.5 and out["Plan"]["A2"].number_format == "#,##0.00;[Red]-#,##0.00"
    assert _parts(source) == before  # the input is untouched


def test_a_sheet_of_the_firms_that_debtdesk_would_overwrite_is_refused_and_nothing_is_written(tmp_path):
    source = _workbook_with_chart(tmp_path / "in.xlsx", sheet="Plan", extra=())
    before = source.read_bytes()
    book = FileBook(source)
    book.write_table("Plan", pd.DataFrame({"A": [1]}), TableSpec("Plan"))
    with pytest.raises(DebtDeskError, match=r"workbook: in.xlsx: sheet 'Plan' is the firm's own \(DebtDesk did not "
                       r"write it\) and DebtDesk writes a sheet of that name, which would drop its chart, cells A1, "
                       r"B1, A2 and more; rename the firm's sheet .*; nothing was written"):
        book.save(tmp_path / "out.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]  # no output, no temp files left behind
    assert source.read_bytes() == before


def test_debtdesks_own_sheet_is_rewritten_run_after_run_chart_and_all(tmp_path):
    book = FileBook()
    book.write_table("Notes", pd.DataFrame({"x": [1, 2], "y": [1, 4]}), TableSpec("Notes"))
    book.add_chart("Notes", Chart("line", "y over x", table="Notes", x="x", series=("y",)))
    first = book.save(tmp_path / "first.xlsx")
    again = FileBook(first)
    again.write_table("Notes", pd.DataFrame({"x": [1, 2, 3], "y": [1, 4, 9]}), TableSpec("Notes"))
    again.add_chart("Notes", Chart("line", "y over x", table="Notes", x="x", series=("y",)))
    out = again.save(tmp_path / "second.xlsx")
    charts = [n for n in _parts(out) if n.startswith("xl/charts/")]
    assert len(charts) == 1  # the old chart went with the old sheet: one chart, not two
    assert b"$B$2:$B$4" in _parts(out)[charts[0]]
    assert FileBook(out).read_table("Notes")["y"].tolist() == [1, 4, 9]


def test_table_and_sheet_names_that_clash_with_the_firms_are_refused(tmp_path):
    source = tmp_path / "firm.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "summary"
    wb.active.append(["Customer", "Amount"])
    wb.active.append(["Acme", 1])
    wb.active.add_table(Table(displayName="Ageing", ref="A1:B2"))
    wb.save(source)
    with pytest.raises(DebtDeskError, match=r"workbook: DebtDesk's sheet 'Summary' clashes with the sheet 'summary' "
                       r"\(Excel ignores case in sheet names\); rename that sheet"):
        FileBook(source).write_table("Summary", pd.DataFrame({"A": [1]}), TableSpec("Summary"))
    with pytest.raises(DebtDeskError, match=r"workbook: DebtDesk's table 'Ageing' on sheet 'Ageing' has the name of a "
                       r"table on sheet 'summary', and Excel needs table names unique"):
        FileBook(source).write_table("Ageing", pd.DataFrame({"A": [1]}), TableSpec("Ageing"))
    assert not (tmp_path / "out.xlsx").exists()


def test_macros_stay_in_an_xlsm_refreshed_in_place_and_never_reach_an_xlsx(tmp_path):
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    macro_book = tmp_path / "client.xlsm"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(macro_book, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
                    b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ', 1)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/'
                                    b'office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", b"not really VBA")
    copy = FileBook(macro_book)
    copy.write_table("Plan", pd.DataFrame({"A": [1]}), TableSpec("Plan"))
    out = _parts(copy.save(tmp_path / "client.xlsx"))
    assert not [n for n in out if "vba" in n.lower()]
    assert b"macroEnabled" not in out["[Content_Types].xml"] and b"vbaProject" not in out["[Content_Types].xml"]
    with pytest.raises(DebtDeskError, match="DebtDesk writes .xlsx workbooks only"):
        FileBook(macro_book).save(tmp_path / "other.xlsm")
    in_place = FileBook(macro_book)
    in_place.write_table("Plan", pd.DataFrame({"A": [1]}), TableSpec("Plan"))
    kept = _parts(in_place.save(macro_book))
    assert kept["xl/vbaProject.bin"] == b"not really VBA"
    assert b"sheet.macroEnabled.main+xml" in kept["[Content_Types].xml"]
    assert openpyxl.load_workbook(macro_book, keep_vba=True)["Plan"]["A2"].value == 1


@pytest.mark.parametrize("content, message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le"),
     r"locked.xlsx is password-encrypted; DebtDesk cannot read or refresh it"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "Workbook".encode("utf-16-le"),
     r"locked.xlsx is a legacy binary workbook \(Excel 97-2003 .xls\); save it as an Excel Workbook"),
])
def test_encrypted_and_legacy_binary_workbooks_are_refused_by_name(tmp_path, content, message):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(content)
    with pytest.raises(DebtDeskError, match=message):
        FileBook(path)


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


def test_a_table_read_again_after_any_change_to_its_sheet_holds_the_change(tmp_path):
    """read_table remembers what it read until the sheet changes: never a stale table."""
    source = FileBook()
    source.write_table("Settings", pd.DataFrame({"Setting": ["Currency", "Country"], "Value": ["GBP", "England"]}),
                       TableSpec("Settings"))
    source.write_table("Notes", pd.DataFrame({"Note": ["first"]}), TableSpec("Notes"))
    book = FileBook(source.save(tmp_path / "settings.xlsx"))
    first = book.read_table("Settings")
    first.loc[1, "Value"] = "EUR"  # the caller's own copy
    assert book.read_table("Settings")["Value"].tolist() == ["GBP", "England"]
    book.write_table("Notes", pd.DataFrame({"Note": ["second"]}), TableSpec("Notes"))  # another sheet
    assert book.read_table("Settings")["Value"].tolist() == ["GBP", "England"]
    book.write_value("Settings", "B2", "USD")
    assert book.read_table("Settings")["Value"].tolist() == ["USD", "England"]
    book.append_rows("Settings", [{"Setting": "Paper", "Value": "A4"}])
    assert book.read_table("Settings")["Setting"].tolist() == ["Currency", "Country", "Paper"]
    book.write_range("Settings", "B3", [["Wales"]])
    assert book.read_table("Settings")["Value"].tolist() == ["USD", "Wales", "A4"]
    book.write_formula("Settings", "B4", '="A"&"3"')
    assert book.read_table("Settings")["Value"].tolist() == ["USD", "Wales", '="A"&"3"']
    book.write_table("Settings", pd.DataFrame({"Setting": ["Currency"], "Value": ["JPY"]}), TableSpec("Settings"))
    assert book.read_table("Settings").to_dict("records") == [{"Setting": "Currency", "Value": "JPY"}]
    book.write_range("Scratch", "A1", [["Label", "Value"], ["Fee", 25.0]])  # a plain sheet read as a block
    assert book.read_table("Scratch")["Value"].tolist() == [25.0]
    book.write_table("Other", pd.DataFrame({"Label": ["Fee"], "Value": [30.0]}), TableSpec("Scratch"))
    assert book.read_table("Scratch")["Value"].tolist() == [30.0]  # now the table of that name


def test_show_first_on_a_saved_workbook_selects_one_tab_and_reads_no_other_sheet(tmp_path):
    book = FileBook()
    for name in ("Settings", "Ledger", "Notes", "Dashboard"):
        book.write_table(name, pd.DataFrame({"Item": [name]}), TableSpec(name))
    book.show_first("Dashboard")  # as a collections workbook is saved: its Dashboard first, its tab selected
    path = book.save(tmp_path / "book.xlsx")

    book = FileBook(path)
    book.write_table("Dashboard", pd.DataFrame({"Item": ["refreshed"]}), TableSpec("Dashboard"))
    book.show_first("Dashboard")
    assert all("_pending" in book.wb[name].__dict__ for name in ("Ledger", "Notes"))  # left unread
    book.save(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Dashboard", "Settings", "Ledger", "Notes"] and wb.active.title == "Dashboard"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Dashboard"]
    assert wb["Dashboard"]["A2"].value == "refreshed" and wb["Notes"]["A2"].value == "Notes"


def saved_as_a_spreadsheet_does(path, values: dict[str, str]) -> None:
    """Put the value a spreadsheet saves with each formula (``values``: coordinate -> the ``<v>`` text) into
    the first sheet of the openpyxl-written workbook at ``path`` (openpyxl saves formulas with no value and asks
    for a recalculation on opening)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for coordinate, value in values.items():
        start = sheet.index(f'<c r="{coordinate}"')
        sheet = sheet[:start] + sheet[start:].replace("<v></v>", f"<v>{value}</v>", 1)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_formula_written_after_a_read_is_never_answered_with_the_files_saved_value(tmp_path):
    # The saved values of a sheet are read once per book: a cell this run writes must not read as the file's.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    for row in (["Item", "Monthly", "Yearly"], ["Rent", 650.0, "=B2*12"], ["Council tax", 120.0, "=B3*12"]):
        ws.append(row)
    path = tmp_path / "budget.xlsx"
    wb.save(path)
    saved_as_a_spreadsheet_does(path, {"C2": "7800", "C3": "1440"})
    book = FileBook(path)
    assert book.read_table("Budget")["Yearly"].tolist() == [7800.0, 1440.0]
    book.write_formula("Budget", "C2", "=B2*13")
    book.write_value("Budget", "C3", 1500.0)
    assert book.read_table("Budget")["Yearly"].tolist() == ["=B2*13", 1500.0]
    book.write_formula("Budget", "C3", "=B3*12")  # the file's own formula again: its saved value is right again
    assert book.read_table("Budget")["Yearly"].tolist() == ["=B2*13", 1440.0]
    book.save(path)  # in place: the next book reads what this one saved, and the unsaved formulas are refused
    again = FileBook(path).read_table("Budget")["Yearly"].tolist()
    assert [type(v).__name__ for v in again] == ["UnsavedFormula", "UnsavedFormula"]


def test_a_long_table_keeps_to_excels_limit_of_manual_page_breaks(tmp_path, monkeypatch):
    """Excel holds at most 1,023 manual breaks a sheet (MS-XLSB; XlsxWriter keeps to the same): the layout's first
    breaks are written as placed, and Excel's own breaks paginate the rest, the header repeated on every page.
    Shown with the limit at 5 on a 1,200-row table (a thousand pages would take 60,000 rows)."""
    from debtdesk.macros.book import Page
    from debtdesk.workbooks import paging

    assert paging.EXCEL_ROW_BREAKS == 1023
    monkeypatch.setattr(paging, "EXCEL_ROW_BREAKS", 5)
    rows = 1200
    book = FileBook()
    frame = pd.DataFrame({"Customer": [f"Customer {i % 97}" for i in range(rows)], "Amount": [1.5] * rows})
    book.write_table("Detail", frame, TableSpec("Detail", title="Ageing detail", formats={"Amount": "money"}))
    book.set_page("Detail", Page("Pennine Office Supplies Ltd", "Ageing detail"))
    path = book.save(tmp_path / "long.xlsx")
    ws = openpyxl.load_workbook(path)["Detail"]
    written = [brk.id + 1 for brk in ws.row_breaks.brk]
    sheet = next(n for n in zipfile.ZipFile(path).namelist() if n.startswith("xl/worksheets/sheet"))
    assert b'<rowBreaks count="5" manualBreakCount="5">' in zipfile.ZipFile(path).read(sheet)
    assert ws.print_title_rows == "$3:$3" and written == sorted(written)  # the header repeats on Excel's pages too
    pages = [b - a for a, b in zip([1] + written, written)]
    assert 30 <= min(pages) and max(pages) <= 60  # each page a page's worth of rows, as the layout placed them
    assert rows + 3 - written[-1] > 10 * max(pages)  # ten pages and more left to Excel's own breaks
