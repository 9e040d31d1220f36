"""Workbooks a professional would print and work in: paper, screens, inputs, sheets that are live
or say when they were calculated, charts that read right, the workbook's currency, and packages
the Open XML SDK accepts.

Everything is read back from the files DebtDesk wrote: openpyxl for print settings, panes,
validation and formats; the chart XML itself; LibreOffice for the recalculated notes and
for the PDF a printer would get (pages, paper, running header and footer).
"""

from __future__ import annotations

import copy
import functools
import random
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from openpyxl.utils import get_column_letter, range_boundaries
from pypdf import PdfReader

from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import WARMING, Chart, Input, Page, TableSpec
from debtdesk.macros.region import parse_region
from debtdesk.macros.registry import run
from debtdesk.macros.snapshot import SNAPSHOT
from debtdesk.workbooks import paging
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.samples import (SAMPLE_AS_OF, SAMPLE_FIRM, sample_clients, sample_collections_inputs,
                                       sample_ledger)
from debtdesk.workbooks.template import client_workbook, collections_workbook
from conftest import require_libreoffice
from libreoffice import recalculated_sheets, to_pdf
from ooxml_validator import cells_checked_once, validate_or_skip
from pdf_text import pages_text

CLIENT_OUTPUTS = ("Summary", "Compare", "Assessment", "Budget", "Schedule", "Plan", "Progress", "Proposals")
COLLECTIONS_OUTPUTS = ("Dashboard", "Ageing", "Ageing detail", "Statements", "Promises", "Worklist", "Dunning", "KPIs")
POUNDS = '"£"#,##0.00;[Red]-"£"#,##0.00'
A4, LETTER = (595, 842), (612, 792)


@functools.cache
def _read(path: Path) -> openpyxl.Workbook:
    """The workbook at ``path`` as openpyxl reads it, loaded once per test process: these tests only look."""
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module", autouse=True)
def _forget_read_workbooks():
    """The workbooks :func:`_read` keeps are let go when this module's tests are done: held for the rest of
    the run, their objects would slow every later garbage collection of this test process."""
    yield
    _read.cache_clear()


def _workbooks(demo_out: Path) -> list[Path]:
    return sorted(demo_out.rglob("*.xlsx"))


def _visible(wb):
    return [ws for ws in wb.worksheets if ws.sheet_state == "visible"]


def _blocks(ws) -> list[paging.Block]:
    """The tables and charts of a sheet as written, in the paging model."""
    tables = [range_boundaries(t.ref) for t in ws.tables.values()]
    blocks = paging.table_blocks(tables, lambda r, c: ws.cell(row=r, column=c).value)
    return blocks + [paging.Block(c.anchor._from.row + 1, c.anchor.to.row + 1, c.anchor.to.row + 1) for c in ws._charts]


def _us_client():
    client = copy.deepcopy(sample_clients()[0])
    client.update(id="C-2001", name="Jordan Reyes", country="US", currency="USD")
    return client


def _deficit_client():
    client = copy.deepcopy(sample_clients()[0])
    client.update(id="C-3001", name="Rachel Dunmore")
    client["expenses"][0]["Amount"] = 1800  # rent of 1,800: the essentials outrun the income
    return client


def _regenerated(client: dict, folder: Path) -> Path:
    """``client``'s workbook, regenerated headless, saved in ``folder``."""
    book = client_workbook(client)
    run("regenerate", book)
    return book.save(folder / f"{client['id']}.xlsx")


@pytest.fixture(scope="module")
def us_workbook(tmp_path_factory) -> Path:
    """A client in the United States."""
    return _regenerated(_us_client(), tmp_path_factory.mktemp("us"))


@pytest.fixture(scope="module")
def deficit_workbook(tmp_path_factory) -> Path:
    """A client whose essential spending is more than their income."""
    return _regenerated(_deficit_client(), tmp_path_factory.mktemp("deficit"))


# -- paper -------------------------------------------------------------------------------------------
def test_every_sheet_prints_one_page_wide_on_a4_with_whose_it_is_and_page_x_of_y(demo_out):
    for path in _workbooks(demo_out):
        wb = _read(path)
        owner = SAMPLE_FIRM["Firm name"] if path.name == "collections.xlsx" else \
            next(c["name"] for c in sample_clients() if c["id"] == path.stem)
        for ws in _visible(wb):
            where = f"{path.name} {ws.title}"
            assert ws.print_area, where
            assert ws.page_setup.paperSize == 9, where  # A4: the samples are British
            assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, where
            assert ws.page_setup.orientation in ("portrait", "landscape"), where
            assert ws.oddHeader.left.text == owner.replace("&", "&&"), where
            assert ws.oddFooter.center.text == "Page &P of &N" and ws.oddFooter.left.text == "&A", where
            calculated = ws.title in CLIENT_OUTPUTS + COLLECTIONS_OUTPUTS or ws.title.startswith("Worklist ")
            assert ws.oddFooter.right.text.startswith("Calculated " if calculated else "Printed &D"), where


