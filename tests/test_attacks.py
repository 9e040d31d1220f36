"""The batch job under attack, with real files: names that try to leave --out or collide, files
that cost gigabytes to read, encrypted files, readers' warnings. Each hostile item fails alone
with one line naming what and why; the rest of the batch is done; nothing is written outside
--out and every input stays byte for byte as it was. Memory attacks run under a resource limit.
"""

from __future__ import annotations

import copy
import io
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import msoffcrypto.format.ooxml
import openpyxl
import pandas as pd
import pytest

from debtdesk.cli import main
from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.fastio import read_frame, write_detail
from debtdesk.workbooks.limits import DEFAULT, Limits, applying, check_workbook
from debtdesk.workbooks.samples import sample_clients, sample_ledger
from debtdesk.workbooks.template import client_workbook

from conftest import require_libreoffice
from libreoffice import convert
from test_faults import CLI, NO_OFFICE, one_line_each, snapshot
from test_lock import ROOT

#: Address space the whole run (main process and workers) may use in the memory attacks: far below
#: what the attacks cost unchecked (3 GB and more), well above what a checked run needs.
MEMORY = 2 * 2 ** 30


@pytest.fixture
def no_pdfs(monkeypatch):
    """No LibreOffice on PATH in these runs: regeneration needs none."""
    monkeypatch.setenv("PATH", NO_OFFICE["PATH"])


pytestmark = pytest.mark.usefixtures("no_pdfs")


def client(client_id: str, debts: list[dict] | None = None) -> dict:
    """The first sample client under another id (and, if given, other debts)."""
    made = copy.deepcopy(sample_clients()[0])
    made["id"] = client_id
    if debts is not None:
        made["debts"] = debts
    return made


def failures(err: str) -> dict[str, str]:
    """The summary's failed lines: item name -> reason."""
    out = {}
    for line in one_line_each(err):
        if line.startswith("  failed "):
            item, _, why = line[len("  failed "):].partition(": ")
            out[Path(item).name] = why
    return out


def written_outside(root: Path, before: dict[str, str], out: Path) -> dict:
    """Files under ``root`` that are new or changed, outside ``out``."""
    now = snapshot(root, out)
    return {k: v for k, v in now.items() if before.get(k) != v}


# -- names ---------------------------------------------------------------------------------------------
def test_client_ids_in_workbooks_never_leave_out_or_nest_folders(tmp_path, capsys):
    inputs, out = tmp_path / "in", tmp_path / "out"
    ids = {"traversal.xlsx": "../../escaped/x", "absolute.xlsx": str(tmp_path / "abs" / "x"),
           "nested.xlsx": "ACME/2026/001", "K-001.xlsx": "K-001"}
    for name, client_id in ids.items():
        client_workbook(client(client_id)).save(inputs / name)
    before = snapshot(tmp_path)
    assert main(["regenerate", str(inputs), "--out", str(out), "--workers", "1"]) == 1
    failed = failures(capsys.readouterr().err)
    assert sorted(failed) == ["absolute.xlsx", "nested.xlsx", "traversal.xlsx"]
    for name, why in failed.items():
        assert why == f"Client ID: {ids[name]!r} cannot name a file: holds '/', which no file name may hold " \
                      '(nor any of / \\ : * ? " < > |)'
    assert written_outside(tmp_path, before, out) == {}
    assert not list(tmp_path.rglob("escaped")) and not (tmp_path / "abs").exists()
    assert sorted(p.name for p in out.iterdir()) == [".debtdesk.lock", "K-001 documents", "K-001.xlsx", "manifest.jsonl"]
    assert all(p.is_file() for p in (out / "K-001 documents").iterdir())  # letters, no nested folder


