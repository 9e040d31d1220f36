"""Big tables kept as columns (workbooks/blocks.py) save the very cells the cell-by-cell path saves."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import Input, Page, TableSpec
from debtdesk.macros.registry import run
from debtdesk.workbooks import blocks
from debtdesk.workbooks.cells import Formula, plain
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.samples import SAMPLE_AS_OF, sample_clients, sample_collections_inputs, sample_ledger
from debtdesk.workbooks.template import client_workbook, collections_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/ beside tests/, as CI checks it out
from bench.outputs import differences  # noqa: E402


@pytest.fixture
def frozen_journal(monkeypatch):
    """The Journal's clock stopped, so two runs write the same lines."""
    from debtdesk.macros import journal
    monkeypatch.setattr(journal, "datetime", type("Frozen", (datetime,), {
        "now": classmethod(lambda cls, tz=None: datetime(2026, 11, 27, 9))}))


def _ledger(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    invoice = pd.Timestamp("2025-06-01") + pd.to_timedelta(rng.integers(0, 500, rows), unit="D")
    amount = np.round(rng.uniform(40, 9000, rows), 2)
    names = np.array(["Harbour Joinery Ltd", "Kestrel Print & Pack", "=Northgate Foods", "Abbey Dental Care",
                      "Pennine Haulage", "Moorland Café"])
    return pd.DataFrame({
        "Customer": names[rng.integers(0, len(names), rows)].astype(object),
        "Invoice": [f"INV-{70000 + i}" for i in range(rows)],
        "Invoice Date": invoice.date, "Due Date": (invoice + pd.to_timedelta(30, unit="D")).date,
        "Amount": amount, "Paid": np.where(rng.random(rows) < 0.3, np.round(amount * 0.4, 2), 0.0)})


def test_a_big_collections_workbook_saves_the_same_cells_as_cell_by_cell(tmp_path, monkeypatch, frozen_journal):
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 300)
    ledger = _ledger(600)  # Ledger, Ageing detail and Statements' lines above BLOCK_ROWS
    kept = collections_workbook(ledger, "2026-11-02")
    run("regenerate", kept)
    held = {ws.title: blocks.of(ws) for ws in kept.wb.worksheets if blocks.of(ws)}
    assert {"Ledger", "Ageing detail", "Statements", "Inputs as calculated"} <= set(held)
    assert len(kept.wb["Ledger"]._cells) < 600  # the body is not openpyxl cells
    copied = [c for b in held["Inputs as calculated"] for c in b.columns]  # the register's copy of the Ledger
    assert {str(c.dtype) for c in copied if isinstance(c, pd.Series)} >= {"str", "float64", "datetime64[us]"}
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 10 ** 9)
    cells = collections_workbook(ledger, "2026-11-02")
    run("regenerate", cells)
    assert not any(blocks.of(ws) for ws in cells.wb.worksheets)
    before, after = cells.save(tmp_path / "cells.xlsx"), kept.save(tmp_path / "kept.xlsx")
    assert differences(before, after) == []
    ws = openpyxl.load_workbook(after)["Ledger"]
    assert ws["A1"].value == "Customer" and ws.max_row == 601
    assert ws.tables["Ledger"].ref == "A1:F601"
    quoted = next(r for r in range(2, 602) if ws.cell(r, 1).value == "=Northgate Foods")
    assert ws.cell(quoted, 1).data_type == "s" and ws.cell(quoted, 1).quotePrefix
    assert ws.cell(2, 3).is_date and ws.cell(2, 5).number_format == cells.wb["Ledger"].cell(2, 5).number_format


def test_every_table_as_a_block_saves_the_demo_unchanged(tmp_path, monkeypatch, frozen_journal):
    """Every table, appended block of rows and register copy kept as columns (BLOCK_ROWS 0): the sample
    collections workbook and a client's are the same cell for cell as written cell by cell."""
    outputs = {}
    for label, rows in (("cells", 10 ** 9), ("kept", 0)):
        monkeypatch.setattr(blocks, "BLOCK_ROWS", rows)
        book = collections_workbook(sample_ledger(), SAMPLE_AS_OF, **sample_collections_inputs())
        run("regenerate", book)
        client = client_workbook(sample_clients()[0])
        run("regenerate", client)
        outputs[label] = (book.save(tmp_path / label / "collections.xlsx"), client.save(tmp_path / label / "c.xlsx"))
    for before, after in zip(outputs["cells"], outputs["kept"]):
        assert differences(before, after) == [], after.name


