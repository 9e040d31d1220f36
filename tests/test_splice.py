"""Single headless actions on DebtDesk's own demo workbooks, which hold charts: only the sheets an
action writes change, run after run; appended rows look like the rows above them."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl

import debtdesk.macros  # noqa: F401  (registers the macros)
from debtdesk.macros.registry import run
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.package import inventory
from debtdesk.workbooks.ooxml import Package

from test_collections_macros import fill_new_contact


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def sheet_parts(path: Path) -> dict[str, str]:
    with Package.open(path) as package:
        return {name: info.part for name, info in inventory(package, "xl/workbook.xml").items()}


def press(path: Path, button: str, documents: Path, setup=None) -> None:
    """One session: open the saved workbook, press one button, save it over itself."""
    book = FileBook(path, documents_dir=documents)
    if setup:
        setup(book)
    run(button, book)
    book.save(path)


def test_single_actions_on_the_demo_collections_workbook_keep_its_dashboard_charts(demo_out, tmp_path):
    path = tmp_path / "collections.xlsx"
    shutil.copy2(demo_out / "collections.xlsx", path)
    before, where = parts(path), sheet_parts(path)
    charts = {n: data for n, data in before.items() if n.startswith(("xl/charts/", "xl/drawings/"))}
    assert len([n for n in charts if n.startswith("xl/charts/chart")]) >= 3  # the Dashboard's and more
    contacts = len(FileBook(path).read_table("Contacts"))
    typed = {"Customer": "Calder Valley Builders Ltd", "Contact Time": "2026-11-02 09:30", "Type": "letter",
             "Consultant": "Daniel Okafor"}
    press(path, "log_contact", tmp_path / "documents", lambda book: fill_new_contact(book, typed))
    press(path, "check_promises", tmp_path / "documents")
    press(path, "dunning_letters", tmp_path / "documents")
    after = parts(path)
    assert {n: after.get(n) for n in charts} == charts  # the Dashboard's charts, byte for byte
    for sheet in ("Dashboard", "KPIs", "Ageing", "Ledger", "Settings"):
        assert after[where[sheet]] == before[where[sheet]], sheet
    book = FileBook(path)
    assert len(book.read_table("Contacts")) == contacts + 1
    actions = book.read_table("Journal")["Action"].tolist()
    assert actions[-1] == "Dunning letters" and actions[-2] == "Check promises" and "Log contact" in actions[-5:]
    assert sorted(p.suffix for p in (tmp_path / "documents").iterdir())  # the drafts were written


def test_appended_rows_are_styled_like_the_rows_above_and_regenerating_keeps_the_package_stable(demo_out, tmp_path):
    path = tmp_path / "C-1001.xlsx"
    shutil.copy2(demo_out / "clients" / "C-1001.xlsx", path)
    summary = sheet_parts(path)["Summary"]
    chart_parts = {n: d for n, d in parts(path).items() if n.startswith("xl/charts/")}
    press(path, "assess_client", tmp_path / "documents")
    assert {n: d for n, d in parts(path).items() if n.startswith("xl/charts/")} == chart_parts
    journal = openpyxl.load_workbook(path)["Journal"]
    last = journal.max_row
    assert [c.style_id for c in journal[last]] == [c.style_id for c in journal[last - 1]]
    assert journal.cell(last, 1).number_format == journal.cell(last - 1, 1).number_format
    press(path, "regenerate", tmp_path / "documents")
    once = parts(path)
    press(path, "regenerate", tmp_path / "documents")
    twice = parts(path)
    assert len(once) == len(twice)  # no part piles up run after run (a new chart may take a freed name)
    assert once["xl/styles.xml"] == twice["xl/styles.xml"]  # DebtDesk's formats were found, not added again
    assert summary in twice
