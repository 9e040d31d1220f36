"""`debtdesk regenerate` end to end: workbooks, the firm's data files and the ledger in,
the same workbooks as the ribbon macros write out, a manifest, honest exit codes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from debtdesk.cli import main
from debtdesk.collections.ageing import ageing
from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.fastio import read_frame
from debtdesk.workbooks.manifest import sha256_file
from debtdesk.workbooks.samples import SAMPLE_AS_OF, sample_clients, sample_ledger
from debtdesk.workbooks.sources import CLIENT_FIELDS, client_jobs, data_files, ledger_job
from debtdesk.workbooks.template import client_workbook

from test_batch import values


def export(folder: Path) -> list[Path]:
    """The sample clients as a firm's export: clients.csv with its own header names, debts as .xlsx."""
    renamed = {"name": "Full name", "monthly_budget": "Budget", "Annual rate": "Interest rate", "Principal": "Loan amount"}
    fields = {key: renamed.get(key, column) for column, key in CLIENT_FIELDS.items()}
    clients, children = [], {t: [] for t in ("debts", "payments", "income", "expenses", "credit", "guidelines",
                                             "extra_payments")}
    for c in sample_clients():
        row = {"Client": c["id"], **{fields[k]: v for k, v in c.items() if k in fields}}
        row.update({renamed.get(k, k): v for k, v in c["loan"].items()})
        clients.append(row)
        for table, rows in children.items():
            rows += [{"Client ID": c["id"], **r} for r in c.get(table, [])]
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(clients).to_csv(folder / "clients.csv", index=False)
    files = [folder / "clients.csv"]
    for table, rows in children.items():
        path = folder / (f"{table}.xlsx" if table == "debts" else f"{table}.csv")
        frame = pd.DataFrame(rows)
        frame.to_excel(path, index=False) if path.suffix == ".xlsx" else frame.to_csv(path, index=False)
        files.append(path)
    return files


@pytest.fixture(scope="module")
def data_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    files = export(root / "export")
    sample_ledger().to_csv(root / "ledger.csv", index=False)
    before = {p.name: sha256_file(p) for p in [*files, root / "ledger.csv"]}
    code = main(["regenerate", "--data", *map(str, files), "--ledger", str(root / "ledger.csv"),
                 "--as-of", SAMPLE_AS_OF, "--out", str(root / "out"), "--workers", "2"])
    return root, code, before


def test_data_files_give_the_same_workbooks_as_the_ribbon_on_the_template(data_run, tmp_path):
    root, code, before = data_run
    assert code == 0
    for client in sample_clients():
        from debtdesk.macros.registry import run
        exported = {k: v for k, v in client.items() if k != "firm"}  # an export names no advice firm
        book = client_workbook(exported, documents_dir=tmp_path / f"{client['id']} documents")
        run("regenerate", book)
        reference = book.save(tmp_path / f"{client['id']}.xlsx")
        assert values(root / "out" / "clients" / f"{client['id']}.xlsx") == values(reference), client["id"]


def test_ledger_gives_the_collections_workbook_tying_to_the_engine(data_run):
    root, code, _ = data_run
    ws = openpyxl.load_workbook(root / "out" / "collections.xlsx")["Ageing"]
    rows = [[c.value for c in row] for row in ws[ws.tables["Ageing"].ref]]
    header, body = rows[0], rows[1:]
    expected = ageing(sample_ledger(), SAMPLE_AS_OF).sort_values("Total", ascending=False, kind="stable")
    assert list(header[: len(expected.columns)]) == list(expected.columns)  # largest balance first
    assert [r[0] for r in body] == expected["Customer"].tolist()
    assert [r[len(expected.columns) - 1] for r in body] == expected["Total"].tolist()