def test_client_ids_in_data_files_fail_alone_naming_their_row(tmp_path, capsys):
    made = client("C-1")
    ids = ["C-1", "../../escaped/x", "/abs/x", "C\x00NUL", "CON", "aux.1", "c-1", "C\x1b[31mRED", ".hidden",
           "Smith, J (2026)", "C-2"]
    rows = [{"Client ID": i, "Client name": made["name"], "As of": made["as_of"], **made["loan"]} for i in ids]
    rows.append({**rows[0], "Client ID": "C-3", "Client name": "Ann\x07Lee"})  # a bell in a name
    pd.DataFrame(rows).to_csv(tmp_path / "clients.csv", index=False)
    debts = [{"Client ID": "C-2", "Name": name, "Type": "Credit card", "Balance": 900, "APR": 0.2, "Minimum": 25}
             for name in ("Visa", "Store\x01card")]
    pd.DataFrame(debts).to_csv(tmp_path / "debts.csv", index=False)
    out = tmp_path / "out"
    before = snapshot(tmp_path)
    assert main(["regenerate", "--data", str(tmp_path / "clients.csv"), str(tmp_path / "debts.csv"), "--out", str(out),
                 "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "done 2, skipped 0, failed 10" in err
    reasons = failures(err)
    assert reasons["clients.csv#C-3"] == ("data: clients.csv row 12: Client name 'Ann\\x07Lee' holds a control character "
                                         "(U+0007), which a workbook cannot hold")
    assert reasons["clients.csv#C-2"] == ("data: debts.csv row 2: Name 'Store\\x01card' holds a control character "
                                         "(U+0001), which a workbook cannot hold")
    assert reasons["clients.csv#C\\x00NUL"] == ("data: clients.csv row 4: Client ID 'C\\x00NUL' cannot name a file: "
                                               "holds a control character (U+0000)")
    assert reasons["clients.csv#C\\x1b[31mRED"].endswith("holds a control character (U+001B)")
    assert reasons["clients.csv#CON"].endswith("is the Windows device name 'CON'")
    assert reasons["clients.csv#aux.1"].endswith("is the Windows device name 'aux'")
    assert reasons["clients.csv#c-1"] == ("data: clients.csv row 7: Client ID 'c-1' differs from 'C-1' only in case, and "
                                         "both would name the same file where case is ignored (Windows, macOS)")
    assert reasons["clients.csv#.hidden"].endswith("starts with '.'")
    assert "\x1b" not in err and "\x00" not in err
    assert sorted(p.name for p in (out / "clients").glob("*.xlsx")) == ["C-1.xlsx", "Smith, J (2026).xlsx"]
    assert written_outside(tmp_path, before, out) == {} and not list(tmp_path.rglob("escaped"))


def test_creditors_whose_names_collide_each_keep_their_own_letter(tmp_path, capsys):
    names = ["Visa 1", "Visa/1", "Visa-1", "Straße", "STRASSE", "CON", "Energy arrears / E.ON", "Q" * 300]
    debts = [{"Name": n, "Type": "Credit card", "Balance": 1000 + 100 * k, "APR": 0.2, "Minimum": 25, "Arrears": 300}
             for k, n in enumerate(names)]  # arrears the surplus cannot clear soon: a debt management plan writes to all
    client_workbook(client("K-001", debts)).save(tmp_path / "in" / "K-001.xlsx")
    assert main(["regenerate", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "1"]) == 0
    folder = tmp_path / "out" / "K-001 documents"
    sheet = openpyxl.load_workbook(tmp_path / "out" / "K-001.xlsx")["Proposals"]
    header = [c.value for c in sheet[3]]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] not in (None, "Total")]
    letters = {r[0]: r[header.index("Letter")] for r in rows}
    assert sorted(letters) == sorted(names)
    assert len({name.casefold() for name in letters.values()}) == len(names)  # distinct, also where case is ignored
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*letters.values(), *(Path(n).with_suffix(".pdf").name for n in letters.values())])
    for creditor, letter in letters.items():  # each letter is the one to its creditor
        lines = [line for p in docx.Document(folder / letter).paragraphs for line in p.text.splitlines()]
        assert creditor in lines  # the address block's first line
        assert len(letter.encode()) <= 200
    assert [letters[n] for n in names[:6]] == ["K-001 Visa-1.docx", "K-001 Visa-1 (2).docx", "K-001 Visa-1 (3).docx",
                                               "K-001 Straße.docx", "K-001 STRASSE (2).docx", "K-001 CON_.docx"]