def test_page_breaks_never_cut_a_chart_or_a_table_from_its_header(demo_out):
    checked = 0
    for path in _workbooks(demo_out):
        for ws in _visible(_read(path)):
            for brk in ws.row_breaks.brk:
                starts = brk.id + 1  # the row that starts the next page
                for block in _blocks(ws):
                    assert not block.top < starts <= block.keep, f"{path.name} {ws.title}: page break at row " \
                        f"{starts} cuts rows {block.top}-{block.keep} that belong together"
                checked += 1
    assert checked >= 10  # long schedules, the Summary's balances, the Dashboard


def test_a_table_running_over_pages_repeats_its_header(demo_out):
    ws = _read(demo_out / "clients" / "C-1002.xlsx")["Schedule"]  # 360 monthly payments
    header = range_boundaries(ws.tables["Schedule"].ref)[1]
    assert ws.print_title_rows == f"${header}:${header}"
    assert len(ws.row_breaks.brk) >= 6


def test_paper_dates_and_money_follow_the_workbooks_country(demo_out, us_workbook):
    uk = _read(demo_out / "clients" / "C-1001.xlsx")
    assert _first_row(uk["Plan"], "Payoff date").number_format == "d mmm yyyy"
    assert _first_row(uk["Plan"], "Balance").number_format == POUNDS
    us = _read(us_workbook)
    assert all(ws.page_setup.paperSize == 1 for ws in _visible(us))  # Letter
    assert _first_row(us["Plan"], "Payoff date").number_format == "mmm d, yyyy"
    assert _first_row(us["Plan"], "Balance").number_format == '"$"#,##0.00;[Red]-"$"#,##0.00'


def _first_row(ws, column: str):
    """The cell of ``column`` in the first row of the sheet's first table."""
    table = next(iter(ws.tables.values()))
    first_col, header, last_col, _ = range_boundaries(table.ref)
    names = [ws.cell(row=header, column=c).value for c in range(first_col, last_col + 1)]
    return ws.cell(row=header + 1, column=first_col + names.index(column))


# -- screens -----------------------------------------------------------------------------------------
def test_at_most_one_frozen_pane_a_laptop_can_spare_and_one_selection(demo_out):
    for path in _workbooks(demo_out):
        wb = _read(path)
        for ws in wb.worksheets:
            pane = ws.sheet_view.pane
            if pane is not None:
                assert pane.state == "frozen" and not pane.xSplit and pane.ySplit <= 5, f"{path.name} {ws.title}"
                first_header = min(range_boundaries(t.ref)[1] for t in ws.tables.values())
                assert pane.ySplit == first_header, f"{path.name} {ws.title}"
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    panes = re.findall(r'<selection[^>]*?(?:pane="(\w+)")?[^>]*/>', z.read(name).decode())
                    assert len(panes) == len(set(panes)), f"{path.name} {name}: duplicate selections"
    summary = _read(demo_out / "clients" / "C-1001.xlsx")["Summary"]
    assert summary.sheet_view.pane is None  # one page of several small tables: nothing frozen


def test_workbooks_open_on_their_summary_or_dashboard(demo_out):
    for path, first in [(p, "Summary") for p in (demo_out / "clients").glob("*.xlsx")] + \
                       [(demo_out / "collections.xlsx", "Dashboard")]:
        wb = _read(path)
        assert wb.sheetnames[0] == first and wb.active.title == first, path.name
        if first == "Summary":
            assert wb.sheetnames[1] == "Compare", path.name  # the client's page, then its details
        assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == [first], path.name


def _rules(ws):
    return {str(v.sqref): v for v in ws.data_validations.dataValidation}


def test_input_cells_look_like_inputs_prompt_and_refuse_what_cannot_be_used(demo_out):
    wb = _read(demo_out / "clients" / "C-1001.xlsx")
    client = wb["Client"]
    budget = next(r for r in range(1, 20) if client[f"A{r}"].value == "Monthly budget")
    assert client[f"B{budget}"].fill.fgColor.rgb == "00FFCC99" and client[f"A{budget}"].fill.fgColor.rgb != "00FFCC99"
    assert client[f"B{budget}"].number_format == POUNDS
    rule = _rules(client)[f"B{budget}"]
    assert (rule.type, rule.operator, rule.formula1) == ("decimal", "greaterThanOrEqual", "0")
    debts = _rules(wb["Debts"])
    balance, apr = _first_row(wb["Debts"], "Balance").column_letter, _first_row(wb["Debts"], "APR").column_letter
    assert debts[f"{balance}2:{balance}25"].type == "decimal"
    assert debts[f"{apr}2:{apr}25"].prompt.startswith("Annual rate")
    assert wb["Debts"][f"{apr}2"].number_format == "0.00%"
    expenses = wb["Expenses"]
    category = next(v for v in expenses.data_validations.dataValidation if str(v.sqref).startswith("A2:"))
    assert category.type == "list" and category.errorStyle == "warning" and "'Guidelines'!$A$2" in category.formula1
    flags = [r.formula[0] for cf in expenses.conditional_formatting for r in cf.rules]
    assert any("COUNTIF('Guidelines'!$A$2:$A$5000,$A2)=0" in f and '$C2<>"Yes"' in f for f in flags)
    collections = _read(demo_out / "collections.xlsx")
    settings = collections["Settings"]
    rate = next(r for r in range(1, 20) if settings[f"A{r}"].value == "Dunning interest rate")
    assert _rules(settings)[f"B{rate}"].formula2 == "1" and settings[f"B{rate}"].number_format == "0.00%"


