"""Every finding of "No silent wrong number from text, locale, formulas or odd files", replayed.

Each case gives the input as a user would (text from a European export, a pasted range, a
firm's CSV or .xlsx) and asserts either the exact one-line refusal naming the argument, the
row and the expectation, or the right value under the stated locale. The same findings go
through the cell functions (``debtdesk.udfs``) and through ``debtdesk regenerate`` on CSV and
.xlsx exports; a refused item leaves nothing half-written and is never marked done.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.table import Table, TableStyleInfo

import debtdesk.udfs as udfs
from debtdesk.collections.ageing import ageing
from debtdesk.cli import main
from debtdesk.errors import DebtDeskError
from debtdesk.macros.registry import run
from debtdesk.reading import Locale, reading
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.samples import SAMPLE_AS_OF, sample_clients, sample_ledger
from debtdesk.workbooks.template import client_workbook

from test_batch import values

COMMA, DMY = Locale(","), Locale(date_order="DMY")
LEDGER_HEADER = ["Customer", "Invoice", "Invoice Date", "Due Date", "Amount", "Paid", "Credit"]


def refused(call) -> str:
    with pytest.raises(DebtDeskError) as caught:
        call()
    return str(caught.value)


def ledger(*rows, header=LEDGER_HEADER) -> list[list]:
    """A ledger range: the header, then each row padded with empty cells (no Paid, no Credit)."""
    return [list(header), *[list(r) + [None] * (len(header) - len(r)) for r in rows]]


def aged(report: list[list]) -> dict[str, dict[str, float]]:
    """A spilled ageing report as {customer: {column: value}}."""
    header = report[0]
    return {row[0]: dict(zip(header[1:], row[1:])) for row in report[1:]}


# ======================================================================================
# Through the cell functions
# ======================================================================================
EXPECTED = "(expected YYYY-MM-DD, a date or an Excel serial number)"


def due(value):
    """DD_AGEING on a one-invoice ledger whose Due Date cell is ``value``."""
    return lambda: udfs.DD_AGEING(ledger(["Acme", "I1", "2024-01-01", value, 1.0]), "2024-06-01")


CELL_REFUSALS = [
    # Numbers: a comma read as a thousands separator wherever it stood.
    pytest.param(lambda: udfs.DD_AMORTIZE("1.234,50", 0.12, 3),
                 "DD_AMORTIZE: principal: '1.234,50' is written with a decimal comma (1234.50?), but numbers here are "
                 "read as 1,234.56: write it with a decimal point", id="amortize-1.234,50"),
    pytest.param(lambda: udfs.DD_AMORTIZE("1,5", 0.12, 3),
                 "DD_AMORTIZE: principal: '1,5' is written with a decimal comma (1.5?), but numbers here are read as "
                 "1,234.56: write it with a decimal point", id="1,5"),
    pytest.param(lambda: udfs.DD_DTI("12,34", 100),
                 "DD_DTI: monthly_debt_payments row 1: '12,34' is written with a decimal comma (12.34?), but numbers "
                 "here are read as 1,234.56: write it with a decimal point", id="12,34"),
    pytest.param(lambda: udfs.DD_PRORATA("15,45", [1.0, 2.0]),
                 "DD_PRORATA: amount: '15,45' is written with a decimal comma (15.45?), but numbers here are read as "
                 "1,234.56: write it with a decimal point", id="15,45"),
    pytest.param(lambda: udfs.DD_CONCESSION(1000, "24,5%", 0, 3),
                 "DD_CONCESSION: current_apr: '24,5%' is written with a decimal comma (24.5%?), but numbers here are "
                 "read as 1,234.56: write it with a decimal point", id="24,5%"),
    pytest.param(lambda: udfs.DD_AGEING(ledger(["Acme", "I1", "2026-01-01", "2026-01-31", "1.200,50"]), "2026-03-01"),
                 "DD_AGEING: ledger row 1: Amount '1.200,50' is written with a decimal comma (1200.50?), but numbers "
                 "here are read as 1,234.56: write it with a decimal point", id="ledger-1.200,50"),
    pytest.param(lambda: udfs.DD_AGEING(ledger(["Acme", "I1", "2026-01-01", "2026-01-31", "12.000"]), "2026-03-01"),
                 "DD_AGEING: ledger row 1: Amount '12.000' could be 12 or 12000 (as written where the decimal separator "
                 "is a comma): write 12 or 12000 without a thousands separator", id="ledger-12.000"),
    # A list given as text that could also be one number.
    pytest.param(lambda: udfs.DD_AGE_BUCKET("2026-01-31", "2026-03-01", "100,200,300"),
                 "DD_AGE_BUCKET: edges row 1: '100,200,300' could be the number 100200300 or the list 100; 200; 300: "
                 "write one number without thousands separators, or separate the items of a list with ';'",
                 id="edges-100,200,300"),
    # Dates guessed.
    pytest.param(due("03/04/2024"), "DD_AGEING: ledger row 1: Due Date '03/04/2024' could be 3 April or 4 March: "
                 f"write 2024-04-03 or 2024-03-04 {EXPECTED}", id="due-03/04/2024"),
    pytest.param(lambda: udfs.DD_AGEING(ledger(["Acme", "I1", "2024-01-01", "2024-01-31", 1.0],
                                               ["Bolt", "I2", "2024-01-01", "13/04/2024", 1.0]), "2024-06-01"),
                 "DD_AGEING: ledger row 2: Due Date '13/04/2024' is not a date while no date order is set: write it as "
                 f"YYYY-MM-DD {EXPECTED}", id="due-13/04/2024"),
    pytest.param(due("June 1st"), f"DD_AGEING: ledger row 1: Due Date 'June 1st' is not a date {EXPECTED}",
                 id="due-June-1st"),
    pytest.param(due(30.0), "DD_AGEING: ledger row 1: Due Date 1900-01-30 is before 1990: a date that old is a typing "
                 "or export error (the Excel serial 30 is 1900-01-30)", id="due-30"),
    pytest.param(lambda: udfs.DD_AGE_DAYS(30, "2024-06-01"),
                 "DD_AGE_DAYS: due_date: 1900-01-30 is before 1990: a date that old is a typing or export error "
                 "(the Excel serial 30 is 1900-01-30)", id="age-days-30"),
    pytest.param(lambda: udfs.DD_LATE_PAYMENT(2000, 30, "2024-04-15", 0.0425),
                 "DD_LATE_PAYMENT: due_date: 1900-01-30 is before 1990: a date that old is a typing or export error "
                 "(the Excel serial 30 is 1900-01-30)", id="late-payment-due-30"),
    pytest.param(due("now"), "DD_AGEING: ledger row 1: Due Date 'now' is not a date: write the date itself (DebtDesk "
                 f"never reads an implicit today) {EXPECTED}", id="due-now"),
    pytest.param(due("1/2/3"), f"DD_AGEING: ledger row 1: Due Date '1/2/3' has a 1-digit year: write the year in full "
                 f"{EXPECTED}", id="due-1/2/3"),
    pytest.param(due("April"), f"DD_AGEING: ledger row 1: Due Date 'April' is not a date {EXPECTED}", id="due-April"),
    pytest.param(due("0026-04-03"), "DD_AGEING: ledger row 1: Due Date '0026-04-03' has the year 0026: dates start in "
                 f"1900 (write the year in full, e.g. 2026) {EXPECTED}", id="due-0026"),
    # A percentage typed as a whole number.
    pytest.param(lambda: udfs.DD_PAYOFF([["Name", "Balance", "APR", "Minimum"], ["Visa", 4200.0, 0.249, 105.0],
                                         ["Loan", 6800.0, 6.0, 215.0]], 820.0),
                 "DD_PAYOFF: debts row 2: APR 6 would be 600% a year: rates are fractions (6% is 0.06); write 6% or "
                 "0.06, or '600%' as text if that is meant", id="apr-6"),
    pytest.param(lambda: udfs.DD_AMORTIZE(12000, 6, 36),
                 "DD_AMORTIZE: annual_rate: 6 would be 600% a year: rates are fractions (6% is 0.06); write 6% or 0.06, "
                 "or '600%' as text if that is meant", id="amortize-rate-6"),
    # A decimal-comma APR blamed on the budget.
    pytest.param(lambda: udfs.DD_PAYOFF([["Name", "Balance", "APR", "Minimum"], ["Visa", 4200.0, "24,9%", 105.0]], 820.0),
                 "DD_PAYOFF: debts row 1: APR '24,9%' is written with a decimal comma (24.9%?), but numbers here are "
                 "read as 1,234.56: write it with a decimal point", id="apr-24,9%"),
    # Duplicate headers: pandas' "Length mismatch".
    pytest.param(lambda: udfs.DD_AGEING(ledger(["Acme", "I1", "2024-01-01", "2024-01-31", 1.0, 2.0],
                                               header=LEDGER_HEADER[:5] + ["Amount"]), "2024-06-01"),
                 "DD_AGEING: ledger: has 2 columns headed 'Amount' (columns 5 and 6): give each column its own header, "
                 "so it is clear which one is Amount", id="duplicate-header"),
]


@pytest.mark.parametrize("call, message", CELL_REFUSALS)
def test_cell_functions_refuse_text_that_could_mean_another_number(call, message):
    assert refused(call) == message


def test_decimal_comma_text_reads_right_under_the_decimal_comma_locale():
    with reading(COMMA):
        schedule = udfs.DD_AMORTIZE("1.234,50", "12%", 3)
        assert [row[2] for row in schedule[1:]] == [419.76, 419.76, 419.76]  # PMT(1%, 3, 1234.50), the figure
        report = aged(udfs.DD_AGEING(ledger(["Acme", "I1", "2026-01-01", "2026-01-31", "1.200,50"]), "2026-03-01"))
        assert report["Acme"]["Total"] == 1200.5 and report["Acme"]["1-30"] == 1200.5
        assert udfs.DD_CONCESSION(1000, "24,5%", 0, 3)[2][1] == udfs.DD_CONCESSION(1000, 0.245, 0, 3)[2][1]
        assert udfs.DD_PAYOFF([["Name", "Balance", "APR", "Minimum"], ["Visa", "4.200,00", "24,9%", "105,00"]], "820,00") \
            == udfs.DD_PAYOFF([["Name", "Balance", "APR", "Minimum"], ["Visa", 4200.0, 0.249, 105.0]], 820.0)
        assert refused(lambda: udfs.DD_AMORTIZE("1,234.50", 0.12, 3)).startswith(
            "DD_AMORTIZE: principal: '1,234.50' is written with a decimal point (1234.50?), but numbers here are read "
            "as 1.234,56: write it with a decimal comma")


def test_bucket_edges_given_as_text_are_a_list():
    labels = ["Current", "1-15", "16-45", "46+"]
    assert [udfs.DD_AGE_BUCKET("2026-03-01", day, "15,45") for day in ("2026-03-02", "2026-03-17", "2026-04-16")] \
        == labels[1:]
    ledger_rows = ledger(["Acme", "I1", "2024-01-01", "2024-01-31", 100.0], ["Bolt", "I2", "2024-01-01", "2024-03-31", 50.0])
    expected = udfs.DD_AGEING(ledger_rows, "2024-04-15", [30.0, 60.0, 90.0])
    for edges in ("30,60,90", "30, 60, 90", "30;60;90", [["30, 60, 90"]]):
        assert udfs.DD_AGEING(ledger_rows, "2024-04-15", edges) == expected, edges
    assert udfs.DD_AGEING(ledger_rows, "2024-04-15", "15,45")[0][1:5] == labels


def test_dates_read_by_the_date_order_the_locale_states():
    rows = ledger(["Acme", "I1", "2024-01-01", "03/04/2024", 100.0], ["Bolt", "I2", "2024-01-01", "13/04/2024", 50.0])
    with reading(DMY):  # both day first: 3 April and 13 April, aged 59 and 49 days on 1 June
        report = aged(udfs.DD_AGEING(rows, "2024-06-01"))
        assert report["Acme"]["31-60"] == 100.0 and report["Bolt"]["31-60"] == 50.0
        assert udfs.DD_AGE_DAYS("03/04/2024", "01/06/2024") == 59
    with reading(date_order="MDY"):
        assert udfs.DD_AGE_DAYS("03/04/2024", "06/01/2024") == 89  # 4 March
        assert refused(lambda: udfs.DD_AGEING(rows, "2024-06-01")).startswith(
            "DD_AGEING: ledger row 2: Due Date '13/04/2024' is not a real date")


def test_serials_offsets_and_na_customers_keep_their_meaning():
    # A column of Excel serials is dates of 2026, never days since 1970.
    report = aged(udfs.DD_AGEING(ledger(["Acme", "I1", 46300.0, 46327.0, 100.0], ["Bolt", "I2", 46300.0, 46327.0, 5.0]),
                                 "2026-11-16"))
    assert report["Acme"]["1-30"] == 100.0 and report["Bolt"]["1-30"] == 5.0
    # A due date with an offset keeps its own calendar day; mixed offsets in one column are fine.
    assert udfs.DD_AGE_DAYS("2026-04-03T00:30:00+02:00", "2026-04-04") == 1
    mixed = ledger(["Acme", "I1", "2026-03-01", "2026-04-03T00:30:00+02:00", 10.0],
                   ["Bolt", "I2", "2026-03-01", "2026-04-03T23:30:00-05:00", 20.0],
                   ["NA", "I3", "2026-03-01", "2026-04-04", 30.0], ["None", "I4", "2026-03-01", "2026-04-04", 40.0])
    report = aged(udfs.DD_AGEING(mixed, "2026-04-04"))
    assert report["Acme"]["1-30"] == 10.0 and report["Bolt"]["1-30"] == 20.0
    assert report["NA"]["Current"] == 30.0 and report["None"]["Current"] == 40.0  # names, not missing values


# ======================================================================================
# Through debtdesk regenerate on CSV and .xlsx exports
# ======================================================================================
CLIENT_COLUMNS = {"Client ID": "id", "Full name": "name", "As of": "as_of", "Strategy": "strategy",
                  "Budget": "monthly_budget", "Plan start": "plan_start", "Payments as of": "progress_as_of",
                  "Savings contribution": "savings", "Debt admin fee": "fee"}
LOAN = {"Loan amount": "Principal", "Interest rate": "Annual rate", "Term (months)": "Term (months)",
        "Start date": "Start date", "Extra payment": "Extra payment", "Payments per year": "Payments per year"}
TABLES = ("debts", "payments", "income", "expenses", "credit", "guidelines")
RATES = {"Interest rate", "APR"}
DATES = {"As of", "Plan start", "Payments as of", "Start date", "Date"}
TEXT = {"Client ID", "Full name", "Strategy", "Name", "Type", "Source", "Frequency", "Category", "Housing", "Account"}


def exported_clients() -> list[dict]:
    """The sample clients as the exports below carry them: the plan's inputs and tables, without the
    letters' creditor details, the firm, the household and screening inputs, or extra payments."""
    kept = set(CLIENT_COLUMNS.values()) | {"loan", *TABLES}
    letters = {"Legal name", "Creditor address", "Account number", "Concession", "Concession rate"}
    clients = []
    for client in sample_clients():
        client = {k: copy.deepcopy(v) for k, v in client.items() if k in kept}
        client["debts"] = [{k: v for k, v in d.items() if k not in letters} for d in client["debts"]]
        clients.append(client)
    return clients


