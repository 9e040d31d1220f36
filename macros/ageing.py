"""Ribbon "Refresh ageing": the ledger aged as of the Settings date, per customer and per item.

Writes, all from the run's one ledger state:

* **Ageing** — one row per customer (and currency: one table per currency when there are
  several, never summed together), a column per bucket on the Settings basis, the
  Unallocated column (credit notes and payments on account) and native totals; the oldest
  bucket filled red where it holds money; a chart; and a note of how much of the
  unallocated money is set against invoices for dunning and the worklist.
* **Ageing detail** — every open item: days overdue from its due date (what a customer
  is told, whatever the basis), its bucket, what money on account covers and what is left.
* **Statements** — the statement of account of every customer: balance split into not
  yet due, overdue, disputed and on account, then every open item with a running balance.
* **AgeingHistory** — a snapshot dated by the as-of date (buckets by due date) appended on
  every refresh; when a date is refreshed again, its last snapshot is the one that counts.
"""

from __future__ import annotations

import pandas as pd

from debtdesk.collections.statements import statement_lines, statement_summary
from debtdesk.macros.book import Chart, TableSpec, warming
from debtdesk.macros.collections import (WATCHED, CollectionsRun, below, below_notes, collections_run, column_cells,
                                         notes_block)
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.registry import macro

AGEING = "Ageing"
DETAIL = "Ageing detail"
STATEMENTS = "Statements"
HISTORY = "AgeingHistory"
HISTORY_COLUMNS = ("As of", "Currency", "Bucket", "Balance")
#: Customers the ageing chart shows (the largest balances).
TOP_CUSTOMERS = 15


@macro("refresh_ageing")
def refresh_ageing(book, run: CollectionsRun | None = None) -> pd.DataFrame:
    """Write the Ageing, Ageing detail and Statements sheets and append a history snapshot."""
    state = (run or collections_run(book)).state
    report = state.ageing("report")
    basis = "due date" if state.basis == "due" else "invoice date"
    oldest = state.labels[-1]
    anchor = "A1"
    book.clear_sheet(AGEING)
    ref = None
    for currency in state.currencies:
        mine = report[report["Currency"] == currency].drop(columns="Currency") if "Currency" in report else report
        mine = mine.sort_values("Total", ascending=False, kind="stable")  # largest balance first
        money = [c for c in mine.columns if c != "Customer"]
        name = AGEING if len(state.currencies) == 1 else f"Ageing_{currency}"
        ref = book.write_table(AGEING, mine, TableSpec(
            name, anchor=anchor, replace_sheet=False, formats={c: "money" for c in money},
            totals={c: "sum" for c in money},
            title=f"Ageing as of {book.region().dated(state.as_of)} by {basis}" + (f" ({currency})" if currency else "")))
        if len(mine):
            cells, _ = column_cells(ref, mine.columns, oldest)
            book.highlight(AGEING, cells, f"{cells.split(':')[0]}>0", "warning")
        anchor = below(ref, gap=3)
    notes = _unallocated_notes(state) + list(state.notes)
    notes_block(book, AGEING, ref, notes)
    first = state.currencies[0]
    customers = int((report["Currency"] == first).sum()) if "Currency" in report else len(report)
    top = min(customers, TOP_CUSTOMERS)
    book.add_chart(AGEING, Chart(
        "bar", f"Outstanding by customer{f' (largest {top})' if customers > top else ''}"
        + (f" ({first})" if len(state.currencies) > 1 and first else ""),
        table=AGEING if len(state.currencies) == 1 else f"Ageing_{first}", x="Customer", series=tuple(state.labels),
        anchor=below_notes(ref, notes), stacked=True,  # beside the table, the sheet printed at about half size
        colours=warming(len(state.labels)), y_format="money", y_title="Amount outstanding by age", rows=top,
        height=max(8.0, 3.0 + 0.6 * top)))
    _detail(book, state)
    _statements(book, state)
    _snapshot(book, state)
    for sheet in (AGEING, DETAIL, STATEMENTS):
        finish(book, sheet, WATCHED)
    totals = report.groupby("Currency")["Total"].sum().to_dict() if "Currency" in report \
        else {state.currencies[0]: report["Total"].sum()}
    total = ", ".join(f"{currency + ' ' if currency else ''}{value:,.2f}" for currency, value in totals.items())
    journal(book, "Refresh ageing", [], f"{len(report)} accounts, total {total} as of {state.as_of} by {basis}")
    return report