def test_new_client_workbook_builds_the_template_and_the_next_button_works():
    book = FileBook()
    added = run("new_client_workbook", book)
    assert added == ["Client", "Firm", "Settings", "Income", "Expenses", "Debts", "Credit", "Payments", "Extra payments",
                     "Guidelines"]
    assert book.sheet_names()[0] == "Client" and book.wb.active.title == "Client"
    assert any(v.type == "list" for v in book.wb["Debts"].data_validations.dataValidation)
    result = run("assess_client", book)  # the next click works on the blank template
    assert result.iloc[-1]["Metric"] == "Recommended route"
    kept = FileBook()
    kept.write_table("Debts", pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [900.0],
                                            "APR": [0.2], "Minimum": [25.0], "Arrears": [0.0]}), TableSpec("Debts"))
    assert "Debts" not in run("new_client_workbook", kept)
    assert kept.read_table("Debts")["Balance"].tolist() == [900.0]  # the adviser's rows are left alone


# -- charts ------------------------------------------------------------------------------------------
def _charts(path: Path) -> list[str]:
    """The chart parts' XML, chart elements written without a prefix (``<c:ser>`` as ``<ser>``)."""
    with zipfile.ZipFile(path) as z:
        return [re.sub(r"<(/?)c:", r"<\1", z.read(n).decode()) for n in sorted(z.namelist())
                if n.startswith("xl/charts/chart")]


def test_charts_read_right(demo_out):
    for path in _workbooks(demo_out):
        for xml in _charts(path):
            for line in re.findall(r"<lineChart>.*?</lineChart>", xml, re.S):
                series = re.findall(r"<ser>.*?</ser>", line, re.S)
                assert series and all('<smooth val="0"/>' in s for s in series), path.name  # never smoothed
            assert re.search(r"<valAx>.*<title>", xml, re.S), f"{path.name}: value axis without a title"
    dashboard = _charts(demo_out / "collections.xlsx")
    trend = next(x for x in dashboard if "Ageing by month-end" in x)
    assert '<grouping val="stacked"/>' in trend and '<numFmt formatCode="&quot;£&quot;#,##0;-&quot;£&quot;#,##0"' in trend
    assert re.findall(r'<ser>.*?<a:srgbClr val="(\w+)"/>', trend, re.S) == list(WARMING)
    ageing = next(x for x in dashboard if "Outstanding by customer" in x)
    assert '<grouping val="stacked"/>' in ageing and '<overlap val="100"/>' in ageing
    colours = re.findall(r'<ser>.*?<a:srgbClr val="(\w+)"/>', ageing, re.S)
    assert colours == list(WARMING)  # Current coolest ... 91+ warmest
    assert '<orientation val="maxMin"/>' in ageing  # the largest balance at the top, as in the table


def test_ageing_table_and_chart_list_the_largest_balance_first(demo_out):
    ws = _read(demo_out / "collections.xlsx")["Ageing"]
    table = FileBook(demo_out / "collections.xlsx").read_table("Ageing")
    assert table["Total"].tolist() == sorted(table["Total"], reverse=True)
    assert ws._charts  # drawn from the sorted table


# -- live or labelled --------------------------------------------------------------------------------
def _edit(source: Path, target: Path, sheet: str, label: str, value, run_macro: str | None = None) -> Path:
    """A copy of ``source`` with the value beside ``label`` in column A of ``sheet`` changed."""
    shutil.copy2(source, target)
    book = FileBook(target)
    row = next(r for r in range(1, 200) if book.read_value(sheet, f"A{r}") == label)
    book.write_value(sheet, f"B{row}" if sheet != "Budget" else f"E{row}", value)
    if run_macro:
        run(run_macro, book)
    return book.save(target)


def _recalculated_notes(files: dict[str, Path], workdir: Path) -> dict[str, dict[str, str]]:
    """The note in A2 of each output sheet of ``files`` (name -> path) once LibreOffice has recalculated them,
    in one LibreOffice start (:func:`recalculated_sheets`: CSV, all the notes need)."""
    sheets = recalculated_sheets(list(files.values()), workdir)
    return {name: {sheet: sheets[path][sheet][1][0] for sheet in CLIENT_OUTPUTS} for name, path in files.items()}