def as_written(column: str, value, style: str):
    """A cell as a firm's export writes it: "uk" as the sample data holds it, "de" as a German Excel shows it."""
    if value is None or style == "uk" or column in TEXT:
        return value
    if column in DATES:
        year, month, day = str(value).split("-")
        return f"{day}.{month}.{year}"
    if column in RATES:
        return f"{value * 100:.2f}".replace(".", ",") + " %"
    return f"{value:,.2f}".translate(str.maketrans(",.", ".,"))


def export(folder: Path, clients: list[dict], style: str = "uk", kind: str = "csv") -> list[Path]:
    """``clients`` as a firm's export: clients.<kind> and one file per table, every cell written in ``style``."""
    rows = {"clients": [], **{t: [] for t in TABLES}}
    for c in clients:
        row = {column: c.get(key) for column, key in CLIENT_COLUMNS.items()}
        row.update({column: c.get("loan", {}).get(key) for column, key in LOAN.items()})
        rows["clients"].append(row)
        for table in TABLES:
            rows[table] += [{"Client ID": c["id"], **r} for r in c.get(table, [])]
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, records in rows.items():
        frame = pd.DataFrame(records).astype(object)
        frame = pd.DataFrame({col: [as_written(col, v if v == v else None, style) for v in frame[col]]
                              for col in frame.columns})
        path = folder / f"{name}.{kind}"
        if kind == "csv":
            frame.to_csv(path, index=False, sep=";" if style == "de" else ",")
        else:
            write_xlsx(path, frame)
        files.append(path)
    return files