def test_parquet_exports_give_the_same_workbooks_as_csv_and_xlsx(data_run, tmp_path):
    """The same export and ledger saved as Parquet (typed columns, pyarrow) regenerate to the same cell values."""
    root, _, _ = data_run
    files = []
    for source in [*sorted((root / "export").iterdir()), root / "ledger.csv"]:
        files.append(tmp_path / f"{source.stem}.parquet")
        read_frame(source).to_parquet(files[-1], index=False)
    assert main(["regenerate", "--data", *map(str, files[:-1]), "--ledger", str(files[-1]), "--as-of", SAMPLE_AS_OF,
                 "--out", str(tmp_path / "out")]) == 0
    for name in ["collections.xlsx", *(f"clients/{c['id']}.xlsx" for c in sample_clients())]:
        assert values(tmp_path / "out" / name) == values(root / "out" / name), name


def test_inputs_unchanged_and_manifest_complete(data_run):
    root, _, before = data_run
    assert {name: sha256_file(root / ("ledger.csv" if name == "ledger.csv" else f"export/{name}")) for name in before} == before
    entries = [json.loads(line) for line in (root / "out" / "manifest.jsonl").read_text().splitlines()]
    assert sorted(Path(e["output"]).name for e in entries) == ["C-1001.xlsx", "C-1002.xlsx", "C-1003.xlsx", "collections.xlsx"]
    assert all(e["status"] == "done" and e["output_sha256"] == sha256_file(e["output"]) for e in entries)
    assert {e["input"].split("#")[1] for e in entries if "#" in e["input"]} == {"C-1001", "C-1002", "C-1003"}


def test_resume_through_the_cli_and_a_changed_as_of_reruns_the_ledger(data_run, capsys):
    root, _, _ = data_run
    args = ["regenerate", "--data", *map(str, sorted((root / "export").iterdir())), "--ledger", str(root / "ledger.csv"),
            "--out", str(root / "out"), "--resume"]
    assert main(args + ["--as-of", SAMPLE_AS_OF]) == 0
    assert "done 0, skipped 4, failed 0" in capsys.readouterr().err
    assert main(args + ["--as-of", "2026-10-31"]) == 0
    assert "done 1, skipped 3, failed 0" in capsys.readouterr().err


