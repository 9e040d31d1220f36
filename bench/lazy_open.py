"""A button on a firm's workbook: each sheet read when first used against every sheet read at open.

``python -m bench.lazy_open [ROWS]`` writes the demo's collections workbook with a sheet of the firm's own
(ROWS rows × 10 columns, default 30,000; DebtDesk never uses it), then times in turns, CPU best of 3:

- opening it and reading the Contacts table (what a read-only button or a headless read does);
- opening it, pressing Log contact and saving in place (a button end to end);

once through :func:`debtdesk.workbooks.lazy_sheets.load_lazily` (FileBook's reader) and once through
``openpyxl.load_workbook`` (every sheet parsed at open, FileBook's reader before stop 22), and checks both saves
give the same workbook, cell for cell (but the Journal's times).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

import debtdesk.macros  # noqa: F401  (registers the macros)
from bench.__main__ import timed
from debtdesk.macros.registry import run
from debtdesk.workbooks import filebook
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.lazy_sheets import load_lazily
from debtdesk.workbooks.samples import sample_collections_workbook

CONTACT = {"Customer": "Calder Valley Builders Ltd", "Contact Time": "2026-11-02 10:00", "Type": "letter",
           "Consultant": "Daniel Okafor"}


def firm_workbook(folder: Path, rows: int) -> Path:
    """The demo collections workbook, regenerated, with the firm's own sheet of ``rows`` rows beside it."""
    book = sample_collections_workbook()
    run("regenerate", book)
    ws = book.wb.create_sheet("Orders")
    ws.append(["Order", "Customer", "Date", "Item", "Quantity", "Price", "Net", "VAT", "Gross", "Rep"])
    for i in range(rows):
        net = round((i % 97) * 12.5, 2)
        ws.append([f"SO-{100000 + i}", f"Customer {i % 400}", f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", f"Part {i % 53}",
                   1 + i % 9, 12.5, net, round(net * 0.2, 2), round(net * 1.2, 2), f"Rep {i % 7}"])
    return book.save(folder / "firm.xlsx")


def _with(reader, action):
    def call():
        saved = filebook.load_lazily
        filebook.load_lazily = reader
        try:
            return action()
        finally:
            filebook.load_lazily = saved
    return call


def main(rows: int = 30_000) -> None:
    folder = Path(tempfile.mkdtemp(prefix="debtdesk-lazy-"))
    source = firm_workbook(folder, rows)
    eager = openpyxl.load_workbook

    def read_contacts():
        FileBook(source).read_table("Contacts")

    def press(name):
        def button():
            path = shutil.copy2(source, folder / name)
            book = FileBook(path, documents_dir=folder / "documents")
            for letter, column in zip("ABCD", CONTACT):  # typed into the New contact form's first line
                book.write_value("New contact", f"{letter}4", CONTACT[column])
            run("log_contact", book)
            book.save(path)
        return button

    lazy_read, eager_read = timed(_with(load_lazily, read_contacts), _with(eager, read_contacts), clock=time.process_time)
    lazy_press, eager_press = timed(_with(load_lazily, press("lazy.xlsx")), _with(eager, press("eager.xlsx")),
                                    clock=time.process_time)
    same = all(a == b for a, b in zip(_cells(folder / "lazy.xlsx"), _cells(folder / "eager.xlsx")))
    print(f"a firm's sheet of {rows:,} rows beside the demo collections workbook (CPU, best of 3)")
    print(f"  open + read Contacts: {lazy_read * 1000:7.0f} ms read when used vs {eager_read * 1000:7.0f} ms all at open "
          f"= {lazy_read / eager_read:.2f}x")
    print(f"  open + Log contact + save: {lazy_press * 1000:7.0f} ms vs {eager_press * 1000:7.0f} ms "
          f"= {lazy_press / eager_press:.2f}x; saved workbooks the same cell for cell: {same}")
    shutil.rmtree(folder, ignore_errors=True)


def _cells(path: Path):
    """Each sheet's values, but the Journal's times (when each of the two presses happened)."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        yield ws.title, [[c.value for c in row][ws.title == "Journal":] for row in ws.iter_rows()]


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30_000)