def write_xlsx(path: Path, frame: pd.DataFrame, sheet: str = "Export") -> openpyxl.Workbook:
    """``frame`` on one sheet of a new workbook, text cells kept as text (as a text export pasted into Excel)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        ws.append([None if v is None or v != v else v for v in record])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a value, not a formula
    book.save(path)
    return book


def regenerate(tmp: Path, files, *options: str, ledger_path: Path | None = None, as_of: str | None = None):
    """Run ``debtdesk regenerate`` in this process; (exit code, manifest entries by item, stderr)."""
    out = tmp / "out"
    args = ["regenerate", "--out", str(out), "--workers", "1", *options]
    if files:
        args += ["--data", *map(str, files)]
    if ledger_path is not None:
        args += ["--ledger", str(ledger_path)]
    if as_of is not None:
        args += ["--as-of", as_of]
    code = main(args)
    manifest = out / "manifest.jsonl"
    entries = [json.loads(line) for line in manifest.read_text().splitlines()] if manifest.exists() else []
    return code, {e["input"].rsplit("#", 1)[-1] if "#" in e["input"] else Path(e["input"]).name: e for e in entries}


def assert_refused(tmp: Path, entries: dict, item: str, message: str) -> None:
    """The item failed with ``message``, left no output and no temporary file behind."""
    entry = entries[item]
    assert entry["status"] == "failed" and entry["error"] == message, entry
    assert entry["output_sha256"] is None
    assert not entry["output"] or not Path(entry["output"]).exists()
    assert not list((tmp / "out").rglob("*.part")) and not list((tmp / "out").rglob(".*.tmp"))


def reference(client: dict, folder: Path) -> dict:
    """The cell values of the workbook the ribbon writes from ``client`` on the template."""
    book = client_workbook(client, documents_dir=folder / f"{client['id']} documents")
    run("regenerate", book)
    return values(book.save(folder / f"{client['id']}.xlsx"))


@pytest.fixture(scope="module")
def first_reference(tmp_path_factory) -> dict:
    """:func:`reference` of the first exported client, built once for the tests that only compare with it."""
    return reference(exported_clients()[0], tmp_path_factory.mktemp("reference"))


def without_locale_rows(cells: dict) -> dict:
    """The cells but the locale rows (and the hidden copy of the inputs, which holds them too)."""
    return {sheet: [r for r in rows if not (sheet == "Client" and r and r[0] in ("Decimal separator", "Date order"))]
            for sheet, rows in cells.items() if sheet != "Inputs as calculated"}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_german_export_is_refused_by_default_and_read_exactly_with_its_locale(kind, tmp_path, first_reference):
    client = exported_clients()[0]
    files = export(tmp_path / "de", [client], "de", kind)
    code, entries = regenerate(tmp_path, files)
    assert code == 1
    assert_refused(tmp_path, entries, "C-1001", (
        f"data: clients.{kind} row 1: As of '01.11.2026' could be 1 November or 11 January: write 2026-11-01 or "
        "2026-01-11, or run regenerate with --date-order DMY (expected YYYY-MM-DD, a date or an Excel serial number)"))
    code, entries = regenerate(tmp_path / "dmy", files, "--date-order", "DMY")
    assert code == 1
    assert_refused(tmp_path / "dmy", entries, "C-1001", (
        f"data: clients.{kind} row 1: Budget '820,00' is written with a decimal comma (820.00?), but numbers here are "
        "read as 1,234.56: write it with a decimal point, or run regenerate with --decimal-comma"))
    code, entries = regenerate(tmp_path / "both", files, "--date-order", "DMY", "--decimal-comma")
    assert code == 0 and entries["C-1001"]["status"] == "done"
    got = values(Path(entries["C-1001"]["output"]))
    assert without_locale_rows(got) == without_locale_rows(first_reference)
    client_sheet = dict(r[:2] for r in got["Client"] if r and r[0])
    assert (client_sheet["Decimal separator"], client_sheet["Date order"]) == \
        ("comma (1.234,56)", "DMY (03/04/2026 is 3 April)")
    assert got["Schedule"][3][2] == 381.04  # 12,000 at 8.9 % over 36 months, not 12.00 at 89 %


def edit(path: Path, change) -> None:
    """Change an export in place as a person would: a CSV's cells as text, an .xlsx's as typed cells."""
    if path.suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        change(frame)
        frame.to_csv(path, index=False)
    else:
        frame = pd.read_excel(path, engine="calamine").astype(object)
        change(frame)
        write_xlsx(path, frame)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_cells_of_an_export_that_cannot_be_read_fail_their_own_client(kind, tmp_path):
    first, second, third = exported_clients()
    third = copy.deepcopy(third)
    third["payments"] = [{"Month": 1, "Date": "2062-12-01", "Paid": 260}]  # a payment years after the as-of
    files = export(tmp_path / "export", [first, second, third], "uk", kind)
    debts = next(f for f in files if f.stem == "debts")

    def mistype(frame):
        frame.loc[frame["Name"] == "Visa card", "APR"] = "24,9%"  # C-1001: a decimal-comma APR
        frame.loc[frame["Name"] == "Mastercard", "APR"] = "6" if kind == "csv" else 6  # C-1002: 6 meaning 6 %

    edit(debts, mistype)
    code, entries = regenerate(tmp_path, files)
    assert code == 1
    assert_refused(tmp_path, entries, "C-1001", (
        f"data: debts.{kind} row 1: APR '24,9%' is written with a decimal comma (24.9%?), but numbers here are read "
        "as 1,234.56: write it with a decimal point, or run regenerate with --decimal-comma"))
    six = "'6'" if kind == "csv" else "6"  # a CSV cell is text; the .xlsx cell is the number 6
    assert_refused(tmp_path, entries, "C-1002", (
        f"data: debts.{kind} row 6: APR {six} would be 600% a year: rates are fractions (6% is 0.06); write 6% or "
        "0.06, or '600%' as text if that is meant"))
    row = len(first["payments"]) + len(second["payments"]) + 1
    assert_refused(tmp_path, entries, "C-1003", (
        f"data: payments.{kind} row {row}: Date 2062-12-01 is more than a year after the client's As of (2026-11-01): "
        "check the year"))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_ids_keep_their_text_unless_the_firm_says_they_are_numbers(kind, tmp_path):
    client = copy.deepcopy(exported_clients()[0])
    client["id"] = "00123"
    files = export(tmp_path / "export", [client], "uk", kind)
    for name in ("debts", "payments"):
        edit(next(f for f in files if f.stem == name), lambda frame: frame.__setitem__("Client ID", 123))
    code, entries = regenerate(tmp_path, files)
    assert code == 1
    assert_refused(tmp_path, entries, "00123", (
        f"data: debts.{kind} rows 1, 2, 3, 4: Client ID '123' matches client '00123' of clients.{kind} only as a "
        "number (leading zeros, or a number cell): keep ids as text in every file, or run regenerate with "
        f"--numeric-ids; payments.{kind} rows 1, 2: Client ID '123' matches client '00123' of clients.{kind} only as "
        "a number (leading zeros, or a number cell): keep ids as text in every file, or run regenerate with "
        "--numeric-ids"))
    code, entries = regenerate(tmp_path / "numeric", files, "--numeric-ids")
    assert code == 0 and entries["00123"]["status"] == "done"
    debts_sheet = values(Path(entries["00123"]["output"]), {"Debts"})["Debts"]
    assert [r[0] for r in debts_sheet[1:]] == ["Visa card", "Store card", "Personal loan", "Council tax arrears"]


def merge_first_two_ids(debts: Path) -> None:
    book = openpyxl.load_workbook(debts)
    book.active["A3"] = None
    book.active.merge_cells("A2:A3")
    book.save(debts)


@pytest.mark.parametrize("kind, damage, message", [
    ("xlsx", merge_first_two_ids, "debts.xlsx rows 1-2: Client ID is a merged cell: unmerge it and fill in every row"),
    ("csv", lambda debts: edit(debts, lambda frame: frame.loc.__setitem__((2, "Client ID"), "")),
     "debts.csv row 3: Client ID is empty: every row must name its client (nothing was regenerated, since the row "
     "could belong to any client)"),
])
def test_merged_id_cells_and_rows_naming_no_client_stop_the_run_before_anything_is_written(kind, damage, message,
                                                                                         tmp_path, capsys):
    files = export(tmp_path / "export", exported_clients()[:1], "uk", kind)
    damage(next(f for f in files if f.stem == "debts"))
    code, entries = regenerate(tmp_path, files)
    assert code == 2 and capsys.readouterr().err.strip().splitlines()[-1] == f"debtdesk: {message}"
    assert not entries and not (tmp_path / "out" / "clients").exists()


def test_a_hidden_first_sheet_is_never_read_and_a_total_row_is_not_data(tmp_path, first_reference):
    client = exported_clients()[0]
    files = export(tmp_path / "export", [client], "uk", "xlsx")
    debts = next(f for f in files if f.stem == "debts")
    book = openpyxl.load_workbook(debts)
    visible = book.active
    rows = visible.max_row
    visible.append(["Total", None, None, "=SUM(D2:D5)"])
    table = Table(displayName="Debts", ref=f"A1:G{rows + 1}", totalsRowCount=1)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2")
    visible.add_table(table)
    old = book.create_sheet("Old 2025", 0)
    old.append(["Client ID", "Name", "Type", "Balance", "APR", "Minimum", "Arrears"])
    old.append([client["id"], "Old loan", "Personal loan", 99999.0, 0.1, 10.0, 0])
    old.sheet_state = "hidden"
    book.active = 1
    book.save(debts)
    code, entries = regenerate(tmp_path, files)
    assert code == 0
    # Cell for cell the workbook the ribbon writes from the client, as the plain export regenerates to.
    assert values(Path(entries["C-1001"]["output"])) == first_reference


def test_a_formula_without_a_saved_value_is_named_in_exports_and_workbooks(tmp_path):
    frame = sample_ledger()
    book = write_xlsx(tmp_path / "ledger.xlsx", frame.astype(object))
    book.active["F3"] = "=E3/2"  # an optional money column: never read as 0
    book.save(tmp_path / "ledger.xlsx")
    code, entries = regenerate(tmp_path, [], ledger_path=tmp_path / "ledger.xlsx", as_of=SAMPLE_AS_OF)
    assert code == 1
    assert_refused(tmp_path, entries, "ledger.xlsx", (
        "ledger.xlsx row 2: Paid holds a formula with no saved value (=E3/2): open the file in Excel or LibreOffice "
        "and save it, so its values are stored"))
    book.active["E4"] = "=100*2"  # a required column: not "is empty"
    book.save(tmp_path / "ledger.xlsx")
    code, entries = regenerate(tmp_path / "again", [], ledger_path=tmp_path / "ledger.xlsx", as_of=SAMPLE_AS_OF)
    assert_refused(tmp_path / "again", entries, "ledger.xlsx", (
        "ledger.xlsx row 2: Paid holds a formula with no saved value (=E3/2): open the file in Excel or LibreOffice "
        "and save it, so its values are stored"))
    # The same in a client workbook refreshed by the ribbon or headless.
    workbook = client_workbook(sample_clients()[0]).save(tmp_path / "C-1001.xlsx")
    cells = openpyxl.load_workbook(workbook)
    cells["Debts"]["G3"] = "=0.299"  # the Store card's APR
    cells.save(workbook)
    with pytest.raises(DebtDeskError) as caught:
        run("regenerate", FileBook(workbook))
    assert str(caught.value) == ("Debts row 2: APR holds a formula with no saved value (=0.299): open the workbook in "
                                 "Excel or LibreOffice and save it, so its values are stored")


def short_ledger() -> pd.DataFrame:
    """The sample ledger's first 100 rows (six customers, five owing): every sheet of a collections
    workbook, written in about two thirds of the whole ledger's time."""
    return sample_ledger().head(100)