def test_a_block_reads_back_as_cells_do(monkeypatch):
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 2)
    frame = pd.DataFrame({"Customer": ["Harbour Joinery Ltd", None, "@Kestrel"], "Amount": [12.5, np.nan, 3.0],
                          "Due": pd.to_datetime(["2026-01-31", None, "2026-03-01"]), "Count": [1, 2, 3]})
    book = FileBook()
    ref = book.write_table("Ledger", frame, TableSpec("Ledger", formats={"Amount": "money", "Due": "date"}))
    ws = book.wb["Ledger"]
    assert ref == "A1:D4" and len(blocks.of(ws)) == 1 and ws.max_row == 4 and ws.max_column == 4
    assert book.read_range("Ledger", "A2:D3") == [["Harbour Joinery Ltd", 12.5, datetime(2026, 1, 31), 1],
                                                  [None, None, None, 2]]
    read = book.read_table("Ledger")
    assert read["Customer"].tolist() == ["Harbour Joinery Ltd", None, "@Kestrel"] and read["Count"].tolist() == [1, 2, 3]
    c = ws["A4"]  # asked for: made from the block, quoted as the cell path quotes it
    assert (c.value, c.quotePrefix, ws["B2"].number_format) == ("@Kestrel", True, book.region().formats()["money"])
    book.mark_inputs("Ledger", "B2:B4", Input("money"))  # the whole column: the block's look, cells made keep up
    assert len(blocks.of(ws)) == 1 and ws["B3"].fill.fgColor.rgb == ws["B2"].fill.fgColor.rgb != "00000000"


def test_a_block_outside_any_table_is_made_cells_before_it_is_paged(monkeypatch):
    pages = []
    for rows in (10 ** 9, 1):
        monkeypatch.setattr(blocks, "BLOCK_ROWS", rows)
        book = FileBook()
        book.write_range("Copy", "B2", [["Ann Lee", date(2026, 1, 2)], ["Bo Chan", 3.5], ["Cy Dee", None]])
        ws = book.wb["Copy"]
        assert len(blocks.of(ws)) == (rows == 1) and ws.max_row == 4
        book.set_page("Copy", Page())
        assert not blocks.of(ws) and ws["C2"].is_date and ws["B4"].value == "Cy Dee"
        pages.append((ws.print_area, [(c.coordinate, c.value, c.style_id) for row in ws.iter_rows() for c in row]))
    assert pages[0] == pages[1]


def test_what_a_block_cannot_hold_goes_cell_by_cell(monkeypatch):
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 2)
    assert not blocks.holdable(pd.DataFrame({"Note": ["fine", "bell\x07", "fine"]}))
    assert not blocks.holdable([[datetime(2026, 1, 1, tzinfo=__import__("datetime").timezone.utc)]])
    # text among plain values is searched as one (a control character found wherever it is), other types one by one
    mixed = ["Ann", None, 1.5, 2, True, date(2026, 1, 5), ""]
    assert blocks.holdable([mixed, pd.Series(mixed * 3, dtype=object)])
    assert not blocks.holdable([mixed + ["tab\tthen vertical tab\x0b"]])
    assert not blocks.holdable([pd.Series(mixed + ["unit separator\x1f"], dtype=object)])
    assert not blocks.holdable([["Ann", Formula("=1+1")]])
    assert [(type(v), v) for v in map(plain, [date(2026, 1, 5), datetime(2026, 1, 5, 9), True])] == \
        [(datetime, datetime(2026, 1, 5)), (datetime, datetime(2026, 1, 5, 9)), (bool, True)]
    assert blocks.holdable([["tab\t", "line\nbreak", "return\r"]])
    book = FileBook()
    with pytest.raises(openpyxl.utils.exceptions.IllegalCharacterError):
        book.write_table("Notes", pd.DataFrame({"Note": ["fine", "bell\x07", "fine"]}), TableSpec("Notes"))


