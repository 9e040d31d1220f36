"""Ribbon "Build worklist": who to contact first, and why, as of the Settings date.

The ranking is the engine's (:func:`debtdesk.collections.worklist`): amount × days
overdue, raised by broken promises, lowered by an open promise or a recent contact;
disputed accounts are listed as on hold (CONC 7.14) and an account Regulation F's call
presumptions would refuse today is never proposed as "Call now".
"""

from __future__ import annotations

import pandas as pd

from debtdesk.collections.worklist import worklist
from debtdesk.macros.book import TableSpec
from debtdesk.macros.collections import (CONTACTS, DISPUTES, LEDGER, collections_settings, column_cells,
                                         optional_table)
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.promises import promise_table
from debtdesk.macros.registry import macro

WORKLIST = "Worklist"


@macro("build_worklist")
def build_worklist(book) -> pd.DataFrame:
    """Write the Worklist sheet: rank, customer, amount overdue, oldest days, score, status, reason."""
    settings = collections_settings(book)
    ranked = worklist(book.read_table(LEDGER), settings.as_of, promises=promise_table(book, settings),
                      disputes=optional_table(book, DISPUTES), contacts=optional_table(book, CONTACTS))
    start, end = settings.window
    ref = book.write_table(WORKLIST, ranked, TableSpec(
        WORKLIST, formats={"Amount overdue": "money", "Score": "number", "Oldest days": "integer"},
        title=f"Worklist as of {settings.as_of:%d %b %Y} — call between {start:%H:%M} and {end:%H:%M} "
              "at the customer's local time"))
    if len(ranked):
        cells, _ = column_cells(ref, ranked.columns, "Status")
        top = cells.split(":")[0]
        book.highlight(WORKLIST, cells, f'LEFT({top},7)="On hold"', "caution")
        book.highlight(WORKLIST, cells, f'LEFT({top},9)="Call from"', "warning")
    finish(book, WORKLIST, ("Settings", "Ledger", "Payments", "Promises", "Disputes", "Contacts"))
    now = ranked[ranked["Status"] == "Call now"]
    waiting = ranked[ranked["Status"].str.startswith("Call from")]
    held = ranked[ranked["Status"].str.startswith("On hold")]
    journal(book, "Build worklist", now["Customer"],
            f"{len(now)} to call now, {len(waiting)} held back by Regulation F, {len(held)} on hold (dispute)")
    return ranked
