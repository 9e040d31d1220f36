"""Calculated-on notes within one Regenerate: a watched table is compared with its copy again only when its
sheet changed, and a change between two stamps is still caught."""

from datetime import date
from pathlib import Path

import pandas as pd

from debtdesk.macros.book import TableSpec
from debtdesk.macros.snapshot import SNAPSHOT, one_register, stamp
from debtdesk.workbooks.filebook import FileBook

DAY = date(2026, 11, 27)


def _book() -> FileBook:
    book = FileBook()
    book.write_table("Income", pd.DataFrame({"Source": ["Salary", "Benefits"], "Amount": [2450.0, 310.0]}),
                     TableSpec("Income"))
    for sheet in ("Plan", "Budget", "Summary"):
        book.write_table(sheet, pd.DataFrame({"Month": [1]}), TableSpec(sheet, title=sheet))
    return book


def _saved_with_register(tmp_path) -> Path:
    """A workbook saved with a register of three inputs (Income, Expenses, Debts), their copies side by side."""
    book = _book()
    for name, rows in (("Expenses", {"Item": ["Rent", "Food"], "Amount": [650.0, 240.0]}),
                       ("Debts", {"Creditor": ["Barclaycard"], "Balance": [2300.0]})):
        book.write_table(name, pd.DataFrame(rows), TableSpec(name))
    with one_register(book):
        stamp(book, "Plan", ["Income", "Expenses", "Debts"], day=DAY)
    return book.save(tmp_path / "client.xlsx")


def test_unchanged_table_is_not_read_again():
    book, reads = _book(), []
    read_range, range_columns = book.read_range, book.range_columns  # a FileBook's stamp reads by columns
    book.range_columns = lambda sheet, ref: reads.append(sheet) or range_columns(sheet, ref)
    with one_register(book):
        first = stamp(book, "Plan", ["Income"], day=DAY)
        second = stamp(book, "Budget", ["Income"], day=DAY)
    assert reads.count("Income") == 1
    assert first == second
    assert read_range(SNAPSHOT, "A2:C2") == [["Income", "'Income'!$A$1:$B$53", 1]]


def test_change_between_stamps_makes_a_new_version():
    book = _book()
    with one_register(book):
        first = stamp(book, "Plan", ["Income"], day=DAY)
        book.write_value("Income", "B2", 2500.0)
        second = stamp(book, "Budget", ["Income"], day=DAY)
        third = stamp(book, "Summary", ["Income"], day=DAY)
    assert book.read_range(SNAPSHOT, "A2:C2") == [["Income", "'Income'!$A$1:$B$53", 2]]
    assert "<>1" in first and "<>2" in second and second == third
    copy = book.read_range(SNAPSHOT, "E2")[0][0].replace("$", "")
    assert book.read_range(SNAPSHOT, copy)[1] == ["Salary", 2500.0]


def test_a_register_read_from_the_file_once_follows_its_own_writes(tmp_path):
    """A button reads the register once (copies when first compared): a copy moved by an earlier stamp of the same
    press is read where it now lies, an unchanged input keeps its version, an edited one gets a new one."""
    path = _saved_with_register(tmp_path)

    book = FileBook(path)
    book.write_value("Debts", "B2", 2100.0)  # a person's edit since the last calculation
    with one_register(book):
        book.append_rows("Income", [{"Source": "Pension", "Amount": 120.0}])  # grows: the later copies move
        stamp(book, "Plan", ["Income"], day=DAY)
        budget = stamp(book, "Budget", ["Expenses", "Debts"], day=DAY)
    book.save(path)

    saved = FileBook(path)
    register = {key: (version, copy.replace("$", "")) for key, _, version, _, copy in
                saved.read_range(SNAPSHOT, "A2:E4")}
    assert {key: version for key, (version, _) in register.items()} == {"Income": 2, "Expenses": 1, "Debts": 2}
    assert "$C$3<>1" in budget and "$C$4<>2" in budget
    copies = {key: saved.read_range(SNAPSHOT, copy) for key, (_, copy) in register.items()}
    assert copies["Income"][:4] == [["Source", "Amount"], ["Salary", 2450.0], ["Benefits", 310.0], ["Pension", 120.0]]
    assert copies["Expenses"][:3] == [["Item", "Amount"], ["Rent", 650.0], ["Food", 240.0]]
    assert copies["Debts"][:2] == [["Creditor", "Balance"], ["Barclaycard", 2100.0]]


def test_copies_after_one_that_widens_move_and_the_rest_stay(tmp_path):
    """An input that gains a column widens its copy: the copies after it move right, unchanged in version and
    value; a copy before it is left as the file holds it."""
    path = _saved_with_register(tmp_path)

    book = FileBook(path)
    book.write_table("Expenses", pd.DataFrame({"Item": ["Rent", "Food"], "Amount": [650.0, 240.0],
                                               "Due": ["1st", "weekly"]}), TableSpec("Expenses"))
    with one_register(book):
        stamp(book, "Plan", ["Income", "Expenses", "Debts"], day=DAY)
    book.save(path)

    saved = FileBook(path)
    register = saved.read_range(SNAPSHOT, "A2:E4")
    assert [(key, version, copy) for key, _, version, _, copy in register] == [
        ("Income", 1, "$H$1:$I$53"), ("Expenses", 2, "$K$1:$M$53"), ("Debts", 1, "$O$1:$P$52")]
    assert saved.read_range(SNAPSHOT, "H1:I3") == [["Source", "Amount"], ["Salary", 2450.0], ["Benefits", 310.0]]
    assert saved.read_range(SNAPSHOT, "K1:M3") == [["Item", "Amount", "Due"], ["Rent", 650.0, "1st"],
                                                    ["Food", 240.0, "weekly"]]
    assert saved.read_range(SNAPSHOT, "N1:P2") == [[None, "Creditor", "Balance"], [None, "Barclaycard", 2300.0]]


def test_rows_typed_under_a_table_stay_watched_and_a_table_under_it_does_not():
    """Income's spare rows stop above the table standing under it (Benefits, after an empty row), but a row typed
    straight under Income, which reading the table takes in, is still watched: changing it marks the sheets that
    read Income out of date."""
    book = _book()
    book.write_table("Income", pd.DataFrame({"Source": ["Pension"]}), TableSpec("Benefits", anchor="A8",
                                                                               title="Benefits", replace_sheet=False))
    book.write_range("Income", "A4", [["Rental income", 400.0]])  # typed straight under the table (rows 1-3)
    with one_register(book):
        stamp(book, "Plan", ["Income"], day=DAY)
    assert book.read_range(SNAPSHOT, "A2:C2") == [["Income", "'Income'!$A$1:$B$7", 1]]
