"""Ribbon "Record payments": the Progress sheet, the client's plan against what was paid.

The plan is the client's case's plan (its monthly totals from the first payment); the
payments are the Payments table (Date, Paid); the comparison is made as of the Client
table's "Payments as of" date (else "As of"), never an implicit today. Instalments due
during a breathing space are paused, never missed.
"""

from __future__ import annotations

import pandas as pd

from debtdesk.macros.book import TableSpec
from debtdesk.macros.client import current_case, table_rows
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.registry import macro
from debtdesk.wording import month_year

PROGRESS = "Progress"
#: Status -> conditional-format colour on the Progress sheet.
STATUS_COLOURS = {"Missed": "warning", "Part paid": "caution", "Paid": "good", "Paused": "caution"}


@macro("record_payments")
def record_payments(book):
    """Write the Progress sheet; returns the :class:`debtdesk.progress.Progress` result."""
    case = current_case(book)
    result, details = case.progress, case.details
    if result is None:
        book.notify("Record payments: the case has no plan with dated payments to follow"
                    + (" (the Debts table has no debts)." if case.allocation.debts.empty else f" ({case.plan.note})."))
        return None
    table = result.schedule.rename(columns={"Month": "Due"})
    ref = book.write_table(PROGRESS, table, TableSpec(
        PROGRESS, title=f"Plan against payments as of {book.region().dated(details.payments_as_of)}",
        formats={"Due": "date", "Planned": "money", "Paid": "money", "Variance": "money",
                 "Cumulative variance": "money"},
        totals={"Planned": "sum", "Paid": "sum", "Variance": "sum"}))
    header, last = table_rows(ref)
    for row, variance in zip(range(header + 1, last + 1), table["Variance"]):
        if pd.notna(variance):  # only instalments that are paid or past due count
            book.write_formula(PROGRESS, f"D{row}", f"=C{row}-B{row}", "money")
            book.write_formula(PROGRESS, f"E{row}", f"=D{row}" if row == header + 1 else f"=E{row - 1}+D{row}",
                               "money")
    for status, colour in STATUS_COLOURS.items():
        book.highlight(PROGRESS, f"F{header + 1}:F{last}", f'$F{header + 1}="{status}"', colour)
    summary = result.summary()
    book.write_table(PROGRESS, summary, TableSpec(
        "ProgressSummary", anchor="H3", replace_sheet=False))
    for i, item in enumerate(summary["Item"], start=4):
        if "date" in item.lower() or "due" in item.lower():
            book.write_value(PROGRESS, f"I{i}", summary.loc[i - 4, "Value"], "date")
    finish(book, PROGRESS, ("Client", "Debts", "Payments"))
    paid = sum(1 for s in table["Status"] if s == "Paid")
    end = (f"debt-free {month_year(result.projected_end)}" if case.plan.promises_dates
           else f"no debt-free date ({case.plan.kind.lower()})")
    journal(book, "Record payments", [details.label],
            f"{paid} paid, {result.missed} missed, {result.part_paid} part paid; {end}; review {result.review_due}")
    return result
