"""Every sheet DebtDesk writes is finished the same way: whose it is, when it was calculated, how it prints.

A macro calls :func:`finish` once a sheet is written: an output sheet gets its
calculated-on note (:func:`debtdesk.macros.snapshot.stamp`), and every sheet its print
settings (:meth:`debtdesk.macros.book.Workbook.set_page`) with the client's or the firm's
name and reference in the running header.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Sequence

from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import Page
from debtdesk.macros.inputs import read_settings, setting
from debtdesk.macros.snapshot import stamp

#: Input tables of a client workbook, and of a collections workbook.
CLIENT_TABLES = ("Client", "Income", "Expenses", "Debts", "Credit", "Guidelines", "Extra payments", "Settings",
                 "Firm")
COLLECTIONS_TABLES = ("Settings", "Ledger", "Payments", "Customers", "Contacts", "Promises", "Disputes",
                      "DunningLevels", "LossRates")


def finish(book, sheet: str, inputs: Sequence[str] = (), orientation: str = "auto", note: str | None = "A2") -> None:
    """Finish ``sheet``: the calculated-on note at ``note`` watching ``inputs`` (no note for
    an input sheet: ``note=None``), then its print settings.

    >>> import pandas as pd
    >>> from debtdesk.macros.book import TableSpec
    >>> from debtdesk.workbooks.filebook import FileBook
    >>> book = FileBook()
    >>> _ = book.write_table("Client", pd.DataFrame({"Input": ["Client ID", "Client name"],
    ...                                             "Value": ["C-1", "Ann Lee"]}), TableSpec("Client"))
    >>> finish(book, "Client", note=None)
    >>> book.wb["Client"].oddHeader.left.text
    'Ann Lee'
    """
    page = owner_page(book, orientation)
    if note is not None:
        stamp(book, sheet, inputs, note, day=date.today())
        page = replace(page, calculated=date.today())
    book.set_page(sheet, page)


def owner_page(book, orientation: str = "auto") -> Page:
    """The page header of this workbook: the client's name and ID, or the firm's name.

    >>> import pandas as pd
    >>> class Book:
    ...     def has_table(self, name): return name == "Settings"
    ...     def read_table(self, name):
    ...         return pd.DataFrame({"Input": ["As of", "Firm name"], "Value": ["2026-11-01", "Harbour Credit Ltd"]})
    >>> owner_page(Book())
    Page(owner='Harbour Credit Ltd', reference='', orientation='auto', calculated=None)
    """
    for table, owner, reference in (("Client", ("Client name", "Name"), ("Client ID", "Reference")),
                                    ("Settings", ("Firm name", "Firm"), ("Reference",))):
        if not book.has_table(table):
            continue
        try:
            values = read_settings(book, table)
        except DebtDeskError:
            continue
        return Page(str(setting(values, table, *owner, default="")).strip(),
                    str(setting(values, table, *reference, default="")).strip(), orientation)
    return Page(orientation=orientation)