def test_ledger_text_is_read_in_the_locale_of_the_export(tmp_path):
    frame = short_ledger().astype(object)
    frame.loc[0, ["Amount", "Paid"]] = ["1.234,50", 0.0]  # open, so the Ageing detail lists it
    frame.loc[1, ["Due Date", "Paid"]] = ["03/04/2026", 0.0]
    frame.to_csv(tmp_path / "ledger.csv", index=False)
    code, entries = regenerate(tmp_path, [], ledger_path=tmp_path / "ledger.csv", as_of=SAMPLE_AS_OF)
    assert code == 1
    assert_refused(tmp_path, entries, "ledger.csv", (
        "ledger.csv row 1: Amount '1.234,50' is written with a decimal comma (1234.50?), but numbers here are read as "
        "1,234.56: write it with a decimal point, or run regenerate with --decimal-comma"))
    german = frame.copy()
    for column in ("Amount", "Paid", "Credit"):
        german[column] = [v if isinstance(v, str) else f"{v:,.2f}".translate(str.maketrans(",.", ".,"))
                          for v in german[column]]
    german.to_csv(tmp_path / "ledger.csv", index=False, sep=";")
    code, entries = regenerate(tmp_path / "de", [], "--decimal-comma", ledger_path=tmp_path / "ledger.csv",
                               as_of=SAMPLE_AS_OF)
    assert_refused(tmp_path / "de", entries, "ledger.csv", (
        "ledger.csv row 2: Due Date '03/04/2026' could be 3 April or 4 March: write 2026-04-03 or 2026-03-04, or run "
        "regenerate with --date-order DMY (expected YYYY-MM-DD, a date or an Excel serial number)"))
    code, entries = regenerate(tmp_path / "de-dmy", [], "--decimal-comma", "--date-order", "DMY",
                               ledger_path=tmp_path / "ledger.csv", as_of=SAMPLE_AS_OF)
    assert code == 0
    detail = pd.read_excel(entries["ledger.csv"]["output"], sheet_name="Ageing detail", skiprows=2,
                           engine="calamine")
    by_invoice = detail.set_index("Invoice")
    assert by_invoice.loc[frame.loc[0, "Invoice"], "Outstanding"] == 1234.5
    assert by_invoice.loc[frame.loc[1, "Invoice"], "Due Date"] == pd.Timestamp("2026-04-03")


