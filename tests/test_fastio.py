"""Fast data-file reads (calamine, CSV, Parquet) and constant-memory detail sheets."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from debtdesk.collections.ageing import ageing_detail
from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.fastio import read_frame, write_detail
from debtdesk.workbooks.samples import SAMPLE_AS_OF, sample_ledger


def test_detail_sheet_round_trips_through_calamine_with_formats(tmp_path):
    detail = ageing_detail(sample_ledger(), SAMPLE_AS_OF)
    path = write_detail(tmp_path / "detail.xlsx", detail, formats={"Invoice Date": "date", "Due Date": "date",
                                                                   "Outstanding": "money"}, title="Open items")
    ws = openpyxl.load_workbook(path)["Detail"]
    assert ws["A1"].value == "Open items" and [c.value for c in ws[3]] == list(detail.columns)
    assert ws["E4"].number_format == "#,##0.00;[Red]-#,##0.00" and ws["C4"].number_format == "d mmm yyyy"  # dates written out
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == f"A3:G{3 + len(detail)}"
    back = pd.read_excel(path, engine="calamine", skiprows=2)
    assert back["Outstanding"].round(2).sum() == pytest.approx(detail["Outstanding"].sum(), abs=1e-9)
    assert back["Bucket"].tolist() == detail["Bucket"].tolist()
    first = detail.iloc[0]["Invoice Date"]
    assert ws["C4"].value.date() == first


def test_formula_looking_text_is_written_as_text(tmp_path):
    frame = pd.DataFrame({"Customer": ["=1+1", "@SUM(A1)", "-3", "+x"], "Amount": [1.0, None, 3.0, 4.0],
                          "When": [dt.date(2026, 1, 2), None, dt.datetime(2026, 1, 3, 4, 5), None]})
    ws = openpyxl.load_workbook(write_detail(tmp_path / "t.xlsx", frame))["Detail"]
    assert [ws.cell(row=r, column=1).value for r in range(2, 6)] == ["=1+1", "@SUM(A1)", "-3", "+x"]
    assert [ws.cell(row=r, column=1).data_type for r in range(2, 6)] == ["s"] * 4
    assert ws["B3"].value is None and ws["C2"].value == dt.datetime(2026, 1, 2)


def test_ids_stay_text_in_csv_and_xlsx(tmp_path):
    frame = pd.DataFrame({"Customer": ["00123", "1001"], "Invoice no": ["0007", "8"], "Amount": [10.5, 2.0]})
    frame.to_csv(tmp_path / "l.csv", index=False)
    write_detail(tmp_path / "l.xlsx", frame)
    for name in ("l.csv", "l.xlsx"):
        got = read_frame(tmp_path / name)
        assert got["Customer"].tolist() == ["00123", "1001"], name
        assert got["Invoice no"].tolist() == ["0007", "8"], name
        assert got["Amount"].tolist() == [10.5, 2.0], name


def test_parquet_keeps_its_types_and_reads_ids_as_text(tmp_path):
    """Parquet columns arrive typed (no text to parse); typed identifiers become text as in CSV and .xlsx."""
    frame = pd.DataFrame({"Customer": [1001, 1002, None], "Invoice": ["0007", "NA", "9"], "Amount": [10.5, 2.0, 3.25],
                          "Due Date": pd.to_datetime(["2026-01-31", None, "2026-03-01"])})
    frame["Customer"] = frame["Customer"].astype("Int64")
    frame.to_parquet(tmp_path / "ledger.parquet", index=False)
    got = read_frame(tmp_path / "ledger.parquet")
    assert got["Customer"].tolist()[:2] == ["1001", "1002"] and pd.isna(got["Customer"].iloc[2])
    assert got["Invoice"].tolist() == ["0007", "NA", "9"]  # text that reads "NA" is a real invoice number here
    assert got["Amount"].tolist() == [10.5, 2.0, 3.25]
    assert got["Due Date"].iloc[0] == pd.Timestamp("2026-01-31") and pd.isna(got["Due Date"].iloc[1])


def test_numeric_ids_from_number_cells_read_as_whole_text(tmp_path):
    pd.DataFrame({"Client ID": [1001, 1002], "Balance": [1.0, 2.0]}).to_excel(tmp_path / "c.xlsx", index=False)
    assert read_frame(tmp_path / "c.xlsx")["Client ID"].tolist() == ["1001", "1002"]


def test_bad_files_and_formats_are_named(tmp_path):
    with pytest.raises(DebtDeskError, match=r"data: .*missing.csv does not exist"):
        read_frame(tmp_path / "missing.csv")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(DebtDeskError, match=r"data: notes.txt: expected one of .xlsx, .xlsm, .xls, .ods, .csv, .parquet"):
        read_frame(tmp_path / "notes.txt")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(DebtDeskError, match=r"data: broken.xlsx could not be read \("):
        read_frame(tmp_path / "broken.xlsx")
    with pytest.raises(DebtDeskError, match=r"formats: currency not one of money, date"):
        write_detail(tmp_path / "x.xlsx", pd.DataFrame({"a": [1]}), formats={"a": "currency"})
    assert not (tmp_path / "x.xlsx").exists()