def test_exit_code_is_one_when_a_client_fails_and_the_rest_are_written(tmp_path, capsys):
    files = export(tmp_path / "export")
    clients = pd.read_csv(files[0])
    bad = clients.iloc[[0]].assign(Client="C-9", **{"Loan amount": "lots"})
    pd.concat([clients, bad, clients.iloc[[1]]]).to_csv(files[0], index=False)  # a bad loan and a duplicate id
    debts = pd.read_excel(tmp_path / "export" / "debts.xlsx", engine="calamine")
    pd.concat([debts, debts.iloc[[0]].assign(**{"Client ID": "C-404"})]).to_excel(tmp_path / "export" / "debts.xlsx", index=False)
    code = main(["regenerate", "--data", *map(str, files), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert "done 3, skipped 0, failed 3" in err
    assert "clients.csv#C-9: data: clients.csv row 4: Loan amount 'lots' is not a number" in err
    assert "clients.csv row 5: Client ID 'C-1002' appears twice" in err
    assert f"debts.xlsx row {len(debts) + 1}: client 'C-404' is not in clients.csv" in err  # the row appended
    assert sorted(p.name for p in (tmp_path / "out" / "clients").glob("*.xlsx")) == ["C-1001.xlsx", "C-1002.xlsx", "C-1003.xlsx"]


def test_in_place_through_the_cli_keeps_a_chart_and_refuses_to_overwrite_the_firms_sheet(tmp_path, capsys):
    from openpyxl.chart import LineChart, Reference

    client_workbook(sample_clients()[0]).save(tmp_path / "C-1001.xlsx")
    book = openpyxl.load_workbook(tmp_path / "C-1001.xlsx")
    chart = LineChart()
    chart.add_data(Reference(book["Income"], min_col=2, min_row=1, max_row=3), titles_from_data=True)
    book["Income"].add_chart(chart, "H2")
    book.save(tmp_path / "C-1001.xlsx")
    with zipfile.ZipFile(tmp_path / "C-1001.xlsx") as z:
        chart_xml = z.read("xl/charts/chart1.xml")
    assert main(["regenerate", str(tmp_path / "C-1001.xlsx"), "--in-place", "--out", str(tmp_path / "log")]) == 0
    with zipfile.ZipFile(tmp_path / "C-1001.xlsx") as z:
        assert z.read("xl/charts/chart1.xml") == chart_xml
    assert "Schedule" in openpyxl.load_workbook(tmp_path / "C-1001.xlsx").sheetnames

    client_workbook(sample_clients()[1]).save(tmp_path / "C-1002.xlsx")
    book = openpyxl.load_workbook(tmp_path / "C-1002.xlsx")
    book.create_sheet("Summary")["A1"] = "the adviser's own notes"  # a sheet of DebtDesk's name, not DebtDesk's
    book.save(tmp_path / "C-1002.xlsx")
    original = sha256_file(tmp_path / "C-1002.xlsx")
    capsys.readouterr()
    assert main(["regenerate", str(tmp_path / "C-1002.xlsx"), "--in-place", "--out", str(tmp_path / "log2")]) == 1
    err = capsys.readouterr().err
    assert ("C-1002.xlsx: sheet 'Summary' is the firm's own (DebtDesk did not write it) and DebtDesk writes a sheet "
            "of that name, which would drop its cells A1") in err and "nothing was written" in err
    assert sha256_file(tmp_path / "C-1002.xlsx") == original and not list(tmp_path.glob("C-1002.*.bak*"))


def test_usage_errors_name_the_option(tmp_path, capsys):
    assert main(["regenerate", "--out", str(tmp_path)]) == 2
    assert "INPUT: nothing to regenerate" in capsys.readouterr().err
    sample_ledger().to_csv(tmp_path / "ledger.csv", index=False)
    assert main(["regenerate", "--ledger", str(tmp_path / "ledger.csv"), "--out", str(tmp_path / "o")]) == 2
    assert "--as-of: is required with --ledger" in capsys.readouterr().err
    assert main(["regenerate", str(tmp_path / "ledger.csv"), "--out", str(tmp_path / "o")]) == 2
    assert "is not a workbook (.xlsx or .xlsm); firm data files go after --data" in capsys.readouterr().err
    assert main(["regenerate", str(tmp_path / "x.xlsx"), "--in-place", "--ledger", str(tmp_path / "ledger.csv")]) == 2
    assert "--out: is required" in capsys.readouterr().err


def test_data_file_errors_name_the_file_and_column(tmp_path):
    with pytest.raises(DebtDeskError, match=r"data: notes.csv: name it after what it holds \(clients, income"):
        data_files([tmp_path / "notes.csv"])
    with pytest.raises(DebtDeskError, match=r"data: a clients file is needed with debts.csv"):
        data_files([tmp_path / "debts.csv"])
    with pytest.raises(DebtDeskError, match=r"debts-2.csv and debts.csv both hold debts; give one file each"):
        data_files([tmp_path / "clients.csv", tmp_path / "debts.csv", tmp_path / "debts-2.csv"])
    pd.DataFrame({"Client ID": ["A"]}).to_csv(tmp_path / "clients.csv", index=False)
    pd.DataFrame({"Client ID": ["A"], "Name": ["Visa"], "Balance": [1]}).to_csv(tmp_path / "debts.csv", index=False)
    with pytest.raises(DebtDeskError, match=r"debts.csv: missing column APR, Minimum \(found 'Client ID', 'Name', 'Balance'\)"):
        client_jobs([tmp_path / "clients.csv", tmp_path / "debts.csv"], tmp_path / "out")
    with pytest.raises(DebtDeskError, match=r"--as-of: .*not a date|--as-of: .*'someday'"):
        ledger_job(tmp_path / "clients.csv", tmp_path, "someday")