def test_na_customers_stay_customers_in_an_xlsx_ledger(tmp_path):
    frame = short_ledger().astype(object)
    owing = ageing(short_ledger(), SAMPLE_AS_OF)["Customer"][:3]  # customers the Ageing sheet lists
    assert len(owing) == 3
    frame["Customer"] = frame["Customer"].replace(dict(zip(owing, ["NA", "None", "NULL"])))
    write_xlsx(tmp_path / "ledger.xlsx", frame)
    code, entries = regenerate(tmp_path, [], ledger_path=tmp_path / "ledger.xlsx", as_of=SAMPLE_AS_OF)
    assert code == 0
    customers = set(FileBook(Path(entries["ledger.xlsx"]["output"])).read_table("Ageing")["Customer"])
    assert {"NA", "None", "NULL"} <= customers and customers == set(ageing(frame, SAMPLE_AS_OF)["Customer"])


def test_rows_typed_below_a_table_are_read_in_a_client_workbook(tmp_path):
    """LibreOffice does not extend an Excel table over rows typed under it: they are debts all the same."""
    client = sample_clients()[0]
    path = client_workbook(client).save(tmp_path / "C-1001.xlsx")
    book = openpyxl.load_workbook(path)
    header = [c.value for c in book["Debts"][1]]
    typed = {"Name": "Catalogue", "Type": "Catalogue", "Balance": 5000.0, "APR": 0.299, "Minimum": 50.0, "Arrears": 0.0}
    book["Debts"].append([typed.get(column) for column in header])
    book.save(path)
    regenerated = FileBook(path)
    run("regenerate", regenerated)
    assessment = regenerated.read_table("Assessment").set_index("Metric")["Value"]
    assert assessment["Non-priority debt balances"] == 16900.0  # 11,900 in the table + 5,000 typed below it


