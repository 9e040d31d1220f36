"""The Journal sheet: every ribbon action and contact, appended, never rewritten."""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from debtdesk.macros.publish import finish

JOURNAL = "Journal"
COLUMNS = ("When", "Who", "Action", "Accounts", "Outcome")


def journal(book, action: str, accounts: Iterable[str] = (), outcome: str = "",
            when: datetime | None = None) -> None:
    """Append one line to the workbook's Journal table.

    Examples
    --------
    >>> class Book:  # any Workbook adapter
    ...     user = "ana"
    ...     def has_table(self, name): return False
    ...     def set_page(self, sheet, page): pass
    ...     def append_rows(self, table, rows): print(table, rows[0]["Action"], rows[0]["Accounts"])
    >>> journal(Book(), "Build plan", ["C-001"], "schedule of 36 payments")
    Journal Build plan C-001
    """
    new = not book.has_table(JOURNAL)
    book.append_rows(JOURNAL, [{
        "When": (when or datetime.now()).replace(microsecond=0),
        "Who": book.user,
        "Action": action,
        "Accounts": ", ".join(str(a) for a in accounts),
        "Outcome": outcome,
    }])
    if new:  # printed like every sheet: its header repeated on every page as it grows
        finish(book, JOURNAL, note=None)
