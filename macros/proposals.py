"""Ribbon "Creditor proposals": the Proposals sheet and one letter per creditor, from the case.

The sheet lists what each creditor's letter offers (the plan's payment to it: its
pro-rata share in a debt management plan, a token payment in a deficit, a settlement
from the lump sum), the interest assumption, the months to clear where a date can be
given and the kind of letter, with live totals, and what to put right before a letter is
posted: a creditor without an address or account number in the Debts table (its letter
says so in capitals where the address goes). A self-managed plan (budget only,
consolidation) writes no letters: the sheet says so. The letters (letter + income and
expenditure statement, each as an editable .docx and a PDF saying the same:
:mod:`debtdesk.workbooks.proposals`) go into the book's ``documents_dir``: the folder
beside the workbook in Excel, the folder the caller chose in a headless run. A book with
no such folder (a new, never-saved workbook) gets the sheet and a message saying where
letters would need one.
"""

from __future__ import annotations

import pandas as pd

from debtdesk.macros.book import TableSpec
from debtdesk.macros.client import current_case, table_rows
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import CLIENT_TABLES, finish
from debtdesk.macros.registry import macro
from debtdesk.proposals import letters

PROPOSALS = "Proposals"


@macro("creditor_proposals")
def creditor_proposals(book) -> list:
    """Write the Proposals sheet and the letters; returns the letters (as data)."""
    case = current_case(book)
    d = case.details
    if case.allocation.debts.empty:
        book.notify("Creditor proposals: the Debts table has no debts.")
        return []
    found = letters(case)
    title = f"Proposals to non-priority creditors for {d.name or d.label}"
    if not found:
        why = ("every debt is a priority debt, so there is no pro-rata proposal to make"
               if not len(case.allocation.others) else
               f"the route is {case.route.lower()}: the client pays their creditors under their contracts "
               f"({case.plan.kind.lower()}), so no proposal is sent")
        book.notify(f"Creditor proposals: {why}.")
        book.write_table(PROPOSALS, pd.DataFrame({"Creditor": [], "Letter": []}), TableSpec(PROPOSALS, title=title))
        book.write_value(PROPOSALS, "A6", f"No letters: {why}.")
        finish(book, PROPOSALS, CLIENT_TABLES)
        return []
    folder = getattr(book, "documents_dir", None)
    names = [None] * len(found)
    if folder is not None:
        from debtdesk.workbooks.proposals import write_proposals  # python-docx only when writing
        names = [p.name for p in write_proposals(found, folder, d.client_id)]
    else:
        book.notify("Creditor proposals: save the workbook first; the letters are written beside it.")
    offers = case.offers
    missing = [_missing(p) for p in found]
    if any(missing):
        book.notify("Creditor proposals: before posting, " + "; ".join(
            f"{p.creditor}: {m}" for p, m in zip(found, missing) if m) + ".")
    frame = pd.DataFrame({
        "Creditor": offers["Creditor"], "Type": offers["Type"], "Balance": offers["Balance"],
        "Monthly offer": offers["Offer"], "Share": offers["Share"],
        "Interest assumption": offers["Interest assumption"], "Months to clear": offers["Months to clear"],
        "Kind of letter": offers["Letter"], "Letter": names, "Check before posting": [m or None for m in missing],
    })
    ref = book.write_table(PROPOSALS, frame, TableSpec(
        PROPOSALS, title=title + f": {case.plan.kind.lower()}",
        formats={"Balance": "money", "Monthly offer": "money", "Share": "percent"},
        totals={"Balance": "sum", "Monthly offer": "sum", "Share": "sum"}))
    header, last = table_rows(ref)
    for row in range(header + 1, last + 1):
        book.write_formula(PROPOSALS, f"E{row}", f"=C{row}/$C${last + 1}", "percent")
    book.highlight(PROPOSALS, f"J{header + 1}:J{last}", f"LEN($J{header + 1})>0", "warning")
    finish(book, PROPOSALS, CLIENT_TABLES)
    journal(book, "Creditor proposals", [d.label],
            f"{len(found)} {found[0].kind.lower()} letters, {case.money(sum(p.offer for p in found))}"
            + (" a month" if found[0].kind != "Settlement" else "")
            + (f"; letters in {folder.name}" if folder is not None else "; no letters (workbook not saved)"))
    return found


def _missing(proposal) -> str:
    """What the Debts table must give before this letter can be posted ("" when nothing): the
    creditor's legal name (a letter to the client's own name for the debt, "Visa card", is
    flagged), its address and the account number.

    >>> from debtdesk.proposals import proposals
    >>> debts = pd.DataFrame({"Name": ["Visa"], "Type": ["Credit card"], "Balance": [900.0], "Minimum": [60.0]})
    >>> _missing(proposals(1500, 1450, debts, client="Ann Lee", on="2026-11-01")[0])
    'add the legal name, the creditor address and the account number to the Debts table'
    """
    lacking = [what for what, given in (("the legal name", proposal.legal_name != proposal.creditor),
                                        ("the creditor address", proposal.address),
                                        ("the account number", proposal.account_number)) if not given]
    if not lacking:
        return ""
    return "add " + (", ".join(lacking[:-1]) + " and " if len(lacking) > 1 else "") + lacking[-1] + " to the Debts table"