@pytest.mark.slow  # LibreOffice or the validator: run early, so no core waits on it at the end
def test_snapshot_notes_turn_out_of_date_when_their_inputs_change(demo_out, recalculated, tmp_path):
    require_libreoffice()
    source = demo_out / "clients" / "C-1001.xlsx"
    whatif = _read(source)["Compare"]
    pay_extra = next(r for r in range(1, 80) if whatif[f"A{r}"].value == "25 more a month")
    variants = {
        "income": _edit(source, tmp_path / "income.xlsx", "Income", "Salary (net)", 2600),
        "budget": _edit(source, tmp_path / "budget.xlsx", "Budget", "Savings contribution", 200),
        "reassessed": _edit(source, tmp_path / "reassessed.xlsx", "Income", "Salary (net)", 2600, "assess_client"),
    }
    extra = tmp_path / "extra.xlsx"
    shutil.copy2(source, extra)
    book = FileBook(extra)
    book.write_value("Compare", f"B{pay_extra}", 300)  # what a client types into the What-if table
    variants["extra"] = book.save(extra)
    notes = {name: {s: note[:11] for s, note in found.items()}
             for name, found in _recalculated_notes(variants, tmp_path).items()}
    untouched = openpyxl.load_workbook(recalculated[source.name], read_only=True, data_only=True)
    notes["untouched"] = {s: untouched[s]["A2"].value[:11] for s in CLIENT_OUTPUTS}  # the demo's own: nothing edited
    fresh, stale = "Calculated ", "Out of date"
    assert set(notes["untouched"].values()) == {fresh}
    assert notes["income"]["Assessment"] == notes["income"]["Budget"] == notes["income"]["Proposals"] == stale
    assert notes["income"]["Schedule"] == fresh  # the loan schedule does not depend on income
    assert notes["budget"]["Budget"] == stale and notes["budget"]["Assessment"] == fresh
    assert notes["extra"]["Compare"] == stale and notes["extra"]["Plan"] == fresh
    assert notes["income"]["Summary"] == notes["income"]["Compare"] == stale  # the client's page tells the case
    # one button pressed after the edit: its sheets are current, the others still say they are not
    assert notes["reassessed"]["Assessment"] == notes["reassessed"]["Budget"] == fresh
    assert notes["reassessed"]["Proposals"] == stale and notes["reassessed"]["Schedule"] == fresh
    assert _read(source)[SNAPSHOT].sheet_state == "hidden"


# -- printed -----------------------------------------------------------------------------------------
def _pages(pdf: Path) -> list[tuple[str, tuple[int, int], str]]:
    """(sheet named in the footer, paper size in points, text) of every page."""
    out = []
    for page, text in zip(PdfReader(pdf).pages, pages_text(pdf)):
        footer = re.search(r"^\s*(.+?)\s+Page (\d+) of (\d+)", text, re.M)
        assert footer, f"{pdf.name}: a page without 'Page x of y'"
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        if page.rotation % 180:
            size = size[::-1]
        out.append((footer.group(1).strip(), tuple(sorted(size)), text))
    return out


@pytest.fixture(scope="module")
def printed(demo_out, us_workbook, deficit_workbook, tmp_path_factory) -> dict[Path, Path]:
    """The PDF LibreOffice prints of each demo workbook and of the US and deficit clients' (one start)."""
    require_libreoffice()
    return to_pdf(_workbooks(demo_out) + [us_workbook, deficit_workbook], tmp_path_factory.mktemp("printed"))


