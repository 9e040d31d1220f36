"""Ribbon "Refresh ageing": the ledger aged into buckets as of the Settings date.

Writes the Ageing sheet (one row per customer, native totals, the oldest bucket filled
red where it holds money, a chart) and the Ageing detail sheet (every open item with its
days past due and bucket, oldest-bucket rows filled red).
"""

from __future__ import annotations

import re

import pandas as pd

from debtdesk.collections.ageing import ageing, ageing_detail, bucket_labels
from debtdesk.dates import to_date
from debtdesk.errors import DebtDeskError
from debtdesk.macros.book import Chart, TableSpec, warming
from debtdesk.macros.collections import column_cells
from debtdesk.macros.inputs import read_settings, setting
from debtdesk.macros.journal import journal
from debtdesk.macros.publish import finish
from debtdesk.macros.registry import macro

SETTINGS = "Settings"
LEDGER = "Ledger"
AGEING = "Ageing"
DETAIL = "Ageing detail"
#: Customers the ageing chart shows (the largest balances).
TOP_CUSTOMERS = 15


def ageing_settings(book) -> tuple:
    """(as_of, edges, basis) from the Settings table; the as-of date is always explicit.

    >>> class Book:
    ...     def read_table(self, name):
    ...         return pd.DataFrame({"Input": ["As of", "Bucket edges"], "Value": ["2026-11-01", "30, 60, 90"]})
    >>> ageing_settings(Book())
    (datetime.date(2026, 11, 1), (30, 60, 90), 'due')
    """
    settings = read_settings(book, SETTINGS)
    as_of = to_date(setting(settings, SETTINGS, "As of", "As-of date"), SETTINGS)
    raw = setting(settings, SETTINGS, "Bucket edges", "Edges", default="30, 60, 90")
    try:
        edges = tuple(int(float(e)) for e in re.split(r"[,;\s]+", str(raw).strip()) if e)
    except ValueError:
        raise DebtDeskError(SETTINGS, f"Bucket edges {raw!r} must be whole days separated by commas, e.g. 30, 60, 90") from None
    basis = str(setting(settings, SETTINGS, "Ageing basis", "Basis", default="due")).strip().lower()
    return as_of, edges, basis


@macro("refresh_ageing")
def refresh_ageing(book) -> pd.DataFrame:
    """Write the Ageing sheet: one row per customer, a bucket column each, native totals."""
    as_of, edges, basis = ageing_settings(book)
    report = ageing(book.read_table(LEDGER), as_of, edges=edges, basis=basis)
    money = [c for c in report.columns if c != "Customer"]
    oldest = bucket_labels(edges)[-1]
    shown = report.sort_values("Total", ascending=False, kind="stable")  # largest balance first
    ref = book.write_table(AGEING, shown, TableSpec(
        AGEING, title=f"Ageing as of {as_of:%d %b %Y} (by {basis} date)",
        formats={c: "money" for c in money}, totals={c: "sum" for c in money}))
    if len(report):
        cells, _ = column_cells(ref, report.columns, oldest)
        book.highlight(AGEING, cells, f"{cells.split(':')[0]}>0", "warning")
    detail = ageing_detail(book.read_table(LEDGER), as_of, edges=edges, basis=basis)
    ref = book.write_table(DETAIL, detail, TableSpec(
        "AgeingDetail", title=f"Open items as of {as_of:%d %b %Y}",
        formats={"Invoice Date": "date", "Due Date": "date", "Outstanding": "money", "Days": "integer"},
        totals={"Outstanding": "sum"}))
    if len(detail):
        _, bucket = column_cells(ref, detail.columns, "Bucket")
        first = int(ref.split(":")[0].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) + 1
        last_col = ref.split(":")[1].rstrip("0123456789")
        book.highlight(DETAIL, f"A{first}:{last_col}{first + len(detail) - 1}", f'${bucket}{first}="{oldest}"', "warning")
    buckets = tuple(c for c in money if c not in ("Total", "Unallocated"))
    top = min(len(report), TOP_CUSTOMERS)
    book.add_chart(AGEING, Chart(
        "bar", f"Outstanding by customer{f' (largest {top})' if len(report) > top else ''}", table=AGEING,
        x="Customer", series=buckets, anchor=f"{_column_after(len(report.columns))}3", stacked=True,
        colours=warming(len(buckets)), y_format="money", y_title="Amount outstanding by age", rows=top,
        height=max(8.0, 3.0 + 0.6 * top)))
    finish(book, AGEING, ("Settings", "Ledger"))
    finish(book, DETAIL, ("Settings", "Ledger"))
    journal(book, "Refresh ageing", [], f"{len(report)} customers, total {report['Total'].sum():,.2f} as of {as_of}")
    return report


def _column_after(width: int) -> str:
    """Column letter two columns right of a table ``width`` wide starting at A.

    >>> _column_after(7)
    'I'
    """
    from openpyxl.utils import get_column_letter
    return get_column_letter(width + 2)
