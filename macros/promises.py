"""Ribbon "Check promises": every promise to pay's status, and kept-rates per consultant."""

from __future__ import annotations

import pandas as pd

from debtdesk.collections.promises import kept_rate, promise_statuses
from debtdesk.macros.book import TableSpec
from debtdesk.macros.collections import PAYMENTS, PROMISES, beside, collections_settings, column_cells, optional_table
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.registry import macro

#: Columns this macro adds to the Promises table (dropped from the input before a re-check).
RESULT_COLUMNS = ("Paid", "Status")
KEPT_RATE = "KeptRate"


def promise_table(book, settings=None) -> pd.DataFrame | None:
    """The Promises table with Paid and Status as of the Settings date (None without promises).

    Payments come from the Payments table; a promise's deadline is its date plus the
    Settings "Promise tolerance (days)".
    """
    settings = settings or collections_settings(book)
    promises = optional_table(book, PROMISES)
    if promises is None:
        return None
    inputs = promises.drop(columns=[c for c in RESULT_COLUMNS if c in promises.columns])
    return promise_statuses(inputs, optional_table(book, PAYMENTS), settings.as_of, settings.tolerance_days)


@macro("check_promises")
def check_promises(book) -> pd.DataFrame | None:
    """Rewrite the Promises sheet with each promise's Paid and Status, and the kept-rate table beside it."""
    settings = collections_settings(book)
    statuses = promise_table(book, settings)
    if statuses is None:
        book.notify("The Promises table is empty: nothing to check.")
        journal(book, "Check promises", [], "no promises")
        return None
    formats = {c: f for c, f in {"Made on": "date", "Promised Date": "date", "Promised Amount": "money",
                                  "Paid": "money"}.items() if c in statuses}
    ref = book.write_table(PROMISES, statuses, TableSpec(PROMISES, formats=formats))
    rows, _ = column_cells(ref, statuses.columns, "Status")
    top = rows.split(":")[0]
    for status, colour in (("Broken", "warning"), ("Partially Kept", "caution"), ("Kept", "good")):
        book.highlight(PROMISES, rows, f'{top}="{status}"', colour)
    rates = kept_rate(statuses)
    book.write_table(PROMISES, rates, TableSpec(KEPT_RATE, formats={"Kept rate": "percent"},
                                                anchor=beside(ref), title=f"Kept rate as of {settings.as_of:%d %b %Y}",
                                                replace_sheet=False))
    note = beside(ref)  # under the kept-rate table's title
    finish(book, PROMISES, ("Settings", "Promises", "Payments"), note=f"{note.rstrip('0123456789')}2")
    counts = statuses["Status"].value_counts()
    overall = rates["Kept rate"].iloc[-1]
    outcome = ", ".join(f"{counts.get(s, 0)} {s.lower()}" for s in ("Open", "Kept", "Partially Kept", "Broken"))
    outcome += f"; kept rate {overall:.1%}" if overall == overall else "; no promise decided yet"
    broken = statuses.loc[statuses["Status"].isin(["Broken", "Partially Kept"]), "Customer"]
    journal(book, "Check promises", broken, outcome)
    return statuses