@pytest.mark.slow  # LibreOffice or the validator: run early, so no core waits on it at the end
def test_the_demo_prints_to_a_sensible_number_of_pages_on_the_right_paper(demo_out, us_workbook, deficit_workbook,
                                                                          printed):
    for path, pdf in printed.items():
        pages = _pages(pdf)
        paper = LETTER if path == us_workbook else A4
        assert {size for _, size, _ in pages} == {paper}, path.name
        count = pd.Series([sheet for sheet, _, _ in pages]).value_counts()
        if path.name == "collections.xlsx":
            long = {"Ledger", "Payments", "Ageing detail", "Statements", "Dashboard"}  # one line an item, or charts
            for sheet in count.index.difference(sorted(long)):
                assert count[sheet] == 1, f"{sheet}: {count.to_dict()}"
            assert count["Dashboard"] <= 2, count.to_dict()
            assert SAMPLE_FIRM["Firm name"] in pages[0][2] and "Collections dashboard" in pages[0][2]
            continue
        assert pages[0][0] == "Summary" and count["Summary"] == 1, path.name  # the client's page: first, and one
        assert {"Budget", "Plan", "Progress", "Proposals", "Client", "Debts"} <= set(count.index), path.name
        for sheet in count.index.difference(["Summary", "Compare", "Assessment", "Schedule", "Plan"]):  # one page
            assert count[sheet] == 1, f"{path.name} {sheet}: {count.to_dict()}"
        assert count["Assessment"] <= 2, f"{path.name}: {count.to_dict()}"  # the figures, then the route's reasons
        assert count["Compare"] <= 3, f"{path.name}: {count.to_dict()}"  # the comparison, the chart, the balances
        summary = " ".join(pages[0][2].split())  # the client's page as printed
        short = path in (deficit_workbook, demo_out / "clients" / "C-1003.xlsx")
        assert ("£" if path != us_workbook else "$") in summary and ("debt-free by" in summary) != short, path.name
        assert ("a month short" in summary) == short and "What happens next" in summary, path.name
        advice = ("Consumer Financial Protection Bureau", "nfcc.org") if path == us_workbook else \
            ("MoneyHelper", "StepChange", "National Debtline", "Citizens Advice")
        assert all(who in summary for who in advice) and "Step 1" in summary, path.name
        client = next((c for c in sample_clients() + [_us_client(), _deficit_client()] if c["id"] == path.stem))
        if "=" not in client["name"]:
            assert all(client["name"] in text for _, _, text in pages), path.name


def _printed_size(pdf: Path, page: int, text: str) -> float:
    """The size in points at which ``text`` first prints on ``page`` (0-based) of ``pdf``: an 11-point cell prints at
    11 times its sheet's print scale."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(str(pdf))
    try:
        found = document[page].get_textpage()
        where = found.search(text, match_case=True).get_next()
        assert where is not None, f"{text!r} is not on page {page + 1}"
        return pdfium_c.FPDFText_GetFontSize(found.raw, where[0])
    finally:
        document.close()


def _words(text: str) -> str:
    """``text`` with its whitespace made single spaces, a hyphen PDFium marks as ending a wrapped line (U+FFFE) as
    written ("debt-free")."""
    return " ".join(str(text).replace("\ufffe", "-").split())


@pytest.mark.slow  # LibreOffice or the validator: run early, so no core waits on it at the end
def test_printed_tables_keep_their_titles_and_headers_with_their_first_rows(demo_out, printed):
    """Read from the PDF: the page that prints a table's title also prints its header row and its first row. (Charts
    kept whole are checked from the breaks and anchors written: LibreOffice writes the text of a chart a break cuts on
    both pages, clipped, so the PDF's text cannot tell.)"""
    checked = 0
    for path in _workbooks(demo_out):
        pages = _pages(printed[path])
        for ws in _visible(_read(path)):
            on_sheet = [_words(text) for sheet, _, text in pages if sheet == ws.title]
            for table in ws.tables.values():
                first_col, header, last_col, _ = range_boundaries(table.ref)
                names = [_words(ws.cell(row=header, column=c).value) for c in range(first_col, last_col + 1)]
                title = next((ws.cell(row=r, column=first_col).value for r in (header - 2, header - 1) if r >= 1 and
                              isinstance(ws.cell(row=r, column=first_col).value, str) and
                              not ws.cell(row=r, column=first_col).value.startswith("=")), None)
                first = [v.split()[0] for v in (ws.cell(row=header + 1, column=c).value for c in range(first_col, last_col + 1))
                         if isinstance(v, str) and v.strip() and not v.startswith("=")][:1]
                where = f"{path.name} {ws.title} {table.name}"
                title = title and _words(title)  # whole: a title beside another table's was cut by it
                page = next((text for text in on_sheet if (title and title in text) or
                             (not title and all(n in text for n in names))), None)
                assert page is not None, f"{where}: its title or header is not printed"
                missing = [n for n in names + first if n not in page]
                assert not missing, f"{where}: {missing} not on the page of its title {title!r}"
                checked += 1
    assert checked >= 120  # every table of the demo's visible sheets