def _unallocated_notes(state) -> list[str]:
    """How the Unallocated column's money is used: set against invoices, or still on account."""
    credits = state.items[state.items["Cents"] < 0]
    if not len(credits):
        return []
    out = []
    for currency in state.currencies:
        mine = credits[credits["Currency"] == currency]
        if not len(mine):
            continue
        total, left = mine["Cents"].sum() / 100, mine["Net cents"].sum() / 100
        used = total - left
        label = f"{currency} " if currency else ""
        out.append(f"Unallocated {label}{total:,.2f}: credit notes and payments on account. {-used:,.2f} of it is set "
                   f"against the same customers' oldest undisputed invoices (so dunning, the worklist and statements "
                   f"chase only what is left); {left:,.2f} remains on account.")
    return out


def _detail(book, state) -> None:
    items = state.items
    columns = {"Customer": items["Customer"]}
    if len(state.currencies) > 1:
        columns["Currency"] = items["Currency"]
    columns.update({"Invoice": items["Invoice"], "Invoice Date": items["Invoice Date"], "Due Date": items["Due Date"],
                    "Days overdue": items["Days"].clip(lower=0)})
    if state.basis == "invoice":
        columns["Days since invoice"] = items["Age"]
    columns.update({"Bucket": items["Bucket"], "Outstanding": items["Outstanding"], "On account applied": -items["Applied"]
                    .where(items["Cents"] > 0, 0.0), "Net": items["Net"], "Held": items["Held"]})
    detail = pd.DataFrame(columns).reset_index(drop=True)
    ref = book.write_table(DETAIL, detail, TableSpec(
        "AgeingDetail", title=f"Open items as of {book.region().dated(state.as_of)} (days overdue from the due date)",
        formats={"Invoice Date": "date", "Due Date": "date", "Outstanding": "money", "On account applied": "money",
                 "Net": "money", "Days overdue": "integer", "Days since invoice": "integer"},
        totals={"Outstanding": "sum", "On account applied": "sum", "Net": "sum"}))
    if len(detail):
        _, bucket = column_cells(ref, detail.columns, "Bucket")
        top = int(ref.split(":")[0].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) + 1
        last_col = ref.split(":")[1].rstrip("0123456789")
        book.highlight(DETAIL, f"A{top}:{last_col}{top + len(detail) - 1}", f'${bucket}{top}="{state.labels[-1]}"',
                       "warning")


def _statements(book, state) -> None:
    summary = statement_summary(state)
    money = ["Balance", "Not yet due", "Overdue", "Disputed", "On account"]
    ref = book.write_table(STATEMENTS, summary, TableSpec(
        "StatementSummary", formats={c: "money" for c in money}, totals={c: "sum" for c in money},
        title=f"Statements of account as of {book.region().dated(state.as_of)}"))
    lines = statement_lines(state)
    book.write_table(STATEMENTS, lines, TableSpec(
        "StatementLines", anchor=below(ref, gap=3), replace_sheet=False,
        title="Open items by customer, oldest first, with the running balance",
        formats={"Date": "date", "Due Date": "date", "Amount": "money", "Outstanding": "money", "Balance": "money",
                 "Days overdue": "integer"}))


def _snapshot(book, state) -> None:
    """Append this refresh's ageing by due date to the AgeingHistory table."""
    rows = []
    for currency in state.currencies:
        totals = state.bucket_totals(currency, "due")
        for bucket, balance in list(totals.items()) + [("Total", round(sum(totals.values()), 2))]:
            rows.append({"As of": state.as_of, "Currency": currency, "Bucket": bucket, "Balance": balance})
    if book.has_table(HISTORY):
        book.append_rows(HISTORY, rows)
    else:  # the first snapshot makes the table, with its formats; later ones extend it
        book.write_table(HISTORY, pd.DataFrame(rows, columns=list(HISTORY_COLUMNS)),
                         TableSpec(HISTORY, formats={"As of": "date", "Balance": "money"}))
    finish(book, HISTORY, note=None)