def test_formulas_read_as_the_values_libreoffice_saved_with_them(tmp_path):
    """Once a spreadsheet program has saved the file, a formula reads as its value, in exports and workbooks alike."""
    from conftest import require_libreoffice
    from libreoffice import recalculate

    require_libreoffice()
    frame = sample_ledger().astype(object)
    book = write_xlsx(tmp_path / "ledger.xlsx", frame)
    book.active["F3"] = "=E3/2"  # Paid: half the invoice
    book.save(tmp_path / "ledger.xlsx")
    workbook = client_workbook(sample_clients()[0]).save(tmp_path / "C-1001.xlsx")
    cells = openpyxl.load_workbook(workbook)
    cells["Debts"]["G3"] = "=0.299"  # the Store card's APR, as a formula
    cells.save(workbook)
    saved = recalculate([tmp_path / "ledger.xlsx", workbook], tmp_path / "lo")
    ledger_path = saved[tmp_path / "ledger.xlsx"]
    code, entries = regenerate(tmp_path, [], ledger_path=ledger_path, as_of=SAMPLE_AS_OF)
    assert code == 0
    detail = pd.read_excel(entries["ledger.xlsx"]["output"], sheet_name="Ageing detail", skiprows=2, engine="calamine")
    invoice = frame.loc[1]
    assert detail.set_index("Invoice").loc[invoice["Invoice"], "Outstanding"] == \
        round(invoice["Amount"] - invoice["Amount"] / 2 - invoice["Credit"], 2)
    refreshed = FileBook(saved[workbook])
    run("regenerate", refreshed)
    plain = client_workbook(sample_clients()[0])
    run("regenerate", plain)
    assert refreshed.read_table("Plan").to_dict("records") == plain.read_table("Plan").to_dict("records")