@pytest.mark.slow  # LibreOffice or the validator: run early, so no core waits on it at the end
def test_the_dashboard_and_the_plan_print_at_a_readable_size(demo_out, printed):
    """The Dashboard, one page wide: two portrait pages whose cells print at 7 points or more in LibreOffice here.
    (Its charts beside the month-end table made it 1,470 points wide: 5.3 points, two half-empty landscape pages.)
    C-1001's Plan prints landscape at 7 points or more, not portrait at 4.9 to save a page.
    LibreOffice without Calibri's metric twin Carlito measures columns in DejaVu Sans, a third wider than Excel's
    Calibri, so Excel prints the same sheets larger still (89 %: 9.8 points; the Plan at 96 %)."""
    path = demo_out / "collections.xlsx"
    ws = _read(path)["Dashboard"]
    assert ws.page_setup.orientation == "portrait" and ws.print_area == "'Dashboard'!$A$1:$H$64", ws.print_area
    pages = [i for i, (sheet, _, _) in enumerate(_pages(printed[path])) if sheet == "Dashboard"]
    assert len(pages) == 2
    receivables = f"£{FileBook(path).read_table('Buckets')['Balance'].sum():,.2f}"  # a cell of each page's tables
    kept = f"{FileBook(path).read_table('DashKeptRate')['Kept rate'].iloc[-1]:.2%}"
    assert min(_printed_size(printed[path], pages[0], receivables), _printed_size(printed[path], pages[1], kept)) >= 7.0
    book = _read(path)  # the Ageing chart and the KPIs' allowance and roll rates under their tables, not beside them
    assert (book["Ageing"].print_area, book["KPIs"].print_area) == ("'Ageing'!$A$1:$H$55", "'KPIs'!$A$1:$F$44")
    client = demo_out / "clients" / "C-1001.xlsx"
    plan = next(i for i, (sheet, _, _) in enumerate(_pages(printed[client])) if sheet == "Plan")
    creditor = FileBook(client).read_table("Plan")["Creditor"].iloc[0]
    assert _printed_size(printed[client], plan, creditor) >= 7.0


@pytest.mark.slow  # LibreOffice or the validator: run early, so no core waits on it at the end
def test_the_collections_settings_print_on_one_page_with_every_tables_title_whole(demo_out, printed):
    """The Settings and the five input tables beside and under them print on one landscape page, cells at 7 points or
    more here (7.1 with Carlito; Excel 68 %), every title whole. They stood side by side over 23 columns (Excel 38 %),
    "Bank of England base rate changes (La" cut off by "KPI targets" beside it."""
    path = demo_out / "collections.xlsx"
    pages = [(i, _words(text)) for i, (sheet, _, text) in enumerate(_pages(printed[path])) if sheet == "Settings"]
    assert len(pages) == 1 and _read(path)["Settings"].page_setup.orientation == "landscape"
    ws = _read(path)["Settings"]
    titles = {t.name: _words(ws.cell(row=range_boundaries(t.ref)[1] - 2, column=range_boundaries(t.ref)[0]).value)
              for t in ws.tables.values()}
    assert titles["ReferenceRates"] == "Bank of England base rate changes (Late Payment Act reference rate)"
    assert len(titles) == 6 and all(title in pages[0][1] for title in titles.values()), titles
    assert _printed_size(printed[path], pages[0][0], "Bucket edges") >= 7.0


@pytest.mark.slow  # LibreOffice or the validator: run early, so no core waits on it at the end
def test_a_table_running_over_pages_ends_with_more_than_its_total_and_a_few_rows(demo_out, printed):
    """Read from the PDF: Ageing detail's last page holds at least paging.LAST_ROWS of its rows, the total among them
    (it held three items and the total: the break now moves up two rows)."""
    path = demo_out / "collections.xlsx"
    last = [text for sheet, _, text in _pages(printed[path]) if sheet == "Ageing detail"][-1]
    items = re.findall(r"^.*\bINV-\d+", last, re.M)
    assert re.search(r"^Total\b", last, re.M) and len(items) + 1 >= paging.LAST_ROWS == 6, last


def test_a_table_stacked_over_another_is_watched_without_the_others_cells(demo_out):
    """The Settings' tables stand over each other: each watched table's range (its spare rows) stops above the next
    table's title, so editing the loss rates leaves the Dunning sheet's note current (DunningLevels watched with 50
    spare rows took in KPITargets and LossRates; Settings took in ReferenceRates, marking every sheet out of date)."""
    book = _read(demo_out / "collections.xlsx")
    ws = book["Settings"]
    tables = {t.name: range_boundaries(t.ref) for t in ws.tables.values()}
    watched = {row[0]: range_boundaries(row[1].split("!")[1].replace("$", ""))
               for row in book[SNAPSHOT].iter_rows(min_row=2, max_col=2, values_only=True)
               if row[0] in tables and row[1].startswith("'Settings'!")}
    assert set(watched) == set(tables)  # Settings and ColumnMap by every sheet, the others by Dunning or KPIs
    for name, (c1, r1, c2, r2) in watched.items():
        for other, (o1, h, o2, last) in tables.items():
            if other != name:  # the other's cells and its title, two rows above its header
                assert c2 < o1 or o2 < c1 or r2 < h or last < r1, f"{name} watched over {other}'s cells"
                assert not (c1 <= o1 <= c2 and r1 <= h - 2 <= r2), f"{name} watched over {other}'s title"