def test_input_workbooks_whose_names_cannot_name_an_output_fail_alone(tmp_path, capsys):
    for name in ("bad\x1bname.xlsx", "CON.xlsx", "K-001.xlsx"):
        client_workbook(client("K-001")).save(tmp_path / "in" / name)
    assert main(["regenerate", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert failures(err) == {
        "bad\\x1bname.xlsx": "data: 'bad\\x1bname.xlsx' cannot name its output: the name holds a control character (U+001B)",
        "CON.xlsx": "data: 'CON.xlsx' cannot name its output: the name is the Windows device name 'CON'"}
    assert sorted(p.name for p in (tmp_path / "out").glob("*.xlsx")) == ["K-001.xlsx"]


def test_two_items_writing_one_file_are_refused_before_anything_runs(tmp_path, capsys):
    client_workbook(client("K-001")).save(tmp_path / "a" / "K-001.xlsx")
    client_workbook(client("K-001")).save(tmp_path / "b" / "k-001.xlsx")
    assert main(["regenerate", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (f"debtdesk: INPUT: {tmp_path / 'b' / 'k-001.xlsx'} and {tmp_path / 'a' / 'K-001.xlsx'} "
                                       "would both write k-001.xlsx; rename one\n")
    client_workbook(client("K-002")).save(tmp_path / "c" / "collections.xlsx")
    sample_ledger().to_csv(tmp_path / "ledger.csv", index=False)
    assert main(["regenerate", str(tmp_path / "c"), "--ledger", str(tmp_path / "ledger.csv"), "--as-of", "2026-11-01",
                 "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == ("debtdesk: INPUT: ledger.csv and collections.xlsx would both write "
                                       "collections.xlsx; rename one\n")
    assert not (tmp_path / "out").exists()


# -- what a file costs to read -------------------------------------------------------------------------
_MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def far_cell(path: Path) -> Path:
    """6 KB: one value at A1 and one at XFD6000 (a dense reader allocates 98 million cells)."""
    wb = openpyxl.Workbook()
    wb.active.title = "Ledger"
    wb.active["A1"], wb.active["XFD6000"] = "Customer", 1
    wb.save(path)
    return path


def many_sheets(path: Path, sheets: int = 260) -> Path:
    """Hundreds of small sheets whose used ranges add up to 16 million cells."""
    wb = openpyxl.Workbook()
    for k in range(sheets):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = f"S{k}"
        ws["A1"], ws["Z2400"] = k, k
    wb.save(path)
    return path


def ods(path: Path, rows: str) -> Path:
    """An OpenDocument spreadsheet with one table, its rows as given."""
    names = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
             'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {names} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="Ledger">{rows}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                   '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        z.writestr("content.xml", content)
    return path


def _cell(value) -> str:
    kind = "float" if isinstance(value, (int, float)) else "string"
    number = f' office:value="{value}"' if kind == "float" else ""
    return f'<table:table-cell office:value-type="{kind}"{number}><text:p>{value}</text:p></table:table-cell>'


REPEATED = ('<table:table-row table:number-rows-repeated="100000"><table:table-cell office:value-type="float" '
            'office:value="1" table:number-columns-repeated="16384"><text:p>1</text:p></table:table-cell></table:table-row>')


def limited(memory: int):
    """A ``preexec_fn``: the process and everything it starts may use ``memory`` bytes of address space."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    return limit


def test_the_attacks_are_real_unchecked_calamine_cannot_read_them_within_the_limit(tmp_path):
    """What the checks stand between: calamine, asked directly, dies or fails inside the memory limit."""
    for attack in (far_cell(tmp_path / "far.xlsx"), ods(tmp_path / "repeated.ods", REPEATED)):
        code = ("import sys, python_calamine\n"
                "python_calamine.CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()\n")
        result = subprocess.run([sys.executable, "-c", code, str(attack)], capture_output=True, timeout=120,
                                preexec_fn=limited(MEMORY))
        assert result.returncode != 0, attack.name


@pytest.mark.slow
def test_memory_attacks_on_input_workbooks_fail_alone_within_a_memory_limit(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    far_cell(inputs / "far.xlsx")
    many_sheets(inputs / "sheets.xlsx")
    book = client_workbook(client("K-002"))
    book.write_value("Client", "XFD1048576", "x")  # a client workbook of 44 KB whose Client sheet is a plain range
    book.save(inputs / "K-002.xlsx")
    client_workbook(client("K-001")).save(inputs / "K-001.xlsx")
    before = snapshot(tmp_path)
    result = subprocess.run([*CLI, str(inputs), "--out", str(tmp_path / "out"), "--workers", "2"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, preexec_fn=limited(MEMORY), env=NO_OFFICE)
    assert result.returncode == 1, result.stderr
    assert "done 1, skipped 0, failed 3" in result.stderr
    assert failures(result.stderr) == {
        "far.xlsx": "workbook: far.xlsx sheet 'Ledger' reaches column XFD (16,384 columns), above the limit of 1,024 "
                    "columns (a trusted file may be allowed more with --max-columns); nothing was read",
        "sheets.xlsx": "workbook: sheets.xlsx spans 16,224,000 cells over its 260 sheets, above the limit of 5,000,000 "
                       "cells for a workbook (a trusted file may be allowed more with --max-cells); nothing was read",
        "K-002.xlsx": "workbook: K-002.xlsx sheet 'Client' reaches row 1,048,576, above the limit of 250,000 rows "
                      "(a trusted file may be allowed more with --max-rows); nothing was read"}
    assert written_outside(tmp_path, before, tmp_path / "out") == {}


def test_memory_attacks_in_data_files_are_one_line_within_a_memory_limit(tmp_path):
    ledger = ods(tmp_path / "ledger.ods", REPEATED)
    assert ledger.stat().st_size < 2000
    result = subprocess.run([*CLI, "--ledger", str(ledger), "--as-of", "2026-11-01", "--out", str(tmp_path / "out")],
                            cwd=ROOT, capture_output=True, text=True, timeout=300, preexec_fn=limited(MEMORY), env=NO_OFFICE)
    assert result.returncode == 1
    assert failures(result.stderr) == {"ledger.ods": "workbook: ledger.ods sheet 'Ledger' reaches column XFD (16,384 "
                                                     "columns), above the limit of 1,024 columns (a trusted file may be "
                                                     "allowed more with --max-columns); nothing was read"}


def test_ods_and_xls_within_the_limits_are_read_and_beyond_them_refused(tmp_path, monkeypatch):
    monkeypatch.undo()  # LibreOffice writes the .xls files
    good = ods(tmp_path / "good.ods", "".join(f"<table:table-row>{_cell(a)}{_cell(b)}</table:table-row>"
                                              for a, b in [("Customer", "Amount"), ("C1", 10), ("C2", 20)])
               + '<table:table-row table:number-rows-repeated="1048573"><table:table-cell '
                 'table:number-columns-repeated="1024"/></table:table-row>')  # LibreOffice's empty tail
    assert read_frame(good).to_dict("records") == [{"Customer": "C1", "Amount": 10}, {"Customer": "C2", "Amount": 20}]
    require_libreoffice()
    wb = openpyxl.Workbook()
    wb.active.title = "Ledger"
    wb.active.append(["Customer", "Amount"])
    wb.active.append(["C1", 10])
    wb.save(tmp_path / "small.xlsx")
    wb.active["IV65536"] = 1  # the last cell an .xls holds: 16.8 million cells of used range
    wb.save(tmp_path / "wide.xlsx")
    converted = tmp_path / "xls"
    convert([tmp_path / "small.xlsx", tmp_path / "wide.xlsx"], "xls", converted, tmp_path).check_returncode()
    assert read_frame(converted / "small.xls").to_dict("records") == [{"Customer": "C1", "Amount": 10}]
    with pytest.raises(DebtDeskError, match=r"^workbook: wide.xls sheet 'Ledger' spans 65,536 rows × 256 columns = "
                                            r"16,777,216 cells, above the limit of 5,000,000 cells"):
        read_frame(converted / "wide.xls")


def test_an_encrypted_workbook_is_named_as_such(tmp_path, capsys):
    plain = client_workbook(client("K-001")).save(tmp_path / "plain.xlsx")
    secret = io.BytesIO()
    with open(plain, "rb") as handle:
        msoffcrypto.format.ooxml.OOXMLFile(handle).encrypt("s3cret", secret)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "K-001.xlsx").write_bytes(secret.getvalue())
    assert main(["regenerate", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "1"]) == 1
    assert failures(capsys.readouterr().err)["K-001.xlsx"].startswith(
        "workbook: K-001.xlsx is password-encrypted; DebtDesk cannot read or refresh it (remove the password in Excel")
    (tmp_path / "ledger.xlsx").write_bytes(secret.getvalue())
    assert main(["regenerate", "--ledger", str(tmp_path / "ledger.xlsx"), "--as-of", "2026-11-01",
                 "--out", str(tmp_path / "out")]) == 1
    assert failures(capsys.readouterr().err) == {
        "ledger.xlsx": "workbook: ledger.xlsx is password-encrypted; DebtDesk cannot read it (remove the password in "
                       "Excel: File › Info › Protect Workbook); nothing was read"}


def test_readers_warnings_never_print_among_the_progress(tmp_path):
    """A workbook with an Excel 2010 validation extension openpyxl does not read, run with every
    warning switched on: stderr holds the progress, the summary and nothing else (a warning a job
    meets becomes a note of its manifest entry and a summary line)."""
    source = client_workbook(client("K-001")).save(tmp_path / "plain.xlsx")
    extension = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/'
                 'office/spreadsheetml/2009/9/main"><x14:dataValidations count="0" xmlns:xm="http://schemas.microsoft'
                 '.com/office/excel/2006/main"/></ext></extLst></worksheet>')
    (tmp_path / "in").mkdir()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(tmp_path / "in" / "K-001.xlsx", "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", extension.encode())
            dst.writestr(item, data)
    shutil.copy2(tmp_path / "in" / "K-001.xlsx", tmp_path / "in" / "K-002.xlsx")  # two jobs: the pool's workers run them
    result = subprocess.run([*CLI, str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "2"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, env=dict(NO_OFFICE, PYTHONWARNINGS="always"))
    assert result.returncode == 0, result.stderr
    one_line_each(result.stderr)
    assert "Warning" not in result.stderr and "warn(" not in result.stderr


# -- limits for trusted inputs -------------------------------------------------------------------------
def test_limits_given_on_the_command_line_apply_in_the_main_process_and_the_workers(tmp_path, capsys):
    ledger = write_detail(tmp_path / "ledger.xlsx", sample_ledger(), sheet="Ledger")  # text written as text
    rows = len(sample_ledger()) + 1
    args = ["--ledger", str(ledger), "--as-of", "2026-11-01", "--out", str(tmp_path / "out")]
    assert main(["regenerate", *args, "--max-rows", "10"]) == 1
    assert failures(capsys.readouterr().err) == {
        "ledger.xlsx": f"workbook: ledger.xlsx sheet 'Ledger' reaches row {rows}, above the limit of 10 rows (a trusted "
                       "file may be allowed more with --max-rows); nothing was read"}
    assert main(["regenerate", *args, "--max-rows", str(rows)]) == 0
    capsys.readouterr()
    made = client("C-1")
    pd.DataFrame([{"Client ID": f"C-{k}", "Client name": made["name"], "As of": made["as_of"], **made["loan"]}
                  for k in range(1, 6)]).to_excel(tmp_path / "clients.xlsx", index=False)
    data = ["--data", str(tmp_path / "clients.xlsx"), "--out", str(tmp_path / "out3"), "--workers", "1"]
    assert main(["regenerate", *data, "--max-rows", "3"]) == 2  # the clients export is read before any job
    assert capsys.readouterr().err == ("debtdesk: workbook: clients.xlsx sheet 'Sheet1' reaches row 6, above the limit "
                                       "of 3 rows (a trusted file may be allowed more with --max-rows); nothing was read\n")
    assert main(["regenerate", *data, "--max-rows", "6"]) == 0
    for k in (1, 2):
        client_workbook(client(f"K-00{k}")).save(tmp_path / "in" / f"K-00{k}.xlsx")
    workbooks = [str(tmp_path / "in"), "--out", str(tmp_path / "out2"), "--workers", "2"]
    assert main(["regenerate", *workbooks, "--max-rows", "5"]) == 1
    reasons = failures(capsys.readouterr().err)
    assert sorted(reasons) == ["K-001.xlsx", "K-002.xlsx"]
    assert all("above the limit of 5 rows (a trusted file may be allowed more with --max-rows)" in r for r in reasons.values())
    assert main(["regenerate", *workbooks[:-2], "--workers", "1", "--max-rows", "1000"]) == 0


def test_a_big_ledger_of_our_own_is_refused_as_big_never_as_a_zip_bomb_and_read_when_raised(tmp_path):
    """DebtDesk's own detail writer, at limits scaled down 1,000 times (bench/README.md has the 1M-row run)."""
    frame = pd.DataFrame({"Customer": [f"C{k % 50}" for k in range(1500)], "Amount": [float(k) for k in range(1500)]})
    ours = write_detail(tmp_path / "ledger.xlsx", frame, formats={"Amount": "money"})
    small = Limits(max_rows=1000, max_cells=20_000, max_bytes=100_000)
    with pytest.raises(DebtDeskError) as refused:
        check_workbook(ours, small)
    assert "zip bomb" not in str(refused.value) and "(a trusted file may be allowed more with --max-" in str(refused.value)
    with applying(small.raised(rows=2000)):
        assert len(read_frame(ours)) == 1500
    assert DEFAULT.raised(rows=1_048_576).max_cells >= 1_048_576 * 20
