"""Ribbon "Build worklist": who to contact first today, when, and why, as of the Settings date.

The ranking is the engine's (:func:`debtdesk.collections.worklist.call_list`) over the
run's ledger state: amount × days overdue after money on account, raised by recent broken
promises, a balance over the credit limit or a credit hold, lowered by a recent contact.
Paused accounts (Breathing Space, a dispute of the whole account, an open promise) and
wholly disputed ones are listed last, unranked. Calls follow Regulation F where it applies
(Settings "Call limits (Regulation F)"): the call window is shown on the collector's clock
(Settings "Our time zone") for the customer's time zone, and an account the call-frequency
presumptions would refuse is never "Call now". Each collector (Customers' Collector
column) gets a sheet of their own accounts. An input the run was not given is said in a
warning above the notes, and on every row it could have changed.
"""

from __future__ import annotations

import pandas as pd

from debtdesk.collections.worklist import call_list
from debtdesk.macros.book import TableSpec
from debtdesk.macros.collections import (CONTACTS, PROMISES, WATCHED, CollectionsRun, collections_run, column_cells,
                                         notes_block)
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.registry import macro

WORKLIST = "Worklist"


@macro("build_worklist")
def build_worklist(book, run: CollectionsRun | None = None) -> pd.DataFrame:
    """Write the Worklist sheet and one sheet per collector."""
    run = run or collections_run(book)
    settings = run.settings
    ranked = call_list(run.state, clock_timezone=settings.clock, window=settings.window,
                       call_limits=settings.call_limits, broken_days=settings.broken_days, missing=run.missing)
    start, end = settings.window
    clock = settings.clock or "this computer's clock"
    title = (f"Worklist as of {book.region().dated(settings.as_of)} — call windows on {clock}; calls between {start:%H:%M} and "
             f"{end:%H:%M} at the customer's local time")
    _write(book, WORKLIST, WORKLIST, ranked, title, run.warnings() + list(run.state.notes))
    collectors = sorted({c for c in ranked["Collector"] if c})
    for collector in collectors:
        mine = ranked[ranked["Collector"] == collector].copy()
        mine["Rank"] = [i + 1 if r is not None else None for i, r in enumerate(mine["Rank"])]
        _write(book, f"Worklist {collector}"[:31], f"Worklist_{collector}", mine,
               f"{collector}'s worklist as of {book.region().dated(settings.as_of)}", run.warnings())
    now = ranked[ranked["Status"] == "Call now"]
    waiting = ranked[ranked["Status"].str.startswith(("Call from", "No call", "Check"))]
    parked = ranked[ranked["Status"].str.startswith(("Paused", "On hold"))]
    outcome = f"{len(now)} to call now, {len(waiting)} held back by the call rules, {len(parked)} paused or on hold"
    if run.missing:
        outcome += f"; NOT SUPPLIED: {', '.join(run.missing)}"
    journal(book, "Build worklist", now["Customer"], outcome)
    return ranked


def _write(book, sheet: str, name: str, ranked: pd.DataFrame, title: str, notes: list[str]) -> None:
    ref = book.write_table(sheet, ranked, TableSpec(
        name, formats={"Amount overdue": "money", "Score": "count", "Oldest days": "integer"}, title=title))
    if len(ranked):
        cells, _ = column_cells(ref, ranked.columns, "Status")
        top = cells.split(":")[0]
        book.highlight(sheet, cells, f'OR(LEFT({top},6)="Paused",LEFT({top},7)="On hold")', "caution")
        book.highlight(sheet, cells, f'OR(LEFT({top},9)="Call from",LEFT({top},7)="No call",LEFT({top},5)="Check")',
                       "warning")
        book.highlight(sheet, cells, f'{top}="Call now"', "good")
    notes_block(book, sheet, ref, notes)
    finish(book, sheet, WATCHED + (PROMISES, CONTACTS))