def test_a_firms_settings_tables_are_read_wherever_they_stand(tmp_path):
    """A firm's own workbook keeps its layout: Settings' tables moved back beside each other (as DebtDesk once wrote
    them) give the same Dashboard, dunning fees and interest as where the template now puts them."""
    book = collections_workbook(sample_ledger(), SAMPLE_AS_OF, **sample_collections_inputs())
    path = book.save(tmp_path / "ours.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Settings"]
    for table, anchor in (("ReferenceRates", "O1"), ("ColumnMap", "U1"), ("KPITargets", "R1")):
        first_col, header, last_col, last = range_boundaries(ws.tables[table].ref)
        col, row = range_boundaries(anchor)[:2]
        ws.move_range(f"{get_column_letter(first_col)}{header - 2}:{get_column_letter(last_col)}{last}",
                      rows=row - header + 2, cols=col - first_col)
        ws.tables[table].ref = f"{get_column_letter(col)}{row + 2}:{get_column_letter(col + last_col - first_col)}" \
                               f"{last + row - header + 2}"
    wb.save(tmp_path / "firms.xlsx")
    ours, firms = FileBook(path), FileBook(tmp_path / "firms.xlsx")
    assert firms.table_range("ReferenceRates") == ("Settings", "O3:P10")
    for each in (ours, firms):
        run("regenerate", each)
    for table in ("Buckets", "Dunning"):
        assert_frame_equal(firms.read_table(table), ours.read_table(table))


def test_a_sheet_portrait_would_print_too_small_prints_landscape_even_on_more_pages():
    """48 rows 800 points wide: portrait fits one page at 65 % (7.2-point text in Excel); landscape takes two at 96 %."""
    plan = paging.layout([paging.table_block(1, 3, 48)], width=800, last_row=48)
    assert (plan.orientation, plan.pages, plan.scale) == ("landscape", 2, 0.9624)
    assert paging.layout([paging.table_block(1, 3, 48)], width=700, last_row=48).orientation == "portrait"  # 75 %


def test_columns_are_as_wide_as_what_they_show(demo_out):
    """Columns are sized to a value as its number format shows it (as Excel's AutoFit does), not to Python's text of
    it: a date column fits "30 Sep 2029", not "2029-09-30 00:00:00"; a rate fits "66.67%", not 0.6666666666666666."""
    plan = _read(demo_out / "clients" / "C-1001.xlsx")["Plan"]
    payoff = _first_row(plan, "Payoff date")
    assert payoff.number_format == "d mmm yyyy"
    assert plan.column_dimensions[payoff.column_letter].width == len("Payoff date") + 3
    dashboard = _read(demo_out / "collections.xlsx")["Dashboard"]
    assert dashboard.column_dimensions["A"].width == len("Sarah Whitaker") + 3  # not "2026-05-31 00:00:00"'s 22
    kept = dashboard.tables["DashKeptRate"]
    last_col = range_boundaries(kept.ref)[2]
    assert dashboard.column_dimensions[get_column_letter(last_col)].width == len("Last period") + 3  # the headline's


def test_a_workbook_excel_saved_prints_as_it_did_when_written(tmp_path):
    """Excel saves columns of one width as one span (<col min max>), which openpyxl keeps under the first column's
    letter: the print width must count every column of the span, or a wide sheet is laid out as if narrow (here:
    portrait at 100 %, broken every 45 rows, where Excel prints it at half size)."""
    book = FileBook()
    book.write_table("Wide", pd.DataFrame({f"Column {i}": ["x" * 30] * 80 for i in range(6)}), TableSpec("Wide"))
    book.set_page("Wide", Page())
    written = book.wb["Wide"]
    expected = (written.page_setup.orientation, written.print_area, [b.id for b in written.row_breaks.brk])
    path = book.save(tmp_path / "wide.xlsx")
    wb = openpyxl.load_workbook(path)
    columns = wb["Wide"].column_dimensions
    for letter in "BCDEF":
        del columns[letter]
    columns.group("A", "F", hidden=False)
    columns["A"].width = written.column_dimensions["A"].width
    wb.save(path)  # as Excel writes it: <col min="1" max="6" .../>
    again = FileBook(path)
    again.set_page("Wide", Page())
    ws = again.wb["Wide"]
    assert (ws.page_setup.orientation, ws.print_area, [b.id for b in ws.row_breaks.brk]) == expected
    assert expected[0] == "landscape"


# -- proof -------------------------------------------------------------------------------------------
@pytest.mark.slow  # LibreOffice or the validator: run early, so no core waits on it at the end
def test_every_workbook_debtdesk_writes_passes_the_open_xml_validator(demo_out, us_workbook, tmp_path):
    regenerated = tmp_path / "regenerated.xlsx"
    book = FileBook(client_workbook(sample_clients()[1]).save(tmp_path / "in.xlsx"))
    run("regenerate", book)
    book.save(regenerated)
    collections = FileBook(collections_workbook(sample_ledger(), SAMPLE_AS_OF, **sample_collections_inputs())
                           .save(tmp_path / "collections-in.xlsx"))
    run("regenerate", collections)
    collections.save(tmp_path / "collections-out.xlsx")
    blank = FileBook()
    run("new_client_workbook", blank)
    run("regenerate", blank)
    blank.save(tmp_path / "blank.xlsx")
    # C-1002's workbook and the collections workbook regenerated here hold most of the demo's own cells: a sheet whose
    # cells are the demo's, style numbers aside, is not validated again (cells_checked_once); the others are, whole.
    same = {regenerated: demo_out / "clients" / "C-1002.xlsx", tmp_path / "collections-out.xlsx": demo_out / "collections.xlsx"}
    cut = {cells_checked_once(path, demo, tmp_path / "cut"): path for path, demo in same.items()}
    errors = validate_or_skip(_workbooks(demo_out) + [us_workbook, tmp_path / "blank.xlsx"] + list(cut))
    assert {cut.get(p, p).name: [str(e) for e in found] for p, found in errors.items() if found} == {}