def test_rows_appended_as_a_frame_save_as_the_same_rows_appended_as_mappings(tmp_path, monkeypatch):
    """The dunning history is appended as columns: kept as a block when many, cell by cell when few,
    the saved cells the same as appending each row as a mapping; a column the table lacks is refused."""
    history = pd.DataFrame({"Customer": ["Harbour Joinery Ltd", "=Northgate Foods", "Abbey Dental Care"],
                            "Sent on": np.array([date(2026, 11, 2)] * 3, dtype=object), "Fee": [0.0, np.nan, 25.0],
                            "Level": np.array([1, 2, 3], dtype=np.int64)})
    saved = []
    for label, rows, appended in (("mappings", 10 ** 9, history.to_dict("records")), ("cells", 10 ** 9, history),
                                  ("block", 2, history)):
        monkeypatch.setattr(blocks, "BLOCK_ROWS", rows)
        book = FileBook()
        book.write_table("History", pd.DataFrame({"Customer": ["Pennine Haulage"], "Sent on": [date(2026, 10, 1)],
                                                  "Fee": [10.0], "Level": [1], "Note": ["first"]}),
                         TableSpec("History", formats={"Sent on": "date", "Fee": "money"}))
        book.append_rows("History", appended)
        assert len(blocks.of(book.wb["History"])) == (label == "block")
        saved.append(book.save(tmp_path / f"{label}.xlsx"))
    assert differences(saved[0], saved[1]) == [] and differences(saved[0], saved[2]) == []
    ws = openpyxl.load_workbook(saved[2])["History"]
    assert [c.value for c in ws[4]] == ["=Northgate Foods", datetime(2026, 11, 2), None, 2, None]
    assert ws.tables["History"].ref == "A1:E5" and ws["B5"].number_format == ws["B2"].number_format
    with pytest.raises(DebtDeskError, match="History: has no column Channel"):
        book.append_rows("History", history.assign(Channel="email"))


def test_block_rows_written_as_text_are_the_bytes_openpyxl_writes(tmp_path, monkeypatch):
    """A block's rows are written as XML text (no cells made); the saved package is byte for byte the one
    openpyxl's cell writer makes, for every kind of value a block holds: quoted formula-looking text,
    text to escape or keep the spaces of, non-ASCII, empty text, text past Excel's 32,767 characters, an
    error code's text and a time (both cell by cell), booleans, whole numbers, missing values in a
    formatted column, dates."""
    from datetime import time
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 2)
    text = ["=Northgate Foods", " Café & <Sons>\r\n\t😀 ", "", "x" * 40_000, "#N/A", "+44 113 496 0000", "Ann Lee", "-"]
    frame = pd.DataFrame({"Customer": text, "Amount": [1.5, None, 1e20, -0.1, 3.0, float("inf"), 2.25, 7.0],
                          "Due": pd.to_datetime(["2026-01-31", None, "1900-01-01", "2026-03-01T13:45", None,
                                                 "2026-05-05", "2026-06-06", "2026-07-07"], format="ISO8601"),
                          "Count": [1, 2, 3, 2 ** 62, 5, 6, 7, 8], "Open": [True, False] * 4,
                          "Note": [None, "a", None, "b", None, "c", None, time(9, 30)]})
    saved, as_text = {}, []
    row_text = blocks._RowText.row
    monkeypatch.setattr(blocks._RowText, "row", lambda self, row, parts: as_text.append(row_text(self, row, parts)) or
                        as_text[-1])
    for label, text_rows in (("cells", False), ("text", True)):
        monkeypatch.setattr(blocks, "LXML", text_rows)
        book = FileBook()
        book.write_table("Ledger", frame, TableSpec("Ledger", formats={"Amount": "money", "Due": "date"}))
        book.write_range("Copy", "A1", [["Customer", "Amount"]] + frame[["Customer", "Amount"]].values.tolist())
        assert blocks.of(book.wb["Ledger"]) and blocks.of(book.wb["Copy"])
        saved[label] = book.save(tmp_path / f"{label}.xlsx")
    assert sum(t is not None for t in as_text) >= 8 and None in as_text  # most rows as text, some cell by cell
    import zipfile
    cells, written = zipfile.ZipFile(saved["cells"]), zipfile.ZipFile(saved["text"])
    assert cells.namelist() == written.namelist()
    for name in cells.namelist():
        if name != "docProps/core.xml":  # its time stamps
            assert cells.read(name) == written.read(name), name
    ws = openpyxl.load_workbook(saved["text"])["Ledger"]
    assert (ws["A2"].value, ws["A2"].quotePrefix, ws["A3"].value, len(ws["A5"].value)) == \
        ("=Northgate Foods", True, " Café & <Sons>\r\n\t😀 ", 32_767)
