"""FileBook opens a workbook with each sheet read when first used: the same workbook as openpyxl reads whole.

A sheet read late must be the sheet openpyxl reads at once (cells, styles, comments, links, merges, sizes,
validations, conditional formats, panes, page set-up), the sheets a button never uses stay unread (and the
save copies them from the file), and a damaged sheet is refused by name when a macro first uses it.
"""

from __future__ import annotations

import shutil
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from debtdesk.errors import DebtDeskError
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.lazy_sheets import LazySheet, load_lazily

CORPUS = Path(__file__).parent / "corpus"


def snapshot(ws) -> dict:
    """Everything a worksheet part holds, as plain values."""
    cells = [(c.coordinate, c.value, c.data_type, tuple(c._style or ()), c.comment.text if c.comment else None,
              c.hyperlink.target or c.hyperlink.location if c.hyperlink else None)
             for row in ws.iter_rows() for c in row if c.value is not None or c.has_style or c.comment or c.hyperlink]
    return {
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "rows": {i: (d.ht, d.hidden, d.customHeight, d.outlineLevel) for i, d in ws.row_dimensions.items()},
        "columns": {k: (d.width, d.hidden, d.min, d.max) for k, d in ws.column_dimensions.items()},
        "validations": [(str(v.sqref), v.type, v.formula1) for v in ws.data_validations.dataValidation],
        "formats": [(str(cf.sqref), [(r.type, r.formula) for r in rules]) for cf, rules in
                    ((cf, cf.rules) for cf in ws.conditional_formatting)],
        "panes": ws.freeze_panes, "print": (ws.print_area, ws.print_title_rows, ws.page_setup.orientation,
                                           ws.page_setup.fitToWidth, ws.print_options.gridLines),
        "view": (ws.sheet_view.showGridLines, ws.sheet_view.tabSelected, ws.sheet_properties.tabColor),
        "tables": {t.displayName: t.ref for t in ws.tables.values()}, "drawn": (len(ws._charts), len(ws._images)),
        "state": ws.sheet_state, "legacy": ws.legacy_drawing,
    }


def books() -> list[Path]:
    return sorted(CORPUS.glob("*.xls[xm]"))


@pytest.mark.parametrize("path", books(), ids=lambda p: p.name)
def test_a_sheet_read_when_first_used_is_the_sheet_openpyxl_reads_at_once(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        whole, lazy = openpyxl.load_workbook(path), load_lazily(path)
        assert [ws.title for ws in lazy] == [ws.title for ws in whole]
        assert all(isinstance(ws, LazySheet) and "_pending" in ws.__dict__ for ws in lazy.worksheets)
        for ws in whole.worksheets:
            assert snapshot(lazy[ws.title]) == snapshot(ws), f"{path.name} {ws.title}"
    assert lazy.defined_names.keys() == whole.defined_names.keys()


def test_the_demo_workbooks_read_late_are_the_workbooks_read_at_once(demo_out):
    for path in [demo_out / "collections.xlsx", demo_out / "clients" / "C-1002.xlsx"]:
        whole, lazy = openpyxl.load_workbook(path), load_lazily(path)
        for ws in whole.worksheets:
            assert snapshot(lazy[ws.title]) == snapshot(ws), f"{path.name} {ws.title}"


def test_a_button_reads_only_the_sheets_it_uses(demo_out, tmp_path):
    path = shutil.copy2(demo_out / "collections.xlsx", tmp_path / "collections.xlsx")
    book = FileBook(path)
    contacts = book.read_table("Contacts")
    assert len(contacts) > 0 and list(contacts.columns[:2]) == ["Customer", "Contact Time"]
    unread = {ws.title for ws in book.wb.worksheets if "_pending" in ws.__dict__}
    read = {ws.title for ws in book.wb.worksheets} - unread
    assert book._find_table("Contacts")[0].title in read
    assert {"Ledger", "Ageing detail", "Inputs as calculated"} <= unread  # the biggest, never parsed


def test_a_damaged_sheet_is_refused_by_name_when_first_used(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.create_sheet("Plan").append(["Month", "Paid"])
    wb.save(tmp_path / "good.xlsx")
    with zipfile.ZipFile(tmp_path / "good.xlsx") as good, zipfile.ZipFile(tmp_path / "plan.xlsx", "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            bad.writestr(item, data[:-40] if item.filename == "xl/worksheets/sheet2.xml" else data)
    book = FileBook(tmp_path / "plan.xlsx")  # the damage is in a sheet no one has used yet
    assert book.sheet_names() == ["Notes", "Plan"]
    with pytest.raises(DebtDeskError, match=r"^workbook: plan.xlsx is not a readable .xlsx/.xlsm workbook "
                                            r"\(sheet 'Plan': .+\)$"):
        book.read_range("Plan", "A1:B1")


@pytest.mark.filterwarnings("ignore::UserWarning")  # extensions openpyxl drops, as FileBook opens
def test_saved_formulas_are_what_openpyxl_reads_with_and_without_data_only():
    # Each sheet's formulas and saved values come from the one parse of its part, not two read-only loads of the file.
    compared = 0
    for path in books():
        with zipfile.ZipFile(path) as archive:
            if not any(b"</f>" in archive.read(n) or b"<f " in archive.read(n) for n in archive.namelist()
                       if n.startswith("xl/worksheets/sheet")):
                continue  # no formulas (kept cheap: the sheets with some are read three ways)
        formulas = openpyxl.load_workbook(path, read_only=True)
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        lazy = load_lazily(path)
        for ws in lazy.worksheets:
            saved = {c.coordinate: c.value for row in values[ws.title].iter_rows() for c in row if hasattr(c, "coordinate")}
            on_file = {c.coordinate: (c.value, saved[c.coordinate]) for row in formulas[ws.title].iter_rows()
                       for c in row if getattr(c, "data_type", None) == "f"}
            read = ws.saved_formulas()
            assert {k: (str(getattr(f, "text", f)), v) for k, (f, v) in read.items()} == \
                   {k: (str(getattr(f, "text", f)), v) for k, (f, v) in on_file.items()}, f"{path.name} {ws.title}"
            assert ws.saved_formulas() is read  # kept from the sheet's one parse
            compared += len(read)
        formulas.close()
        values.close()
    assert compared >= 250  # the corpus's formulas: shared, array and data-table ones among them
