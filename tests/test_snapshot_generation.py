"""Calculated-on notes within one Regenerate: a watched table is compared with its copy again only when its
sheet changed, and a change between two stamps is still caught."""

from datetime import date

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
