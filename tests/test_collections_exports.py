"""`debtdesk regenerate --data ... --ledger`: the nightly path reads the collections exports, and says so when one is missing.

Issue 12: `regenerate --ledger` wrote empty dispute, contact and promise tables, so a disputed
account and one called seven times in seven days both showed "Call now".
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from debtdesk.cli import main
from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.collections_exports import split_exports
from debtdesk.workbooks.samples import (SAMPLE_AS_OF, SAMPLE_SETTINGS, sample_contacts, sample_customers,
                                        sample_disputes, sample_dunning_history, sample_ledger, sample_payments,
                                        sample_promises)


def table(wb, sheet: str, name: str) -> pd.DataFrame:
    ws = wb[sheet]
    rows = [[c.value for c in row] for row in ws[ws.tables[name].ref]]
    return pd.DataFrame(rows[1:], columns=rows[0]).set_index("Customer")


def notes(wb, sheet: str) -> list[str]:
    ws = wb[sheet]
    return [c for c in (r[0] for r in ws.iter_rows(values_only=True)) if isinstance(c, str)]


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    """The sample firm's data as a nightly export: CSV and .xlsx, the firm's own header for the customer id."""
    folder = tmp_path_factory.mktemp("exports")
    files = {"ledger": folder / "ledger.csv", "customers": folder / "customers.xlsx", "contacts": folder / "contacts.csv",
             "promises": folder / "promises.csv", "disputes": folder / "disputes.csv", "receipts": folder / "receipts.csv",
             "dunning": folder / "dunning-history.csv", "settings": folder / "settings.csv"}
    sample_ledger().rename(columns={"Customer": "Customer ID", "Invoice": "Invoice #"}).to_csv(files["ledger"], index=False)
    sample_customers().to_excel(files["customers"], index=False)
    for name, frame in (("contacts", sample_contacts()), ("promises", sample_promises()), ("disputes", sample_disputes()),
                        ("receipts", sample_payments()), ("dunning", sample_dunning_history())):
        frame.to_csv(files[name], index=False)
    pd.DataFrame({"Input": list(SAMPLE_SETTINGS), "Value": list(SAMPLE_SETTINGS.values())}).to_csv(files["settings"], index=False)
    return files


def regenerate(files: dict[str, Path], out: Path, capsys, *kinds: str) -> tuple[int, str]:
    data = [str(files[k]) for k in kinds]
    code = main(["regenerate", "--data", *data, "--ledger", str(files["ledger"]), "--as-of", SAMPLE_AS_OF,
                 "--out", str(out), "--workers", "1"])
    return code, capsys.readouterr().err


def test_exports_keep_a_disputed_and_an_over_contacted_customer_off_the_call_list(exports, tmp_path, capsys):
    code, err = regenerate(exports, tmp_path / "out", capsys, "customers", "contacts", "promises", "disputes",
                           "receipts", "dunning", "settings")
    assert code == 0 and "done 1, skipped 0, failed 0" in err and "WARNING" not in err
    book = openpyxl.load_workbook(tmp_path / "out" / "collections.xlsx")  # read once; the test only looks
    ranked = table(book, "Worklist", "Worklist")
    harbour, kestrel = ranked.loc["Harbour Books Ltd"], ranked.loc["Kestrel Logistics Ltd"]
    assert harbour["Status"] == "Paused: dispute of the whole account opened 2026-10-22 (CONC 7.14)"
    assert pd.isna(harbour["Rank"]) and "no calls, letters, fees or interest while dispute" in harbour["Reason"]
    assert kestrel["Status"] == "Call from 2026-11-03"
    assert "Reg F 1006.14(b)(2)(i)(A): this would be call 8 within the seven days 2026-10-27 to 2026-11-02" \
        in kestrel["Reason"]
    dunning = table(book, "Dunning", "Dunning")
    assert dunning.loc["Harbour Books Ltd", "Status"].startswith("Paused: dispute")
    assert not any(n.startswith("NOT SUPPLIED") for n in notes(book, "Worklist"))
    letters = sorted(p.name for p in (tmp_path / "out" / "collections documents").glob("*"))
    assert any(name.endswith("-Marlow-Property-Services-Ltd-level5.docx") for name in letters)


def test_a_missing_export_is_said_loudly_in_the_summary_and_on_the_worklist(exports, tmp_path, capsys):
    code, err = regenerate(exports, tmp_path / "out", capsys, "customers", "promises", "receipts", "dunning", "settings")
    assert code == 0
    assert ("WARNING collections: no contacts export among --data (a file named contacts.csv, .xlsx or .parquet): "
            "Regulation F's call counts cannot be applied") in err
    assert "WARNING collections: no disputes export among --data" in err and "no promises export" not in err
    book = openpyxl.load_workbook(tmp_path / "out" / "collections.xlsx")  # read once; the test only looks
    lines = notes(book, "Worklist")
    assert "NOT SUPPLIED: Contacts — Regulation F's call counts cannot be applied" in lines
    assert "NOT SUPPLIED: Disputes — disputed accounts cannot be held (CONC 7.14)" in lines
    ranked = table(book, "Worklist", "Worklist")
    assert ranked.loc["Kestrel Logistics Ltd", "Status"] == "Check contact log"  # never "Call now" unchecked
    assert "NOT SUPPLIED: Contacts" in " ".join(notes(book, "Dunning"))
    ws = book["Journal"]
    outcomes = {row[2]: row[4] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert "NOT SUPPLIED: Contacts, Disputes" in outcomes["Build worklist"]


def test_exports_are_named_for_what_they_hold(tmp_path, capsys):
    exports, rest = split_exports([tmp_path / "clients.csv", tmp_path / "Contacts-2026-11.csv", tmp_path / "debts.xlsx"])
    assert list(exports) == ["contacts"] and [p.name for p in rest] == ["clients.csv", "debts.xlsx"]
    with pytest.raises(DebtDeskError, match=r"disputes-old.csv and disputes.csv both hold disputes"):
        split_exports([tmp_path / "disputes.csv", tmp_path / "disputes-old.csv"])
    (tmp_path / "contacts.csv").write_text("Customer,Contact Time,Type\n")
    assert main(["regenerate", "--data", str(tmp_path / "contacts.csv"), "--out", str(tmp_path / "o")]) == 2
    assert "--data: contacts.csv: collections exports go with --ledger" in capsys.readouterr().err
