"""The Journal sheet and the contact log are append-only through DebtDesk: whatever the
ribbon's macros do, run after run and save after save, every earlier row stays exactly as
it was (every cell, the time stamp included) and new rows only ever go below."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.utils import range_boundaries

import debtdesk.macros  # noqa: F401  (registers the macros)
from debtdesk.macros.registry import BUTTONS, implemented, run
from debtdesk.workbooks.filebook import FileBook
from debtdesk.workbooks.samples import SAMPLE_AS_OF, sample_clients, sample_collections_inputs, sample_ledger
from debtdesk.workbooks.template import client_workbook, collections_workbook

from test_collections_macros import fill_new_contact

#: Buttons that open or explain rather than change the workbook they are pressed in.
ELSEWHERE = ("new_client_workbook", "help")


def table_rows(path: Path, *names: str) -> dict[str, list[tuple]]:
    """The data rows of each Excel table ``names`` as saved in ``path`` (cell values, header excluded; [] for a
    table the workbook lacks), from one read of the file."""
    book = openpyxl.load_workbook(path)
    rows = dict.fromkeys(names, [])
    for ws in book.worksheets:
        for name in set(names) & set(ws.tables):
            min_col, min_row, max_col, max_row = range_boundaries(ws.tables[name].ref)
            rows[name] = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=min_row + 1, max_row=max_row,
                                                                               min_col=min_col, max_col=max_col)]
    return rows


def logged(book, name: str) -> list[tuple]:
    """The rows of table ``name`` as the open workbook holds them (None for an empty cell)."""
    if not book.has_table(name):
        return []
    frame = book.read_table(name).astype(object)
    return [tuple(None if v is None or v != v else v for v in row) for row in frame.itertuples(index=False)]


def session(path: Path, steps: list, before: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """Open ``path``, press each (button, setup) in turn, save; after every press and after the save,
    assert the logs only grew below their earlier rows."""
    book = FileBook(path)
    for name, rows in before.items():
        assert logged(book, name) == rows, f"{name} read back differently"
    seen = dict(before)
    for button, setup in steps:
        if setup:
            setup(book)
        run(button, book)
        now = {name: logged(book, name) for name in before}
        for name, rows in seen.items():
            assert now[name][:len(rows)] == rows, f"{button} changed an earlier {name} row"
        assert len(now["Journal"]) > len(seen["Journal"]), f"{button} was not journaled"
        seen = now
    book.save(path)
    after = table_rows(path, *before)
    for name, rows in before.items():
        assert after[name][:len(rows)] == rows, f"saving changed an earlier {name} row"
        assert len(after[name]) == len(seen[name])
    return after


def test_client_macros_session_after_session_only_append_to_the_journal(tmp_path):
    path = client_workbook(sample_clients()[0]).save(tmp_path / "C-1001.xlsx")
    logs = table_rows(path, "Journal")
    buttons = [b.id for b in BUTTONS if b.group in ("Client", "Workbook") and b.id not in ELSEWHERE and implemented(b.id)]
    assert buttons == ["assess_client", "build_plan", "compare_strategies", "creditor_proposals", "record_payments",
                       "regenerate"]
    # Every other button in two sessions, then Regenerate (which runs them all, Compare strategies too).
    # Compare strategies runs once here; regenerating twice is the next test.
    again = [(b, None) for b in buttons if b not in ("compare_strategies", "regenerate")]
    logs = session(path, again, logs)
    logs = session(path, again, logs)
    logs = session(path, [("regenerate", None)], logs)
    journal = logs["Journal"]
    actions = [row[2] for row in journal]
    assert actions.count("Regenerate") == 1 and actions.count("Compare strategies") == 1
    # Build plan journals the loan schedule and the debt plan: two lines.
    assert actions[:10] == ["Assess client", "Build plan", "Build plan", "Creditor proposals", "Record payments"] * 2
    assert actions[-1] == "Regenerate"
    assert all(isinstance(row[0], datetime) for row in journal)  # each row keeps its own time stamp


def test_collections_contacts_and_journal_only_grow(tmp_path):
    path = collections_workbook(sample_ledger(), SAMPLE_AS_OF, **sample_collections_inputs()).save(tmp_path / "ar.xlsx")
    logs = table_rows(path, "Journal", "Contacts")
    sample = logs["Contacts"]
    assert len(sample) == len(sample_collections_inputs()["contacts"])

    call = {"Customer": "Aldgate Catering Ltd", "Contact Time": "2026-11-02 10:00", "Type": "conversation",
            "Consultant": "Sarah Whitaker", "Note": "=HYPERLINK(\"x\")"}
    letter = {"Customer": "Calder Valley Builders Ltd", "Contact Time": "2026-11-02 09:30", "Type": "letter",
              "Consultant": "Daniel Okafor"}
    def typed(row):
        return lambda book: fill_new_contact(book, row)

    logs = session(path, [("regenerate", None), ("log_contact", typed(call)), ("regenerate", None)], logs)
    logs = session(path, [("log_contact", typed(letter)), ("check_promises", None),
                          ("log_contact", typed(call | {"Contact Time": "2026-11-09 11:15"})), ("regenerate", None)], logs)

    contacts = logs["Contacts"]
    assert contacts[:len(sample)] == sample
    assert [row[:4] for row in contacts[len(sample):]] == [
        ("Aldgate Catering Ltd", datetime(2026, 11, 2, 10, 0), "conversation", "Sarah Whitaker"),
        ("Calder Valley Builders Ltd", datetime(2026, 11, 2, 9, 30), "letter", "Daniel Okafor"),
        ("Aldgate Catering Ltd", datetime(2026, 11, 9, 11, 15), "conversation", "Sarah Whitaker")]
    assert contacts[len(sample)][4] == "=HYPERLINK(\"x\")"  # the note is kept as the text typed
    actions = [row[2] for row in logs["Journal"]]
    assert actions.count("Log contact") == 3 and actions.count("Regenerate") == 3
    assert [row[3] for row in logs["Journal"] if row[2] == "Log contact"] == ["Aldgate Catering Ltd",
                                                                                 "Calder Valley Builders Ltd",
                                                                                 "Aldgate Catering Ltd"]


def test_a_regenerated_client_workbook_regenerates_again(tmp_path):
    path = client_workbook(sample_clients()[0]).save(tmp_path / "C-1001.xlsx")
    logs = session(path, [("regenerate", None)], {"Journal": []})
    session(path, [("regenerate", None)], logs)
