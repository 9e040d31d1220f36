"""Ribbon "Creditor proposals": the Proposals sheet and one letter per creditor.

The sheet lists each non-priority creditor's offer (its pro-rata share of what the SFS
budget leaves for them, interest frozen) with live totals and months-to-clear formulas.
The letters (letter + income and expenditure statement, .docx, and PDF where LibreOffice
is installed) go into the book's ``documents_dir``: the folder beside the workbook in
Excel, the folder the caller chose in a headless run. The ribbon converts them to PDF at
once; a headless batch converts every client's letters together after the batch
(:mod:`debtdesk.workbooks.documents`), so LibreOffice starts once per worker, not per client. A book with no such folder (a new,
never-saved workbook) gets the sheet and a message saying where letters would need one.
"""

from __future__ import annotations

import pandas as pd

from debtdesk.macros.assess import client_inputs
from debtdesk.macros.book import TableSpec
from debtdesk.macros.client import table_rows
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import CLIENT_TABLES, finish
from debtdesk.macros.registry import macro
from debtdesk.proposals import proposals

PROPOSALS = "Proposals"


@macro("creditor_proposals")
def creditor_proposals(book) -> list:
    """Write the Proposals sheet and the letters; returns the proposals."""
    details, income, expenses, debts, _, _ = client_inputs(book)
    if debts is None:
        book.notify("Creditor proposals: the Debts table has no debts.")
        return []
    found = proposals(income, expenses, debts, client=details.name or details.label, on=details.as_of,
                      reference=details.client_id, savings=details.savings, fee=details.fee)
    if not found:
        book.notify("Creditor proposals: every debt is a priority debt, so there is no pro-rata proposal to make.")
        return []
    folder = getattr(book, "documents_dir", None)
    names = [None] * len(found)
    if folder is not None:
        from debtdesk.workbooks.proposals import write_proposals  # python-docx only when writing
        names = [p.name for p in write_proposals(found, folder, details.client_id)]
    else:
        book.notify("Creditor proposals: save the workbook first; the letters are written beside it.")
    frame = pd.DataFrame({
        "Creditor": [p.creditor for p in found], "Type": [p.debt_type for p in found],
        "Balance": [p.balance for p in found], "Monthly offer": [p.offer for p in found],
        "Share": [p.share for p in found], "Months to clear": [p.months for p in found],
        "Letter": names,
    })
    ref = book.write_table(PROPOSALS, frame, TableSpec(
        PROPOSALS, title=f"Proposals to non-priority creditors for {details.name or details.label}",
        formats={"Balance": "money", "Monthly offer": "money", "Share": "percent"},
        totals={"Balance": "sum", "Monthly offer": "sum", "Share": "sum"}))
    header, last = table_rows(ref)
    for row, offer in zip(range(header + 1, last + 1), frame["Monthly offer"]):
        book.write_formula(PROPOSALS, f"E{row}", f"=C{row}/$C${last + 1}", "percent")
        if offer > 0:  # interest frozen: the balance over the offer, whole months
            book.write_formula(PROPOSALS, f"F{row}", f"=ROUNDUP(C{row}/D{row},0)", "integer")
    finish(book, PROPOSALS, CLIENT_TABLES)
    journal(book, "Creditor proposals", [details.label],
            f"{len(found)} creditors, {sum(p.offer for p in found):,.2f} a month"
            + (f"; letters in {folder.name}" if folder is not None else "; no letters (workbook not saved)"))
    return found