# -- the layout rules themselves -----------------------------------------------------------------------
def test_layout_never_breaks_inside_a_block_that_fits_on_a_page():
    chance = random.Random(11)
    for _ in range(300):
        blocks, row = [], 1
        for _ in range(chance.randint(1, 6)):
            row += chance.randint(0, 4)
            if chance.random() < 0.4:
                blocks.append(paging.Block(row, row + 16, row + 16))  # a chart
                row += 17
            else:
                length = chance.choice([5, 12, 30, 80, 200])
                blocks.append(paging.table_block(row, row + 2, row + 2 + length))
                row += length + 3
        paper = chance.choice(["A4", "Letter"])
        plan = paging.layout(blocks, chance.uniform(300, 1500), row, paper)
        capacity = paging.printable(paper, plan.orientation)[1] * paging.FILL / plan.scale
        for start in plan.breaks:
            for block in blocks:  # (a repeated header takes one row of a later page)
                if (block.keep - block.top + 2) * paging.ROW_POINTS <= capacity:
                    assert not block.top < start <= block.keep, (plan, block)


@pytest.mark.parametrize("call, message", [
    (lambda b: b.set_page("Plan", Page(orientation="sideways")),
     "orientation: 'sideways' is not one of auto, portrait, landscape"),
    (lambda b: b.mark_inputs("Plan", "A2", Input("colour")), "input: kind 'colour' is not one of text, money"),
    (lambda b: b.mark_inputs("Plan", "A2", Input("text", "x" * 256)), "prompt: is 256 characters; Excel shows at most 255"),
    (lambda b: b.mark_inputs("Plan", "A2", Input("choice", source="Plan")), "source: 'Plan' must name a table column"),
    (lambda b: b.mark_inputs("Plan", "A2", Input("choice", source="Plan[Colour]")), "source: table 'Plan' has no column 'Colour'"),
    (lambda b: b.add_chart("Plan", Chart("bar", "t", table="Plan", x="Month", series=("Paid",), colours=("FF0000", "00FF00"))),
     "chart: 2 colours for 1 series"),
])
def test_bad_presentation_requests_are_refused_by_name(call, message):
    book = FileBook()
    book.write_table("Plan", pd.DataFrame({"Month": [1, 2], "Paid": [10.0, 20.0]}), TableSpec("Plan"))
    with pytest.raises(DebtDeskError, match=re.escape(message)):
        call(book)


@pytest.mark.parametrize("country, currency, paper, message", [
    ("Atlantis", None, None, "Settings: Country 'Atlantis' is not a country DebtDesk knows"),
    ("GB", "pounds", None, "Settings: Currency 'POUNDS' is not a three-letter ISO 4217 code"),
    ("GB", None, "A3", "Settings: Paper size 'A3' is not one of A4, Letter, Legal"),
])
def test_a_country_currency_or_paper_debtdesk_cannot_use_is_refused(country, currency, paper, message):
    with pytest.raises(DebtDeskError, match=re.escape(message)):
        parse_region(country, currency, paper)


def test_a_workbook_that_names_no_currency_shows_no_symbol():
    book = FileBook()
    book.write_table("Plan", pd.DataFrame({"Paid": [10.0]}), TableSpec("Plan", formats={"Paid": "money"}))
    assert book.wb["Plan"]["A2"].number_format == "#,##0.00;[Red]-#,##0.00"  # never a guessed £ or $


def test_both_adapters_implement_every_method_of_the_interface_with_its_arguments():
    import inspect

    from debtdesk.macros.book import Workbook
    from debtdesk.workbooks.live import LiveBook

    methods = [n for n, f in vars(Workbook).items() if inspect.isfunction(f) and not n.startswith("_")]
    assert {"set_page", "mark_inputs", "show_first", "hide_sheet", "read_range", "write_range", "region"} <= set(methods)
    for name in methods:
        wanted = list(inspect.signature(getattr(Workbook, name)).parameters)
        for adapter in (FileBook, LiveBook):
            assert list(inspect.signature(getattr(adapter, name)).parameters) == wanted, f"{adapter.__name__}.{name}"
