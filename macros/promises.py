"""Ribbon "Check promises": every promise to pay's status, and kept-rates per consultant.

Statuses come from the run's ledger state: each customer's payments are shared out over
its promises in deadline order, a surplus carried to the next instalment, payments before
a promise was made never counting, and a promise paid to within the Settings "Promise
amount tolerance" counting as kept (:func:`debtdesk.collections.promises.promise_statuses`).
"""

from __future__ import annotations

import pandas as pd

from debtdesk.collections.promises import kept_rate
from debtdesk.macros.book import TableSpec
from debtdesk.macros.collections import PROMISES, CollectionsRun, beside, collections_run, column_cells
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.registry import macro

KEPT_RATE = "KeptRate"


@macro("check_promises")
def check_promises(book, run: CollectionsRun | None = None) -> pd.DataFrame | None:
    """Rewrite the Promises sheet with each promise's Deadline, Paid and Status, and the kept-rate table beside it."""
    run = run or collections_run(book)
    statuses = run.state.promises
    if statuses is None:
        book.notify("The Promises table is empty: nothing to check.")
        journal(book, "Check promises", [], "no promises")
        return None
    formats = {c: f for c, f in {"Made on": "date", "Promised Date": "date", "Deadline": "date", "Promised Amount": "money",
                                  "Paid": "money"}.items() if c in statuses}
    ref = book.write_table(PROMISES, statuses, TableSpec(PROMISES, formats=formats))
    rows, _ = column_cells(ref, statuses.columns, "Status")
    top = rows.split(":")[0]
    for status, colour in (("Broken", "warning"), ("Partially Kept", "caution"), ("Kept", "good")):
        book.highlight(PROMISES, rows, f'{top}="{status}"', colour)
    rates = kept_rate(statuses)
    book.write_table(PROMISES, rates, TableSpec(KEPT_RATE, formats={"Kept rate": "percent"},
                                                anchor=beside(ref), title=f"Kept rate as of {book.region().dated(run.state.as_of)}",
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
